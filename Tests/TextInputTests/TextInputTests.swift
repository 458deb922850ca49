import XCTest
import TextInput

/// The one text reader: strict UTF-8, line ends, delimited records, decimal numbers.
final class TextInputTests: XCTestCase {
    /// Lines of `bytes` fed in chunks of `chunk` bytes: (number, text or problem).
    func lines(_ bytes: [UInt8], chunk: Int = 1 << 20) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var splitter = TextLines()
        let body: (TextLine) -> Void = { line in
            result.append((line.number, line.problem.map { "! \($0)" } ?? line.text))
        }
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            Array(bytes[start..<end]).withUnsafeBufferPointer { splitter.feed($0, body) }
            start = end
        }
        splitter.finish(body)
        return result
    }

    func texts(_ bytes: [UInt8], chunk: Int = 1 << 20) -> [String] { lines(bytes, chunk: chunk).map(\.1) }

    func testEveryLineEndSplitsWhateverTheChunks() {
        let input = Array("HTHT\rTTHH\r\nHHHH\nTTTT\r".utf8)
        for chunk in 1...input.count {
            XCTAssertEqual(texts(input, chunk: chunk), ["HTHT", "TTHH", "HHHH", "TTTT"], "chunk \(chunk)")
            XCTAssertEqual(lines(input, chunk: chunk).map(\.0), [1, 2, 3, 4])
        }
        XCTAssertEqual(texts(Array("a\r\rb".utf8)), ["a", "", "b"], "two lone CRs are two line ends")
        XCTAssertEqual(texts(Array("a\n\r\nb\n".utf8)), ["a", "", "b"])
        XCTAssertEqual(texts([]), [])
    }

    func testByteOrderMarkIsDroppedOnlyAtTheStart() {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        for chunk in [1, 2, 3, 100] {
            XCTAssertEqual(texts(bom + Array("0101\n".utf8) + bom + Array("01".utf8), chunk: chunk),
                           ["0101", "\u{FEFF}01"], "a BOM inside the input is text, chunk \(chunk)")
        }
    }

    func testInvalidUTF8AndNULAreProblemsOfTheirLine() {
        let input = Array("0123\n0101".utf8) + [0xFF, 0xFE] + Array("01\nab".utf8) + [0] + Array("c\n3210\n".utf8)
        let result = lines(input)
        XCTAssertEqual(result.map(\.0), [1, 2, 3, 4])
        XCTAssertEqual(result[0].1, "0123")
        XCTAssertEqual(result[1].1, "! invalid UTF-8 at byte 5 (0xFF 0xFE); save the file as UTF-8")
        XCTAssertEqual(result[2].1, "! NUL byte at byte 3 (binary data, or a UTF-16 file? save it as UTF-8)")
        XCTAssertEqual(result[3].1, "3210")
    }

    func testStrictUTF8RefusesWhatRFC3629Refuses() {
        let valid: [[UInt8]] = [Array("HT".utf8), Array("🙂é€".utf8), [0xF4, 0x8F, 0xBF, 0xBF], [0xED, 0x9F, 0xBF]]
        for v in valid { XCTAssertNil(StrictUTF8.problem(in: v), "\(v)") }
        let invalid: [([UInt8], TextProblem)] = [
            ([0x41, 0xC0, 0xAF], .invalidUTF8(offset: 2, bytes: [0xC0, 0xAF])),          // overlong '/'
            ([0xED, 0xA0, 0x80], .invalidUTF8(offset: 1, bytes: [0xED, 0xA0, 0x80])),    // a surrogate
            ([0xF4, 0x90, 0x80, 0x80], .invalidUTF8(offset: 1, bytes: [0xF4, 0x90, 0x80, 0x80])), // above U+10FFFF
            ([0xE2, 0x82], .invalidUTF8(offset: 1, bytes: [0xE2, 0x82])),                // cut short
            ([0x80], .invalidUTF8(offset: 1, bytes: [0x80])),                            // lone continuation
            ([0x31, 0x00], .nul(offset: 2)),
        ]
        for (bytes, problem) in invalid { XCTAssertEqual(StrictUTF8.problem(in: bytes), problem, "\(bytes)") }
        XCTAssertEqual(StrictUTF8.shown([0x30, 0xFF, 0x31, 0x00, 0xC3, 0xA9]), "0\\xFF1\\0é")
    }

    func testDecimalNumbersOnly() {
        let accepted: [(String, Double)] = [("25", 25), ("-1.5", -1.5), ("+2", 2), (".5", 0.5), ("5.", 5), ("1e3", 1000), ("2.5E-1", 0.25)]
        for (text, value) in accepted { XCTAssertEqual(DecimalNumber.parse(text), value, text) }
        for text in ["0x19", "0x10", "0x1p4", "inf", "-infinity", "nan", "NaN", "", " 5", "5 ", "1e", "e5", ".", "-", "1.2.3", "1,5", "1e+", "١٢"] {
            XCTAssertNil(DecimalNumber.parse(text), text)
        }
        XCTAssertEqual(Double("0x19"), 25, "why the parser exists: Swift reads hexadecimal")
    }

    func testSeparatorDetection() {
        XCTAssertEqual(DelimitedText.detect(Array("participant_id;task;response\np1;toss;0101\n".utf8)), .semicolon)
        XCTAssertEqual(DelimitedText.detect(Array("participant_id\ttask\tresponse\n".utf8)), .tab)
        XCTAssertEqual(DelimitedText.detect(Array("\"a;b\",task,response\n".utf8)), .csv, "separators inside quotes do not count")
        XCTAssertEqual(DelimitedText.detect(Array("\n\nsubject,rt\n".utf8)), .csv)
        XCTAssertEqual(DelimitedText.detect(Array("response\n".utf8)), .csv, "comma when there is none")
        XCTAssertEqual(DelimitedText.Dialect(named: "semicolon"), .semicolon)
        XCTAssertEqual(DelimitedText.Dialect(named: ";"), .semicolon)
        XCTAssertEqual(DelimitedText.Dialect(named: "tab"), .tab)
        XCTAssertNil(DelimitedText.Dialect(named: "pipe"))
    }

    func testRecordsAreDecodedStrictly() {
        var records: [String] = []
        let bytes = Array("a;b\r1;2\r".utf8) + [0x33, 0xFF] + Array(";4\r\"5\";\"6\"\r".utf8)
        DelimitedText.parse(bytes, dialect: .semicolon) { record in
            switch record {
            case .fields(let line, let fields): records.append("\(line): \(fields.joined(separator: "|"))")
            case .malformed(let line, let message): records.append("\(line)! \(message)")
            }
        }
        XCTAssertEqual(records, ["1: a|b", "2: 1|2", "3! field 1: invalid UTF-8 at byte 2 (0xFF); save the file as UTF-8", "4: 5|6"])
    }
}
