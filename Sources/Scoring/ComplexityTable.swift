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
    /// K of the pattern with this key, nil when the table lacks it.
    func complexity(ofKey key: UInt64) -> Double?
    /// Standard error of that K: 0 for an exhaustive table (exact counts), the sampling error
    /// for a sampled one; nil when the table lacks the pattern.
    func standardError(ofKey key: UInt64) -> Double?
    /// The table's patterns of one length, sorted by key (a fixed order, so that every sum
    /// over them is the same whichever thread computes it first).
    func entries(ofLength length: Int) -> [PatternEntry]
}

struct PatternEntry: Sendable, Equatable {
    var key: UInt64
    var distinct: Int
    var complexity: Double
}

/// A table of output counts, folded into patterns.
///
/// SPEC.md §2: every string of a pattern p with k distinct symbols gets
/// D = count(p) / (m!/(m-k)! · H), where count(p) sums the blank-0 counts c0 of all the
/// strings of p and H is the number of halting machines. For m = 2 this is the symbol-swap
/// completion (c0(s) + c0(complement of s)) / (2H): a pattern with k = 2 holds s and its
/// complement, and with k = 1 the two constant strings, with count_class 2 either way.
/// The same folding serves tables that list raw strings and tables that list patterns.
final class PatternTable: ComplexityTable {
    let descriptor: TableDescriptor
    let halting: UInt128
    let maxLength: Int
    private let complexities: [UInt64: Double]
    private let byLength: [[PatternEntry]]
    /// For sampled tables, the header and the entries (their standard errors are computed
    /// when asked for); nil for exhaustive ones (exact counts: error 0).
    private let sampled: (figures: SampleFigures, entries: [UInt64: PatternEstimate])?

    /// Folds `(string, c0)` entries of a table over `symbols` symbols into patterns, keeping
    /// those up to `maxLength`.
    struct Accumulator {
        let symbols: Int
        let maxLength: Int
        var counts: [UInt64: (count: UInt128, distinct: Int)] = [:]
        private var pattern: [UInt8] = []
        private var labels = [UInt8](repeating: 0xFF, count: 256)

        init(symbols: Int, maxLength: Int) {
            self.symbols = symbols
            self.maxLength = maxLength
            pattern.reserveCapacity(maxLength)
        }

        mutating func add(_ string: UnsafeBufferPointer<UInt8>, count: UInt128) {
            guard string.count <= maxLength else { return }
            let distinct = labels.withUnsafeMutableBufferPointer {
                normalizeBytes(string, into: &pattern, labels: $0.baseAddress!)
            }
            guard let distinct,
                  let key = pattern.withUnsafeBufferPointer({ PatternKey.pack($0) }) else { return }
            counts[key, default: (0, distinct)].count += count
        }
    }

    init(descriptor: TableDescriptor, halting: UInt128, accumulator: Accumulator,
         sampled: (figures: SampleFigures, entries: [UInt64: PatternEstimate])? = nil) {
        self.descriptor = descriptor
        self.sampled = sampled
        self.halting = halting
        self.maxLength = accumulator.maxLength
        let m = accumulator.symbols
        var complexities: [UInt64: Double] = [:]
        complexities.reserveCapacity(accumulator.counts.count)
        var byLength = [[PatternEntry]](repeating: [], count: accumulator.maxLength + 1)
        let log2Halting = CodingTheorem.log2(halting)
        for (key, value) in accumulator.counts {
            let k = CodingTheorem.complexity(count: value.count, classSize: Pattern.countClass(distinct: value.distinct, alphabet: m)!,
                                             log2Halting: log2Halting)
            complexities[key] = k
            byLength[PatternKey.length(of: key)].append(PatternEntry(key: key, distinct: value.distinct, complexity: k))
        }
        for i in byLength.indices { byLength[i].sort { $0.key < $1.key } }
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
        var entries: [(UInt64, PatternEstimate)] = []
        let file: SampledTableFile.Header
        do {
            file = try SampledTableFile.scan(path: path) { pattern, entry in
                guard pattern.count <= descriptor.maxLength else { return }
                accumulator.add(pattern, count: entry.count)
                if let key = PatternKey.pack(pattern) { entries.append((key, entry)) }
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

    func complexity(ofKey key: UInt64) -> Double? { complexities[key] }

    func standardError(ofKey key: UInt64) -> Double? {
        guard complexities[key] != nil else { return nil }
        guard let sampled else { return 0 }
        return sampled.entries[key].map { SampledTable.standardError($0, sampled.figures) }
    }

    func entries(ofLength length: Int) -> [PatternEntry] {
        byLength.indices.contains(length) ? byLength[length] : []
    }
}
