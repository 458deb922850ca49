import Foundation
import FrequencyTables
import Synchronization

/// How a K value was obtained.
public enum EstimationMethod: String, Sendable {
    /// Direct table lookup: the Coding Theorem Method.
    case ctm
    /// Block Decomposition Method, for strings the table does not cover.
    case bdm
}

/// K of one string, and where it came from.
public struct ComplexityEstimate: Sendable {
    /// K in bits.
    public let complexity: Double
    /// D = 2^-K, the algorithmic probability; only for `ctm` (a BDM value is not the
    /// logarithm of a probability).
    public let probability: Double?
    public let method: EstimationMethod
    public let table: TableDescriptor
    /// The decomposition used when `method` is `bdm`.
    public let decomposition: BlockDecomposition?
}

/// K of every window of a string (ACSS `local_complexity`).
public struct LocalComplexity: Sendable {
    public let span: Int
    /// K of the window starting at each position 0, 1, ..., length - span.
    public let windows: [Double]
    public var mean: Double { windows.reduce(0, +) / Double(windows.count) }
}

/// A BDM value with its blocks.
public struct BDMResult: Sendable {
    public struct Block: Sendable {
        /// Where the block first occurs.
        public let firstOccurrence: Range<Int>
        public let multiplicity: Int
        /// K of the block from the table.
        public let complexity: Double
    }
    public let value: Double
    /// Distinct blocks in order of first occurrence.
    public let blocks: [Block]
    public let decomposition: BlockDecomposition
    public let table: TableDescriptor
}

/// The scoring API: every ACSS measure of a string, from the shipped tables.
///
/// Create one per process (`ComplexityEstimator()` finds the data directory, see
/// `TableLocator`); tables load on first use and are shared, as are the per-length
/// normalizers and uniform references, so the instance is cheap to query from any thread.
/// Every result is a function of the string's pattern, the alphabet and the options only:
/// sums run in fixed orders, so neither threads nor call order change a single bit.
///
/// The alphabet is the number of POSSIBLE symbols (see `Alphabet`); a string with more
/// distinct symbols than its alphabet is an error, never a silent NA.
public final class ComplexityEstimator: Sendable {
    let registry: TableRegistry
    private let normalizers = Mutex<[Int: Double]>([:])
    private let references = Mutex<[Int: UniformReference]>([:])

    /// Finds the data directory (`--tables`, `$ACSS_DATA`, `./data`, above the executable,
    /// above the current directory) and reads tables from it when first needed.
    /// `tables` chooses a table other than its alphabet's default (e.g. D(6) for binary
    /// strings: `TableCatalog.descriptor(named: "D6-T1000")`).
    public convenience init(locator: TableLocator = TableLocator(), using tables: [TableDescriptor] = []) throws(ScoringError) {
        self.init(dataDirectory: try locator.locate(), using: tables)
    }

    public init(dataDirectory: String, using tables: [TableDescriptor] = []) {
        registry = TableRegistry(directory: dataDirectory, choices: tables)
    }

    /// From tables already in memory; each must be one the catalog names for its alphabet
    /// (the default, or another such as D(6) for binary strings).
    public init(tables: [OutputTable]) throws(ScoringError) {
        var loaded: [any ComplexityTable] = []
        for table in tables {
            guard let fallback = TableCatalog.descriptor(forTableAlphabet: table.space.symbols) else {
                throw .unsupportedAlphabet(table.space.symbols)
            }
            let descriptor = TableCatalog.tables.first {
                $0.alphabet == table.space.symbols && $0.states == table.space.states && $0.steps == table.stepCap
            } ?? fallback
            guard table.space.states == descriptor.states, table.stepCap == descriptor.steps else {
                throw .tableMismatch(path: "(table in memory)",
                                     expected: "(\(descriptor.states),\(descriptor.alphabet)) machines, step cap \(descriptor.steps)",
                                     found: "\(table.space) machines, step cap \(table.stepCap)")
            }
            try PatternTable.checkListing(table.listing, part: table.part, source: "(table in memory)", descriptor: descriptor)
            loaded.append(PatternTable(table: table, descriptor: descriptor))
        }
        registry = TableRegistry(tables: loaded)
    }

    // MARK: Tables

    /// The table that scores strings of `alphabet` (loading it if needed).
    public func table(for alphabet: Alphabet) throws(ScoringError) -> TableDescriptor {
        try registry.table(forTableAlphabet: alphabet.tableSize).descriptor
    }

    /// Forces the table of `alphabet` to load now (and reports why it cannot).
    public func preload(_ alphabet: Alphabet) throws(ScoringError) {
        _ = try registry.table(forTableAlphabet: alphabet.tableSize)
    }

    func check(_ pattern: Pattern, _ text: String, _ alphabet: Alphabet) throws(ScoringError) {
        guard pattern.length > 0 else { throw .emptyString }
        guard pattern.distinct <= alphabet.size else {
            throw .moreSymbolsThanAlphabet(text, distinct: pattern.distinct, alphabet: alphabet.size)
        }
    }

