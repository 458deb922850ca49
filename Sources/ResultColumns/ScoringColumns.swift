import Foundation
import Scoring

/// The columns of the scoring results, declared once: `acss score|local|bdm|reference` write
/// them as tables, CSV, TSV or JSON, and `acss serve` returns them as JSON objects with the
/// same keys and values. A column added here appears in both.
public enum ScoringColumns {
    /// `acss score`: one row per string.
    public static let score: [Column<Score>] = [
        Column("string") { .text($0.text) }, Column("pattern") { .text($0.pattern.description) },
        Column("alphabet") { .int($0.alphabet.size) }, Column("length") { .int($0.length) },
        Column("K", .fixed(4)) { .number($0.complexity) }, Column("D", .scientific(3)) { Cell($0.probability) },
        Column("method") { .text($0.method.rawValue) }, Column("table") { .text($0.table.name) },
        Column("alphabet_source", inTable: false) { .text($0.alphabetInferred ? "inferred" : "option") },
        Column("likelihood_d", .scientific(3), inTable: false) { Cell($0.likelihoodD) },
        Column("likelihood_ratio", .fixed(4), inTable: false) { Cell($0.likelihoodRatio) },
        Column("prob_random", .fixed(4)) { Cell($0.probRandom) }, Column("z", .fixed(2)) { Cell($0.zScore) },
        Column("percentile", .fixed(1)) { Cell($0.percentile) },
        Column("entropy", .fixed(4)) { .number($0.entropy) },
        Column("entropy2", .fixed(4), inTable: false) { Cell($0.bigramEntropy) },
        Column("alternations") { .int($0.alternations) },
        Column("alternation_rate", .fixed(4), inTable: false) { Cell($0.alternationRate) },
        Column("change_complexity", .fixed(4)) { Cell($0.changeComplexity) },
        Column("K_se", .fixed(4), inTable: false) { Cell($0.complexityStandardError) },
        Column("lz76") { $0.lz76.map { .int($0) } ?? .missing },
        Column("logical_depth", .fixed(2), inTable: false) { score in
            guard let d = score.logicalDepth else { return .missing }
            return d.method == .ctm ? .int(Int(d.steps)) : .number(d.steps)
        },
        Column("note", inTable: false) { $0.notes.isEmpty ? .missing : .text($0.notes.joined(separator: "; ")) },
        .error,
    ]

    /// `acss score --2d`: one row per binary array, with the columns of 1-D scoring (those
    /// without a meaning for arrays left empty).
    public static let gridScore: [Column<GridScore>] = [
        Column("string") { .text($0.text) }, Column("pattern") { .text($0.array.description) },
        Column("alphabet") { _ in .int(2) }, Column("length") { .int($0.cells) },
        Column("K", .fixed(4)) { .number($0.complexity) }, Column("D", .scientific(3)) { .number($0.probability) },
        Column("method") { _ in .text("ctm") }, Column("table") { .text($0.table.name) },
        Column("alphabet_source", inTable: false) { _ in .text("2-D") },
        Column("likelihood_d", .scientific(3), inTable: false) { Cell($0.likelihoodD.isNaN ? nil : $0.likelihoodD) },
        Column("likelihood_ratio", .fixed(4), inTable: false) { Cell($0.likelihoodRatio.isNaN ? nil : $0.likelihoodRatio) },
        Column("prob_random", .fixed(4)) { Cell($0.probRandom.isNaN ? nil : $0.probRandom) },
        Column("z", .fixed(2)) { Cell($0.zScore) },
        Column("percentile", .fixed(1)) { Cell($0.percentile) },
        Column("entropy", .fixed(4)) { .number($0.entropy) },
        Column("entropy2", .fixed(4), inTable: false) { _ in .missing },
        Column("alternations") { _ in .missing },
        Column("alternation_rate", .fixed(4), inTable: false) { _ in .missing },
        Column("change_complexity", .fixed(4)) { _ in .missing },
        Column("K_se", .fixed(4), inTable: false) { _ in .number(0) },
        Column("lz76") { _ in .missing },
        Column("logical_depth", .fixed(2), inTable: false) { _ in .missing },
        Column("note", inTable: false) { $0.notes.isEmpty ? .missing : .text($0.notes.joined(separator: "; ")) },
        .error,
    ]

