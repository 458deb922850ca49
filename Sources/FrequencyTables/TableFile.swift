import Foundation
import TuringMachines

/// The table file format, version 1 (the interchange format; see docs/table-format.md).
///
/// UTF-8 text. Header lines `# key: value`, then one `string<TAB>count` line per output
/// string: the string in symbol characters (`0-9a-f`), its count c0 on blank 0 in decimal,
/// sorted by length then lexicographically. The header's `data_sha256` is the SHA-256 of the
/// body bytes, and `distinct` and `halting` must equal the number of lines and the sum of the
/// counts: together they catch truncated and corrupted files. `cpu_seconds` and `wall_seconds`
/// are the only lines that differ between two runs with the same parameters.
public enum TableFile {
    public static let formatVersion = 1
    public static let magic = "# acss output table"

    /// The file's text.
    public static func render(_ table: OutputTable) -> String {
        var body = ""
        body.reserveCapacity(table.distinct * 24)
        for (s, c) in zip(table.strings, table.counts) {
            body += OutputTable.render(s)
            body += "\t"
            body += String(c)
            body += "\n"
        }
        let header: [(String, String)] = [
            ("format", String(formatVersion)),
            ("states", String(table.space.states)),
            ("symbols", String(table.space.symbols)),
            ("steps", String(table.stepCap)),
            ("blank", "0"),
            ("machines", String(table.machines)),
            ("halting", String(table.halting)),
            ("non_halting", String(table.nonHalting)),
            ("distinct", String(table.distinct)),
            ("longest", String(table.longest)),
            ("latest_halt", String(table.latestHalt)),
            ("halting_at_cap", String(table.haltingAtCap)),
            ("data_sha256", SHA256.hex(body)),
            ("cpu_seconds", String(format: "%.3f", table.cpuSeconds)),
            ("wall_seconds", String(format: "%.3f", table.wallSeconds)),
        ]
        return magic + "\n" + header.map { "# \($0.0): \($0.1)\n" }.joined() + body
    }

    /// Writes atomically (a temporary file renamed into place), so a reader never sees half a table.
    public static func write(_ table: OutputTable, to path: String) throws(TableFileError) {
        let url = URL(fileURLWithPath: path)
        do {
            try Data(render(table).utf8).write(to: url, options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: describe(error))
        }
    }

