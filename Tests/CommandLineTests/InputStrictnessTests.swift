import Enumeration
import Foundation
import TestSupport
import XCTest
@testable import ACSSCommandLine

/// Issue 12, input: bytes that are not text are refused by row, line ends and a BOM are read
/// the same everywhere, numbers are decimal, files are not scored as strings.
final class InputStrictnessTests: XCTestCase {
    let tables = Repository.data.path

    /// Rows of a CSV output (these tests only write fields without commas or quotes, except the error).
    func rows(_ c: CommandCapture) -> [[String]] {
        c.lines.dropFirst().map { $0.split(separator: ",", maxSplits: 21, omittingEmptySubsequences: false).map(String.init) }
    }

    /// `printf '0101\xff\xfe01\n' | acss score --alphabet 4 -` merged the two bytes into one
    /// symbol and exited 0.
    func testInvalidUTF8AndNULAreNamedRowErrors() {
        for command in ["score", "local", "bdm"] {
            let c = CommandCapture()
            let input = Array("0110\n0101".utf8) + [0xFF, 0xFE] + Array("01\n01".utf8) + [0] + Array("10\n1010\n".utf8)
            var args = [command, "--tables", tables, "--alphabet", "2", "--format", "csv", "-"]
            if command == "local" { args.insert(contentsOf: ["--span", "2", "--mean"], at: 1) }
            if command == "bdm" { args.insert(contentsOf: ["--block-size", "2"], at: 1) }
            XCTAssertEqual(c.run(args, stdinBytes: input), 1, command)
            XCTAssertTrue(c.stderr.contains("acss \(command): line 2: invalid UTF-8 at byte 5 (0xFF 0xFE)"), command + ": " + c.stderr)
            XCTAssertTrue(c.stderr.contains("acss \(command): line 3: NUL byte at byte 3"), command + ": " + c.stderr)
            XCTAssertTrue(c.stderr.contains("2 of 4 strings failed"), c.stderr)
            let strings = rows(c).map { $0[0] }
            XCTAssertEqual(strings, ["0110", "0101\\xFF\\xFE01", "01\\010", "1010"], command)
        }
    }

    /// A BOM was a symbol (pattern 01212 for 0101); CR-only lines were one row.
    func testByteOrderMarkAndLineEnds() {
        let c = CommandCapture()
        let input: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("HTHT\rTTHH\r\nHHHT\n".utf8)
        XCTAssertEqual(c.run(["score", "--tables", tables, "--alphabet", "2", "--format", "csv", "-"], stdinBytes: input), 0, c.stderr)
        XCTAssertEqual(rows(c).map { $0[0] + " " + $0[1] }, ["HTHT 0101", "TTHH 0011", "HHHT 0001"])
        let l = CommandCapture()
        XCTAssertEqual(l.run(["local", "--tables", tables, "--alphabet", "2", "--span", "4", "--mean", "--format", "csv", "-"],
                             stdinBytes: [0xEF, 0xBB, 0xBF] + Array("HTHT\rTTHH".utf8)), 0, l.stderr)
        XCTAssertEqual(rows(l).map { $0[0] }, ["HTHT", "TTHH"])
    }

    /// The same through --input FILE.
    func testInputFileIsReadTheSameWay() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("acss-input-\(UUID()).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data([0xEF, 0xBB, 0xBF] + Array("0101\r0".utf8) + [0xFF] + Array("1\r0011".utf8)).write(to: file)
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bdm", "--tables", tables, "--alphabet", "2", "--format", "csv", "--block-size", "2", "--input", file.path]), 1)
        XCTAssertEqual(rows(c).map { $0[0] }, ["0101", "0\\xFF1", "0011"])
        XCTAssertTrue(c.stderr.contains("line 2: invalid UTF-8 at byte 2 (0xFF)"), c.stderr)
    }