    /// K by direct lookup; nil when the string is longer than the table's range or missing.
    func lookup(_ symbols: ArraySlice<UInt8>, in table: any ComplexityTable) -> Double? {
        guard symbols.count <= table.maxLength else { return nil }
        // Windows and blocks of a pattern need relabelling of their own.
        guard let pattern = Pattern(normalizing: symbols) else { return nil }
        return table.complexity(of: pattern)
    }

    func standardError(_ pattern: Pattern, in table: any ComplexityTable) -> Double? {
        guard pattern.length <= table.maxLength else { return nil }
        return table.standardError(of: pattern)
    }

    func lookup(_ pattern: Pattern, in table: any ComplexityTable) -> Double? {
        guard pattern.length <= table.maxLength else { return nil }
        return table.complexity(of: pattern)
    }

    // MARK: K and D

    /// K (and D) of a string: by table lookup when the table covers it, otherwise by
    /// `fallback` (BDM); with `fallback` nil an uncovered string is an error.
    public func complexity(of sequence: SymbolSequence, alphabet: Alphabet,
                           fallback: BlockDecomposition? = .acssDefault) throws(ScoringError) -> ComplexityEstimate {
        try complexity(pattern: sequence.pattern, text: sequence.text, alphabet: alphabet, fallback: fallback)
    }

    func complexity(pattern: Pattern, text: String, alphabet: Alphabet,
                    fallback: BlockDecomposition?) throws(ScoringError) -> ComplexityEstimate {
        try check(pattern, text, alphabet)
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        if let k = lookup(pattern, in: table) {
            return ComplexityEstimate(complexity: k, probability: exp2(-k), method: .ctm,
                                      table: table.descriptor, decomposition: nil)
        }
        guard let fallback else {
            if pattern.length > table.maxLength {
                throw .notCovered(text, length: pattern.length, maxLength: table.maxLength, table: table.descriptor.name)
            }
            throw .notInTable(text, table: table.descriptor.name)
        }
        let result = try bdm(pattern: pattern, text: text, alphabet: alphabet, table: table, decomposition: fallback)
        return ComplexityEstimate(complexity: result.value, probability: nil, method: .bdm,
                                  table: table.descriptor, decomposition: fallback)
    }

    // MARK: Likelihoods (docs/formalism.md §5)

    /// likelihood_d: the probability of the string among the table's strings of its length,
    /// 2^-K(s) / Σ_t 2^-K(t) over every string t of that length (each pattern weighted by its
    /// count_class). Needs a CTM value: strings the table does not cover are an error.
    public func likelihoodD(of sequence: SymbolSequence, alphabet: Alphabet) throws(ScoringError) -> Double {
        let (k, normalizer) = try ctmWithNormalizer(sequence.pattern, sequence.text, alphabet)
        return exp2(-k) / normalizer
    }

    /// likelihood_ratio = m^-l / likelihood_d: how much more likely a uniform random source
    /// makes the string than the table's distribution does.
    public func likelihoodRatio(of sequence: SymbolSequence, alphabet: Alphabet) throws(ScoringError) -> Double {
        chance(sequence.length, alphabet) / (try likelihoodD(of: sequence, alphabet: alphabet))
    }

    /// prob_random: the posterior probability that a uniform random source (prior `prior`)
    /// rather than the table's algorithmic source produced the string.
    public func probRandom(of sequence: SymbolSequence, alphabet: Alphabet, prior: Double = 0.5) throws(ScoringError) -> Double {
        try ScoreOptions.validate(prior: prior)
        let d = try likelihoodD(of: sequence, alphabet: alphabet)
        return Self.probRandom(chance: chance(sequence.length, alphabet), likelihoodD: d, prior: prior)
    }

    static func probRandom(chance: Double, likelihoodD: Double, prior: Double) -> Double {
        chance * prior / (chance * prior + likelihoodD * (1 - prior))
    }

    func chance(_ length: Int, _ alphabet: Alphabet) -> Double {
        pow(Double(alphabet.size), -Double(length))
    }

    private func ctmWithNormalizer(_ pattern: Pattern, _ text: String, _ alphabet: Alphabet) throws(ScoringError) -> (Double, Double) {
        let estimate = try complexity(pattern: pattern, text: text, alphabet: alphabet, fallback: nil)
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        return (estimate.complexity, normalizer(length: pattern.length, alphabet: alphabet, table: table))
    }

    /// Σ over the table's patterns p of one length (at most m distinct symbols) of
    /// count_class(p, m)·2^-K(p).
    func normalizer(length: Int, alphabet: Alphabet, table: any ComplexityTable) -> Double {
        let cacheKey = alphabet.size * 10_000 + length
        if let known = normalizers.withLock({ $0[cacheKey] }) { return known }
        var total = 0.0
        for e in table.entries(ofLength: length) where e.distinct <= alphabet.size {
            total += Double(Pattern.countClass(distinct: e.distinct, alphabet: alphabet.size)!) * exp2(-e.complexity)
        }
        normalizers.withLock { $0[cacheKey] = total }
        return total
    }