    /// `acss local`: one row per window.
    public static let localWindows: [Column<LocalWindow>] = [
        Column("string") { .text($0.sequence.text) }, Column("alphabet") { .int($0.alphabet.size) },
        Column("span") { .int($0.span) }, Column("position") { .int($0.start + 1) },
        Column("window") { .text($0.sequence.text(of: $0.start..<($0.start + $0.span))) },
        Column("K", .fixed(4)) { .number($0.K) }, .error,
    ]

    /// `acss local --mean`: one row per string.
    public static let localMeans: [Column<LocalMean>] = [
        Column("string") { .text($0.sequence.text) }, Column("alphabet") { .int($0.alphabet.size) },
        Column("span") { .int($0.span) }, Column("windows") { .int($0.windows) },
        Column("mean_K", .fixed(4)) { .number($0.meanK) }, .error,
    ]

    /// `acss bdm`: one row per string.
    public static let bdm: [Column<BDMValue>] = [
        Column("string") { .text($0.sequence.text) }, Column("pattern") { .text($0.sequence.pattern.description) },
        Column("alphabet") { .int($0.alphabet.size) }, Column("length") { .int($0.sequence.length) },
        Column("BDM", .fixed(4)) { .number($0.result.value) },
        Column("flavour") { .text($0.result.decomposition.flavour.rawValue) },
        Column("block_size") { .int($0.result.decomposition.blockSize) }, Column("step") { .int($0.result.decomposition.step) },
        Column("boundary") { v in
            let d = v.result.decomposition
            return d.flavour == .standard ? .text(d.boundary.rawValue) : .text("tail")
        },
        Column("blocks") { .int($0.result.blocks.reduce(0) { $0 + $1.multiplicity }) },
        Column("distinct_blocks") { .int($0.result.blocks.count) }, Column("table") { .text($0.result.table.name) },
        .error,
    ]

    /// `acss bdm --normalized`: pybdm's normalized BDM and BDM per symbol.
    public static let bdmNormalized: [Column<BDMValue>] = [
        Column("nbdm", .fixed(4)) { Cell($0.normalization?.normalized) },
        Column("bdm_per_symbol", .fixed(4)) { Cell($0.normalization?.perSymbol) },
    ]
    /// `acss bdm --block-entropy`: the Shannon entropy of the blocks.
    public static let bdmEntropy: [Column<BDMValue>] = [
        Column("block_entropy", .fixed(4)) { Cell($0.entropy?.bits) },
        Column("block_entropy_normalized", .fixed(4)) { Cell($0.entropy?.normalized) },
    ]
    /// `acss bdm --given Y`: coarse conditional BDM and mutual information.
    public static let bdmGiven: [Column<BDMValue>] = [
        Column("given") { $0.given.map { .text($0.text) } ?? .missing },
        Column("conditional_bdm", .fixed(4)) { Cell($0.conditional?.conditional) },
        Column("bdm_given", .fixed(4)) { Cell($0.conditional?.bdmY) },
        Column("joint_bdm", .fixed(4)) { Cell($0.conditional?.bdmJoint) },
        Column("mutual_information", .fixed(4)) { Cell($0.conditional?.mutualInformation) },
    ]

    /// `acss bdm --blocks`: one row per distinct block.
    public static let bdmBlocks: [Column<BDMBlock>] = [
        Column("string") { .text($0.sequence.text) }, Column("block") { .text($0.sequence.text(of: $0.block.firstOccurrence)) },
        Column("position") { .int($0.block.firstOccurrence.lowerBound + 1) }, Column("multiplicity") { .int($0.block.multiplicity) },
        Column("K", .fixed(4)) { .number($0.block.complexity) }, .error,
    ]

