import Foundation
import XCTest
@testable import ACSSCommandLine
import TestSupport

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

/// Each command and action takes exactly its own options; a misspelt one gets the nearest.
final class OptionParsingTests: XCTestCase {
    /// `acss --version` prints the version that CITATION.cff declares (one version, two places
    /// that must agree).
    func testVersionMatchesTheCitationFile() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["--version"]), 0)
        let citation = try String(contentsOf: Repository.root.appendingPathComponent("CITATION.cff"), encoding: .utf8)
        let declared = citation.split(separator: "\n").first { $0.hasPrefix("version:") }!.dropFirst("version:".count)
            .trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(c.stdout, "acss \(declared)\n")
        XCTAssertTrue(citation.contains("license: Apache-2.0"))
        XCTAssertTrue(try String(contentsOf: Repository.root.appendingPathComponent("LICENSE"), encoding: .utf8).contains("Apache License"))
    }

    func testUnknownOptionSuggestsTheNearestOfTheCommandsOwn() {
        let cases: [([String], String)] = [
            (["score", "--alphabit", "2", "0101"], "unknown option '--alphabit' (did you mean '--alphabet'?) (see acss score --help)"),
            (["table", "info", "x.tsv", "--jsn"], "unknown option '--jsn' (did you mean '--json'?) (see acss table info --help)"),
            (["campaign", "run", "--dir", "c", "--max-shard", "2"], "(did you mean '--max-shards'?) (see acss campaign run --help)"),
            // Nothing near enough: no guess.
            (["build", "--bogus"], "unknown option '--bogus' (see acss build --help)"),
        ]
        for (arguments, message) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 2, "\(arguments)")
            XCTAssertTrue(c.stderr.contains(message), "\(arguments): \(c.stderr)")
        }
    }

    func testAnActionRefusesTheOptionsOfAnother() {
        // --index belongs to campaign shard, --svg to table compare, --samples to bench sample.
        for arguments in [["campaign", "run", "--dir", "c", "--index", "1"], ["table", "info", "x.tsv", "--svg", "x.svg"],
                          ["bench", "enumerate", "--samples", "10"]] {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 2, "\(arguments)")
            XCTAssertTrue(c.stderr.contains("unknown option '\(arguments.first { $0.hasPrefix("--") && $0 != "--dir" }!)'"),
                          "\(arguments): \(c.stderr)")
        }
    }

    func testEditDistance() {
        XCTAssertEqual(ParsedArguments.editDistance(Array("alphabit"), Array("alphabet")), 1)
        XCTAssertEqual(ParsedArguments.editDistance(Array(""), Array("json")), 4)
        XCTAssertEqual(ParsedArguments.editDistance(Array("kitten"), Array("sitting")), 3)
        XCTAssertNil(ParsedArguments.closest(to: "--zzzzzz", among: ["--json", "--top"]))
    }
}
