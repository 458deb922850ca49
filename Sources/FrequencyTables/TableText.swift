import Enumeration
import Foundation
import TextInput
import TuringMachines

/// The in-place reader shared by both table formats (exhaustive `TableFile`, sampled
/// `SampledTableFile`): magic line, `# key: value` header, SHA-256 of the body, and body lines
/// `symbols<TAB>field<TAB>field...` parsed without allocating per line, with the order check.
/// Each format decides what its fields and header keys mean.
struct TableText {
    let bytes: UnsafeRawBufferPointer
    let source: String
    private(set) var header: [String: String] = [:]
    private(set) var bodyStart = 0
    private(set) var digest = ""
    /// SHA-256 of the magic line and every header line but the unsealed ones
    /// (`TableWriter.unsealed`), each with its line end: what `header_sha256` seals.
    private(set) var headerDigest = ""
    private var lineNumber = 0
    /// Lines before the body (the magic line and the header).
    var headerLines: Int { lineNumber }

    /// Reads the magic line and the header and hashes the body.
    init(bytes: UnsafeRawBufferPointer, source: String, magic: String) throws(TableFileError) {
        self.bytes = bytes
        self.source = source
        var position = 0
        guard let first = Self.line(in: bytes, from: &position),
              String(decoding: UnsafeRawBufferPointer(rebasing: bytes[first]), as: UTF8.self) == magic
        else { throw .notATable(source: source) }
        lineNumber = 1
        var sealed = SHA256()
        sealed.update(UnsafeRawBufferPointer(rebasing: bytes[first.lowerBound..<min(first.upperBound + 1, bytes.count)]))
        while position < bytes.count && bytes[position] == UInt8(ascii: "#") {
            let range = Self.line(in: bytes, from: &position)!
            lineNumber += 1
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            guard text.hasPrefix("# "), let colon = text.firstIndex(of: ":") else {
                throw .badLine(source: source, line: lineNumber, text: text)
            }
            let key = String(text[text.index(text.startIndex, offsetBy: 2)..<colon])
            guard header.updateValue(text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces), forKey: key) == nil else {
                throw .badLine(source: source, line: lineNumber, text: "header '\(key)' given twice")
            }
            if !TableWriter.unsealed.contains(key) {
                sealed.update(UnsafeRawBufferPointer(rebasing: bytes[range.lowerBound..<min(range.upperBound + 1, bytes.count)]))
            }
        }
        headerDigest = sealed.finalizeHex()
        bodyStart = min(position, bytes.count) // a last header line without its line end
        var hash = SHA256()
        hash.update(UnsafeRawBufferPointer(rebasing: bytes[bodyStart...]))
        digest = hash.finalizeHex()
    }

    private static func line(in bytes: UnsafeRawBufferPointer, from position: inout Int) -> Range<Int>? {
        guard position < bytes.count else { return nil }
        var stop = position
        while stop < bytes.count && bytes[stop] != UInt8(ascii: "\n") { stop += 1 }
        defer { position = stop + 1 }
        return position..<stop
    }

    func value(_ key: String) throws(TableFileError) -> String {
        guard let v = header[key] else { throw .missingHeader(source: source, key: key) }
        return v
    }

    func integer<T: FixedWidthInteger>(_ key: String, as: T.Type) throws(TableFileError) -> T {
        let v = try value(key)
        guard let i = T(v) else { throw .badHeaderValue(source: source, key: key, value: v) }
        return i
    }

    func optionalInteger<T: FixedWidthInteger>(_ key: String, as type: T.Type) throws(TableFileError) -> T? {
        header[key] == nil ? nil : try integer(key, as: type)
    }

    func real(_ key: String) throws(TableFileError) -> Double {
        let v = try value(key)
        guard let d = DecimalNumber.parse(v) else { throw .badHeaderValue(source: source, key: key, value: v) }
        return d
    }

    /// The format check, and the seal: a current-format file must carry `header_sha256`, equal
    /// to the digest of its header (so no figure can be edited without the reader noticing;
    /// with `data_sha256` among the sealed lines, the body is covered too). A file of the
    /// previous format has no seal; only `legacy` readers (`acss table upgrade`) accept it.
    func checkFormat(_ version: Int, legacy: Bool = false) throws(TableFileError) {
        let format = try integer("format", as: Int.self)
        if format == version - 1 && header["header_sha256"] == nil {
            guard legacy else { throw .unsealed(source: source) }
            return
        }
        guard format == version else { throw .badHeaderValue(source: source, key: "format", value: try value("format")) }
        let expected = try value("header_sha256")
        guard expected == headerDigest else { throw .headerChecksumMismatch(source: source, expected: expected, actual: headerDigest) }
    }

    func space() throws(TableFileError) -> MachineSpace {
        let states = try integer("states", as: Int.self)
        let symbols = try integer("symbols", as: Int.self)
        do {
            return try MachineSpace(states: states, symbols: symbols)
        } catch {
            throw .badHeaderValue(source: source, key: "states/symbols", value: "\(states)/\(symbols): \(error)")
        }
    }

    /// `shard: i/k`, or nil for a whole run.
    func shard() throws(TableFileError) -> Shard? {
        guard let text = header["shard"] else { return nil }
        do { return try Shard(parsing: text) } catch {
            throw .badHeaderValue(source: source, key: "shard", value: text)
        }
    }

    /// `cpu_seconds` and `wall_seconds`.
    func timing() throws(TableFileError) -> RunTiming {
        RunTiming(cpuSeconds: try real("cpu_seconds"), wallSeconds: try real("wall_seconds"))
    }

    /// Hands every body line to `body`: its symbols (valid during the call) and its `fields`
    /// numeric fields as unsigned decimal integers, the first of them signed when
    /// `signedField` names it; the first field (a count) must be positive. Rejects a malformed line (naming it, and saying whether the
    /// checksum fails too), an order violation, and finally a checksum mismatch. Returns the
    /// number of lines.
    mutating func forEachLine(
        symbols: Int, fields: Int, signedField: Int? = nil,
        _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt128>, Int128?, Int) throws(TableFileError) -> Void
    ) throws(TableFileError) -> Int {
        let expected = try value("data_sha256")
        var position = bodyStart
        var current: [UInt8] = [], previous: [UInt8] = []
        current.reserveCapacity(256)
        previous.reserveCapacity(256)
        var values = [UInt128](repeating: 0, count: fields)
        var lines = 0
        while let range = Self.line(in: bytes, from: &position) {
            lineNumber += 1
            let line = UnsafeRawBufferPointer(rebasing: bytes[range])
            current.removeAll(keepingCapacity: true)
            var valid = true
            var i = 0
            while i < line.count && line[i] != UInt8(ascii: "\t") {
                let c = line[i]
                let v: UInt8
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): v = c - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): v = c - UInt8(ascii: "a") + 10
                default: v = 255
                }
                if v >= symbols { valid = false }
                current.append(v)
                i += 1
            }
            valid = valid && !current.isEmpty
            var signed: Int128? = nil
            for f in 0..<fields where valid {
                guard i < line.count, line[i] == UInt8(ascii: "\t") else { valid = false; break }
                var stop = i + 1
                while stop < line.count && line[stop] != UInt8(ascii: "\t") { stop += 1 }
                let text = UnsafeRawBufferPointer(rebasing: line[(i + 1)..<stop])
                if f == signedField {
                    if let s = Int128(String(decoding: text, as: UTF8.self)) { signed = s } else { valid = false }
                } else if let v = Self.parseCount(text) {
                    values[f] = v
                } else {
                    valid = false
                }
                i = stop
            }
            if i != line.count || (fields > 0 && signedField != 0 && values[0] == 0) { valid = false }
            guard valid else {
                throw .badLine(source: source, line: lineNumber, text: String(decoding: line.prefix(80), as: UTF8.self),
                               checksumMatches: digest == expected)
            }
            if lines > 0 && !OutputTable.precedes(previous, current) {
                throw .unsorted(source: source, line: lineNumber)
            }
            try current.withUnsafeBufferPointer { s throws(TableFileError) in
                try values.withUnsafeBufferPointer { v throws(TableFileError) in try body(s, v, signed, lineNumber) }
            }
            swap(&previous, &current)
            lines += 1
        }
        guard digest == expected else {
            throw .checksumMismatch(source: source, expected: expected, actual: digest)
        }
        return lines
    }

    /// A count field: what `UInt128(String)` accepts, with a fast path for plain digits.
    static func parseCount(_ text: UnsafeRawBufferPointer) -> UInt128? {
        var value: UInt128 = 0
        for c in text {
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else {
                // Anything but plain digits (a sign, a stray character): the general parser
                // decides, so the accepted syntax is exactly that of `UInt128(String)`.
                return UInt128(String(decoding: text, as: UTF8.self))
            }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = times10.addingReportingOverflow(UInt128(c - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            value = next
        }
        return text.isEmpty ? nil : value
    }
}

/// The writing side shared by both table formats: the file is the magic line, the header
/// lines `# key: value` (the figures, then the body's checksum and the run's timing) and the
/// body; it is written atomically (a temporary file renamed into place), so a reader never
/// sees half a table.
enum TableWriter {
    /// The body: one line per string, its symbol characters, a tab, then `fields(i)`.
    static func body(strings: [[UInt8]], bytesPerLine: Int, fields: (Int) -> String) -> String {
        var body = ""
        body.reserveCapacity(strings.count * bytesPerLine)
        for (i, s) in strings.enumerated() {
            body += OutputTable.render(s)
            body += "\t"
            body += fields(i)
            body += "\n"
        }
        return body
    }

    /// Header lines outside the seal: the seal itself and the timing, the only lines that
    /// differ between two runs with the same arguments.
    static let unsealed: Set<String> = ["header_sha256", "cpu_seconds", "wall_seconds"]

    static func text(magic: String, header: [(String, String)], body: String, timing: RunTiming) -> String {
        let sealed = magic + "\n" + (header + [("data_sha256", SHA256.hexDigest(of: body))]).map { "# \($0.0): \($0.1)\n" }.joined()
        let rest: [(String, String)] = [
            ("header_sha256", SHA256.hexDigest(of: sealed)),
            ("cpu_seconds", String(format: "%.3f", timing.cpuSeconds)),
            ("wall_seconds", String(format: "%.3f", timing.wallSeconds)),
        ]
        return sealed + rest.map { "# \($0.0): \($0.1)\n" }.joined() + body
    }

    static func write(_ text: String, to path: String) throws(TableFileError) {
        do {
            try AtomicFile.write(Data(text.utf8), to: path)
        } catch {
            throw .unwritable(path: path, reason: TableFile.describe(error))
        }
    }
}
