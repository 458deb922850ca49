import Enumeration
import TuringMachines

/// An output-frequency table: for one machine space and step cap, how many machines halt on
/// blank tape 0 with each output string (c0 of the coding theorem), plus the figures of the run.
///
/// Entries are kept sorted by length, then lexicographically: the order of the file format.
/// The figures (`Figures`, also what a table file's header holds) are reached directly:
/// `table.halting` is `table.figures.halting`.
@dynamicMemberLookup
public struct OutputTable: Sendable, Equatable {
    public var figures: Figures
    /// Output strings (symbols `0..<m`) and their counts c0, sorted.
    private let body: SortedStrings<UInt128>
    public var strings: [[UInt8]] { body.keys }
    public var counts: [UInt128] { body.values }

    /// The figures of a run, everything of a table but its strings: what the header of its
    /// file says. Equality compares every figure but the timing (`RunTiming`'s rule).
    public struct Figures: Sendable, Equatable {
        public var space: MachineSpace
        public var stepCap: Int
        /// Number of machines in the space (`B^(nm)`), or in the shard's part of it.
        public var machines: UInt128
        /// H: machines that halt within the cap (on blank 0).
        public var halting: UInt128
        /// The largest halting step seen (the busy-beaver step count when the cap is large enough).
        public var latestHalt: Int
        /// Machines whose halting instruction is exactly step `stepCap`.
        public var haltingAtCap: UInt128
        /// Machines whose halting instruction is a step in (T/2, T]: the tail that tells whether
        /// the cap T is large enough (nil in files written before this figure existed).
        public var haltingLateHalf: UInt128?
        /// Set when the table holds one shard of a split run (then `machines`, `halting` and the
        /// counts cover only that shard's part of the space).
        public var part: Part?
        /// Set when the table lists only its strings up to a length (`trimmed(maxLength:)`, for
        /// shipping a table whose full listing is too large): the figures of the full table that
        /// the listed strings no longer show. D and K of every listed string stay exact, since
        /// they need only its count and H.
        public var listing: Listing?
        public var timing: RunTiming

        public init(space: MachineSpace, stepCap: Int, machines: UInt128, halting: UInt128, latestHalt: Int,
                    haltingAtCap: UInt128, haltingLateHalf: UInt128? = nil, part: Part? = nil,
                    listing: Listing? = nil, timing: RunTiming = .zero) {
            self.space = space
            self.stepCap = stepCap
            self.machines = machines
            self.halting = halting
            self.latestHalt = latestHalt
            self.haltingAtCap = haltingAtCap
            self.haltingLateHalf = haltingLateHalf
            self.part = part
            self.listing = listing
            self.timing = timing
        }

        /// Machines that do not halt within the cap.
        public var nonHalting: UInt128 { machines - halting }
    }

    /// Which shard of a split enumeration a partial table holds, for a tree split at
    /// `splitLevel` defined entries (the split defines which subtrees each shard has).
    public struct Part: Sendable, Equatable, Hashable {
        public let shard: Shard
        public let splitLevel: Int

        public init(shard: Shard, splitLevel: Int) {
            self.shard = shard
            self.splitLevel = splitLevel
        }
    }

    public init(figures: Figures, counts: [[UInt8]: UInt128]) {
        self.figures = figures
        body = SortedStrings(counts)
    }

    /// The table of an enumeration (a whole run or one shard of it), with the time it took.
    public init(_ result: EnumerationResult, timing: RunTiming = .zero) {
        var late: UInt128 = 0
        for t in (result.stepCap / 2 + 1)...result.stepCap { late += result.haltingSteps[t] }
        let part = result.shard.map { Part(shard: $0, splitLevel: result.splitLevel) }
        self.init(figures: Figures(space: result.space, stepCap: result.stepCap, machines: result.totalWeight,
                                   halting: result.halting, latestHalt: result.latestHalt,
                                   haltingAtCap: result.haltingSteps[result.stepCap], haltingLateHalf: late,
                                   part: part, timing: timing),
                  counts: result.counts)
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<Figures, T>) -> T {
        get { figures[keyPath: keyPath] }
        set { figures[keyPath: keyPath] = newValue }
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<Figures, T>) -> T { figures[keyPath: keyPath] }

