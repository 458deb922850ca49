import Foundation
import TestSupport
import XCTest
@testable import ACSSCommandLine

/// Runs the scoring commands in-process with captured output and in-memory standard input.
final class ScoreCommandTests: XCTestCase {
    /// The repository's data/.
    func tables() throws -> String { Repository.data.path }

    static let header = "string,pattern,alphabet,length,K,D,method,table,alphabet_source,likelihood_d,likelihood_ratio,prob_random,z,percentile,entropy,entropy2,alternations,alternation_rate,change_complexity,K_se,lz76,logical_depth,note,error"

    /// Splits a CSV line produced for these tests (quoted fields may hold commas).
    func fields(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        for c in line {
            if c == "\"" { quoted.toggle(); continue }
            if c == "," && !quoted { result.append(current); current = ""; continue }
            current.append(c)
        }
        result.append(current)
        return result
    }

    func column(_ name: String, _ line: String) -> String {
        fields(line)[fields(Self.header).firstIndex(of: name)!]
    }

    func testOneStringReadably() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", try tables(), "--alphabet", "2", "HTHTHTHT"]), 0, c.stderr)
        XCTAssertTrue(c.stdout.contains("prob_random        0.2737"), c.stdout)
        XCTAssertTrue(c.stdout.contains("ctm"), c.stdout)
        XCTAssertEqual(c.stderr, "", "alphabet given: nothing to warn about")
    }

    func testCSVHeaderAndSpecValues() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", try tables(), "--alphabet", "2", "--format", "csv", "HTHTHTHT", "HTHHTHTT"]), 0)
        let lines = c.lines
        XCTAssertEqual(lines.count, 3)
        XCTAssertEqual(lines[0], Self.header)
        XCTAssertEqual(column("pattern", lines[1]), "01010101")
        XCTAssertEqual(column("method", lines[1]), "ctm")
        XCTAssertEqual(column("logical_depth", lines[1]), column("logical_depth", lines[1]).filter(\.isNumber), "CTM depths are whole steps")
        XCTAssertEqual(column("table", lines[1]), "D5-T500")
        XCTAssertEqual(column("alphabet_source", lines[1]), "option")
        XCTAssertEqual(Double(column("likelihood_d", lines[1]))!, 0.010366951, accuracy: 5e-10)
        XCTAssertEqual(Double(column("likelihood_ratio", lines[1]))!, 0.3767983, accuracy: 5e-8)
        XCTAssertEqual(Double(column("prob_random", lines[1]))!, 0.2736772, accuracy: 5e-8)
        XCTAssertEqual(Double(column("prob_random", lines[2]))!, 0.5573217, accuracy: 5e-8)
        XCTAssertEqual(Double(column("likelihood_d", lines[2]))!, 0.003102718, accuracy: 5e-10)
        XCTAssertEqual(column("error", lines[1]), "")
    }

    /// A batch keeps going past bad rows, writes one row per input line (so rows line up with
    /// the input), reports failures by line on stderr and exits 1.
    func testBatchKeepsGoingAndExitsOne() throws {
        let c = CommandCapture()
        let input = "HTHTHTHT\nHTX\n\nHTHHTHTT\r\nH T H T H T H T\nHTHTHTHT"
        XCTAssertEqual(c.score(["--tables", try tables(), "--alphabet", "2", "--format", "csv", "-"], stdin: input), 1)
        let lines = c.lines
        XCTAssertEqual(lines.count, 7, c.stdout)
        XCTAssertEqual(column("string", lines[1]), "HTHTHTHT")
        XCTAssertTrue(column("error", lines[2]).contains("'HTX' has 3 distinct symbols"), lines[2])
        XCTAssertEqual(column("K", lines[2]), "")
        XCTAssertTrue(column("error", lines[3]).contains("empty string"), lines[3])
        XCTAssertEqual(column("string", lines[4]), "HTHHTHTT", "carriage return removed")
        XCTAssertTrue(c.stderr.contains("line 2:"), c.stderr)
        XCTAssertTrue(c.stderr.contains("line 3:"), c.stderr)
        XCTAssertTrue(c.stderr.contains("2 of 6 strings failed"), c.stderr)
        // Row 6 comes from the pattern cache, row 5 from the separated-symbols path, row 1 was
        // computed: everything after the string field is identical.
        let tail = { (line: String) in Array(self.fields(line).dropFirst()) }
        XCTAssertEqual(tail(lines[1]), tail(lines[6]))
        XCTAssertEqual(tail(lines[1]), tail(lines[5]))
    }

    /// No "nan" or "inf" ever reaches the output: an undefined value is an empty field.
    func testNoNotANumberInOutput() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", try tables(), "--alphabet", "2", "--format", "csv", "H", "HT", "HH", "HTH"]), 0)
        XCTAssertFalse(c.stdout.lowercased().contains("nan"), c.stdout)
        XCTAssertFalse(c.stdout.contains("inf"), c.stdout)
        XCTAssertEqual(column("z", c.lines[2]), "")
        XCTAssertTrue(column("note", c.lines[2]).contains("z undefined"))
    }

    /// `--input -` is standard input (the options' help says so), for strings and for a --2d array.
    func testInputDashReadsStandardInput() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.score(["--tables", try tables(), "--alphabet", "2", "--format", "csv", "--input", "-"], stdin: "HTHT\nHHTT\n"), 0, c.stderr)
        XCTAssertEqual(c.lines.count, 3)
        XCTAssertEqual(column("string", c.lines[2]), "HHTT")
        let grid = CommandCapture()
        XCTAssertEqual(grid.run(["bdm", "--2d", "--tables", try tables(), "--table", "G4-T2000", "--block-size", "2", "--format", "csv",
                                 "--input", "-"], stdin: "0,1\n1,0\n"), 0, grid.stderr)
        XCTAssertTrue(grid.lines[1].hasPrefix("standard input,2,2,"), grid.stdout)
    }

    func testJSONAndTSV() throws {
        let data = try tables()
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", data, "--alphabet", "2", "--format", "json",
                              "HTHTHTHT", "HTHHTHTTHTHHTTHTTHHT", "HTX"]), 1)
        let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [[String: Any]])
        XCTAssertEqual(rows.count, 3)
        XCTAssertEqual(rows[0]["prob_random"] as! Double, 0.2736772, accuracy: 5e-8)
        XCTAssertEqual(rows[0]["alphabet"] as? Int, 2)
        XCTAssertTrue(rows[0]["error"] is NSNull)
        XCTAssertEqual(rows[1]["method"] as? String, "bdm")
        XCTAssertTrue(rows[1]["D"] is NSNull, "no D for a BDM value")
        XCTAssertTrue((rows[2]["error"] as? String)?.contains("HTX") == true)
        let empty = CommandCapture()
        XCTAssertEqual(empty.score(["--tables", data, "--format", "json", "-"], stdin: ""), 0)
        XCTAssertNotNil(try JSONSerialization.jsonObject(with: Data(empty.stdout.utf8)) as? [Any])

        let t = CommandCapture()
        XCTAssertEqual(t.run(["score", "--tables", data, "--alphabet", "2", "--format", "tsv", "HTHT"]), 0)
        XCTAssertEqual(t.lines[0], Self.header.replacingOccurrences(of: ",", with: "\t"))
        XCTAssertEqual(t.lines[1].split(separator: "\t", omittingEmptySubsequences: false).count, 24)
    }

    func testUsageErrorsExitTwoAndNameTheValue() throws {
        let data = try tables()
        let cases: [([String], String)] = [
            (["score", "--prior", "1.5", "HT"], "1.5"),
            (["score", "--prior", "abc", "HT"], "abc"),
            (["score", "--alphabet", "12", "HT"], "alphabet 12"),
            (["score", "--alphabet", "two", "HT"], "two"),
            (["score", "--format", "xml", "HT"], "xml"),
            (["score", "--frobnicate", "HT"], "--frobnicate"),
            (["score", "-", "HT"], "'-'"),
            (["score"], "no strings"),
            (["score", "--boundary", "recursive", "HT"], "--boundary"),
            (["score", "--block-size", "13", "HT"], "13"),
            (["score", "--flavour", "standard", "--step", "0", "HT"], "0"),
            (["score", "--change-complexity", "lz", "HT"], "lz"),
            (["local", "--span", "13", "HTHT"], "13"),
            (["bdm", "--flavour", "fancy", "HTHT"], "fancy"),
            (["reference", "--length", "12"], "--alphabet"),
            (["reference", "--alphabet", "2", "--length", "5-3"], "5-3"),
        ]
        for (arguments, mention) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments + ["--tables", data]), 2, "\(arguments): \(c.stderr)")
            XCTAssertTrue(c.stderr.contains(mention), "\(arguments): \(c.stderr)")
        }
        let missing = CommandCapture()
        XCTAssertEqual(missing.run(["score", "--tables", "/nonexistent/acss", "HT"]), 2)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/acss"), missing.stderr)
    }

    func testAlphabetWhoseTableIsMissing() throws {
        let partial = FileManager.default.temporaryDirectory.appendingPathComponent("acss-partial-\(UUID())").path
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        try FileManager.default.copyItem(atPath: try tables() + "/D5-T500.tsv", toPath: partial + "/D5-T500.tsv")
        // A missing table file is an installation problem, not a bad row: the command stops
        // with status 2 and names the file.
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", partial, "--alphabet", "6", "--format", "csv", "1 2 3 4 5 6", "1 1 2"]), 2)
        XCTAssertTrue(c.stderr.contains("K6-T2000.tsv"), c.stderr)
        // Binary strings are still scored from the same folder.
        let binary = CommandCapture()
        XCTAssertEqual(binary.run(["score", "--tables", partial, "--alphabet", "2", "HTHT"]), 0, binary.stderr)
    }

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    func testDieRollsUseTheSixSymbolTable() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", try tables(), "--alphabet", "6", "--format", "csv", "1 2 3 4 5 6"]), 0, c.stderr)
        XCTAssertEqual(column("method", c.lines[1]), "ctm")
        XCTAssertFalse(column("K", c.lines[1]).isEmpty)
    }
    #endif

    func testUnquotedSymbolsGetAHint() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", try tables(), "--alphabet", "2", "H", "T", "H", "H"]), 0)
        XCTAssertTrue(c.stderr.contains("acss score \"H T H H\""), c.stderr)
    }

    func testAlphabetInferenceWarns() throws {
        let data = try tables()
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", data, "--format", "csv", "HTHH", "HHHH"]), 0)
        XCTAssertEqual(column("alphabet_source", c.lines[1]), "inferred")
        XCTAssertEqual(column("alphabet", c.lines[2]), "2")
        XCTAssertTrue(c.stderr.contains("no --alphabet given"), c.stderr)
        let quiet = CommandCapture()
        XCTAssertEqual(quiet.run(["score", "--tables", data, "--quiet", "HTHH"]), 0)
        XCTAssertEqual(quiet.stderr, "")
    }

    func testLongStringsGetBDMOrAnErrorWithStrict() throws {
        let data = try tables()
        let long = "HTHHTHTTHTHHTTHTTHHT"
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", data, "--alphabet", "2", "--format", "csv", long]), 0)
        XCTAssertEqual(column("method", c.lines[1]), "bdm")
        XCTAssertTrue(column("note", c.lines[1]).contains("length 20 > 12"))
        XCTAssertTrue(c.stderr.contains("BDM"), c.stderr)
        let strict = CommandCapture()
        XCTAssertEqual(strict.run(["score", "--tables", data, "--alphabet", "2", "--strict", "--format", "csv", long, "HTHT"]), 1)
        XCTAssertTrue(column("error", strict.lines[1]).contains("length 20"))
        XCTAssertEqual(column("method", strict.lines[2]), "ctm")
        // The flavour options reach the fallback.
        let standard = CommandCapture()
        XCTAssertEqual(standard.run(["score", "--tables", data, "--alphabet", "2", "--flavour", "standard",
                                     "--boundary", "recursive", "--format", "csv", long]), 0)
        XCTAssertTrue(column("note", standard.lines[1]).contains("standard flavour"))
    }

    func testInputFileAndTableFormat() throws {
        let data = try tables()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acss-score-\(UUID()).txt").path
        try "HTHTHTHT\nHHHHTTTT\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", data, "--alphabet", "2", "--input", path]), 0)
        XCTAssertTrue(c.lines[0].hasPrefix("string"), c.stdout)
        XCTAssertTrue(c.lines[0].contains("prob_random"))
        XCTAssertEqual(c.lines.count, 3)
        let missing = CommandCapture()
        XCTAssertEqual(missing.run(["score", "--tables", data, "--input", path + ".none"]), 2)
        XCTAssertTrue(missing.stderr.contains(".none"))
    }

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    func testLocalBDMAndReferenceCommands() throws {
        let data = try tables()
        let local = CommandCapture()
        XCTAssertEqual(local.run(["local", "--tables", data, "--alphabet", "2", "--span", "4", "--format", "csv", "HHHHTHTHHTTH"]), 0)
        XCTAssertEqual(local.lines[0], "string,alphabet,span,position,window,K,error")
        XCTAssertEqual(local.lines.count, 10)
        XCTAssertTrue(local.lines[1].hasPrefix("HHHHTHTHHTTH,2,4,1,HHHH,"))
        let mean = CommandCapture()
        XCTAssertEqual(mean.run(["local", "--tables", data, "--alphabet", "2", "--mean", "--format", "csv", "HHHHTHTHHTTH"]), 0)
        XCTAssertEqual(mean.lines[0], "string,alphabet,span,windows,mean_K,error")

        let bdm = CommandCapture()
        XCTAssertEqual(bdm.run(["bdm", "--tables", data, "--alphabet", "2", "--block-size", "12", "--step", "1",
                                "--format", "csv", "010101010101010101"]), 0)
        XCTAssertEqual(bdm.lines[0], "string,pattern,alphabet,length,BDM,flavour,block_size,step,boundary,blocks,distinct_blocks,table,error")
        XCTAssertEqual(Double(bdm.lines[1].split(separator: ",")[4])!, 57.56642, accuracy: 5e-6)
        let blocks = CommandCapture()
        XCTAssertEqual(blocks.run(["bdm", "--tables", data, "--alphabet", "2", "--blocks", "--format", "csv", "0101010101010101010101"]), 0)
        XCTAssertEqual(blocks.lines[0], "string,block,position,multiplicity,K,error")
        XCTAssertEqual(blocks.lines.count, 3, blocks.stdout)

        let reference = CommandCapture()
        XCTAssertEqual(reference.run(["reference", "--tables", data, "--alphabet", "2", "--length", "12", "--format", "csv"]), 0)
        XCTAssertEqual(reference.lines[0], "alphabet,length,strings,covered,patterns,mean,sd,pattern_sd,table")
        let cells = reference.lines[1].split(separator: ",")
        XCTAssertEqual(Double(cells[5])!, 32.50209, accuracy: 5e-6)
        XCTAssertEqual(Double(cells[7])!, 1.5608, accuracy: 5e-5)
        let beyond = CommandCapture()
        XCTAssertEqual(beyond.run(["reference", "--tables", data, "--alphabet", "2", "--length", "13"]), 2)
        XCTAssertTrue(beyond.stderr.contains("length 13"), beyond.stderr)
    }
    #endif

    func testHelpHasExamples() {
        for command in ["score", "local", "bdm", "reference"] {
            let c = CommandCapture()
            XCTAssertEqual(c.run([command, "--help"]), 0)
            XCTAssertTrue(c.stdout.contains("Examples:"), command)
            XCTAssertTrue(c.stdout.contains("acss \(command)"), command)
        }
    }

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    func testTableOptionChoosesTheBinaryTable() throws {
        let data = try tables()
        let c = CommandCapture()
        XCTAssertEqual(c.run(["score", "--tables", data, "--table", "D6-T1000", "--alphabet", "2", "--format", "csv", "0101", "1"]), 0, c.stderr)
        XCTAssertEqual(c.lines.count, 3)
        let header = c.lines[0].split(separator: ",", omittingEmptySubsequences: false)
        let tableColumn = try XCTUnwrap(header.firstIndex(of: "table"))
        for line in c.lines.dropFirst() {
            XCTAssertEqual(line.split(separator: ",", omittingEmptySubsequences: false)[tableColumn], "D6-T1000", line)
        }
        // Local complexity with D(6): windows up to its 17 symbols.
        let local = CommandCapture()
        XCTAssertEqual(local.run(["local", "--tables", data, "--table", "D6-T1000", "--alphabet", "2", "--span", "15",
                                  "--format", "csv", "0110100110010110"]), 0, local.stderr)
        XCTAssertEqual(local.lines.count, 3, local.stdout)
        let tooLong = CommandCapture()
        XCTAssertEqual(tooLong.run(["local", "--tables", data, "--table", "D6-T1000", "--span", "18", "0101"]), 2)
        XCTAssertTrue(tooLong.stderr.contains("18"), tooLong.stderr)
        let unknown = CommandCapture()
        XCTAssertEqual(unknown.run(["score", "--tables", data, "--table", "D7-T9", "0101"]), 2)
        XCTAssertTrue(unknown.stderr.contains("'D7-T9'"), unknown.stderr)
    }
    #endif
}
