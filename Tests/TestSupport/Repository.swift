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