    /// The file order: shorter strings first, then lexicographic by symbol.
    public static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
    }

    /// Number of distinct output strings of the run (listed or not).
    public var distinct: Int { figures.listing?.distinct ?? strings.count }
    /// Length of the longest output string of the run.
    public var longest: Int { figures.listing?.longest ?? strings.last?.count ?? 0 }
    /// Number of strings this table lists (`distinct` unless it is trimmed).
    public var listedCount: Int { strings.count }
    /// c0(s), 0 when the string never occurs.
    public func count(of string: [UInt8]) -> UInt128 {
        body.value(of: string) ?? 0
    }

    /// The largest length `L` such that every string of length 1...L over the alphabet occurs.
    public var completeUpToLength: Int {
        if let listing = figures.listing { return listing.completeUpToLength }
        var perLength: [Int: Int] = [:]
        for s in strings { perLength[s.count, default: 0] += 1 }
        var length = 1
        var possible = figures.space.symbols
        while perLength[length] == possible {
            length += 1
            possible *= figures.space.symbols
        }
        return length - 1
    }
}

extension OutputTable {
    /// The figures of a full table that a trimmed listing keeps (`# listed_max_length` and
    /// the lines next to it in the file).
    public struct Listing: Sendable, Equatable {
        /// Every output string of length <= maxLength is listed, no longer one.
        public let maxLength: Int
        /// Distinct strings, longest string and completeness of the full table.
        public let distinct: Int
        public let longest: Int
        public let completeUpToLength: Int
    }

    /// The same table listing only the strings of length <= `maxLength`, with every figure of
    /// the full run (H, distinct, longest, completeness) kept. Trimming a trimmed table to a
    /// shorter length is allowed; to a longer one it cannot restore what was dropped.
    public func trimmed(maxLength: Int) throws(TableTrimError) -> OutputTable {
        guard maxLength >= 1 else { throw .badLength(maxLength) }
        if let listing = figures.listing, maxLength > listing.maxLength {
            throw .alreadyShorter(listed: listing.maxLength, asked: maxLength)
        }
        guard figures.part == nil else { throw .shard }
        var kept: [[UInt8]: UInt128] = [:]
        for (s, c) in zip(strings, counts) where s.count <= maxLength { kept[s] = c }
        var figures = self.figures
        figures.listing = Listing(maxLength: maxLength, distinct: distinct, longest: longest,
                                  completeUpToLength: completeUpToLength)
        return OutputTable(figures: figures, counts: kept)
    }
}

public enum TableTrimError: Error, Equatable, CustomStringConvertible {
    case badLength(Int)
    case alreadyShorter(listed: Int, asked: Int)
    case shard

    public var description: String {
        switch self {
        case .badLength(let l): return "cannot trim to length \(l): the length must be at least 1"
        case .alreadyShorter(let listed, let asked):
            return "the table lists strings up to length \(listed) only; it cannot be trimmed to \(asked) (rebuild the full table)"
        case .shard: return "this is one shard of a split run: merge the shards first, then trim"
        }
    }
}

extension OutputTable {
    /// Adds the partial tables of all shards of one run into the table a single run gives.
    /// Refuses tables of different runs (space, step cap, split) and a missing or repeated
    /// shard, and checks that the shards together account for every machine of the space.
    public static func merge(_ parts: [OutputTable]) throws(TableMergeError) -> OutputTable {
        var merger = Merger()
        for t in parts { try merger.add(t) }
        return try merger.finish()
    }

    /// The merge, one shard at a time: a 1000-shard D(6) (gigabytes of shard files) is summed
    /// file by file, never holding more than the running sum. After an error the merger is
    /// spent: discard it.
    public struct Merger {
        /// The running sum: the first shard's figures, with the additive ones summed.
        private var sum: Figures?
        private var shards: ShardSet?
        private var counts: [[UInt8]: UInt128] = [:]
        private var added = 0
        /// Set by the first error: the sum may then hold counts of a refused shard.
        private var spent = false

        public init() {}

        public mutating func add(_ t: OutputTable) throws(TableMergeError) {
            guard !spent else { throw .spent }
            try addFigures(t.figures)
            for (s, c) in zip(t.strings, t.counts) { counts[s, default: 0] += c }
        }

