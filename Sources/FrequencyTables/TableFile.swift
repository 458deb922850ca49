import Enumeration
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
///
/// A trimmed table (`acss table trim`) lists only the strings up to `listed_max_length`; its
/// `distinct`, `longest` and `complete_up_to_length` still describe the full run, and
/// `listed_distinct` and `listed_count_sum` take over the roles of `distinct` and `halting`
/// in the checks of the listed lines.
public enum TableFile {
    /// 2: format 1 sealed by `header_sha256` (docs/table-format.md).
    public static let formatVersion = 2
    public static let magic = "# acss output table"

    /// The file's text.
    public static func render(_ table: OutputTable) -> String {
        let body = TableWriter.body(strings: table.strings, bytesPerLine: 24) { String(table.counts[$0]) }
        var header: [(String, String)] = [
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
        ]
        if let late = table.haltingLateHalf { header.append(("halting_after_half_cap", String(late))) }
        if let listing = table.listing {
            header.append(("complete_up_to_length", String(listing.completeUpToLength)))
            header.append(("listed_max_length", String(listing.maxLength)))
            header.append(("listed_distinct", String(table.listedCount)))
            header.append(("listed_count_sum", String(table.counts.reduce(UInt128(0), +))))
        }
        if let part = table.part {
            header.append(("shard", part.shard.description))
            header.append(("split_level", String(part.splitLevel)))
        }
        return TableWriter.text(magic: magic, header: header, body: body, timing: table.timing)
    }

    /// Writes atomically (a temporary file renamed into place), so a reader never sees half a table.
    public static func write(_ table: OutputTable, to path: String) throws(TableFileError) {
        try TableWriter.write(render(table), to: path)
    }

