import Foundation

/// Options of `ComplexityEstimator.score`.
public struct ScoreOptions: Sendable {
    /// The alphabet (possible symbols); nil: inferred per string from its distinct symbols.
    public var alphabet: Alphabet?
    /// Prior probability of a random source for prob_random, strictly between 0 and 1.
    public private(set) var prior: Double
    /// No BDM: strings the table does not cover are errors.
    public var strict: Bool
    /// How strings the table does not cover are estimated.
    public var decomposition: BlockDecomposition
    public var changeReading: ChangeComplexityReading
    /// z and percentile are left empty (with a note) when the table covers less than this
    /// share of the strings of the length (`UniformReference.coverage`); 0 shows them always.
    public var minimumCoverage: Double

    public init(alphabet: Alphabet? = nil, prior: Double = 0.5, strict: Bool = false,
                decomposition: BlockDecomposition = .acssDefault,
                changeReading: ChangeComplexityReading = .aksentijevicGibson,
                minimumCoverage: Double = UniformReference.minimumCoverage) throws(ScoringError) {
        try ScoreOptions.validate(prior: prior)
        self.minimumCoverage = minimumCoverage
        self.alphabet = alphabet
        self.prior = prior
        self.strict = strict
        self.decomposition = decomposition
        self.changeReading = changeReading
    }

    static func validate(prior: Double) throws(ScoringError) {
        guard prior > 0, prior < 1 else { throw .invalidPrior(prior) }
    }
}

/// Everything `acss score` reports for one string. Optional values are undefined for this
/// string, and `notes` says why (a BDM estimate has no D, likelihoods or uniform reference;
/// a single symbol has no bigram).
public struct Score: Sendable {
    public let text: String
    public let pattern: Pattern
    public let alphabet: Alphabet
    /// The alphabet was guessed from the distinct symbols, not given.
    public let alphabetInferred: Bool
    public let table: TableDescriptor
    public var length: Int { pattern.length }
    /// K in bits.
    public let complexity: Double
    /// Standard error of K: 0 from an exhaustive table, the sampling error from a sampled
    /// (4,m) table, nil for a BDM estimate.
    public let complexityStandardError: Double?
    /// D = 2^-K (CTM only).
    public let probability: Double?
    public let method: EstimationMethod
    public let likelihoodD: Double?
    public let likelihoodRatio: Double?
    public let probRandom: Double?
    /// (K - mean)/SD against all strings of this length and alphabet.
    public let zScore: Double?
    /// Percentage of random strings of this length with lower K (ties count half).
    public let percentile: Double?
    public let entropy: Double
    public let bigramEntropy: Double?
    public let alternations: Int
    public let alternationRate: Double?
    public let changeComplexity: Double?
    /// Lempel-Ziv (1976) complexity, Kaspar-Schuster counting (`Pattern.lempelZiv76`); nil
    /// beyond `Score.lz76MaxLength` symbols (the count is quadratic in the worst case).
    public let lz76: Int?
    public static let lz76MaxLength = 100_000
    /// Logical depth in steps (`ComplexityEstimator.logicalDepth`): exact from the table's
    /// depth companion, or OACC's block sum for longer strings; nil where there is none
    /// (sampled tables, a missing companion), with a note.
    public let logicalDepth: LogicalDepthEstimate?
    public let notes: [String]
}

extension ComplexityEstimator {
    /// Every measure of one string.
    public func score(_ sequence: SymbolSequence, options: ScoreOptions) throws(ScoringError) -> Score {
        try score(pattern: sequence.pattern, text: sequence.text, options: options)
    }

