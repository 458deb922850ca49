import Enumeration
import Foundation
import FrequencyTables

/// What the estimator needs from a Coding Theorem table of one alphabet: K of a pattern, and
/// the patterns of each length (for the likelihood normalizers and the uniform reference).
/// The one seam where later tables plug in (a sampled (4,m) table, a table of pattern counts).
protocol ComplexityTable: Sendable {
    var descriptor: TableDescriptor { get }
    /// Longest patterns looked up directly.
    var maxLength: Int { get }
    /// K of the pattern, nil when the table lacks it.
    func complexity(of pattern: Pattern) -> Double?
    /// Standard error of that K: 0 for an exhaustive table (exact counts), the sampling error
    /// for a sampled one; nil when the table lacks the pattern.
    func standardError(of pattern: Pattern) -> Double?
    /// The table's patterns of one length, in the fixed order of `PatternEntry.precedes` (so
    /// that every sum over them is the same whichever thread computes it first).
    func entries(ofLength length: Int) -> [PatternEntry]
}

struct PatternEntry: Sendable, Equatable {
    var distinct: Int
    var complexity: Double
    /// The pattern's key with its symbols in reverse order (the table's packing): the sort key.
    var reversedKey: UInt128

    /// The fixed order of the patterns of one length: those with at most 2 labels first, then
    /// by their symbols read from the last one (the order of the first release's packed
    /// keys, kept because the uniform reference's floating-point sums follow it).
    static func precedes(_ a: PatternEntry, _ b: PatternEntry) -> Bool {
        let aBinary = a.distinct <= 2, bBinary = b.distinct <= 2
        if aBinary != bBinary { return aBinary }
        return a.reversedKey < b.reversedKey
    }
}

/// A table of output counts, folded into patterns.
///
/// docs/formalism.md §2: every string of a pattern p with k distinct symbols gets
/// D = count(p) / (m!/(m-k)! · H), where count(p) sums the blank-0 counts c0 of all the
/// strings of p and H is the number of halting machines. For m = 2 this is the symbol-swap
/// completion (c0(s) + c0(complement of s)) / (2H): a pattern with k = 2 holds s and its
/// complement, and with k = 1 the two constant strings, with count_class 2 either way.
/// The same folding serves tables that list raw strings and tables that list patterns.
final class PatternTable: ComplexityTable {
    let descriptor: TableDescriptor
    let halting: UInt128
    let maxLength: Int
    /// How the table's patterns are packed into keys: the narrowest packing of its symbols.
    let packing: SymbolPacking
    private let complexities: [UInt128: Double]
    private let byLength: [[PatternEntry]]
    /// For sampled tables, the header and the entries (their standard errors are computed
    /// when asked for); nil for exhaustive ones (exact counts: error 0).
    private let sampled: (figures: SampleFigures, entries: [UInt128: PatternEstimate])?

    /// Folds `(string, c0)` entries of a table over `symbols` symbols into patterns, keeping
    /// those up to `maxLength`.
    struct Accumulator {
        let symbols: Int
        let maxLength: Int
        let packing: SymbolPacking
        var counts: [UInt128: (count: UInt128, distinct: Int)] = [:]
        private var pattern: [UInt8] = []
        private var labels = [UInt8](repeating: 0xFF, count: 256)

        init(symbols: Int, maxLength: Int) {
            self.symbols = symbols
            self.maxLength = maxLength
            packing = SymbolPacking(symbols: symbols)
            pattern.reserveCapacity(maxLength)
        }

        mutating func add(_ string: UnsafeBufferPointer<UInt8>, count: UInt128) {
            guard string.count <= maxLength else { return }
            let distinct = labels.withUnsafeMutableBufferPointer {
                normalizeBytes(string, into: &pattern, labels: $0.baseAddress!)
            }
            guard let distinct,
                  distinct <= symbols,
                  let key = pattern.withUnsafeBufferPointer({ packing.pack($0) }) else { return }
            counts[key, default: (0, distinct)].count += count
        }
    }

    init(descriptor: TableDescriptor, halting: UInt128, accumulator: Accumulator,
         sampled: (figures: SampleFigures, entries: [UInt128: PatternEstimate])? = nil) {
        self.descriptor = descriptor
        self.sampled = sampled
        self.halting = halting
        self.maxLength = accumulator.maxLength
        let m = accumulator.symbols
        let packing = accumulator.packing
        self.packing = packing
        var complexities: [UInt128: Double] = [:]
        complexities.reserveCapacity(accumulator.counts.count)
        var byLength = [[PatternEntry]](repeating: [], count: accumulator.maxLength + 1)
        let log2Halting = CodingTheorem.log2(halting)
        for (key, value) in accumulator.counts {
            let k = CodingTheorem.complexity(count: value.count, classSize: Pattern.countClass(distinct: value.distinct, alphabet: m)!,
                                             log2Halting: log2Halting)
            complexities[key] = k
            byLength[packing.length(of: key)].append(
                PatternEntry(distinct: value.distinct, complexity: k, reversedKey: packing.reversed(key)))
        }
        for i in byLength.indices { byLength[i].sort(by: PatternEntry.precedes) }
        self.complexities = complexities
        self.byLength = byLength
    }

