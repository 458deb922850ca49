// swift-tools-version:6.0
import PackageDescription

// Data flows one way: TuringMachines -> Enumeration -> FrequencyTables (coding theorem)
// -> Scoring -> StudyAnalysis; ACSSCommandLine is a thin layer over all of them.
let package = Package(
    name: "acss-swift",
    products: [
        .executable(name: "acss", targets: ["acss"]),
        .library(name: "TuringMachines", targets: ["TuringMachines"]),
        .library(name: "Enumeration", targets: ["Enumeration"]),
        .library(name: "FrequencyTables", targets: ["FrequencyTables"]),
    ],
    targets: [
        .target(name: "TuringMachines"),
        .target(name: "Enumeration", dependencies: ["TuringMachines"]),
        .target(name: "FrequencyTables", dependencies: ["TuringMachines"]),
        .target(
            name: "ACSSCommandLine",
            dependencies: ["TuringMachines", "Enumeration", "FrequencyTables"]),
        .executableTarget(name: "acss", dependencies: ["ACSSCommandLine"]),
        .testTarget(name: "TuringMachinesTests", dependencies: ["TuringMachines"]),
        .testTarget(name: "EnumerationTests", dependencies: ["Enumeration", "TuringMachines"]),
        .testTarget(
            name: "FrequencyTablesTests",
            dependencies: ["FrequencyTables", "Enumeration", "TuringMachines"],
            resources: []),
        .testTarget(name: "CommandLineTests", dependencies: ["ACSSCommandLine", "FrequencyTables"]),
    ]
)
