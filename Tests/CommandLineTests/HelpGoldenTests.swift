import Foundation
import XCTest
@testable import ACSSCommandLine

/// Every `--help` (the top level, each command, each action of a group) is pinned by a file
/// under Tests/Golden/help, compared byte for byte. After a deliberate change, rewrite them with
/// `ACSS_UPDATE_GOLDEN=1 swift test --filter HelpGoldenTests` and review the diff.
final class HelpGoldenTests: XCTestCase {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden/help")

    /// The file name and the arguments of each help.
    static var cases: [(String, [String])] {
        var cases: [(String, [String])] = [("acss", ["--help"])]
        for command in ACSSCommand.commands {
            cases.append((command.name, [command.name, "--help"]))
            if let group = command as? any CommandGroup.Type {
                for action in group.actions {
                    cases.append(("\(command.name)-\(action.name)", [command.name, action.name, "--help"]))
                }
            }
        }
        return cases
    }

    func testEveryHelpMatchesItsGoldenFile() throws {
        let update = ProcessInfo.processInfo.environment["ACSS_UPDATE_GOLDEN"] == "1"
        if update { try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true) }
        for (name, arguments) in Self.cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 0, "acss \(arguments.joined(separator: " ")): \(c.stderr)")
            XCTAssertEqual(c.stderr, "", name)
            let file = Self.folder.appendingPathComponent("\(name).txt")
            if update {
                try Data(c.stdout.utf8).write(to: file)
                continue
            }
            let golden = try String(contentsOf: file, encoding: .utf8)
            XCTAssertEqual(c.stdout, golden, "acss \(arguments.joined(separator: " ")) differs from Tests/Golden/help/\(name).txt")
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") }
        XCTAssertEqual(Set(files), Set(Self.cases.map { "\($0.0).txt" }), "a golden help file without its command, or the reverse")
    }
}
