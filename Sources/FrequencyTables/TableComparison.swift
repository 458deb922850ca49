import Foundation
import Statistics
import TuringMachines

/// How the complexities of two exhaustive tables of one alphabet agree, e.g. D(5) against
/// D(6): which strings each covers at every length, the rank correlation of K over the strings
/// both cover (over all of them, and within each length, where length no longer drives the
/// ranks), and the strings whose K moves most.
///
/// A string is covered when K is defined for it: some swap of its symbols with the blank is
/// listed (`CodingTheorem`). A trimmed table says nothing about lengths beyond its listing;
/// those lengths count as unknown, not as missing, and no common string is taken from them.
public struct TableComparison: Sendable {
    /// Coverage and agreement at one string length.
    public struct LengthRow: Sendable, Equatable {
        public let length: Int
        /// m^length, as a Double (it exceeds 2^64 for long strings).
        public let possible: Double
        /// Covered strings of each table; nil when the table's listing stops before this length.
        public let first: Int?
        public let second: Int?
        /// Strings both cover.
        public let both: Int
        /// Spearman's rank correlation of the two K over the strings both cover at this
        /// length (nil below 3 strings or when either K is constant).
        public let spearman: Double?
        /// Median of K(second) - K(first) over those strings.
        public let medianShift: Double?
        /// Largest |K(second) - K(first)| over those strings: what a user scoring strings of this
        /// length can see change (e.g. between two step caps).
        public let maxAbsoluteShift: Double?
    }

    /// A string both tables cover, with its two K.
    public struct Common: Sendable, Equatable {
        public let string: [UInt8]
        public let first: Double
        public let second: Double
        /// K(second) - K(first).
        public var shift: Double { second - first }
    }

    /// A string whose K moves more than the typical move at its length.
    public struct Mover: Sendable, Equatable {
        /// The first (in file order) of the strings with exactly these two K at this length.
        public let string: [UInt8]
        /// How many common strings share these two K (symbol swaps and mirror images do).
        public let classSize: Int
        public let first: Double
        public let second: Double
        /// shift - median shift of its length: > 0 when the string became relatively more complex.
        public let residual: Double
    }

    public let symbols: Int
    /// The longest length where both tables list every covered string.
    public let comparedUpToLength: Int
    public let common: [Common]
    public let byLength: [LengthRow]
    /// Over all common strings (length included).
    public let spearman: Double?
    public let pearson: Double?
    /// Median of K(second) - K(first) over all common strings.
    public let medianShift: Double?

    public init(first: OutputTable, second: OutputTable) throws(TableComparisonError) {
        guard first.space.symbols == second.space.symbols else {
            throw .differentAlphabets(first: first.space.symbols, second: second.space.symbols)
        }
        if first.part != nil { throw .shard(which: "first") }
        if second.part != nil { throw .shard(which: "second") }
        symbols = first.space.symbols
        let limits = (first.listing?.maxLength ?? Int.max, second.listing?.maxLength ?? Int.max)
        let covered = (Self.covered(first), Self.covered(second))
        let longest = max(covered.0.keys.map(\.count).max() ?? 0, covered.1.keys.map(\.count).max() ?? 0)
        comparedUpToLength = min(limits.0, limits.1, longest)

        let ctm = (CodingTheorem(table: first), CodingTheorem(table: second))
        var common: [Common] = []
        for s in covered.0.keys where s.count <= comparedUpToLength && covered.1[s] != nil {
            common.append(Common(string: s, first: ctm.0.complexity(of: s)!, second: ctm.1.complexity(of: s)!))
        }
        common.sort { OutputTable.precedes($0.string, $1.string) }
        self.common = common

        var perLength = [Int: (Int, Int)]()
        for s in covered.0.keys { perLength[s.count, default: (0, 0)].0 += 1 }
        for s in covered.1.keys { perLength[s.count, default: (0, 0)].1 += 1 }
        var rows: [LengthRow] = []
        let byLength = Dictionary(grouping: common, by: \.string.count)
        for length in 1...max(longest, 1) {
            let both = byLength[length] ?? []
            let counts = perLength[length] ?? (0, 0)
            rows.append(LengthRow(
                length: length, possible: pow(Double(symbols), Double(length)),
                first: length <= limits.0 ? counts.0 : nil, second: length <= limits.1 ? counts.1 : nil,
                both: both.count,
                spearman: Self.spearman(both.map(\.first), both.map(\.second)),
                medianShift: Self.median(both.map(\.shift)),
                maxAbsoluteShift: both.map { abs($0.shift) }.max()))
        }
        self.byLength = rows
        spearman = Self.spearman(common.map(\.first), common.map(\.second))
        pearson = common.count >= 3 ? Correlation.pearson(common.map(\.first), common.map(\.second)) : nil
        medianShift = Self.median(common.map(\.shift))
    }

    /// The `count` strings whose K rose most and fell most relative to the median shift of their
    /// length, one row per group of strings with identical K in both tables.
    public func movers(_ count: Int) -> (up: [Mover], down: [Mover]) {
        let median = Dictionary(uniqueKeysWithValues: byLength.compactMap { row in row.medianShift.map { (row.length, $0) } })
        struct Key: Hashable { let length: Int; let first: Double; let second: Double }
        var groups: [Key: (string: [UInt8], size: Int)] = [:]
        var order: [Key] = []
        for c in common {
            let key = Key(length: c.string.count, first: c.first, second: c.second)
            if groups[key] == nil { order.append(key) }
            groups[key, default: (c.string, 0)].size += 1
        }
        let movers = order.map { key in
            Mover(string: groups[key]!.string, classSize: groups[key]!.size, first: key.first, second: key.second,
                  residual: key.second - key.first - median[key.length]!)
        }
        // Ties broken by file order, so the list is the same on every run.
        let up = movers.enumerated().sorted { $0.element.residual != $1.element.residual ? $0.element.residual > $1.element.residual : $0.offset < $1.offset }
        let down = movers.enumerated().sorted { $0.element.residual != $1.element.residual ? $0.element.residual < $1.element.residual : $0.offset < $1.offset }
        return (up.prefix(count).map(\.element).filter { $0.residual > 0 },
                down.prefix(count).map(\.element).filter { $0.residual < 0 })
    }

    /// Every string with K defined by the table: the listed strings and their swaps of a
    /// symbol with the blank 0.
    static func covered(_ table: OutputTable) -> [[UInt8]: Void] {
        var result: [[UInt8]: Void] = [:]
        result.reserveCapacity(table.listedCount * 2)
        for s in table.strings {
            result[s] = ()
            for b in 1..<UInt8(table.space.symbols) {
                result[CodingTheorem.swapping(s, blank: b)] = ()
            }
        }
        return result
    }

    /// Spearman's rho: Pearson's correlation of the ranks, ties getting their average rank.
    public static func spearman(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 3 else { return nil }
        return Correlation.pearson(ranks(x), ranks(y))
    }

    /// Ranks 1...n, tied values sharing the average of their ranks.
    static func ranks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && values[order[j + 1]] == values[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        return ranks
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

public enum TableComparisonError: Error, Equatable, CustomStringConvertible {
    case differentAlphabets(first: Int, second: Int)
    case shard(which: String)

    public var description: String {
        switch self {
        case .differentAlphabets(let a, let b):
            return "the tables have different alphabets (\(a) and \(b) symbols): K is only comparable over one alphabet"
        case .shard(let which): return "the \(which) table is one shard of a split run: merge the shards first"
        }
    }
}