    /// Options are decimal too: `Double("0x0.8")` is 0.5.
    func testNumericOptionsAreDecimalOnly() {
        let cases: [([String], String)] = [
            (["score", "--tables", tables, "--alphabet", "2", "--prior", "0x0.8", "0101"], "invalid value '0x0.8' for --prior"),
            (["score", "--tables", tables, "--alphabet", "2", "--prior", "nan", "0101"], "invalid value 'nan' for --prior"),
            (["study", "x.csv", "--out", "o", "--min-coverage", "0x1"], "invalid value '0x1' for --min-coverage"),
            (["study", "x.csv", "--out", "o", "--age-bands", "4,0x10,20"], "invalid value '4,0x10,20' for --age-bands"),
        ]
        for (args, expected) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(args), 2, args.joined(separator: " "))
            XCTAssertTrue(c.stderr.contains(expected), c.stderr)
        }
    }

    func scratchFile(_ bytes: [UInt8]) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("acss-input-\(UUID()).csv")
        try Data(bytes).write(to: file)
        return file
    }

    /// `acss score responses.txt` scored the file name as a sequence.
    func testAFileNameIsNotScored() throws {
        let file = try scratchFile(Array("0101\n".utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", tables, "--alphabet", "2", file.path]), 2)
        XCTAssertTrue(c.stderr.contains("'\(file.path)' is the name of a file, not a sequence: to score the strings in it, one per line, use --input \(file.path)"), c.stderr)
        XCTAssertEqual(c.stdout, "")
    }

    /// A table given as lines is refused with how to score one column; --column scores it and
    /// --id-column keeps the id.
    func testTablesNeedColumn() throws {
        let file = try scratchFile(Array("participant_id;task;response\r\np1;toss;HTHT\r\np2;toss;HHHH\r\np3;toss\r\n".utf8))
        defer { try? FileManager.default.removeItem(at: file) }
        let refused = CommandCapture()
        XCTAssertEqual(refused.run(["score", "--tables", tables, "--alphabet", "2", "--input", file.path]), 2)
        XCTAssertTrue(refused.stderr.contains("line 1 looks like the header of a table (participant_id, task, response), not a sequence: to score one of its columns, add --column NAME (e.g. --column response)"), refused.stderr)
        XCTAssertEqual(refused.stdout, "")

        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", tables, "--alphabet", "2", "--format", "csv", "--input", file.path,
                              "--column", "response", "--id-column", "participant_id"]), 1, "row 4 lacks a field")
        XCTAssertTrue(c.lines[0].hasPrefix("participant_id,string,pattern,"), c.lines[0])
        let plain = CommandCapture()
        XCTAssertEqual(plain.run(["score", "--tables", tables, "--alphabet", "2", "--format", "csv", "HTHT", "HHHH"]), 0)
        XCTAssertEqual(Array(c.lines[1...2]), plain.lines.dropFirst().map { "p" + ($0.hasPrefix("HTHT") ? "1" : "2") + "," + $0 },
                       "the same rows as scoring the strings directly, with the id first")
        XCTAssertTrue(c.lines[3].hasPrefix("p3,,"), c.lines[3])
        XCTAssertTrue(c.stderr.contains("acss score: line 4: 2 fields, expected 3 (participant_id,task,response)"), c.stderr)

        let missing = CommandCapture()
        XCTAssertEqual(missing.run(["bdm", "--tables", tables, "--alphabet", "2", "--input", file.path, "--column", "sequence"]), 2)
        XCTAssertTrue(missing.stderr.contains("--column 'sequence' is not a column of \(file.path) (header, line 1: participant_id, task, response)"), missing.stderr)
        let json = CommandCapture()
        XCTAssertEqual(json.run(["local", "--tables", tables, "--alphabet", "2", "--span", "4", "--mean", "--format", "json",
                                 "--column", "response", "--id-column", "participant_id", "-"],
                                stdinBytes: Array("participant_id,response\np9,HTHT\n".utf8)), 0, json.stderr)
        XCTAssertTrue(json.stdout.contains("{\"participant_id\": \"p9\", \"string\": \"HTHT\","), json.stdout)
        let noColumn = CommandCapture()
        XCTAssertEqual(noColumn.run(["score", "--tables", tables, "--alphabet", "2", "--id-column", "x", "-"]), 2)
        XCTAssertTrue(noColumn.stderr.contains("--id-column needs --column"), noColumn.stderr)
        // A sequence written with commas is not a header.
        let commas = CommandCapture()
        XCTAssertEqual(commas.run(["score", "--tables", tables, "--alphabet", "2", "--format", "csv", "-"], stdinBytes: Array("heads,tails,tails\n".utf8)), 0, commas.stderr)
    }

    /// The note in the output; the forced value is checked through the API
    /// (CoverageAndLengthTests), which shares its loaded tables.
    func testZIsHeldBackBelowCoverage() {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", tables, "--alphabet", "4", "--format", "csv", "012333333333"]), 0, c.stderr)
        let row = c.lines[1]
        XCTAssertTrue(row.contains(",,,") && row.contains("z and percentile left empty: the table K.4 gives CTM values to ")
                      && row.contains("of the 4^12 strings of length 12 (below 99%)"), row)
        XCTAssertTrue(row.contains("--force-z shows them"), row)
        let forced = try! ScoreCommand(ParsedArguments(["--alphabet", "4", "--force-z", "012333333333"], options: ScoreCommand.options))
        XCTAssertEqual(forced.options.minimumCoverage, 0)
        let plain = try! ScoreCommand(ParsedArguments(["--alphabet", "4", "012333333333"], options: ScoreCommand.options))
        XCTAssertEqual(plain.options.minimumCoverage, 0.99)
    }

    /// `--table K.4 --alphabet 2` scored with D(5) and said nothing.
    func testATableThatDoesNotFitTheAlphabetIsRefused() {
        for command in ["score", "local", "bdm"] {
            let c = CommandCapture()
            XCTAssertEqual(c.run([command, "--tables", tables, "--table", "K.4", "--alphabet", "2", "0101010101"]), 2, command)
            XCTAssertTrue(c.stderr.contains("--table K.4 scores strings of 4 symbols, not --alphabet 2"), c.stderr)
            XCTAssertTrue(c.stderr.contains("D5-T500 or D6-T1000"), c.stderr)
        }
        // Alphabet 3 is scored with the 4-symbol table: K.4 fits it (parsed only: no table load).
        XCTAssertNoThrow(try ScoringInput(ParsedArguments(["--table", "K.4", "--alphabet", "3", "0120"], options: ScoreCommand.options)))
        XCTAssertNoThrow(try ScoringInput(ParsedArguments(["--table", "D6-T1000", "--alphabet", "2", "0110"], options: ScoreCommand.options)))
    }

    /// A line of 200,000 symbols is scored (BDM) without a string per symbol, quickly.
    func testAHugeLineIsScoredQuickly() {
        var rng = SplitMix(seed: 12)
        let line = (0..<200_000).map { _ in rng.next() & 1 == 0 ? "0" : "1" }.joined()
        let start = Date()
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", tables, "--alphabet", "2", "--format", "csv", "-"], stdin: line + "\n"), 0, c.stderr)
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        XCTAssertEqual(c.lines.count, 2)
        XCTAssertTrue(c.lines[1].contains(",bdm,D5-T500,"), String(c.lines[1].suffix(300)))
        XCTAssertTrue(c.lines[1].contains("change complexity (Aksentijevic-Gibson reading) computed up to 100000 symbols"), String(c.lines[1].suffix(300)))
    }
}

/// A small seeded generator (SplitMix64) for the tests' random inputs.
typealias SplitMix = SplitMix64