    /// `acss bdm --2d`: one row per array.
    public static let gridBDM: [Column<GridBDMValue>] = [
        Column("array") { .text($0.name) }, Column("rows") { .int($0.result.rows) }, Column("columns") { .int($0.result.columns) },
        Column("BDM", .fixed(4)) { .number($0.result.value) },
        Column("block_entropy", .fixed(4)) { .number($0.result.blockEntropy) },
        Column("block_size") { .int($0.result.decomposition.blockSize) },
        Column("boundary") { .text($0.result.decomposition.boundary.rawValue) },
        Column("shift") { $0.result.decomposition.boundary == .correlated ? .int($0.result.decomposition.shift) : .missing },
        Column("min_length") { $0.result.decomposition.boundary == .recursive ? .int($0.result.decomposition.minLength) : .missing },
        Column("blocks") { .int($0.result.totalBlocks) }, Column("distinct_blocks") { .int($0.result.blocks.count) },
        Column("table") { .text($0.result.table.name) },
        .error,
    ]

    /// `acss bdm --2d --normalized`.
    public static let gridBDMNormalized: [Column<GridBDMValue>] = [
        Column("nbdm", .fixed(4)) { Cell($0.normalization?.normalized) },
        Column("bdm_per_symbol", .fixed(4)) { Cell($0.normalization?.perSymbol) },
    ]
    /// `acss bdm --2d --block-entropy` (`block_entropy` is always there in 2-D).
    public static let gridBDMEntropy: [Column<GridBDMValue>] = [
        Column("block_entropy_normalized", .fixed(4)) { Cell($0.entropy?.normalized) },
    ]

    /// `acss bdm --2d --blocks`: one row per distinct block.
    public static let gridBDMBlocks: [Column<GridBDMBlock>] = [
        Column("array") { .text($0.name) }, Column("block") { .text($0.block.block.description) },
        Column("row") { .int($0.block.row) }, Column("column") { .int($0.block.column) },
        Column("multiplicity") { .int($0.block.multiplicity) }, Column("K", .fixed(4)) { .number($0.block.complexity) },
        .error,
    ]

    /// `acss reference`: one row per length.
    public static let reference: [Column<ReferenceRow>] = [
        Column("alphabet") { .int($0.alphabet.size) }, Column("length") { .int($0.length) },
        // m^L is at most 9^12, well within Int.
        Column("strings") { .int(Int($0.reference.strings)) }, Column("covered") { .int(Int($0.reference.coveredStrings)) },
        Column("patterns") { .int($0.reference.patterns) }, Column("mean", .fixed(5)) { .number($0.reference.mean) },
        Column("sd", .fixed(5)) { .number($0.reference.standardDeviation) },
        Column("pattern_sd", .fixed(5)) { .number($0.reference.patternSampleStandardDeviation) },
        Column("table") { .text($0.table) },
    ]
}

/// One window of one string (`acss local`).
public struct LocalWindow: Sendable {
    public let sequence: SymbolSequence
    public let alphabet: Alphabet
    public let span: Int
    /// 0-based start.
    public let start: Int
    public let K: Double

    public init(sequence: SymbolSequence, alphabet: Alphabet, span: Int, start: Int, K: Double) {
        self.sequence = sequence
        self.alphabet = alphabet
        self.span = span
        self.start = start
        self.K = K
    }
}

/// All windows of one string, averaged (`acss local --mean`).
public struct LocalMean: Sendable {
    public let sequence: SymbolSequence
    public let alphabet: Alphabet
    public let span: Int
    public let windows: Int
    public let meanK: Double

    public init(sequence: SymbolSequence, alphabet: Alphabet, span: Int, windows: Int, meanK: Double) {
        self.sequence = sequence
        self.alphabet = alphabet
        self.span = span
        self.windows = windows
        self.meanK = meanK
    }
}