    /// Reads and validates a table. `legacy` also accepts the unsealed previous format (for
    /// `acss table upgrade`; every other reader refuses it).
    public static func read(path: String, legacy: Bool = false) throws(TableFileError) -> OutputTable {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: describe(error))
        }
        return try parse(data, source: path, legacy: legacy)
    }

    /// Parses and validates a table; `source` names it in errors.
    public static func parse(_ data: Data, source: String, legacy: Bool = false) throws(TableFileError) -> OutputTable {
        let result: Result<OutputTable, TableFileError> = data.withUnsafeBytes { raw in
            do throws(TableFileError) {
                return .success(try parse(bytes: raw, source: source, legacy: legacy))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func parse(bytes: UnsafeRawBufferPointer, source: String, legacy: Bool) throws(TableFileError) -> OutputTable {
        var counts: [[UInt8]: UInt128] = [:]
        let figures = try scan(bytes: bytes, source: source, legacy: legacy, reserve: { counts.reserveCapacity($0) }) { string, count in
            counts[Array(string)] = count
        }
        return OutputTable(figures: figures, counts: counts)
    }

    /// Reads a table file and hands every `string<TAB>count` entry, in file order, to `entry`
    /// (symbols `0..<m`, valid only during the call) without building an `OutputTable`: for
    /// consumers that keep only what they need (the scoring tables). The file is validated
    /// exactly as `read(path:)` validates it (checksum, order, counts, header); the entries
    /// handed out before an error is thrown must then be discarded by the caller.
    public static func scan(
        path: String, entry: (UnsafeBufferPointer<UInt8>, UInt128) -> Void
    ) throws(TableFileError) -> OutputTable.Figures {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: describe(error))
        }
        let result: Result<OutputTable.Figures, TableFileError> = data.withUnsafeBytes { raw in
            do throws(TableFileError) {
                return .success(try scan(bytes: raw, source: path, legacy: false, reserve: { _ in }, entry: entry))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The one reader of the format (on `TableText`, which parses each line in place with no
    /// per-line allocation: this keeps loading the 60,000-line D(5) table within milliseconds).
    private static func scan(
        bytes: UnsafeRawBufferPointer, source: String, legacy: Bool, reserve: (Int) -> Void,
        entry: (UnsafeBufferPointer<UInt8>, UInt128) -> Void
    ) throws(TableFileError) -> OutputTable.Figures {
        var text = try TableText(bytes: bytes, source: source, magic: magic)
        try text.checkFormat(formatVersion, legacy: legacy)
        let space = try text.space()
        let halting = try text.integer("halting", as: UInt128.self)
        let distinct = try text.integer("distinct", as: Int.self)
        var listing: OutputTable.Listing?
        // What the listed lines must add up to: the whole run, or the trimmed listing.
        var listed = (what: "distinct", lines: distinct, sumWhat: "halting", sum: halting)
        if let maxLength = try text.optionalInteger("listed_max_length", as: Int.self) {
            guard maxLength >= 1 else {
                throw .badHeaderValue(source: source, key: "listed_max_length", value: String(maxLength))
            }
            listing = OutputTable.Listing(
                maxLength: maxLength, distinct: distinct, longest: try text.integer("longest", as: Int.self),
                completeUpToLength: try text.integer("complete_up_to_length", as: Int.self))
            listed = ("listed_distinct", try text.integer("listed_distinct", as: Int.self),
                      "listed_count_sum", try text.integer("listed_count_sum", as: UInt128.self))
        }
        reserve(max(0, listed.lines))
        var sum: UInt128 = 0
        var tooLong: Int?
        var perLength: [Int] = []
        let lines = try text.forEachLine(symbols: space.symbols, fields: 1) { string, fields, _, line in
            if let listing, string.count > listing.maxLength, tooLong == nil { tooLong = line }
            if string.count >= perLength.count { perLength += Array(repeating: 0, count: string.count + 1 - perLength.count) }
            perLength[string.count] += 1
            entry(string, fields[0])
            sum += fields[0]
        }
        if let tooLong, let listing {
            throw .badHeaderValue(source: source, key: "listed_max_length",
                                  value: "\(listing.maxLength), but line \(tooLong) lists a longer string")
        }
        guard lines == listed.lines else {
            throw .countMismatch(source: source, what: listed.what, header: String(listed.lines), actual: String(lines))
        }
        guard sum == listed.sum else {
            throw .countMismatch(source: source, what: listed.sumWhat, header: String(listed.sum), actual: String(sum))
        }
        if let listing {
            try checkFullFigures(listing, listedLongest: perLength.count - 1, perLength: perLength, listedSum: sum,
                                 halting: halting, machines: try text.integer("machines", as: UInt128.self),
                                 symbols: space.symbols, source: source)
        }
        let part = try text.shard().map { shard throws(TableFileError) in
            OutputTable.Part(shard: shard, splitLevel: try text.integer("split_level", as: Int.self))
        }
        let figures = OutputTable.Figures(
            space: space, stepCap: try text.integer("steps", as: Int.self),
            machines: try text.integer("machines", as: UInt128.self), halting: halting,
            latestHalt: try text.integer("latest_halt", as: Int.self),
            haltingAtCap: try text.integer("halting_at_cap", as: UInt128.self),
            haltingLateHalf: try text.optionalInteger("halting_after_half_cap", as: UInt128.self),
            part: part, listing: listing, timing: try text.timing())
        try checkFigures(figures, nonHalting: try text.integer("non_halting", as: UInt128.self),
                         longest: try text.integer("longest", as: Int.self),
                         bodyLongest: listing == nil ? perLength.count - 1 : nil, source: source)
        return figures
    }

    /// The figures that must agree with each other and with the space, whatever the body: the
    /// machines of a whole run are (2nm+m)^(nm) (a shard's at most that), halting and
    /// non-halting add up to them, nothing halts after the cap, the tails lie within the
    /// halting count, and an untrimmed table's longest string is its body's. (A header edit is
    /// caught by the seal first; these catch a table written wrongly, or sealed after an edit.)
    private static func checkFigures(_ f: OutputTable.Figures, nonHalting: UInt128, longest: Int, bodyLongest: Int?,
                                     source: String) throws(TableFileError) {
        func bad(_ key: String, _ value: String, _ why: String) -> TableFileError {
            .badHeaderValue(source: source, key: key, value: "\(value) (\(why))")
        }
        if let all = f.space.machineCount {
            if f.part == nil, f.machines != all {
                throw bad("machines", String(f.machines), "a whole run of \(f.space) has (2nm+m)^(nm) = \(all) machines")
            }
            if f.machines > all { throw bad("machines", String(f.machines), "more than the \(all) machines of \(f.space)") }
        }
        guard f.halting <= f.machines, nonHalting == f.machines - f.halting else {
            throw bad("non_halting", String(nonHalting), "halting \(f.halting) + non_halting must equal machines \(f.machines)")
        }
        guard f.stepCap >= 1, f.latestHalt <= f.stepCap, f.halting == 0 || f.latestHalt >= 1 else {
            throw bad("latest_halt", String(f.latestHalt), "must lie in 1...steps (\(f.stepCap))")
        }
        guard f.haltingAtCap <= (f.haltingLateHalf ?? f.halting), (f.haltingLateHalf ?? 0) <= f.halting else {
            throw bad("halting_at_cap", String(f.haltingAtCap), "the tails must satisfy at_cap <= after_half_cap <= halting")
        }
        if let bodyLongest, longest != max(bodyLongest, 0) {
            throw bad("longest", String(longest), "the longest listed string has length \(bodyLongest)")
        }
    }

    /// The body of a trimmed table covers only its listing, so its checksum and sums cannot
    /// vouch for the full run's figures; these must at least agree with what is listed: H is
    /// at least the listed sum and at most the machines, the run has at least the listed strings
    /// and one as long as the longest listed, and its completeness is what the body shows up to
    /// the listed length. A listing that reaches the longest string is the whole table.
    private static func checkFullFigures(
        _ listing: OutputTable.Listing, listedLongest: Int, perLength: [Int], listedSum: UInt128,
        halting: UInt128, machines: UInt128, symbols: Int, source: String
    ) throws(TableFileError) {
        func bad(_ key: String, _ value: String, _ why: String) -> TableFileError {
            .badHeaderValue(source: source, key: key, value: "\(value) (\(why))")
        }
        guard halting >= listedSum, halting <= machines else {
            throw bad("halting", String(halting), "must lie between the listed count sum \(listedSum) and the machines \(machines)")
        }
        let listedCount = perLength.reduce(0, +)
        guard listing.distinct >= listedCount else {
            throw bad("distinct", String(listing.distinct), "fewer than the \(listedCount) listed strings")
        }
        guard listing.longest >= listedLongest else {
            throw bad("longest", String(listing.longest), "shorter than a listed string of length \(listedLongest)")
        }
        if listing.maxLength >= listing.longest, listing.distinct != listedCount || halting != listedSum {
            throw bad("listed_max_length", String(listing.maxLength),
                      "the listing reaches the longest string, so it must hold all \(listing.distinct) strings and H")
        }
        // Completeness as far as the body can show it.
        var complete = 0
        var possible = symbols
        while complete < listing.maxLength, complete + 1 < perLength.count, perLength[complete + 1] == possible {
            complete += 1
            possible *= symbols
        }
        guard complete == min(listing.completeUpToLength, listing.maxLength) else {
            throw bad("complete_up_to_length", String(listing.completeUpToLength),
                      "the listed strings are complete up to length \(complete)")
        }
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
    case badLine(source: String, line: Int, text: String, checksumMatches: Bool = true)
    /// A body line of a format whose lines are not `string<TAB>count` (2-D tables): `expected` says what it should be.
    case badRecord(source: String, line: Int, text: String, checksumMatches: Bool, expected: String)
    case unsorted(source: String, line: Int)
    case checksumMismatch(source: String, expected: String, actual: String)
    case countMismatch(source: String, what: String, header: String, actual: String)
    case headerChecksumMismatch(source: String, expected: String, actual: String)
    case unsealed(source: String)

    public var description: String {
        switch self {
        case .unreadable(let p, let r): return "cannot read table \(p): \(r)"
        case .unwritable(let p, let r): return "cannot write table \(p): \(r)"
        case .notATable(let s): return "\(s) is not an acss output table (first line is not '\(TableFile.magic)')"
        case .missingHeader(let s, let k): return "\(s): header line '# \(k): ...' is missing"
        case .badHeaderValue(let s, let k, let v): return "\(s): header '\(k)' has an invalid value '\(v)'"
        case .badLine(let s, let l, let t, let ok):
            return "\(s):\(l): not a 'string<TAB>count' line (symbols 0-9a-f below the alphabet size, a positive count): '\(t)'"
                + (ok ? "" : "; the data checksum does not match either: the file is corrupted or was edited")
        case .badRecord(let s, let l, let t, let ok, let expected):
            return "\(s):\(l): expected \(expected): '\(t)'"
                + (ok ? "" : "; the data checksum does not match either: the file is corrupted or was edited")
        case .unsorted(let s, let l): return "\(s):\(l): strings are not sorted by length then lexicographically (duplicate or out of order)"
        case .checksumMismatch(let s, let e, let a):
            return "\(s): data checksum mismatch (header says \(e), data hashes to \(a)): the file is truncated or corrupted"
        case .countMismatch(let s, let w, let h, let a):
            return "\(s): header says \(w) = \(h) but the data has \(a): the file is truncated or corrupted"
        case .headerChecksumMismatch(let s, let e, let a):
            return "\(s): header checksum mismatch (header_sha256 says \(e), the header hashes to \(a)): a header line was edited or corrupted"
        case .unsealed(let s):
            return "\(s): a table of the previous format, without the header checksum (header_sha256); convert it with: acss table upgrade \(s) --out NEW.tsv"
        }
    }
}