    /// From an in-memory output table (tests, API users with their own tables).
    convenience init(table: OutputTable, descriptor: TableDescriptor) {
        var accumulator = Accumulator(symbols: table.space.symbols, maxLength: descriptor.maxLength)
        for (string, count) in zip(table.strings, table.counts) {
            string.withUnsafeBufferPointer { accumulator.add($0, count: count) }
        }
        self.init(descriptor: descriptor, halting: table.halting, accumulator: accumulator)
    }

    /// Reads and validates a table file (checksum, order, counts: `TableFile.scan`) and
    /// checks that its header is the table the descriptor names.
    static func load(path: String, descriptor: TableDescriptor) throws(ScoringError) -> PatternTable {
        var accumulator = Accumulator(symbols: descriptor.alphabet, maxLength: descriptor.maxLength)
        let header: OutputTable.Figures
        do {
            header = try TableFile.scan(path: path) { string, count in accumulator.add(string, count: count) }
        } catch {
            if case .unreadable = error, !FileManager.default.fileExists(atPath: path) {
                throw .tableMissing(path: path, table: descriptor.name)
            }
            throw .tableUnreadable(path: path, reason: error.description)
        }
        let expected = "(\(descriptor.states),\(descriptor.alphabet)) machines, step cap \(descriptor.steps)"
        let found = "\(header.space) machines, step cap \(header.stepCap)"
        guard header.space.states == descriptor.states, header.space.symbols == descriptor.alphabet,
              header.stepCap == descriptor.steps else {
            throw .tableMismatch(path: path, expected: expected, found: found)
        }
        try checkListing(header.listing, part: header.part, source: path, descriptor: descriptor)
        return PatternTable(descriptor: descriptor, halting: header.halting, accumulator: accumulator)
    }

    /// A table serves its descriptor only whole (not one shard) and, if trimmed, listing every
    /// string the descriptor looks up directly.
    static func checkListing(_ listing: OutputTable.Listing?, part: OutputTable.Part?, source: String,
                             descriptor: TableDescriptor) throws(ScoringError) {
        let expected = "(\(descriptor.states),\(descriptor.alphabet)) machines, step cap \(descriptor.steps)"
        if part != nil {
            throw .tableMismatch(path: source, expected: expected + ", all shards", found: "one shard of a split run")
        }
        if let listing, listing.maxLength < descriptor.maxLength {
            throw .tableMismatch(path: source, expected: expected + ", strings up to length \(descriptor.maxLength) listed",
                                 found: expected + ", trimmed to strings up to length \(listing.maxLength)")
        }
    }

    /// Reads and validates a sampled pattern table (`acss sample`, the (4,m) tables): its
    /// listed patterns and its estimated halting total give D and K exactly as above.
    static func loadSampled(path: String, descriptor: TableDescriptor) throws(ScoringError) -> PatternTable {
        var accumulator = Accumulator(symbols: descriptor.alphabet, maxLength: descriptor.maxLength)
        var entries: [(UInt128, PatternEstimate)] = []
        let file: SampledTableFile.Header
        do {
            file = try SampledTableFile.scan(path: path) { pattern, entry in
                guard pattern.count <= descriptor.maxLength else { return }
                accumulator.add(pattern, count: entry.count)
                if let key = accumulator.packing.pack(pattern) { entries.append((key, entry)) }
            }
        } catch {
            if case .unreadable = error, !FileManager.default.fileExists(atPath: path) {
                throw .tableMissing(path: path, table: descriptor.name)
            }
            throw .tableUnreadable(path: path, reason: error.description)
        }
        let header = file.figures
        guard header.space.states == descriptor.states, header.space.symbols == descriptor.alphabet,
              header.stepCap == descriptor.steps, header.shard == nil else {
            throw .tableMismatch(path: path,
                                 expected: "(\(descriptor.states),\(descriptor.alphabet)) machines, step cap \(descriptor.steps), all shards",
                                 found: "\(header.space) machines, step cap \(header.stepCap)" + (header.shard == nil ? "" : ", one shard"))
        }
        return PatternTable(descriptor: descriptor, halting: header.halting, accumulator: accumulator,
                            sampled: (header, Dictionary(entries, uniquingKeysWith: { a, _ in a })))
    }

    /// The pattern's key in this table; nil when it cannot be one of its patterns.
    private func key(_ pattern: Pattern) -> UInt128? {
        guard pattern.distinct <= descriptor.alphabet else { return nil }
        return pattern.symbols.withUnsafeBufferPointer { packing.pack($0) }
    }

    func complexity(of pattern: Pattern) -> Double? { key(pattern).flatMap { complexities[$0] } }

    func standardError(of pattern: Pattern) -> Double? {
        guard let key = key(pattern), complexities[key] != nil else { return nil }
        guard let sampled else { return 0 }
        return sampled.entries[key].map { SampledTable.standardError($0, sampled.figures) }
    }

    func entries(ofLength length: Int) -> [PatternEntry] {
        byLength.indices.contains(length) ? byLength[length] : []
    }
}
