import Foundation

/// Where the tests find the repository's files: found from this file's path (Tests/TestSupport/
/// is two levels below the root), so that tests run from any working directory.
public enum Repository {
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped tables, data/ (they ship with the repository: a missing one is a failure,
    /// not a reason to skip).
    public static let data = root.appendingPathComponent("data")

    /// The path of a shipped table, e.g. `table("D5-T500.tsv")`.
    public static func table(_ name: String) -> String { data.appendingPathComponent(name).path }
}

/// Independent checks with the system's tools.
public enum SystemTools {
    /// The SHA-256 of a file in hex, as coreutils' `sha256sum` computes it; nil when the tool
    /// is not installed.
    public static func sha256sum(ofFileAt path: String) throws -> String? {
        let tool = "/usr/bin/sha256sum"
        guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return String(output.prefix(64))
    }
}
