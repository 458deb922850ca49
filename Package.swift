// swift-tools-version:6.0
import PackageDescription

// Data flows one way, and the dependencies say the same:
//   TuringMachines (the formalism) -> Enumeration (exhaustive tree, sampling: results with
//   exact counts) -> FrequencyTables (tables built from those results, their files, the
//   coding theorem D and K) -> Scoring -> StudyAnalysis.
// TextInput is the one reader of text (strict UTF-8, line ends, delimited records, decimal
// numbers) that every input goes through: sequences, study files, registries, campaign files.
// Campaigns runs sharded enumerations into tables (locally or as cluster jobs); Plotting draws
// the SVG figures (study reports, table comparisons) and JSONOutput writes every JSON document
// (study reports, the CLI's --json and --format json); ResultColumns declares the scoring
// results' columns once for the CLI and for Service (`acss serve`: HTTP/1.1 on POSIX sockets
// and the web calculator, over Scoring); Statistics holds the correlation
// coefficients that FrequencyTables (table comparison) and StudyAnalysis both use. Plotting,
// JSONOutput, Statistics and TextInput depend on nothing; ACSSCommandLine is a thin layer over all of them.
//
// Compile flags (`swift test -Xswiftc -DFLAG`; .ci/run sets both in its release-mode run):
//   ACSS_LONG_TESTS      the long tests (naive comparisons, every shipped table, simulated
//                        studies); the default `swift test` leaves them out to stay under a minute.
//   ACSS_INTERNAL_CHECKS the walkers' invariants (blank tapes and tables between calls),
//                        checked after every subtree and stratum.
let package = Package(
    name: "acss-swift",
    products: [
        .executable(name: "acss", targets: ["acss"]),
        .library(name: "TuringMachines", targets: ["TuringMachines"]),
        .library(name: "Enumeration", targets: ["Enumeration"]),
        .library(name: "FrequencyTables", targets: ["FrequencyTables"]),
        .library(name: "Scoring", targets: ["Scoring"]),
        .library(name: "StudyAnalysis", targets: ["StudyAnalysis"]),
    ],
    targets: [
        .target(name: "TuringMachines"),
        .target(name: "Enumeration", dependencies: ["TuringMachines"], swiftSettings: optimizedInDebug),
        .target(name: "Statistics"),
        .target(name: "FrequencyTables", dependencies: ["Enumeration", "TuringMachines", "Statistics", "TextInput"],
                swiftSettings: optimizedInDebug),
        .target(name: "TextInput", swiftSettings: optimizedInDebug),
        .target(name: "Campaigns", dependencies: ["Enumeration", "FrequencyTables", "TuringMachines", "TextInput"]),
        .target(name: "Scoring", dependencies: ["FrequencyTables"], swiftSettings: optimizedInDebug),
        .target(name: "Plotting"),
        .target(name: "JSONOutput"),
        // The columns of the scoring results (score, local, bdm, reference), declared once for
        // the command line's tables and the HTTP service's JSON.
        .target(name: "ResultColumns", dependencies: ["Scoring", "Enumeration", "JSONOutput"]),
        // `acss serve`: an HTTP/1.1 server on POSIX sockets over the scoring library, and the
        // web calculator page it serves.
        .target(name: "Service", dependencies: ["Scoring", "FrequencyTables", "ResultColumns", "JSONOutput", "TuringMachines", "Enumeration"]),
        .target(name: "StudyAnalysis", dependencies: ["Scoring", "Enumeration", "Plotting", "Statistics", "JSONOutput", "TextInput"]),
        .target(
            name: "ACSSCommandLine",
            dependencies: ["TuringMachines", "Enumeration", "FrequencyTables", "Campaigns", "Scoring", "StudyAnalysis",
                           "Plotting", "JSONOutput", "TextInput", "ResultColumns", "Service"],
            exclude: ["README.md"]),
        .executableTarget(name: "acss", dependencies: ["ACSSCommandLine"]),
        // What the test targets share (where the repository's files are), instead of copies.
        .target(name: "TestSupport", dependencies: ["FrequencyTables"], path: "Tests/TestSupport"),
        .testTarget(name: "TuringMachinesTests", dependencies: ["TuringMachines"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"]),
        .testTarget(name: "EnumerationTests", dependencies: ["Enumeration", "TuringMachines"]),
        .testTarget(name: "FrequencyTablesTests", dependencies: ["FrequencyTables", "Enumeration", "TuringMachines", "TestSupport"]),
        .testTarget(name: "CampaignsTests", dependencies: ["Campaigns", "TextInput", "Enumeration", "FrequencyTables", "TuringMachines"]),
        .testTarget(name: "ScoringTests", dependencies: ["Enumeration", "Scoring", "FrequencyTables", "TestSupport"]),
        .testTarget(name: "StudyAnalysisTests", dependencies: ["StudyAnalysis", "Scoring", "TextInput", "TestSupport"]),
        .testTarget(name: "JSONOutputTests", dependencies: ["JSONOutput"]),
        .testTarget(name: "ServiceTests", dependencies: ["Enumeration", "Service", "ACSSCommandLine", "Scoring", "JSONOutput", "TestSupport"]),
        .testTarget(name: "TextInputTests", dependencies: ["TextInput"]),
        .testTarget(name: "CommandLineTests", dependencies: ["Enumeration", "ACSSCommandLine", "FrequencyTables", "Scoring", "StudyAnalysis", "TestSupport"]),
    ]
)

/// The modules that read the shipped tables (tens of MB of text for the sampled ones) and run
/// the samplers are optimized in debug builds too: unoptimized, loading the four (4,m) tables
/// takes about a minute, which the default `swift test` could not afford. `-O` after SwiftPM's
/// own `-Onone` wins; `-enable-testing` (for `@testable import`) still applies.
var optimizedInDebug: [SwiftSetting] { [.unsafeFlags(["-O"], .when(configuration: .debug))] }
