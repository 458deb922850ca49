import Foundation
import TestSupport
import XCTest

/// `acss perturb` and the AID columns of `acss bdm`: pybdm 0.1.0's fixtures through the
/// command line, the JSON keys other tools read, and errors that name the bad value.
final class PerturbCommandTests: XCTestCase {
    let tables = ["--tables", Repository.data.path]

    func csvRows(_ output: String) -> [[String: String]] {
        let lines = output.split(separator: "\n").map(String.init)
        let names = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(names, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    /// pybdm's PerturbationExperiment on ones(30): index 10 -> 26.91763012739709, 20 -> 27.34823681.
    func testOnesThirtyAsPybdm() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["perturb"] + tables + ["--alphabet", "2", "--flavour", "standard", "--operations", "substitute",
                                                     "--format", "csv", "--quiet", String(repeating: "1", count: 30)]), 0, c.stderr)
        let rows = csvRows(c.stdout)
        XCTAssertEqual(rows.count, 30)
        XCTAssertEqual(rows[10]["index"], "10")
        XCTAssertEqual(Double(rows[10]["delta"]!)!, 26.91763012739709, accuracy: 1e-9)
        XCTAssertEqual(Double(rows[20]["delta"]!)!, 27.34823681, accuracy: 1e-8)
        XCTAssertEqual(rows[10]["sign"], "negative")
        XCTAssertEqual(rows[10]["from"], "1")
        XCTAssertEqual(rows[10]["to"], "0")
        XCTAssertEqual(rows[27]["sign"], "neutral")
        XCTAssertEqual(c.stderr, "")
    }

    /// --top keeps the best-ranked elements in rank order; the summary names the input.
    func testTopAndSummary() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["perturb"] + tables + ["--alphabet", "2", "--flavour", "standard", "--operations", "substitute",
                                                     "--top", "2", "--format", "csv", String(repeating: "1", count: 30)]), 0, c.stderr)
        let rows = csvRows(c.stdout)
        // Every flip inside a block adds information (negative); the 6 ignored ones tie at rank 1.
        XCTAssertEqual(rows.count, 6)
        XCTAssertTrue(rows.allSatisfy { $0["inforank"] == "1" && $0["sign"] == "neutral" })
        XCTAssertTrue(c.stderr.contains("substitute: 30 elements, 0 positive, 24 negative, 6 neutral"), c.stderr)
    }

    /// Four symbols: each position set to each of the three others, in symbol order, every
    /// row's delta that of its own substitution (the element order rows are built in).
    func testSubstitutionRowsOverFourSymbols() throws {
        let c = CommandCapture()
        let input = "0123012301"
        XCTAssertEqual(c.run(["perturb"] + tables + ["--alphabet", "4", "--operations", "substitute", "--format", "csv", "--quiet", input]), 0, c.stderr)
        let rows = csvRows(c.stdout)
        XCTAssertEqual(rows.count, input.count * 3)
        let symbols = Array(input).map(String.init)
        var changed: [String] = []
        for (k, row) in rows.enumerated() {
            let i = k / 3
            XCTAssertEqual(row["index"], String(i))
            XCTAssertEqual(row["from"], symbols[i])
            let others = ["0", "1", "2", "3"].filter { $0 != symbols[i] }
            XCTAssertEqual(row["to"], others[k % 3], "row \(k)")
            var s = symbols
            s[i] = others[k % 3]
            changed.append(s.joined())
        }
        // Each row's delta is its own substitution's: the perturbed string's BDM minus the
        // original's, from one `acss bdm` run over all of them.
        let bdm = CommandCapture()
        XCTAssertEqual(bdm.run(["bdm"] + tables + ["--alphabet", "4", "--format", "csv", input] + changed), 0, bdm.stderr)
        let values = try csvRows(bdm.stdout).map { try XCTUnwrap(Double(try XCTUnwrap($0["BDM"]))) }
        XCTAssertEqual(values.count, changed.count + 1)
        for (k, row) in rows.enumerated() {
            XCTAssertEqual(try XCTUnwrap(Double(try XCTUnwrap(row["delta"]))), values[k + 1] - values[0], accuracy: 1e-3, "row \(k)")
        }
    }

    /// --timings adds one line on standard error naming every stage and changes no row.
    func testTimingsLine() throws {
        for arguments in [["--alphabet", "2", String(repeating: "01101", count: 8)], ["--2d", "--block-size", "3", "0110/1011/0010/1110"]] {
            let plain = CommandCapture(), timed = CommandCapture()
            XCTAssertEqual(plain.run(["perturb"] + tables + ["--format", "csv", "--quiet"] + arguments), 0, plain.stderr)
            XCTAssertEqual(timed.run(["perturb"] + tables + ["--format", "csv", "--quiet", "--timings"] + arguments), 0, timed.stderr)
            XCTAssertEqual(timed.stdout, plain.stdout)
            let lines = timed.stderr.split(separator: "\n")
            XCTAssertEqual(lines.count, 1, timed.stderr)
            let line = String(try XCTUnwrap(lines.first))
            XCTAssertTrue(line.hasPrefix("acss perturb: timings, CPU s (wall s): table "), line)
            for stage in ["setup ", "perturb ", "rank ", "write ", "whole command "] { XCTAssertTrue(line.contains(stage), "\(stage) in \(line)") }
        }
    }

    /// The keys the Python binding reads from `acss bdm --flavour standard --normalized
    /// --block-entropy --format json`.
    func testNormalizedJSONKeys() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bdm"] + tables + ["--alphabet", "2", "--flavour", "standard", "--normalized", "--block-entropy",
                                                 "--format", "json", "010001100010001"]), 0, c.stderr)
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [[String: Any]])
        let row = try XCTUnwrap(json.first)
        for key in ["nbdm", "bdm_per_symbol", "block_entropy", "block_entropy_normalized"] { XCTAssertNotNil(row[key], key) }
        XCTAssertEqual(row["BDM"] as? Double ?? 0, 33.3093113009744, accuracy: 1e-9)
        XCTAssertEqual(row["block_entropy"] as? Double, 0)
    }

    /// --given: K(1^24 | 1^12) = log2 2 = 1 (the one block of x is y's, with another count).
    func testGiven() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bdm"] + tables + ["--alphabet", "2", "--flavour", "standard", "--given", String(repeating: "1", count: 12),
                                                 "--format", "csv", String(repeating: "1", count: 24)]), 0, c.stderr)
        let row = try XCTUnwrap(csvRows(c.stdout).first)
        XCTAssertEqual(row["conditional_bdm"], "1.0")
        XCTAssertNotNil(row["mutual_information"])
    }

    /// A network from an edge list: one row per edge and per vertex.
    func testEdgeList() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("edges-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try "a b\nb c\nc a\nc d\n".write(to: file, atomically: true, encoding: .utf8)
        let c = CommandCapture()
        XCTAssertEqual(c.run(["perturb"] + tables + ["--edge-list", file.path, "--table", "G4-T2000", "--block-size", "2",
                                                     "--format", "csv", "--quiet"]), 0, c.stderr)
        let rows = csvRows(c.stdout)
        XCTAssertEqual(rows.filter { $0["operation"] == "delete_edge" }.count, 4)
        XCTAssertEqual(rows.filter { $0["operation"] == "delete_vertex" }.map { $0["from"]! }, ["a", "b", "c", "d"])
    }

    /// Errors name the option and the value.
    func testErrors() {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["perturb"] + tables + ["--operations", "flip", "0101"]), 2)
        XCTAssertTrue(c.stderr.contains("invalid operation 'flip'"), c.stderr)
        let empty = CommandCapture()
        XCTAssertEqual(empty.run(["perturb"] + tables + ["--operations", "", "0101"]), 2)
        XCTAssertTrue(empty.stderr.contains("--operations needs"), empty.stderr)
        let square = CommandCapture()
        XCTAssertEqual(square.run(["perturb"] + tables + ["--network", "--table", "G4-T2000", "--block-size", "2", "011/100"]), 1)
        XCTAssertTrue(square.stderr.contains("an adjacency matrix is square: this one has 2 rows and 3 columns"), square.stderr)
        let d = CommandCapture()
        XCTAssertEqual(d.run(["bdm"] + tables + ["--alphabet", "2", "--min-length", "1", "0101"]), 2)
        XCTAssertTrue(d.stderr.contains("--min-length applies to --flavour standard --boundary recursive"), d.stderr)
        let e = CommandCapture()
        XCTAssertEqual(e.run(["bdm"] + tables + ["--alphabet", "2", "--flavour", "standard", "--boundary", "recursive", "0"]), 1)
        XCTAssertTrue(e.stderr.contains("boundary 'recursive'"), e.stderr)
        XCTAssertFalse(e.stderr.contains("'ignore'"), e.stderr)
    }
}
