import Foundation
import TestSupport
import XCTest
@testable import ACSSCommandLine

/// `acss study` and `acss simulate-study` as a user runs them: help, exit codes, messages
/// that name the bad value, a report folder.
final class StudyCommandTests: XCTestCase {
    static let data = Repository.data.path

    var scratch: String!

    override func setUp() {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("acss-study-cli-\(UUID())").path
        try! FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    func path(_ name: String) -> String { (scratch as NSString).appendingPathComponent(name) }

    func testHelpShowsExamples() {
        for command in ["study", "simulate-study"] {
            let c = CommandCapture()
            XCTAssertEqual(c.run([command, "--help"]), 0)
            XCTAssertTrue(c.stdout.contains("Examples:"), command)
            XCTAssertTrue(c.stdout.contains("acss \(command)"), command)
        }
        let c = CommandCapture()
        XCTAssertEqual(c.run(["--help"]), 0)
        XCTAssertTrue(c.stdout.contains("study") && c.stdout.contains("simulate-study"))
    }

    /// --z-sd and --fill-missing name the bad value and what would be valid.
    func testPublishedConventionOptionsNameTheBadValue() throws {
        try "participant_id,task,response\np1,toss,000110100111\n".write(toFile: path("in.csv"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--z-sd", "rows"], "invalid value 'rows' for --z-sd: expected strings or patterns"),
            (["--fill-missing", "40"], "invalid value '40' for --fill-missing: expected K=VALUE or TASK:K=VALUE"),
            (["--fill-missing", "K=abc"], "K 'abc' is not a positive number of bits"),
            (["--fill-missing", "coin:K=40"], "'coin' is not a task of the registry gauvrit2017"),
        ]
        for (arguments, message) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(["study", path("in.csv"), "--out", path("out")] + arguments), 2, arguments.joined(separator: " "))
            XCTAssertTrue(c.stderr.contains(message), c.stderr)
        }
        let c = CommandCapture()
        XCTAssertEqual(c.run(["study", path("in.csv"), "--out", path("out"), "--tables", Self.data, "--bootstrap", "0", "--no-plots",
                              "--quiet", "--fill-missing", "toss:K=40", "--z-sd", "strings"]), 0, c.stderr)
        XCTAssertTrue(c.stdout.contains("composite over 1 of 5 tasks: guess not scored (no responses)"), c.stdout)
        let responses = try String(contentsOfFile: path("out/responses.csv"), encoding: .utf8)
        XCTAssertTrue(responses.contains(",imputed,40.000000,"), responses)
        let json = try String(contentsOfFile: path("out/report.json"), encoding: .utf8)
        XCTAssertTrue(json.contains("\"z_sd\": \"strings\""), json)
    }

