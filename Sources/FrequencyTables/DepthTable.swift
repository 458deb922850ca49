import Enumeration
import Foundation
import TuringMachines

/// The logical-depth companion of an output table: for every output string s of an exhaustive
/// enumeration, the halting step of the fastest machine of the space that outputs s.
///
/// This is the CTM estimate of Bennett's logical depth of Soler-Toscano, Zenil, Delahaye &
/// Gauvrit (2014, "Correspondence and independence of numerical evaluations of algorithmic
/// information measures", Computability 2): among the small machines that produce s, the
/// running time of the fastest. Steps count as in the output table: the halting instruction
/// is a step, so "0" has depth 1. It is exact for the space and the cap: a machine that
/// outputs s faster than the listed step would have been recorded by the enumeration, which
/// visits every machine's halting leaf with its halting step (the test suite checks the
/// minimum against the reference that simulates every machine of small spaces).
///
/// An output of length L has depth at least L: the head enters a new cell only by a move, a
/// step moves once, and the halting step does not move, so L cells take L - 1 moves and the
/// halting step. Readers check this, which catches a column of counts passed off as depths.
@dynamicMemberLookup
public struct DepthTable: Sendable, Equatable {
    public var figures: Figures
    private let body: SortedStrings<Int>
    public var strings: [[UInt8]] { body.keys }
    public var depths: [Int] { body.values }

    /// Everything of a depth table but its strings: what the header of its file says
    /// (`table.space` is `table.figures.space`).
    public struct Figures: Sendable, Equatable {
        public var space: MachineSpace
        public var stepCap: Int
        /// Machines of the space (or of the shard's part of it) that the run covered.
        public var machines: UInt128
        /// Output strings of the whole run (also when only some are listed).
        public var distinct: Int
        /// Set for one shard of a split run (depths are then minima over that shard only).
        public var part: OutputTable.Part?
        /// Set when only the strings up to `listedMaxLength` are listed (`trimmed(maxLength:)`).
        public var listedMaxLength: Int?
        public var timing: RunTiming
    }

    public init(figures: Figures, depths: [[UInt8]: Int]) {
        self.figures = figures
        body = SortedStrings(depths)
    }

    public init(space: MachineSpace, stepCap: Int, machines: UInt128, distinct: Int, part: OutputTable.Part? = nil,
                listedMaxLength: Int? = nil, timing: RunTiming = .zero, depths: [[UInt8]: Int]) {
        self.init(figures: Figures(space: space, stepCap: stepCap, machines: machines, distinct: distinct, part: part,
                                   listedMaxLength: listedMaxLength, timing: timing),
                  depths: depths)
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<Figures, T>) -> T {
        get { figures[keyPath: keyPath] }
        set { figures[keyPath: keyPath] = newValue }
    }

    /// The depths of an enumeration (a whole run or one shard of it).
    public init(_ result: EnumerationResult, timing: RunTiming = .zero) {
        self.init(space: result.space, stepCap: result.stepCap, machines: result.totalWeight,
                  distinct: result.counts.count,
                  part: result.shard.map { OutputTable.Part(shard: $0, splitLevel: result.splitLevel) },
                  timing: timing, depths: result.fastestHalt)
    }

    /// The depth of `string`, nil when it is not listed.
    public func depth(of string: [UInt8]) -> Int? { body.value(of: string) }

    /// The deepest listed string's depth.
    public var deepest: Int { depths.max() ?? 0 }

    /// Only the strings up to `maxLength` (their depths are unchanged: each is a property of
    /// the string alone).
    public func trimmed(maxLength: Int) -> DepthTable {
        var kept: [[UInt8]: Int] = [:]
        for (s, d) in zip(strings, depths) where s.count <= maxLength { kept[s] = d }
        var f = figures
        f.listedMaxLength = min(maxLength, f.listedMaxLength ?? maxLength)
        return DepthTable(figures: f, depths: kept)
    }