    // MARK: Local complexity

    /// K of every window of `span` symbols, step 1 (ACSS `local_complexity`; span 2...12).
    public func localComplexity(of sequence: SymbolSequence, alphabet: Alphabet, span: Int = 5) throws(ScoringError) -> LocalComplexity {
        try localComplexity(pattern: sequence.pattern, text: sequence.text, alphabet: alphabet, span: span)
    }

    func localComplexity(pattern: Pattern, text: String, alphabet: Alphabet, span: Int) throws(ScoringError) -> LocalComplexity {
        try check(pattern, text, alphabet)
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        let spans = 2...table.maxLength
        guard spans.contains(span) else { throw .invalidSpan(span, valid: spans) }
        guard pattern.length >= span else { throw .shorterThanSpan(text, length: pattern.length, span: span) }
        var windows: [Double] = []
        windows.reserveCapacity(pattern.length - span + 1)
        for start in 0...(pattern.length - span) {
            let window = pattern.symbols[start..<(start + span)]
            guard let k = lookup(window, in: table) else {
                throw .windowNotInTable(text, position: start, span: span, table: table.descriptor.name)
            }
            windows.append(k)
        }
        return LocalComplexity(span: span, windows: windows)
    }

    // MARK: BDM

    /// The Block Decomposition Method value of a string (see `BlockDecomposition`).
    public func bdm(of sequence: SymbolSequence, alphabet: Alphabet,
                    decomposition: BlockDecomposition = .acssDefault) throws(ScoringError) -> BDMResult {
        try check(sequence.pattern, sequence.text, alphabet)
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        return try bdm(pattern: sequence.pattern, text: sequence.text, alphabet: alphabet, table: table,
                       decomposition: decomposition)
    }

    /// The distinct blocks of `pattern` under `decomposition` (by their symbols), in order of
    /// first occurrence, with their multiplicities: what BDM sums over, and the logical depth's
    /// block sum too. Throws, naming the boundary, when no block fits.
    func distinctBlocks(_ pattern: Pattern, text: String,
                        decomposition: BlockDecomposition) throws(ScoringError) -> [(first: Range<Int>, multiplicity: Int)] {
        let ranges = decomposition.blocks(length: pattern.length)
        guard !ranges.isEmpty else {
            if decomposition.boundary == .recursive {
                throw .shorterThanMinLength(text, length: pattern.length, minLength: decomposition.minLength)
            }
            throw .shorterThanBlock(text, length: pattern.length, blockSize: decomposition.blockSize)
        }
        var index: [ArraySlice<UInt8>: Int] = [:]
        var blocks: [(first: Range<Int>, multiplicity: Int)] = []
        for r in ranges {
            let block = pattern.symbols[r]
            if let i = index[block] {
                blocks[i].multiplicity += 1
            } else {
                index[block] = blocks.count
                blocks.append((r, 1))
            }
        }
        return blocks
    }

    func bdm(pattern: Pattern, text: String, alphabet: Alphabet, table: any ComplexityTable,
             decomposition: BlockDecomposition) throws(ScoringError) -> BDMResult {
        var value = 0.0
        var blocks: [BDMResult.Block] = []
        for (r, multiplicity) in try distinctBlocks(pattern, text: text, decomposition: decomposition) {
            guard let k = lookup(pattern.symbols[r], in: table) else {
                throw .blockNotInTable(text, position: r.lowerBound, length: r.count, table: table.descriptor.name)
            }
            value += k + decomposition.multiplicityCost(multiplicity, alphabet: alphabet.size)
            blocks.append(BDMResult.Block(firstOccurrence: r, multiplicity: multiplicity, complexity: k))
        }
        return BDMResult(value: value, blocks: blocks, decomposition: decomposition, table: table.descriptor)
    }

    // MARK: Uniform reference

    /// Mean and SD of K over all m^L strings of length L, exact (see `UniformReference`).
    public func uniformReference(length: Int, alphabet: Alphabet) throws(ScoringError) -> UniformReference {
        guard length >= 1 else { throw .invalidLength(length) }
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        return try uniformReference(length: length, alphabet: alphabet, table: table)
    }

    func uniformReference(length: Int, alphabet: Alphabet, table: any ComplexityTable) throws(ScoringError) -> UniformReference {
        guard length <= table.maxLength else {
            throw .referenceUnavailable(length: length, alphabet: alphabet.size, maxLength: table.maxLength)
        }
        let cacheKey = alphabet.size * 10_000 + length
        if let known = references.withLock({ $0[cacheKey] }) { return known }
        let reference = UniformReference(length: length, alphabet: alphabet.size, entries: table.entries(ofLength: length))
        references.withLock { $0[cacheKey] = reference }
        return reference
    }
}
