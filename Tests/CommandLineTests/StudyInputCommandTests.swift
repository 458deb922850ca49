import Foundation
import TestSupport
import XCTest
@testable import ACSSCommandLine

/// Issue 12: a study whose files do not match the registry, other separators and column
/// names, response times in milliseconds.
final class StudyInputCommandTests: XCTestCase {
    static let data = Repository.data.path
    var scratch: String!

    override func setUp() {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("acss-study-input-\(UUID())").path
        try! FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(atPath: scratch) }

    func write(_ name: String, _ text: String) -> String {
        let path = (scratch as NSString).appendingPathComponent(name)
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func study(_ input: String, _ extra: [String] = []) -> (CommandCapture, Int32) {
        let c = CommandCapture()
        let status = c.run(["study", input, "--out", (scratch as NSString).appendingPathComponent("report"), "--tables", Self.data,
                            "--bootstrap", "0", "--no-plots", "--quiet"] + extra)
        return (c, status)
    }

    static let tosses = ["010011010110", "110100101100", "001011010011", "101100110100", "011010011001", "100101100110"]

    /// Rows of 6 participants' toss responses (the binary table loads fast), in this project's column names.
    func rows(toss: (Int) -> String = { StudyInputCommandTests.tosses[$0] }, tossTask: String = "toss",
              separator: String = ",", rt: (Int) -> String = { String(3 + $0) }) -> [String] {
        var lines: [String] = []
        for i in 0..<6 {
            let age = String(20 + i)
            let tossRow: [String] = ["p\(i)", tossTask, toss(i), age, rt(i)]
            lines.append(tossRow.joined(separator: separator))
        }
        return lines
    }

    func testTaskNamesTheRegistryLacksFailTheRun() {
        let file = write("coin.csv", (["participant_id,task,response,age,rt_s"] + rows(tossTask: "coin")).joined(separator: "\n") + "\n")
        let (c, status) = study(file)
        XCTAssertEqual(status, 1)
        XCTAssertTrue(c.stderr.contains("task 'coin' is not in the registry gauvrit2017 (toss, guess, roll, spot, grid): all 6 of its rows were skipped (first on line 2)"), c.stderr)
        XCTAssertTrue(c.stderr.contains("acss study --print-registry") && c.stderr.contains("--registry FILE"), c.stderr)
    }

    func testSymbolsCodedOtherwiseFailTheRun() {
        let ht = rows(toss: { i in ["HTTHHTHTTHTH", "TTHTHHTHTTHH", "HHTHTTHTHHTT", "THTTHHTTHTHH", "HTHTTHHTTHHT", "THHTHTTHHTTH"][i] })
        let file = write("ht.csv", (["participant_id,task,response,age,rt_s"] + ht).joined(separator: "\n") + "\n")
        let (c, status) = study(file)
        XCTAssertEqual(status, 1)
        XCTAssertTrue(c.stderr.contains("task toss: all 6 of its responses were rejected (first: line 2: participant 'p0', task toss: response 'HTTHHTHTTHTH' has symbol 'H', which is not one of task toss's symbols 0 1"), c.stderr)
        XCTAssertTrue(c.stderr.contains("--print-registry"), c.stderr)
    }

    /// Grid responses with a data folder that lacks the 2-D table: nothing can be scored, and
    /// the run fails instead of writing a report without z.
    func testNoScoredResponseFailsTheRun() throws {
        let file = write("grid.csv", "participant_id,task,response\np1,grid,010101010\np2,grid,110101010\n")
        let tables = (scratch as NSString).appendingPathComponent("tables-without-2d")
        try FileManager.default.createDirectory(atPath: tables, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: (Self.data as NSString).appendingPathComponent("D5-T500.tsv"),
                                         toPath: (tables as NSString).appendingPathComponent("D5-T500.tsv"))
        let c = CommandCapture()
        let status = c.run(["study", file, "--out", (scratch as NSString).appendingPathComponent("report"), "--tables", tables,
                            "--bootstrap", "0", "--no-plots", "--quiet"])
        XCTAssertEqual(status, 1)
        XCTAssertTrue(c.stderr.contains("no response has a z score"), c.stderr)
        XCTAssertTrue(c.stderr.contains("G5-T2000"), c.stderr)
        // With the shipped 2-D table the same responses are scored.
        let (scored, ok) = study(file)
        XCTAssertEqual(ok, 0, scored.stderr)
    }

    func testHeaderOnlyFailsEvenQuietly() {
        let file = write("header.csv", "participant_id,task,response,age\r\n")
        let (c, status) = study(file)
        XCTAssertEqual(status, 2)
        XCTAssertTrue(c.stderr.contains("\(file) has a header but no rows: nothing to analyse"), c.stderr)
    }

    /// Semicolons and tabs are detected; --delimiter says it; the results are the comma file's.
    func testSeparatorsAndColumnMap() throws {
        let comma = write("comma.csv", (["participant_id,task,response,age,rt_s"] + rows()).joined(separator: "\n") + "\n")
        let (reference, status) = study(comma)
        XCTAssertEqual(status, 0, reference.stderr)
        let expected = try String(contentsOfFile: (scratch as NSString).appendingPathComponent("report/responses.csv"), encoding: .utf8)
        XCTAssertTrue(expected.contains("010011010110"), expected)
        let semicolon = write("semi.csv", (["participant_id;task;response;age;rt_s"] + rows(separator: ";")).joined(separator: "\r\n") + "\r\n")
        let tab = write("tab.tsv", (["subject\ttask\tresponses\tage\trt"] + rows(separator: "\t", rt: { String(3000 + 1000 * $0) })).joined(separator: "\r") + "\r")
        let cases: [(String, [String])] = [
            (semicolon, []), (semicolon, ["--delimiter", "semicolon"]),
            (tab, ["--columns", "participant_id=subject,response=responses,rt_ms=rt"]),
            (tab, ["--delimiter", "tab", "--columns", "participant_id=subject,response=responses,rt_ms=rt"]),
        ]
        for (file, extra) in cases {
            let (c, status) = study(file, extra)
            XCTAssertEqual(status, 0, "\(extra): \(c.stderr)")
            let got = try String(contentsOfFile: (scratch as NSString).appendingPathComponent("report/responses.csv"), encoding: .utf8)
            XCTAssertEqual(got, expected, "\(file) \(extra)")
        }
        // Refusals, each with the message that names what is wrong.
        let refusals: [(String, [String], String)] = [
            (semicolon, ["--delimiter", "comma"], "the header lacks 'participant_id', 'task', 'response'"),
            (tab, ["--columns", "participant=subject"], "'participant' is not a column of the long layout"),
            (tab, ["--columns", "participant_id=subj,response=responses"],
             "the column map gives 'subj' for participant_id, but the header has no such column"),
            (tab, ["--delimiter", "|"], "invalid value '|' for --delimiter"),
        ]
        for (file, extra, message) in refusals {
            let (c, status) = study(file, extra)
            XCTAssertEqual(status, 2, "\(extra)")
            XCTAssertTrue(c.stderr.contains(message), "\(extra): \(c.stderr)")
        }
    }

    /// jsPsych's rt is in milliseconds: as rt_s it is warned about, as rt_ms read right.
    func testMillisecondsAreWarnedAbout() {
        let ms = write("ms.csv", (["participant_id,task,response,age,rt_s"] + rows(rt: { String(3000 + 1000 * $0) })).joined(separator: "\n") + "\n")
        let (c, status) = study(ms)
        XCTAssertEqual(status, 0, c.stderr)
        XCTAssertTrue(c.stderr.contains("warning: \(ms): the median response time is 5500 s: these look like milliseconds"), c.stderr)
        let seconds = write("s.csv", (["participant_id,task,response,age,rt_s"] + rows(rt: { String(3 + $0) })).joined(separator: "\n") + "\n")
        let (quiet, _) = study(seconds)
        XCTAssertFalse(quiet.stderr.contains("milliseconds"), quiet.stderr)
    }

    func testATableNoTaskUsesIsRefused() {
        let registry = write("coins.txt", "coin.symbols = H T\ncoin.length = 12\n")
        let c = CommandCapture()
        XCTAssertEqual(c.run(["study", "x.csv", "--out", "o", "--registry", registry, "--table", "K.9"]), 2)
        XCTAssertTrue(c.stderr.contains("--table K.9 scores strings of 9 symbols, but no task of the registry \(registry) has that alphabet (coin: 2)"), c.stderr)
    }
}