    /// Every measure of a string given by its pattern (`text` names it in errors and output).
    public func score(pattern: Pattern, text: String, options: ScoreOptions) throws(ScoringError) -> Score {
        guard pattern.length > 0 else { throw .emptyString }
        let alphabet: Alphabet
        let inferred = options.alphabet == nil
        if let given = options.alphabet {
            alphabet = given
        } else {
            alphabet = try Alphabet.inferred(distinct: pattern.distinct, text: text)
        }
        try check(pattern, text, alphabet)
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        var notes: [String] = []
        if inferred {
            notes.append("alphabet \(alphabet.size) inferred from \(pattern.distinct) distinct symbol\(pattern.distinct == 1 ? "" : "s")")
        }
        if alphabet.size != table.descriptor.alphabet {
            notes.append("K from the \(table.descriptor.alphabet)-symbol table")
        }
        let k: Double
        let method: EstimationMethod
        var probability: Double? = nil
        var likelihoodD: Double? = nil
        var likelihoodRatio: Double? = nil
        var probRandom: Double? = nil
        var zScore: Double? = nil
        var percentile: Double? = nil
        var standardError: Double? = nil
        if let direct = lookup(pattern, in: table) {
            k = direct
            standardError = self.standardError(pattern, in: table)
            method = .ctm
            let d = exp2(-k)
            probability = d
            let ld = d / normalizer(length: pattern.length, alphabet: alphabet, table: table)
            let chance = self.chance(pattern.length, alphabet)
            likelihoodD = ld
            likelihoodRatio = chance / ld
            probRandom = Self.probRandom(chance: chance, likelihoodD: ld, prior: options.prior)
            let reference = try uniformReference(length: pattern.length, alphabet: alphabet, table: table)
            if reference.coverage < options.minimumCoverage {
                notes.append("z and percentile left empty: the table \(table.descriptor.name) gives CTM values to \(Self.percentage(reference.coverage)) of the \(alphabet.size)^\(pattern.length) strings of length \(pattern.length) (below \(Self.percentage(options.minimumCoverage))), so they would be on a truncated scale; --force-z shows them")
            } else {
                zScore = reference.zScore(k)
                percentile = reference.percentile(k)
                if zScore == nil {
                    notes.append("z undefined: all strings of length \(pattern.length) have the same K")
                }
            }
        } else {
            let reason: String
            if pattern.length > table.maxLength {
                if options.strict {
                    throw .notCovered(text, length: pattern.length, maxLength: table.maxLength, table: table.descriptor.name)
                }
                reason = "length \(pattern.length) > \(table.maxLength)"
            } else {
                if options.strict { throw .notInTable(text, table: table.descriptor.name) }
                reason = "not in the table"
            }
            k = try bdm(pattern: pattern, text: text, alphabet: alphabet, table: table,
                        decomposition: options.decomposition).value
            method = .bdm
            notes.append("BDM (\(options.decomposition)) because \(reason); D, likelihoods, z and percentile need a CTM value")
        }
        let changeComplexity = pattern.changeComplexity(options.changeReading)
        if changeComplexity == nil && pattern.length > options.changeReading.maxLength {
            notes.append("change complexity (\(options.changeReading == .acss ? "acss" : "Aksentijevic-Gibson") reading) computed up to \(options.changeReading.maxLength) symbols: it is quadratic in the length")
        }
        let lz76 = pattern.length <= Score.lz76MaxLength ? pattern.lempelZiv76 : nil
        if lz76 == nil {
            notes.append("lz76 computed up to \(Score.lz76MaxLength) symbols: it is quadratic in the length")
        }
        var depth: LogicalDepthEstimate? = nil
        do {
            depth = try logicalDepth(pattern: pattern, text: text, alphabet: alphabet, decomposition: options.decomposition)
            if depth?.method == .bdm {
                notes.append("logical depth by OACC's block sum over the BDM blocks (\(options.decomposition))")
            }
        } catch .noDepthTable {
            // Sampled tables have none: the column is empty, as D is for BDM values.
        } catch {
            notes.append("no logical depth: \(error)")
        }
        return Score(
            text: text, pattern: pattern, alphabet: alphabet, alphabetInferred: inferred,
            table: table.descriptor, complexity: k, complexityStandardError: standardError,
            probability: probability, method: method,
            likelihoodD: likelihoodD, likelihoodRatio: likelihoodRatio, probRandom: probRandom,
            zScore: zScore, percentile: percentile,
            entropy: pattern.entropy, bigramEntropy: pattern.bigramEntropy,
            alternations: pattern.alternations, alternationRate: pattern.alternationRate,
            changeComplexity: changeComplexity, lz76: lz76, logicalDepth: depth, notes: notes)
    }
}

extension ComplexityEstimator {
    /// 0.52%, 99%: two significant decimals below 10%.
    static func percentage(_ share: Double) -> String {
        let p = 100 * share
        return (p < 10 ? String(format: "%.2f", p) : String(format: "%.1f", p).replacingOccurrences(of: ".0", with: "")) + "%"
    }
}

extension Alphabet {
    static func inferred(distinct k: Int, text: String) throws(ScoringError) -> Alphabet {
        guard supported.contains(max(k, 2)) else { throw .cannotInferAlphabet(text, distinct: k) }
        return try Alphabet(max(k, 2))
    }
}

/// Relabels byte strings (one byte per symbol) into patterns without allocating: the batch
/// path's normalizer. Reuse one instance for many strings.
public struct BytePatternNormalizer {
    private var labels = [UInt8](repeating: 0xFF, count: 256)
    private var buffer: [UInt8] = []
    /// Distinct symbols of the last normalized string.
    public private(set) var distinct = 0

    public init() { buffer.reserveCapacity(64) }

    /// Bytes that stand as one symbol each and need no quoting in CSV, TSV or JSON (printable
    /// ASCII but for the separator ',', the quote and the backslash): a string made of them is
    /// relabelled straight from its bytes, and written as it is. `acss score`'s batch path and
    /// the service's both decide with this.
    @inline(__always) public static func isPlainSymbol(_ b: UInt8) -> Bool {
        b > 0x20 && b < 0x7F && b != UInt8(ascii: ",") && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\")
    }

    /// Normalizes `bytes`; returns the packed pattern key (nil when the pattern is too long
    /// to pack), or `.tooManySymbols` past 10 distinct symbols.
    public mutating func normalize(_ bytes: UnsafeBufferPointer<UInt8>) -> NormalizedKey {
        let k = labels.withUnsafeMutableBufferPointer { normalizeBytes(bytes, into: &buffer, labels: $0.baseAddress!) }
        guard let k else { return .tooManySymbols }
        distinct = k
        return buffer.withUnsafeBufferPointer { PatternKey.key($0, distinct: k) }.map(NormalizedKey.key) ?? .unpacked
    }

    /// The pattern of the last normalized string.
    public var pattern: Pattern { Pattern(trusted: buffer, distinct: distinct) }

    public enum NormalizedKey: Equatable {
        case key(UInt64)
        case unpacked
        case tooManySymbols
    }
}