/// The BDM value of one string (`acss bdm`).
public struct BDMValue: Sendable {
    public let sequence: SymbolSequence
    public let alphabet: Alphabet
    public let result: BDMResult
    /// Set with `--normalized`, `--block-entropy`, `--given Y`.
    public var normalization: BDMNormalization? = nil
    public var entropy: BlockEntropy? = nil
    public var given: SymbolSequence? = nil
    public var conditional: ConditionalBDM? = nil

    public init(sequence: SymbolSequence, alphabet: Alphabet, result: BDMResult) {
        self.sequence = sequence
        self.alphabet = alphabet
        self.result = result
    }
}

/// The measures `acss bdm` (and `POST /v1/bdm`) can add to a string's BDM value: the one
/// place that says which columns each adds and how the value gets them.
public struct BDMAdditions: Sendable {
    public var normalized = false
    public var blockEntropy = false
    public var given: SymbolSequence? = nil

    public init(normalized: Bool = false, blockEntropy: Bool = false, given: SymbolSequence? = nil) {
        self.normalized = normalized
        self.blockEntropy = blockEntropy
        self.given = given
    }

    public var isEmpty: Bool { !normalized && !blockEntropy && given == nil }

    /// `ScoringColumns.bdm` with the chosen additions before `error`.
    public var columns: [Column<BDMValue>] {
        var extra: [Column<BDMValue>] = []
        if normalized { extra += ScoringColumns.bdmNormalized }
        if blockEntropy { extra += ScoringColumns.bdmEntropy }
        if given != nil { extra += ScoringColumns.bdmGiven }
        return Array(ScoringColumns.bdm.dropLast()) + extra + [ScoringColumns.bdm.last!]
    }

    /// The BDM value of `sequence` with the chosen additions.
    public func value(of sequence: SymbolSequence, alphabet: Alphabet, decomposition: BlockDecomposition,
                      estimator: ComplexityEstimator) throws(ScoringError) -> BDMValue {
        let result = try estimator.bdm(of: sequence, alphabet: alphabet, decomposition: decomposition)
        var value = BDMValue(sequence: sequence, alphabet: alphabet, result: result)
        if normalized { value.normalization = try estimator.normalization(of: result, length: sequence.length, alphabet: alphabet) }
        if blockEntropy { value.entropy = try estimator.blockEntropy(of: result, alphabet: alphabet) }
        if let given {
            value.given = given
            value.conditional = try estimator.conditionalBDM(of: sequence, given: given, alphabet: alphabet, decomposition: decomposition)
        }
        return value
    }
}

/// One distinct block of one string (`acss bdm --blocks`).
public struct BDMBlock: Sendable {
    public let sequence: SymbolSequence
    public let block: BDMResult.Block

    public init(sequence: SymbolSequence, block: BDMResult.Block) {
        self.sequence = sequence
        self.block = block
    }
}

/// The BDM value of one array (`acss bdm --2d`).
public struct GridBDMValue: Sendable {
    /// The argument, or the input's name (file path, "standard input").
    public let name: String
    public let result: GridBDMResult
    /// Set with `--normalized`, `--block-entropy`.
    public var normalization: BDMNormalization? = nil
    public var entropy: BlockEntropy? = nil

    public init(name: String, result: GridBDMResult) {
        self.name = name
        self.result = result
    }
}

/// One distinct block of one array (`acss bdm --2d --blocks`).
public struct GridBDMBlock: Sendable {
    public let name: String
    public let block: GridBDMResult.Block

    public init(name: String, block: GridBDMResult.Block) {
        self.name = name
        self.block = block
    }
}

/// The uniform reference of one length (`acss reference`).
public struct ReferenceRow: Sendable {
    public let alphabet: Alphabet
    public let length: Int
    public let reference: UniformReference
    public let table: String

    public init(alphabet: Alphabet, length: Int, reference: UniformReference, table: String) {
        self.alphabet = alphabet
        self.length = length
        self.reference = reference
        self.table = table
    }
}