    /// The whole run's depths from its shards (see `Merger`).
    public static func merge(_ parts: [DepthTable]) throws(DepthTableError) -> DepthTable {
        var merger = Merger()
        for p in parts { try merger.add(p) }
        return try merger.finish()
    }

    /// Merges shard depth tables one at a time (a campaign's 1000 shards need not be in
    /// memory at once): each string's depth is the minimum over the shards that output it,
    /// since the shards partition the machines. Every shard of one split must be there exactly
    /// once, with the same space, cap and split.
    public struct Merger {
        private var first: (space: MachineSpace, stepCap: Int, part: OutputTable.Part)?
        private var shards: ShardSet?
        private var depths: [[UInt8]: Int] = [:]
        private var machines: UInt128 = 0
        private var timing = RunTiming.zero

        public init() {}

        public mutating func add(_ p: DepthTable) throws(DepthTableError) {
            guard let part = p.part else { throw .merge("a depth table of a whole run cannot be merged with others") }
            guard p.listedMaxLength == nil else { throw .merge("shard \(part.shard) is trimmed; merge the shards as written") }
            if let first {
                guard p.space == first.space, p.stepCap == first.stepCap, part.shard.count == first.part.shard.count,
                      part.splitLevel == first.part.splitLevel
                else { throw .merge("shard \(part.shard) was run with other parameters than shard \(first.part.shard)") }
            } else {
                first = (p.space, p.stepCap, part)
                shards = ShardSet(count: part.shard.count)
            }
            guard shards!.insert(part.shard) else { throw .merge("shard \(part.shard) is given twice") }
            for (s, d) in zip(p.strings, p.depths) {
                if let known = depths[s], known <= d { continue }
                depths[s] = d
            }
            machines += p.machines
            timing = timing + p.timing
        }

        public func finish() throws(DepthTableError) -> DepthTable {
            guard let first, let shards else { throw .merge("no depth tables to merge") }
            let missing = shards.missing()
            guard missing.isEmpty else { throw .merge("missing shards: \(missing.joined(separator: ", "))") }
            return DepthTable(space: first.space, stepCap: first.stepCap, machines: machines, distinct: depths.count,
                              timing: timing, depths: depths)
        }
    }
}

public enum DepthTableError: Error, Equatable, CustomStringConvertible {
    case merge(String)
    case mismatch(String)

    public var description: String {
        switch self {
        case .merge(let s): "cannot merge depth tables: \(s)"
        case .mismatch(let s): s
        }
    }
}

/// The depth table file format (docs/table-format.md): the sealed header of the output
/// tables and one `string<TAB>depth` line per string, in the same order.
public enum DepthTableFile {
    public static let formatVersion = 1
    public static let magic = "# acss depth table"

    public static func render(_ table: DepthTable) -> String {
        let depths = table.depths
        let body = TableWriter.body(strings: table.strings, bytesPerLine: 20) { String(depths[$0]) }
        var header: [(String, String)] = [
            ("format", String(formatVersion)),
            ("states", String(table.space.states)),
            ("symbols", String(table.space.symbols)),
            ("steps", String(table.stepCap)),
            ("blank", "0"),
            ("machines", String(table.machines)),
            ("distinct", String(table.distinct)),
            ("listed_distinct", String(depths.count)),
            ("deepest", String(table.deepest)),
        ]
        if let maxLength = table.listedMaxLength { header.append(("listed_max_length", String(maxLength))) }
        if let part = table.part {
            header.append(("shard", part.shard.description))
            header.append(("split_level", String(part.splitLevel)))
        }
        return TableWriter.text(magic: magic, header: header, body: body, timing: table.timing)
    }

    public static func write(_ table: DepthTable, to path: String) throws(TableFileError) {
        try TableWriter.write(render(table), to: path)
    }

