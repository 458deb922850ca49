import Foundation
import XCTest
@testable import Enumeration
@testable import FrequencyTables
import TestSupport
import TuringMachines

final class TableFileTests: XCTestCase {
    /// D(3) from a fresh enumeration, as an output table.
    func freshTable(states: Int = 3, steps: Int = 21) throws -> OutputTable {
        let space = try MachineSpace(states: states, symbols: 2)
        let r = try TreeEnumerator(space: space, stepCap: steps, threads: 2).run()
        return OutputTable(r, timing: RunTiming(cpuSeconds: 0.5, wallSeconds: 0.25))
    }

    func testRoundTrip() throws {
        let table = try freshTable()
        let text = TableFile.render(table)
        let back = try TableFile.parse(Data(text.utf8), source: "memory")
        XCTAssertEqual(back, table)
        XCTAssertTrue(text.hasPrefix(TableFile.magic + "\n"))
        for key in ["format", "states", "symbols", "steps", "machines", "halting", "distinct", "cpu_seconds", "data_sha256"] {
            XCTAssertTrue(text.contains("\n# \(key): "), "header \(key)")
        }
    }

    func testBodyIsSortedByLengthThenLexicographically() throws {
        let text = TableFile.render(try freshTable())
        let strings = text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0.split(separator: "\t")[0]) }
        XCTAssertEqual(strings.count, 95)
        for (a, b) in zip(strings, strings.dropFirst()) {
            XCTAssertTrue(a.count < b.count || (a.count == b.count && a < b), "\(a) before \(b)")
        }
        XCTAssertEqual(strings.first, "0")
    }

    func testWriteAndReadFile() throws {
        let table = try freshTable()
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acss-\(UUID()).tsv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try TableFile.write(table, to: path)
        XCTAssertEqual(try TableFile.read(path: path), table)
    }

    func expectRejection(_ text: String, file: StaticString = #filePath, line: UInt = #line,
                         _ check: (TableFileError) -> Bool) {
        XCTAssertThrowsError(try TableFile.parse(Data(text.utf8), source: "t.tsv"), file: file, line: line) { error in
            guard let e = error as? TableFileError else { return XCTFail("wrong error type \(error)", file: file, line: line) }
            XCTAssertTrue(check(e), "unexpected error: \(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains("t.tsv"), "the message names the file: \(e)", file: file, line: line)
        }
    }

    func testTruncatedFileIsRejected() throws {
        let text = TableFile.render(try freshTable())
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.removeLast(2) // last data line and the final empty piece
        expectRejection(lines.joined(separator: "\n") + "\n") {
            if case .checksumMismatch = $0 { return true }
            if case .countMismatch = $0 { return true }
            return false
        }
        // Cut in the middle of a line.
        expectRejection(String(text.prefix(text.count - 3))) { _ in true }
        // Only the header.
        expectRejection(String(text.prefix(upTo: text.range(of: "\n0\t")!.lowerBound)) + "\n") { _ in true }
    }

    func testChangedCountIsRejected() throws {
        let text = TableFile.render(try freshTable())
        // Change one digit of the count of "0".
        let range = text.range(of: "\n0\t")!
        var chars = Array(text)
        let i = text.distance(from: text.startIndex, to: range.upperBound)
        chars[i] = chars[i] == "1" ? "2" : "1"
        expectRejection(String(chars)) {
            if case .checksumMismatch = $0 { return true }
            return false
        }
    }

    func testMalformedInputsAreRejectedWithTheReason() throws {
        let text = TableFile.render(try freshTable())
        expectRejection("hello\n") { if case .notATable = $0 { return true }; return false }
        expectRejection("") { if case .notATable = $0 { return true }; return false }
        expectRejection(TableSeal.resealed(text.replacingOccurrences(of: "# states: 3\n", with: ""))) {
            if case .missingHeader(_, "states") = $0 { return true }; return false
        }
        expectRejection(TableSeal.resealed(text.replacingOccurrences(of: "# states: 3\n", with: "# states: three\n"))) {
            if case .badHeaderValue(_, "states", "three") = $0 { return true }; return false
        }
        expectRejection(text.replacingOccurrences(of: "\n0\t", with: "\n0 ")) {
            if case .badLine = $0 { return true }; return false
        }
        expectRejection(text.replacingOccurrences(of: "\n1\t", with: "\n2\t")) {
            if case .badLine = $0 { return true }; return false
        }
    }

    func testUnreadablePathIsNamed() {
        XCTAssertThrowsError(try TableFile.read(path: "/nonexistent/D5.tsv")) { error in
            XCTAssertTrue("\(error)".contains("/nonexistent/D5.tsv"))
        }
    }
}