    /// --spline-df, --age-scale and --covariates name the bad value and what would be valid.
    func testAgeModelOptionsNameTheBadValue() throws {
        try "participant_id,task,response,sex\np1,toss,000110100111,F\n".write(toFile: path("in.csv"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--spline-df", "many"], "invalid value 'many' for --spline-df: expected auto or a whole number 1...20"),
            (["--spline-df", "0"], "invalid value '0' for --spline-df"),
            (["--age-scale", "ln"], "invalid value 'ln' for --age-scale: expected log or raw"),
            (["--covariates", "sex,,age"], "invalid value 'sex,,age' for --covariates"),
            (["--covariates", "sex,lang"], "--covariates 'lang' is not a column of"),
        ]
        for (arguments, message) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(["study", path("in.csv"), "--out", path("out")] + arguments), 2, arguments.joined(separator: " "))
            XCTAssertTrue(c.stderr.contains(message), c.stderr)
        }
    }

    /// A table that is there but unusable (here D(5), truncated) is an error of the run, named
    /// with its file, not a task quietly left out of the composite.
    func testTruncatedTableIsAnErrorNotASkippedTask() throws {
        let sim = CommandCapture()
        XCTAssertEqual(sim.run(["simulate-study", "--participants", "30", "--seed", "2", "--out", path("sim")]), 0, sim.stderr)
        let tables = path("tables")
        try FileManager.default.createDirectory(atPath: tables, withIntermediateDirectories: true)
        let d5 = try Data(contentsOf: Repository.data.appendingPathComponent("D5-T500.tsv"))
        try d5.prefix(d5.count / 2).write(to: URL(fileURLWithPath: (tables as NSString).appendingPathComponent("D5-T500.tsv")))
        let c = CommandCapture()
        XCTAssertEqual(c.run(["study", path("sim/study_long.csv"), "--out", path("out"), "--tables", tables,
                              "--bootstrap", "0", "--no-plots", "--quiet"]), 2, c.stderr)
        XCTAssertTrue(c.stderr.contains("task toss: table unusable") && c.stderr.contains("D5-T500.tsv"), c.stderr)
    }

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    func testSimulateThenAnalyseBothLayouts() throws {
        let sim = CommandCapture()
        XCTAssertEqual(sim.run(["simulate-study", "--participants", "400", "--seed", "4", "--out", path("sim")]), 0, sim.stderr)
        for file in ["study_long.csv", "study_wide.txt", "truth.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: path("sim/\(file)")), file)
        }
        let long = CommandCapture()
        XCTAssertEqual(long.run(["study", path("sim/study_long.csv"), "--out", path("long"), "--tables", Self.data,
                                 "--bootstrap", "30", "--group-by", "sex", "--quiet"]), 0, long.stderr)
        XCTAssertTrue(long.stdout.contains("task toss: scored"), long.stdout)
        XCTAssertTrue(["table not loaded", "table file missing", "scored"].contains { long.stdout.contains("task guess: \($0)") }, long.stdout)
        XCTAssertTrue(long.stdout.contains("task grid: scored"), long.stdout)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("long/summary_by_sex.csv")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: path("long/report.md")))
        // The wide file is detected as such and gives the same composite scores.
        let wide = CommandCapture()
        XCTAssertEqual(wide.run(["study", path("sim/study_wide.txt"), "--out", path("wide"), "--tables", Self.data,
                                 "--bootstrap", "0", "--quiet"]), 0, wide.stderr)
        func composites(_ dir: String) throws -> [String] {
            let rows = try String(contentsOfFile: path("\(dir)/participants.csv"), encoding: .utf8).split(separator: "\n")
                .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
            let id = rows[0].firstIndex(of: "participant_id")!, composite = rows[0].firstIndex(of: "composite")!
            return rows.dropFirst().map { "\($0[id]) \($0[composite])" }
        }
        XCTAssertEqual(try composites("long"), try composites("wide"))
    }

    /// A 59-person study: the spline's df is at most 5, the headline says whether there is
    /// evidence of an interior peak and which part drives the curve, covariates and the group
    /// test are in report.json.
    func testSmallStudyHeadlineStatesTheEvidence() throws {
        let sim = CommandCapture()
        XCTAssertEqual(sim.run(["simulate-study", "--participants", "59", "--seed", "3", "--out", path("sim")]), 0, sim.stderr)
        let c = CommandCapture()
        XCTAssertEqual(c.run(["study", path("sim/study_long.csv"), "--out", path("r"), "--tables", Self.data, "--bootstrap", "0",
                              "--no-plots", "--quiet", "--covariates", "sex,language", "--group-by", "sex"]), 0, c.stderr)
        XCTAssertTrue(c.stdout.contains("composite, quadratic: no evidence of an interior peak") || c.stdout.contains("composite, quadratic: interior peak"), c.stdout)
        XCTAssertTrue(c.stdout.contains("the composite's age curve is driven by"), c.stdout)
        XCTAssertFalse(c.stdout.contains("df 6") || c.stdout.contains("df 9"), c.stdout)
        let json = try String(contentsOfFile: path("r/report.json"), encoding: .utf8)
        for key in ["\"peak_evidence\"", "\"age_curve_driver\"", "\"covariate_models\"", "\"group_tests\"", "\"aicc_by_df\"", "\"age_wald_test\""] {
            XCTAssertTrue(json.contains(key), key)
        }
    }
    #endif

    func testMalformedRowsAreReportedWithLineNumbersAndTheRestAnalysed() throws {
        var csv = "participant_id,age,task,response,rt_s\n"
        var g = 0
        for i in 0..<60 {
            g = (g * 1103515245 + 12345) & 0x7fffffff
            let bits = String(String(g, radix: 2).suffix(12)).padding(toLength: 12, withPad: "0", startingAt: 0)
            csv += "p\(i),\(5 + i),toss,\(bits),9.5\n"
        }
        csv += "q1,twenty,toss,010011010001,9\n"          // line 62
        csv += "q2,30,coin,010011010001,9\n"               // line 63
        csv += "q3,30,toss,0100110100,9\n"                 // line 64
        csv += "q4,30,toss,01001101000x,9\n"               // line 65
        csv += "q5,30,toss,\"010011010001,9\n"             // line 66
        try csv.write(toFile: path("bad.csv"), atomically: true, encoding: .utf8)
        let c = CommandCapture()
        XCTAssertEqual(c.run(["study", path("bad.csv"), "--out", path("out"), "--tables", Self.data, "--bootstrap", "10", "--quiet"]), 1)
        for (line, text) in [(62, "age 'twenty' is not a number"), (63, "unknown task 'coin'"), (64, "has 10 symbols, task toss expects 12"),
                             (65, "symbol 'x'"), (66, "never closed")] {
            XCTAssertTrue(c.stderr.contains("line \(line): ") && c.stderr.contains(text), "line \(line): \(text)\n\(c.stderr)")
        }
        XCTAssertTrue(c.stdout.contains("60 measured of 62 read (5 rows skipped)"), c.stdout)
        let skipped = try String(contentsOfFile: path("out/skipped_rows.csv"), encoding: .utf8)
        XCTAssertEqual(skipped.split(separator: "\n").count, 1 + 5)
    }

    func testUsageErrorsNameTheValue() throws {
        try "participant_id,task,response\np,toss,010011010001\n".write(toFile: path("ok.csv"), atomically: true, encoding: .utf8)
        let ok = path("ok.csv"), out = path("o")
        let cases: [([String], String)] = [
            (["study", "--out", out], "missing INPUT"),
            (["study", ok], "--out"),
            (["study", path("nope.csv"), "--out", out], "nope.csv"),
            (["study", ok, "--out", out, "--bootstrap", "many"], "'many'"),
            (["study", ok, "--out", out, "--layout", "tall"], "'tall'"),
            (["study", ok, "--out", out, "--preset", "gauvrit2018"], "'gauvrit2018'"),
            (["study", ok, "--out", out, "--age-bands", "10,5"], "'10,5'"),
            (["study", ok, "--out", out, "--group-by", "sex"], "'sex'"),
            (["study", ok, "--out", out, "--seed", "-1"], "'-1'"),
            (["study", ok, "--out", out, "--figure-width", "20"], "'20' for --figure-width"),
            (["study", ok, "--out", out, "--figure-width", "wide"], "'wide' for --figure-width"),
            (["study", ok, "--out", ok], "not a directory"),
            (["study", ok, "--out", out, "--registry", path("missing.txt")], "missing.txt"),
            (["study", ok, "--out", out, "--tables", path("nowhere")], "nowhere"),
            (["simulate-study", "--participants", "0", "--seed", "1", "--out", out], "'0'"),
            (["simulate-study", "--participants", "10", "--seed", "x", "--out", out], "'x'"),
            (["simulate-study", "--participants", "10", "--seed", "1", "--out", out, "--peak-age", "200"], "'200'"),
        ]
        for (arguments, fragment) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 2, arguments.joined(separator: " "))
            XCTAssertTrue(c.stderr.contains(fragment), "\(arguments.joined(separator: " ")): \(c.stderr)")
        }
    }

    func testPrintedRegistryIsAValidRegistry() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["study", "--print-registry"]), 0)
        XCTAssertTrue(c.stdout.contains("roll.ordinal = true") && c.stdout.contains("grid.shape = 3x3"))
        try c.stdout.write(toFile: path("tasks.txt"), atomically: true, encoding: .utf8)
        let again = CommandCapture()
        XCTAssertEqual(again.run(["study", "--print-registry", "--registry", path("tasks.txt")]), 0)
        XCTAssertEqual(again.stdout.split(separator: "\n").dropFirst(), c.stdout.split(separator: "\n").dropFirst())
    }
}
