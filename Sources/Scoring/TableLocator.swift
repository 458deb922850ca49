import Foundation

/// Finds the data directory holding the tables.
///
/// Search order: an explicit directory (`--tables DIR`), then `$ACSS_DATA`, then `./data`,
/// then `data/` in every directory above the executable, then above the current directory.
/// An explicit directory or `$ACSS_DATA` that lacks the tables is an error, not a reason to
/// look elsewhere: a user who names a place means it. The marker of a data directory is
/// `D5-T500.tsv`, the binary table every installation has.
public struct TableLocator: Sendable {
    public var explicitDirectory: String?
    public var environment: [String: String]
    public var currentDirectory: String
    public var executablePath: String?

    public init(explicitDirectory: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                currentDirectory: String = FileManager.default.currentDirectoryPath,
                executablePath: String? = TableLocator.runningExecutable()) {
        self.explicitDirectory = explicitDirectory
        self.environment = environment
        self.currentDirectory = currentDirectory
        self.executablePath = executablePath
    }

    public func locate() throws(ScoringError) -> String {
        let marker = TableCatalog.markerFile
        func holdsTables(_ directory: String) -> Bool {
            FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(marker))
        }
        if let explicitDirectory {
            guard holdsTables(explicitDirectory) else {
                throw .tableMissing(path: (explicitDirectory as NSString).appendingPathComponent(marker),
                                    table: "D5-T500 (from --tables)")
            }
            return explicitDirectory
        }
        if let fromEnvironment = environment["ACSS_DATA"], !fromEnvironment.isEmpty {
            guard holdsTables(fromEnvironment) else {
                throw .tableMissing(path: (fromEnvironment as NSString).appendingPathComponent(marker),
                                    table: "D5-T500 (from ACSS_DATA)")
            }
            return fromEnvironment
        }
        var searched: [String] = []
        var candidates: [String] = [(currentDirectory as NSString).appendingPathComponent("data")]
        if let executablePath {
            candidates += TableLocator.dataDirectories(above: (executablePath as NSString).deletingLastPathComponent)
        }
        candidates += TableLocator.dataDirectories(above: currentDirectory)
        for candidate in candidates where !searched.contains(candidate) {
            searched.append(candidate)
            if holdsTables(candidate) { return candidate }
        }
        throw .tablesNotFound(searched: ["--tables (not given)", "$ACSS_DATA (not set)"] + searched)
    }

    static func dataDirectories(above directory: String) -> [String] {
        var result: [String] = []
        var current = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            result.append(current.appendingPathComponent("data").path)
            let parent = current.deletingLastPathComponent()
            if parent.path == current.path { break }
            current = parent
        }
        return result
    }

    /// The path of the running executable (symlinks resolved), if the system says.
    public static func runningExecutable() -> String? {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return resolved
        }
        return Bundle.main.executablePath
    }
}