    public static func read(path: String) throws(TableFileError) -> OutputTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: describe(error))
        }
        return try parse(data, source: path)
    }

    /// Parses and validates a table; `source` names it in errors.
    public static func parse(_ data: Data, source: String) throws(TableFileError) -> OutputTable {
        let result: Result<OutputTable, TableFileError> = data.withUnsafeBytes { raw in
            do throws(TableFileError) {
                return .success(try parse(bytes: raw, source: source))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parse(bytes: UnsafeRawBufferPointer, source: String) throws(TableFileError) -> OutputTable {
        var header: [String: String] = [:]
        var position = 0
        var lineNumber = 0
        let end = bytes.count
        func nextLine() -> Range<Int>? {
            guard position < end else { return nil }
            var stop = position
            while stop < end && bytes[stop] != UInt8(ascii: "\n") { stop += 1 }
            defer { position = stop + 1 }
            lineNumber += 1
            return position..<stop
        }
        // Header.
        guard let first = nextLine(),
              String(decoding: UnsafeRawBufferPointer(rebasing: bytes[first]), as: UTF8.self) == magic
        else { throw .notATable(source: source) }
        var bodyStart = position
        while position < end && bytes[position] == UInt8(ascii: "#") {
            let range = nextLine()!
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            guard text.hasPrefix("# "), let colon = text.firstIndex(of: ":") else {
                throw .badLine(source: source, line: lineNumber, text: text)
            }
            let key = String(text[text.index(text.startIndex, offsetBy: 2)..<colon])
            let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            header[key] = value
            bodyStart = position
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
        func real(_ key: String) throws(TableFileError) -> Double {
            let v = try value(key)
            guard let d = Double(v) else { throw .badHeaderValue(source: source, key: key, value: v) }
            return d
        }
        let version = try integer("format", as: Int.self)
        guard version == formatVersion else {
            throw .badHeaderValue(source: source, key: "format", value: String(version))
        }
        let space: MachineSpace
        do {
            space = try MachineSpace(states: try integer("states", as: Int.self),
                                     symbols: try integer("symbols", as: Int.self))
        } catch let e as MachineSpaceError {
            throw .badHeaderValue(source: source, key: "states/symbols", value: e.description)
        } catch {
            throw .badHeaderValue(source: source, key: "states/symbols", value: "\(error)")
        }
        let steps = try integer("steps", as: Int.self)
        let machines = try integer("machines", as: UInt128.self)
        let halting = try integer("halting", as: UInt128.self)
        let distinct = try integer("distinct", as: Int.self)
        let expectedDigest = try value("data_sha256")

        // Body: checksum first, so that corruption is reported as such rather than as
        // whatever parse error it happens to cause.
        var hash = SHA256()
        hash.update(UnsafeRawBufferPointer(rebasing: bytes[bodyStart..<end]))
        let digest = hash.finalize().map { String(format: "%02x", $0) }.joined()
        var counts: [[UInt8]: UInt128] = [:]
        counts.reserveCapacity(distinct)
        var sum: UInt128 = 0
        var previous: [UInt8] = []
        var lines = 0
        while let range = nextLine() {
            let line = UnsafeRawBufferPointer(rebasing: bytes[range])
            guard let tab = line.firstIndex(of: UInt8(ascii: "\t")),
                  let string = OutputTable.parse(
                    Substring(decoding: UnsafeRawBufferPointer(rebasing: line[..<tab]), as: UTF8.self).utf8,
                    symbols: space.symbols),
                  let count = UInt128(String(decoding: UnsafeRawBufferPointer(rebasing: line[(tab + 1)...]), as: UTF8.self)),
                  count > 0
            else {
                if digest != expectedDigest {
                    throw .checksumMismatch(source: source, expected: expectedDigest, actual: digest)
                }
                throw .badLine(source: source, line: lineNumber,
                               text: String(decoding: line.prefix(80), as: UTF8.self))
            }
            if lines > 0 && !OutputTable.precedes(previous, string) {
                throw .unsorted(source: source, line: lineNumber)
            }
            counts[string] = count
            sum += count
            previous = string
            lines += 1
        }
        if digest != expectedDigest {
            throw .checksumMismatch(source: source, expected: expectedDigest, actual: digest)
        }
        guard lines == distinct else {
            throw .countMismatch(source: source, what: "distinct", header: String(distinct), actual: String(lines))
        }
        guard sum == halting else {
            throw .countMismatch(source: source, what: "halting", header: String(halting), actual: String(sum))
        }
        let table = OutputTable(
            space: space, stepCap: steps, machines: machines, halting: halting,
            latestHalt: try integer("latest_halt", as: Int.self),
            haltingAtCap: try integer("halting_at_cap", as: UInt128.self),
            cpuSeconds: try real("cpu_seconds"), wallSeconds: try real("wall_seconds"),
            counts: counts)
        return table
    }

    static func describe(_ error: any Error) -> String {
        if let e = error as? CocoaError, let underlying = e.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return (error as NSError).localizedDescription
    }
}

public enum TableFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case unwritable(path: String, reason: String)
    case notATable(source: String)
    case missingHeader(source: String, key: String)
    case badHeaderValue(source: String, key: String, value: String)
    case badLine(source: String, line: Int, text: String)
    case unsorted(source: String, line: Int)
    case checksumMismatch(source: String, expected: String, actual: String)
    case countMismatch(source: String, what: String, header: String, actual: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "cannot read table \(p): \(r)"
        case .unwritable(let p, let r): return "cannot write table \(p): \(r)"
        case .notATable(let s): return "\(s) is not an acss output table (first line is not '\(TableFile.magic)')"
        case .missingHeader(let s, let k): return "\(s): header line '# \(k): ...' is missing"
        case .badHeaderValue(let s, let k, let v): return "\(s): header '\(k)' has an invalid value '\(v)'"
        case .badLine(let s, let l, let t): return "\(s):\(l): not a 'string<TAB>count' line: '\(t)'"
        case .unsorted(let s, let l): return "\(s):\(l): strings are not sorted by length then lexicographically (duplicate or out of order)"
        case .checksumMismatch(let s, let e, let a):
            return "\(s): data checksum mismatch (header says \(e), data hashes to \(a)): the file is truncated or corrupted"
        case .countMismatch(let s, let w, let h, let a):
            return "\(s): header says \(w) = \(h) but the data has \(a): the file is truncated or corrupted"
        }
    }
}
