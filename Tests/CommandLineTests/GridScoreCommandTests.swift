import Foundation
import TestSupport
import XCTest
@testable import ACSSCommandLine

/// `acss score --2d`: arrays as arguments, flattened with --shape, a CSV matrix file, a column
/// of a table, and the refusals, with the (4,2) table.
final class GridScoreCommandTests: XCTestCase {
    let tables = Repository.data.path

    func testArraysShapesAndMatrices() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", tables, "--table", "G4-T2000", "--2d", "010/101/010", "--format", "csv"]), 0, c.stderr)
        let lines = c.stdout.split(separator: "\n")
        XCTAssertEqual(String(lines[0]), ScoreCommandTests.header, "the columns of 1-D scoring")
        XCTAssertTrue(lines[1].hasPrefix("010/101/010,010/101/010,2,9,18.355752281517"), String(lines[1]))

        let flat = CommandCapture()
        XCTAssertEqual(flat.run(["score", "--tables", tables, "--table", "G4-T2000", "--2d", "--shape", "3x3", "010101010", "--format", "csv"]), 0)
        XCTAssertEqual(flat.stdout.split(separator: "\n")[1].split(separator: ",").dropFirst().joined(separator: ","),
                       lines[1].split(separator: ",").dropFirst().joined(separator: ","))

        let matrix = FileManager.default.temporaryDirectory.appendingPathComponent("acss-matrix-\(getpid()).csv").path
        try "0,1,0\n1,0,1\n0,1,0\n".write(toFile: matrix, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: matrix) }
        let m = CommandCapture()
        XCTAssertEqual(m.run(["score", "--tables", tables, "--table", "G4-T2000", "--2d", "--input", matrix, "--format", "csv"]), 0, m.stderr)
        XCTAssertTrue(m.stdout.contains("010/101/010,010/101/010,2,9,18.355752281517"), m.stdout)

        let column = CommandCapture()
        XCTAssertEqual(column.run(["score", "--tables", tables, "--table", "G4-T2000", "--2d", "--shape", "3x3", "-", "--column", "grid",
                                   "--id-column", "id", "--format", "csv"], stdin: "id,grid\np1,000000000\np2,0000x0000\n"), 1)
        XCTAssertTrue(column.stdout.contains("p1,000000000,000/000/000"), column.stdout)
        XCTAssertTrue(column.stderr.contains("cell 2,2 is 'x'"), column.stderr)
    }

    /// `table info` and `table trim --max-area` on a 2-D table.
    func testTableInfoAndTrim() throws {
        let info = CommandCapture()
        XCTAssertEqual(info.run(["table", "info", Repository.table("G4-T2000.tsv"), "--top", "2"]), 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("halting                  246203914784"), info.stdout)
        XCTAssertTrue(info.stdout.contains("0\t2.228823\t"), info.stdout)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("acss-g4-trim-\(getpid()).tsv").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let trim = CommandCapture()
        XCTAssertEqual(trim.run(["table", "trim", Repository.table("G4-T2000.tsv"), "--max-area", "9", "--out", out]), 0, trim.stderr)
        let again = CommandCapture()
        XCTAssertEqual(again.run(["table", "info", out]), 0, again.stderr)
        XCTAssertTrue(again.stdout.contains("listed_max_area          9"), again.stdout)
        XCTAssertTrue(again.stdout.contains("distinct                 565685"), again.stdout)
        let wrong = CommandCapture()
        XCTAssertEqual(wrong.run(["table", "trim", Repository.table("G4-T2000.tsv"), "--max-length", "9", "--out", out]), 2)
        XCTAssertTrue(wrong.stderr.contains("trim it with --max-area"), wrong.stderr)
    }

    func testRefusals() {
        for (args, fragment) in [
            (["--2d", "--alphabet", "4", "01/10"], "--alphabet must be 2"),
            (["--2d", "--shape", "3x", "000"], "invalid value '3x' for --shape"),
            (["--shape", "3x3", "000000000"], "--shape applies to --2d"),
            (["--table", "G4-T2000", "0101"], "is a 2-D table: give --2d"),
            (["--2d", "--table", "G9", "01"], "unknown table 'G9'"),
        ] {
            let c = CommandCapture()
            XCTAssertEqual(c.run(["score", "--tables", tables] + args), 2, args.joined(separator: " "))
            XCTAssertTrue(c.stderr.contains(fragment), "\(args): \(c.stderr)")
        }
    }
}
