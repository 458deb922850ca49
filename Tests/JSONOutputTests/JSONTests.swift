import JSONOutput
import XCTest

final class JSONTests: XCTestCase {
    let document = JSON.object([
        ("space", .string("(3,2)")), ("steps", .integer(21)), ("machines", .integer(UInt128(1) << 100)),
        ("cpu_seconds", .fixed(0.1234, 3)), ("K", .double(2.2857945883347277)), ("z", .double(.nan)),
        ("top", .array([.object([("ok", .bool(true)), ("note", .optional(nil))])])), ("empty", .array([])),
    ])

    func testCompactKeepsTheKeyOrderOnOneLine() {
        XCTAssertEqual(document.compact, """
            {"space": "(3,2)", "steps": 21, "machines": 1267650600228229401496703205376, "cpu_seconds": 0.123, \
            "K": 2.2857945883347277, "z": null, "top": [{"ok": true, "note": null}], "empty": []}
            """)
    }

    func testIndentedRenderingKeepsNumberArraysOnOneLine() {
        let report = JSON.object([("ci", .array([.fixed(1.5, 1), .double(.infinity)])), ("names", .array([.string("a")]))])
        XCTAssertEqual(report.render(), """
            {
              "ci": [1.5, null],
              "names": [
                "a"
              ]
            }
            """)
        XCTAssertEqual(JSON.object([]).render(), "{}")
    }

    func testNumbersThatAreNotFiniteAreNull() {
        for x in [Double.nan, .infinity, -.infinity] {
            XCTAssertEqual(JSON.double(x).compact, "null")
            XCTAssertEqual(JSON.fixed(x, 2).compact, "null")
        }
        XCTAssertEqual(JSON.fixed(2.675, 2).compact, String(format: "%.2f", 2.675))
        XCTAssertEqual(JSON.double(1e-5).compact, "1e-05")
    }

    func testStringsAreEscaped() {
        XCTAssertEqual(JSON.quote("a\"b\\c\nd\te\r\u{1}é"), #""a\"b\\c\nd\te\r\u0001é""#)
        // What the quoting produces reads back as the same string.
        let text = "tab\there \"quoted\" \\ \u{7}"
        let decoded = try? JSONSerialization.jsonObject(with: Data(JSON.array([.string(text)]).compact.utf8)) as? [String]
        XCTAssertEqual(decoded, [text])
    }

    func testAppendingAddsAMemberAtTheEnd() {
        XCTAssertEqual(JSON.object([("a", .integer(1))]).appending("b", .null).compact, #"{"a": 1, "b": null}"#)
    }
}