    /// True when the file at `path` starts with the depth table's magic line.
    public static func isDepthTable(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: magic.utf8.count + 1)) ?? Data()
        return head.starts(with: Data((magic + "\n").utf8))
    }

    public static func read(path: String) throws(TableFileError) -> DepthTable {
        var depths: [[UInt8]: Int] = [:]
        let figures = try scan(path: path) { string, depth in depths[Array(string)] = depth }
        return DepthTable(figures: figures, depths: depths)
    }

    public static func parse(_ data: Data, source: String) throws(TableFileError) -> DepthTable {
        var depths: [[UInt8]: Int] = [:]
        let result: Result<DepthTable.Figures, TableFileError> = data.withUnsafeBytes { raw in
            do throws(TableFileError) {
                return .success(try scan(bytes: raw, source: source) { string, depth in depths[Array(string)] = depth })
            } catch {
                return .failure(error)
            }
        }
        return DepthTable(figures: try result.get(), depths: depths)
    }

    /// Reads a depth table and hands every `string<TAB>depth` entry, in file order, to `entry`
    /// (symbols valid only during the call), validating the file exactly as `read(path:)` does
    /// (a consumer that keeps only what it needs, as scoring does, need not sort the strings
    /// again). Entries handed out before an error is thrown must be discarded.
    public static func scan(path: String, entry: (UnsafeBufferPointer<UInt8>, Int) -> Void) throws(TableFileError) -> DepthTable.Figures {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw .unreadable(path: path, reason: TableFile.describe(error))
        }
        let result: Result<DepthTable.Figures, TableFileError> = data.withUnsafeBytes { raw in
            do throws(TableFileError) {
                return .success(try scan(bytes: raw, source: path, entry: entry))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func scan(bytes: UnsafeRawBufferPointer, source: String,
                             entry: (UnsafeBufferPointer<UInt8>, Int) -> Void) throws(TableFileError) -> DepthTable.Figures {
        var text = try TableText(bytes: bytes, source: source, magic: magic)
        try text.checkFormat(formatVersion)
        let space = try text.space()
        let cap = try text.integer("steps", as: Int.self)
        let listed = try text.integer("listed_distinct", as: Int.self)
        let maxLength = try text.optionalInteger("listed_max_length", as: Int.self)
        var deepest = 0
        let checksumOK = text.digest == (try text.value("data_sha256"))
        let lines = try text.forEachLine(symbols: space.symbols, fields: 1) { string, fields, _, line throws(TableFileError) in
            let depth = fields[0]
            guard depth >= UInt128(string.count), depth <= UInt128(cap) else {
                throw .badRecord(source: source, line: line,
                                 text: OutputTable.render(Array(string)) + "\t" + String(depth), checksumMatches: checksumOK,
                                 expected: "a depth between the string's length \(string.count) and the step cap \(cap)")
            }
            if let maxLength, string.count > maxLength {
                throw .badHeaderValue(source: source, key: "listed_max_length",
                                      value: "\(maxLength), but line \(line) lists a longer string")
            }
            entry(string, Int(depth))
            deepest = max(deepest, Int(depth))
        }
        guard lines == listed else {
            throw .countMismatch(source: source, what: "listed_distinct", header: String(listed), actual: String(lines))
        }
        let headerDeepest = try text.integer("deepest", as: Int.self)
        guard headerDeepest == deepest else {
            throw .countMismatch(source: source, what: "deepest", header: String(headerDeepest), actual: String(deepest))
        }
        let distinct = try text.integer("distinct", as: Int.self)
        guard distinct >= lines, maxLength != nil || distinct == lines else {
            throw .badHeaderValue(source: source, key: "distinct", value: "\(distinct) (\(lines) strings are listed)")
        }
        let part = try text.shard().map { shard throws(TableFileError) in
            OutputTable.Part(shard: shard, splitLevel: try text.integer("split_level", as: Int.self))
        }
        return DepthTable.Figures(space: space, stepCap: cap, machines: try text.integer("machines", as: UInt128.self),
                                  distinct: distinct, part: part, listedMaxLength: maxLength, timing: try text.timing())
    }
}
