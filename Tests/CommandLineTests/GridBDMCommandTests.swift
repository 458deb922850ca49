import Foundation
import TestSupport
import XCTest

/// `acss bdm --2d`: arrays as arguments, a CSV file, PBM on standard input; the listing; the
/// errors, each naming its value.
final class GridBDMCommandTests: XCTestCase {
    let g4 = ["--2d", "--tables", Repository.data.path, "--table", "G4-T2000"]

    /// K of the 4x4 ones with (4,2) by the coding theorem from SPEC §7's counts (4x4 ones
    /// 144, zeros 9,552; H = 246,203,914,784), and BDM of 12 x 12 ones = K + log2 9.
    let twelveOnes = -log2(Double(144 + 9552) / (2 * 246_203_914_784)) + log2(9)

    func csvRow(_ output: String) -> [String: String] {
        let lines = output.split(separator: "\n").map(String.init)
        let names = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let values = lines[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return Dictionary(uniqueKeysWithValues: zip(names, values))
    }

    func testCSVFileOfOnes() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("bdm2d-\(UUID()).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try String(repeating: Array(repeating: "1", count: 12).joined(separator: ",") + "\n", count: 12).write(to: file, atomically: true, encoding: .utf8)
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bdm"] + g4 + ["--format", "csv", "--input", file.path]), 0, c.stderr)
        let row = csvRow(c.stdout)
        XCTAssertEqual(Double(row["BDM"]!)!, twelveOnes, accuracy: 1e-9)
        XCTAssertEqual(row["array"], file.path)
        XCTAssertEqual(row["rows"], "12")
        XCTAssertEqual(row["blocks"], "9")
        XCTAssertEqual(row["distinct_blocks"], "1")
        XCTAssertEqual(row["block_entropy"], "0.0")
        XCTAssertEqual(row["boundary"], "ignore")
        XCTAssertEqual(row["shift"], "")
    }

    #if ACSS_LONG_TESTS  // long (loads the 14 MB (5,2) table): CI runs it in release mode (.ci/run)
    /// With the shipped default table G5-T2000: a 12x12 all-ones array is 9 blocks of 4x4
    /// ones, BDM = K(4x4 ones) + log2 9, with K from docs/formalism.md §7's counts:
    /// c0(ones) = 2,356,416, c0(zeros) = 1,037,722,752, H = 2,199,163,427,683,776.
    func testTwelveOnesWithTheShippedTable() {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bdm", "--tables", Repository.data.path, "--2d", "--format", "csv", "-"],
                             stdin: String(repeating: Array(repeating: "1", count: 12).joined(separator: ",") + "\n", count: 12)), 0, c.stderr)
        let k = -log2(Double(2_356_416 + 1_037_722_752) / (2 * 2_199_163_427_683_776.0))
        XCTAssertEqual(Double(csvRow(c.stdout)["BDM"]!)!, k + log2(9), accuracy: 1e-9)
    }
    #endif

    func testRawPBMOnStandardInput() {
        // 12 columns: 2 bytes a row, the last 4 bits padding.
        let pbm = Array("P4\n# ones\n12 12\n".utf8) + Array(repeating: [UInt8(0xFF), 0xF0], count: 12).flatMap { $0 }
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bdm"] + g4 + ["--format", "csv", "-"], stdinBytes: pbm), 0, c.stderr)
        XCTAssertEqual(Double(csvRow(c.stdout)["BDM"]!)!, twelveOnes, accuracy: 1e-9)
        XCTAssertEqual(csvRow(c.stdout)["array"], "standard input")
    }

    /// The 5x5 array of the Scoring tests, recursive 3x3: one 3x3 block and three 2x2.
    func testBlockListing() {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bdm"] + g4 + ["--block-size", "3", "--boundary", "recursive", "--blocks", "--format", "tsv",
                                              "10011/01001/00100/11010/10101"]), 0, c.stderr)
        let lines = c.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).prefix(5).joined(separator: " ") }
        XCTAssertEqual(lines, ["array block row column multiplicity",
                               "10011/01001/00100/11010/10101 100/010/001 0 0 1",
                               "10011/01001/00100/11010/10101 11/01 0 3 1",
                               "10011/01001/00100/11010/10101 11/10 3 0 1",
                               "10011/01001/00100/11010/10101 10/01 3 3 1"])
        let j = CommandCapture()
        XCTAssertEqual(j.run(["bdm"] + g4 + ["--block-size", "3", "--boundary", "correlated", "--shift", "2", "--format", "json",
                                              "10011/01001/00100/11010/10101"]), 0, j.stderr)
        XCTAssertTrue(j.stdout.contains("\"shift\": 2"), j.stdout)
        XCTAssertTrue(j.stdout.contains("\"blocks\": 4"), j.stdout)
        XCTAssertTrue(j.stdout.contains("\"min_length\": null"), j.stdout)
    }

    func testBadArraysFailTheirRowAndNameTheValue() {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bdm"] + g4 + ["--format", "csv", "1111/1111/1111/1111", "1111/1121/1111/1111"]), 1)
        XCTAssertTrue(c.stderr.contains("'1111/1121/1111/1111' is not a binary array: '2' at row 2, column 3 is not a cell: expected 0 or 1"), c.stderr)
        XCTAssertTrue(c.stderr.contains("1 of 2 arrays failed"), c.stderr)
        XCTAssertEqual(c.stdout.split(separator: "\n").count, 3, "a header, a value, a failure row")

        let ragged = CommandCapture()
        XCTAssertEqual(ragged.run(["bdm"] + g4 + ["-"], stdin: "0 1 0\n1 1 0\n0 1\n"), 1)
        XCTAssertTrue(ragged.stderr.contains("standard input: line 3: this row has 2 cells but the first row (line 1) has 3"), ragged.stderr)

        let header = CommandCapture()
        XCTAssertEqual(header.run(["bdm"] + g4 + ["-"], stdin: "P1\n12 twelve\n"), 1)
        XCTAssertTrue(header.stderr.contains("line 2: bad PBM header: height 'twelve' is not a whole number"), header.stderr)

        let small = CommandCapture()
        XCTAssertEqual(small.run(["bdm"] + g4 + ["111/111/111"]), 1)
        XCTAssertTrue(small.stderr.contains("a 3x3 array has no 4x4 block with boundary 'ignore'"), small.stderr)
    }

    func testUsageErrorsNameTheOption() throws {
        let cases: [([String], String)] = [
            (["--block-size", "5", "1111/1111/1111/1111"], "invalid value '5' for --block-size: expected 2...4"),
            (["--boundary", "wrap", "1111/1111/1111/1111"], "invalid value 'wrap' for --boundary: expected ignore, recursive or correlated"),
            (["--shift", "2", "1111/1111/1111/1111"], "--shift applies to --boundary correlated (sliding windows), not ignore"),
            (["--boundary", "correlated", "--shift", "5", "1111/1111/1111/1111"], "invalid value '5' for --shift: expected 1...4"),
            (["--alphabet", "2", "1111/1111/1111/1111"], "--alphabet applies to strings, not to --2d arrays"),
        ]
        for (arguments, message) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(["bdm"] + g4 + arguments), 2, arguments.joined(separator: " "))
            XCTAssertTrue(c.stderr.contains(message), c.stderr)
        }
        let unknown = CommandCapture()
        XCTAssertEqual(unknown.run(["bdm", "--2d", "--table", "D5-T500", "1111"]), 2)
        XCTAssertTrue(unknown.stderr.contains("unknown 2-D table 'D5-T500' for --table: expected G5-T2000 or G4-T2000"), unknown.stderr)
        let strings = CommandCapture()
        XCTAssertEqual(strings.run(["bdm", "--min-length", "2", "0101"]), 2)
        XCTAssertTrue(strings.stderr.contains("--min-length applies to --flavour standard --boundary recursive"), strings.stderr)
        // A data directory (its marker, D5-T500) without the 2-D tables: the default G5-T2000
        // is named as missing.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("bdm2d-empty-\(UUID())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: empty.appendingPathComponent("D5-T500.tsv").path,
                                                   withDestinationPath: Repository.table("D5-T500.tsv"))
        defer { try? FileManager.default.removeItem(at: empty) }
        let missing = CommandCapture()
        XCTAssertEqual(missing.run(["bdm", "--2d", "--tables", empty.path, "1111/1111/1111/1111"]), 2)
        XCTAssertTrue(missing.stderr.contains("2-D table G5-T2000 not found:"), missing.stderr)
    }
}