        /// Reads a shard's table file straight into the sum, validating it as `TableFile.read` does.
        public mutating func add(path: String) throws(TableMergeError) {
            guard !spent else { throw .spent }
            spent = true // until the file is read and its figures accepted
            var counts = self.counts
            self.counts = [:] // one owner while scanning: no copy of the sum
            let figures: Figures
            do {
                figures = try TableFile.scan(path: path) { string, count in counts[Array(string), default: 0] += count }
            } catch {
                throw .unreadable(error)
            }
            self.counts = counts
            spent = false
            try addFigures(figures)
        }

        private mutating func addFigures(_ t: Figures) throws(TableMergeError) {
            spent = true
            let i = added
            added += 1
            guard let p = t.part else { throw .notAShard(index: i) }
            guard t.listing == nil else { throw .trimmed(index: i) }
            guard var sum else {
                self.sum = t
                shards = ShardSet(count: p.shard.count)
                _ = shards!.insert(p.shard)
                spent = false
                return
            }
            let first = sum.part!
            guard t.space == sum.space, t.stepCap == sum.stepCap, p.shard.count == first.shard.count,
                  p.splitLevel == first.splitLevel else {
                throw .differentRuns(index: i, expected: "\(sum.space) T=\(sum.stepCap) shards of \(first.shard.count) split at level \(first.splitLevel)",
                                     found: "\(t.space) T=\(t.stepCap) shards of \(p.shard.count) split at level \(p.splitLevel)")
            }
            guard shards!.insert(p.shard) else { throw .duplicateShard("\(p.shard)") }
            sum.machines += t.machines
            sum.halting += t.halting
            sum.haltingAtCap += t.haltingAtCap
            sum.haltingLateHalf = sum.haltingLateHalf.flatMap { s in t.haltingLateHalf.map { s + $0 } }
            sum.latestHalt = max(sum.latestHalt, t.latestHalt)
            sum.timing = sum.timing + t.timing
            self.sum = sum
            spent = false
        }

        /// The merged table, once every shard is in.
        public func finish() throws(TableMergeError) -> OutputTable {
            guard !spent else { throw .spent }
            guard var figures = sum, let shards else { throw .nothingToMerge }
            let missing = shards.missing()
            guard missing.isEmpty else { throw .missingShards(missing) }
            if let total = figures.space.machineCount, figures.machines != total {
                throw .weightMismatch(found: figures.machines, expected: total)
            }
            figures.part = nil
            return OutputTable(figures: figures, counts: counts)
        }
    }
}

public enum TableMergeError: Error, Equatable, CustomStringConvertible {
    case nothingToMerge
    case notAShard(index: Int)
    case differentRuns(index: Int, expected: String, found: String)
    case duplicateShard(String)
    case missingShards([String])
    case weightMismatch(found: UInt128, expected: UInt128)
    case trimmed(index: Int)
    case unreadable(TableFileError)
    case spent

    public var description: String {
        switch self {
        case .unreadable(let e): return e.description
        case .spent: return "this merge already refused a table (its sum may hold that table's counts): start a new merge"
        case .nothingToMerge: return "no tables to merge"
        case .notAShard(let i): return "table \(i + 1) is a complete table, not a shard (no '# shard: i/k' header)"
        case .differentRuns(let i, let e, let f): return "table \(i + 1) belongs to a different run: expected \(e), found \(f)"
        case .duplicateShard(let s): return "shard \(s) is given twice"
        case .missingShards(let list): return "missing shards: \(list.joined(separator: ", "))"
        case .trimmed(let i): return "table \(i + 1) lists only part of its patterns (--min-hits/--max-length): merge the full shard tables, then trim"
        case .weightMismatch(let f, let e): return "the shards account for \(f) machines, the space has \(e): the shards do not come from one consistent split"
        }
    }
}

extension OutputTable {
    /// The symbol characters of the file format: `0-9` then `a-f`.
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func render(_ string: [UInt8]) -> String {
        String(decoding: string.map { digits[Int($0)] }, as: UTF8.self)
    }

    /// Parses a string of symbol characters; nil when a character is not a symbol below `symbols`.
    public static func parse(_ text: Substring.UTF8View, symbols: Int) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        for c in text {
            let v: Int
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = Int(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = Int(c - UInt8(ascii: "a")) + 10
            default: return nil
            }
            if v >= symbols { return nil }
            result.append(UInt8(v))
        }
        return result.isEmpty ? nil : result
    }
}
