import Foundation
import JSONOutput

/// Number formatting for the report files, fast enough for half a million CSV rows
/// (`String(format:)` would take seconds): fixed decimals by integer arithmetic.
/// NaN (missing) prints as an empty field in CSV, `null` in JSON, "–" in Markdown.
enum NumberText {
    private static let powers: [Double] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000]

    /// `x` with `decimals` digits after the point ("-4.415434"); "" for NaN.
    static func fixed(_ x: Double, _ decimals: Int) -> String {
        if x.isNaN { return "" }
        if x.isInfinite { return x > 0 ? "Inf" : "-Inf" }
        let scale = powers[decimals]
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 9e15 else { return String(format: "%.\(decimals)f", x) }
        let v = Int64(scaled)
        let whole = v / Int64(scale), fraction = v % Int64(scale)
        var s = (x < 0 && v != 0 ? "-" : "") + String(whole)
        if decimals > 0 {
            let digits = String(fraction)
            s += "." + String(repeating: "0", count: decimals - digits.count) + digits
        }
        return s
    }

    /// Shortest round-trip form, for values of any magnitude (D, prob_random); "" for NaN.
    static func exact(_ x: Double) -> String {
        if x.isNaN { return "" }
        if x.isInfinite { return x > 0 ? "Inf" : "-Inf" }
        return x.description
    }

    /// A number of years as people write it: whole numbers without a point ("25"), others in
    /// full ("7.5"). Ages and age-band breaks.
    static func years(_ x: Double) -> String {
        x == x.rounded() ? String(Int(x)) : String(x)
    }

    /// For JSON: a number or null.
    static func json(_ x: Double, _ decimals: Int? = nil) -> String {
        guard x.isFinite else { return "null" }
        return decimals.map { fixed(x, $0) } ?? exact(x)
    }

    /// For Markdown tables.
    static func shown(_ x: Double, _ decimals: Int) -> String {
        x.isNaN ? "–" : fixed(x, decimals)
    }

    /// `x` to `digits` significant digits ("-0.0123", "4.56e-05"), for statistics of any
    /// magnitude in sentences; "–" for NaN.
    static func significant(_ x: Double, _ digits: Int = 3) -> String {
        x.isNaN ? "–" : String(format: "%.\(digits)g", x)
    }

    /// A p value in a sentence: "p < 0.001" or "p = 0.042".
    static func pClause(_ p: Double) -> String {
        if p.isNaN { return "p = –" }
        return p < 0.001 ? "p < 0.001" : "p = " + fixed(p, 3)
    }

    static func pValue(_ p: Double) -> String {
        if p.isNaN { return "" }
        if p == 0 { return "0" }   // below the smallest double: the t statistic is enormous
        if p < 1e-4 { return String(format: "%.1e", p) }
        return fixed(p, 4)
    }
}

/// Writes a text file in large chunks.
struct BufferedFile {
    private var buffer: [UInt8] = []
    private let handle: FileHandle
    let path: String

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw StudyReportError("cannot write '\(path)'")
        }
        self.handle = handle
        self.path = path
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write(_ s: String) throws {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func row(_ fields: [String]) throws {
        try write(fields.joined(separator: ",") + "\n")
    }

    mutating func flush() throws {
        do { try handle.write(contentsOf: buffer) } catch { throw StudyReportError("cannot write '\(path)': \(error.localizedDescription)") }
        buffer.removeAll(keepingCapacity: true)
    }

    mutating func close() throws {
        try flush()
        try? handle.close()
    }
}

struct StudyReportError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// The report's JSON numbers: fixed decimals as the CSV files write them (`NumberText`).
extension JSON {
    static func num(_ x: Double, _ decimals: Int? = nil) -> JSON {
        x.isFinite ? .number(NumberText.json(x, decimals)) : .null
    }

    static func int(_ x: Int) -> JSON { .integer(x) }

    static func str(_ s: String?) -> JSON { .optional(s) }
}
