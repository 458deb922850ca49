import Foundation
import Synchronization
import XCTest
@testable import ACSSCommandLine
import FrequencyTables

final class BuildAndTableCommandTests: XCTestCase {
    func scratchFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("acss-\(UUID())-\(name)").path
    }

    func testBuildWritesAValidTableAndASummary() throws {
        let path = scratchFile("D3.tsv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = CommandCapture()
        XCTAssertEqual(c.run(["build", "--states", "3", "--steps", "21", "--threads", "2", "--out", path, "--json"]), 0, c.stderr)
        let table = try TableFile.read(path: path)
        XCTAssertEqual(table.halting, 2_147_184)
        XCTAssertEqual(table.distinct, 95)
        let summary = try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(summary?["halting"] as? String ?? (summary?["halting"]).map { "\($0)" }, "2147184")
        XCTAssertEqual(summary?["weight_check"] as? String, "ok")
    }

    /// `acss merge --out` never writes over one of its inputs (same path or the same file by
    /// another name), and the input is left as it was.
    func testMergeRefusesToOverwriteAnInput() throws {
        let a = scratchFile("D2.1.tsv"), b = scratchFile("D2.2.tsv")
        defer { for p in [a, b] { try? FileManager.default.removeItem(atPath: p) } }
        for (i, p) in [a, b].enumerated() {
            XCTAssertEqual(CommandCapture().run(["build", "--states", "2", "--steps", "6", "--shard", "\(i + 1)/2", "--out", p]), 0)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: a))
        let dotted = (a as NSString).deletingLastPathComponent + "/./" + (a as NSString).lastPathComponent
        for out in [a, dotted] {
            let c = CommandCapture()
            XCTAssertEqual(c.run(["merge", a, b, "--out", out]), 2, c.stderr)
            XCTAssertTrue(c.stderr.contains("is one of the tables to merge"), c.stderr)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: a)), before)
    }

    func testThreadCountDoesNotChangeTheFile() throws {
        let a = scratchFile("a.tsv"), b = scratchFile("b.tsv")
        defer { for p in [a, b] { try? FileManager.default.removeItem(atPath: p) } }
        XCTAssertEqual(CommandCapture().run(["build", "--states", "3", "--steps", "30", "--threads", "1", "--out", a, "--quiet"]), 0)
        XCTAssertEqual(CommandCapture().run(["build", "--states", "3", "--steps", "30", "--threads", "2", "--out", b, "--quiet"]), 0)
        func stable(_ p: String) throws -> [Substring] {
            try String(contentsOfFile: p, encoding: .utf8).split(separator: "\n")
                .filter { !$0.hasPrefix("# cpu_seconds") && !$0.hasPrefix("# wall_seconds") }
        }
        XCTAssertEqual(try stable(a), try stable(b))
    }

    func testBadArgumentsNameTheValue() {
        let out = scratchFile("x.tsv")
        let cases: [([String], String)] = [
            (["build", "--states", "0", "--steps", "10", "--out", out], "0"),
            (["build", "--states", "2", "--steps", "-5", "--out", out], "-5"),
            (["build", "--states", "2", "--steps", "999999999999", "--out", out], "999999999999"),
            (["build", "--states", "two", "--steps", "10", "--out", out], "two"),
            (["build", "--states", "2", "--steps", "10", "--out", "/nonexistent-dir/x.tsv"], "/nonexistent-dir/x.tsv"),
            (["build", "--states", "2", "--steps", "10"], "--out"),
            (["build", "--steps", "10", "--out", out], "--states"),
            (["build", "--states", "2", "--out", out], "--steps"),
            (["build", "--states", "4", "--symbols", "9", "--steps", "10", "--out", out], "(4,9)"),
            (["build", "--states", "6", "--steps", "10000000", "--threads", "1024", "--out", out], "GB"),
            (["build", "--bogus"], "--bogus"),
            (["frobnicate"], "frobnicate"),
        ]
        for (arguments, named) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 2, "\(arguments)")
            XCTAssertTrue(c.stderr.contains(named), "\(arguments): \(c.stderr)")
            XCTAssertEqual(c.stdout, "", "\(arguments)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }

    func testHelpForEveryCommand() {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["--help"]), 0)
        for name in ACSSCommand.commands.map({ $0.name }) {
            let h = CommandCapture()
            XCTAssertEqual(h.run([name, "--help"]), 0, name)
            XCTAssertTrue(h.stdout.contains("Usage"), "\(name) --help: \(h.stdout)")
            XCTAssertTrue(c.stdout.contains(name), "top-level help lists \(name)")
        }
    }

    func testTableInfoShowsFiguresAndTopStrings() throws {
        let path = scratchFile("D2.tsv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(CommandCapture().run(["build", "--states", "2", "--steps", "6", "--out", path, "--quiet"]), 0)
        let c = CommandCapture()
        XCTAssertEqual(c.run(["table", "info", path, "--top", "3"]), 0, c.stderr)
        XCTAssertTrue(c.stdout.contains("3044"))
        XCTAssertTrue(c.stdout.contains("distinct"))
        let json = CommandCapture()
        XCTAssertEqual(json.run(["table", "info", path, "--json", "--top", "2"]), 0)
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        XCTAssertEqual((object?["top"] as? [Any])?.count, 2)
    }

    func testTableInfoRejectsACorruptedFile() throws {
        let path = scratchFile("D2.tsv")
        defer { try? FileManager.default.removeItem(atPath: path) }
        XCTAssertEqual(CommandCapture().run(["build", "--states", "2", "--steps", "6", "--out", path, "--quiet"]), 0)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text.removeLast(8)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let c = CommandCapture()
        XCTAssertEqual(c.run(["table", "info", path]), 2)
        XCTAssertTrue(c.stderr.contains(path), c.stderr)
        XCTAssertEqual(c.stdout, "")
    }

    func testTableTrimAndCompareOfExhaustiveTables() throws {
        let d3 = scratchFile("D3.tsv"), d4 = scratchFile("D4.tsv"), trimmed = scratchFile("D4-8.tsv"), svg = scratchFile("c.svg")
        defer { for p in [d3, d4, trimmed, svg] { try? FileManager.default.removeItem(atPath: p) } }
        XCTAssertEqual(CommandCapture().run(["build", "--states", "3", "--steps", "21", "--out", d3, "--quiet"]), 0)
        XCTAssertEqual(CommandCapture().run(["build", "--states", "4", "--steps", "107", "--out", d4, "--quiet"]), 0)

        let trim = CommandCapture()
        XCTAssertEqual(trim.run(["table", "trim", d4, "--max-length", "8", "--out", trimmed]), 0, trim.stderr)
        let full = try TableFile.read(path: d4), cut = try TableFile.read(path: trimmed)
        XCTAssertEqual(cut, try full.trimmed(maxLength: 8))
        XCTAssertTrue(trim.stdout.contains("\(cut.listedCount) of \(full.distinct)"), trim.stdout)
        let info = CommandCapture()
        XCTAssertEqual(info.run(["table", "info", trimmed]), 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("listed_max_length      8"), info.stdout)

        let compare = CommandCapture()
        XCTAssertEqual(compare.run(["table", "compare", d3, d4, "--top", "3", "--svg", svg]), 0, compare.stderr)
        XCTAssertTrue(compare.stdout.contains("Spearman rho"), compare.stdout)
        XCTAssertTrue(compare.stdout.contains("movers"), compare.stdout)
        let figure = try String(contentsOfFile: svg, encoding: .utf8)
        XCTAssertTrue(figure.hasPrefix("<?xml") && figure.contains("<circle") && figure.hasSuffix("</svg>\n"))

        let json = CommandCapture()
        XCTAssertEqual(json.run(["table", "compare", d3, d4, "--json", "--top", "2"]), 0, json.stderr)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let expected = try TableComparison(first: try TableFile.read(path: d3), second: full)
        XCTAssertEqual(object["common"] as? Int, expected.common.count)
        // Independently: the strings with a K in both, a string or its complement being listed.
        let d3Table = try TableFile.read(path: d3)
        let covered3 = Set(d3Table.strings + d3Table.strings.map { $0.map { 1 - $0 } })
        let covered4 = Set(full.strings + full.strings.map { $0.map { 1 - $0 } })
        XCTAssertEqual(object["common"] as? Int, covered3.intersection(covered4).count)
        XCTAssertEqual(try XCTUnwrap(object["spearman"] as? Double), try XCTUnwrap(expected.spearman), accuracy: 1e-12)
        XCTAssertEqual((object["movers_up"] as? [Any])?.count, expected.movers(2).up.count)
        XCTAssertEqual((object["lengths"] as? [Any])?.count, expected.byLength.count)
    }

    func testTableTrimAndCompareNameWhatIsWrong() throws {
        let d2 = scratchFile("D2.tsv"), out = scratchFile("out.tsv")
        defer { for p in [d2, out] { try? FileManager.default.removeItem(atPath: p) } }
        XCTAssertEqual(CommandCapture().run(["build", "--states", "2", "--steps", "6", "--out", d2, "--quiet"]), 0)
        let cases: [([String], String)] = [
            (["table", "trim", d2, "--out", out], "--max-length"),
            (["table", "trim", d2, "--max-length", "0", "--out", out], "'0'"),
            (["table", "trim", d2, "--max-length", "3", "--svg", "x.svg", "--out", out], "--svg"),
            (["table", "compare", d2, d2, "--out", out], "--out"),
            (["table", "trim", d2, "--max-length", "3", "--min-hits", "5", "--out", out], "--min-hits"),
            (["table", "trim", d2, "--max-length", "3"], "--out"),
            (["table", "compare", d2], "exhaustive"),
            (["table", "compare", d2, "/nonexistent/x.tsv"], "/nonexistent/x.tsv"),
            (["table", "compare", d2, d2, "--svg", "/nonexistent-dir/c.svg"], "/nonexistent-dir/c.svg"),
            (["table", "compare", d2, d2, d2], "two"),
        ]
        for (arguments, named) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 2, "\(arguments)")
            XCTAssertTrue(c.stderr.contains(named), "\(arguments): \(c.stderr)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))
    }
}
