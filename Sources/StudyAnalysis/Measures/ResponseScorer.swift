/// What the study pipeline needs from the Coding Theorem Method, and nothing more: the seam
/// between this module and the scoring API (`TableResponseScorer` is the implementation over
/// the shipped tables; tests may substitute their own).
///
/// Everything asked of a scorer depends only on the task (its alphabet, its shape) and the
/// response's pattern (first-appearance labels), so the pipeline asks once per distinct
/// pattern and task, and never per response.
public protocol ResponseScorer: Sendable {
    /// The uniform-producer reference for responses of `length` symbols of `task`, with its SD
    /// taken by `convention` (a 2-D task has one convention, `.arrays`, and ignores it), or
    /// why those responses cannot be scored (the task's table is missing...).
    func reference(for task: StudyTask, length: Int, convention: DeviationConvention) -> Result<UniformProducerReference, ScoringUnavailable>

    /// K, D and the derived figures of one response, given by its pattern (labels 0, 1, ...
    /// in order of first appearance) and its text (for messages).
    func score(pattern: [UInt8], text: String, task: StudyTask) -> Result<ComplexityScore, ScoringUnavailable>

    /// The files behind the tables `names` (as the references and scores name them), for the
    /// report's methods: file, SHA-256 and header figures. A scorer without files (tables in
    /// memory, a test's stand-in) gives none.
    func provenance(ofTables names: [String]) -> [TableFileRecord]
}

extension ResponseScorer {
    public func provenance(ofTables names: [String]) -> [TableFileRecord] { [] }
}

/// A table file as the report's methods cite it (the scoring API's `TableProvenance`, in this
/// module's terms): name, file, SHA-256 and the key figures of its header.
public struct TableFileRecord: Sendable, Equatable {
    public var name: String
    public var file: String
    public var sha256: String
    /// (states, symbols), "2-D" in front for 2-D machines.
    public var space: String
    public var stepCap: Int?
    /// Machines of the space (exhaustive tables) or nil.
    public var machines: String?
    /// Machines sampled (sampled tables) or nil.
    public var samples: String?
    /// H, halting machines.
    public var halting: String?

    public init(name: String, file: String, sha256: String, space: String, stepCap: Int?, machines: String?, samples: String?, halting: String?) {
        self.name = name
        self.file = file
        self.sha256 = sha256
        self.space = space
        self.stepCap = stepCap
        self.machines = machines
        self.samples = samples
        self.halting = halting
    }
}

/// Which standard deviation of K a task's z divides by. The definition (docs/formalism.md §6)
/// is the SD over all m^L strings; the 2017 study computed its constants with R's `sd()` over
/// the rows of the ACSS table, and a reproduction must use the same divisor: for 12 coin
/// tosses 1.56079 against 1.56041, which moves every z by 0.025%.
public enum DeviationConvention: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Population SD of K over every string the table covers, each string counted once
    /// (`UniformReference.standardDeviation`): what a uniformly random producer scores.
    case strings
    /// Sample SD (n - 1) of K over the table's distinct patterns of the length, each pattern
    /// once (`UniformReference.patternSampleStandardDeviation`): the 2017 string tasks.
    case patterns
    /// Sample SD (n - 1) of K over every array of a grid's shape: the 2017 grid task, and the
    /// only convention of a 2-D task.
    case arrays

    /// The conventions a user may choose for the string tasks (`--z-sd`).
    public static let choices: [DeviationConvention] = [.strings, .patterns]

    public var description: String { rawValue }

    /// How the reports spell the statistic out.
    var explanation: String {
        switch self {
        case .strings: return "population SD over all strings of the length"
        case .patterns: return "sample SD (n - 1) over the table's distinct patterns of the length, as R's sd()"
        case .arrays: return "sample SD (n - 1) over every array of the shape"
        }
    }
}

/// Mean and SD of K over all m^L strings: what a uniformly random producer scores (docs/formalism.md §6).
/// It is the one place a study's z is computed (`zScore`), so the SD it carries, and says it
/// carries (`convention`), is the SD of every z of its task and length.
public struct UniformProducerReference: Sendable, Equatable {
    var table: String
    var mean: Double
    var standardDeviation: Double
    /// Which SD `standardDeviation` is.
    var convention: DeviationConvention
    var length: Int
    var alphabet: Int
    /// Share of the m^L strings the table gives a CTM value. Below 1 the mean and SD are
    /// those of the covered strings only, and the uncovered (rare, random-looking) responses
    /// get no z: a biased scale. The composite only takes tasks covered almost completely.
    var coverage: Double

    public init(table: String, mean: Double, standardDeviation: Double, convention: DeviationConvention = .strings,
                length: Int, alphabet: Int, coverage: Double = 1) {
        self.table = table
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.convention = convention
        self.length = length
        self.alphabet = alphabet
        self.coverage = coverage
    }

    /// (K - mean) / SD; NaN when the SD is not positive (every string of the length has the
    /// same K: no string is more or less typical than another).
    func zScore(_ complexity: Double) -> Double {
        standardDeviation > 0 ? (complexity - mean) / standardDeviation : .nan
    }
}

/// The CTM figures of one response. NaN marks a figure that does not exist for it (a BDM
/// estimate has no D, z, percentile or prob_random). A scorer does not give z: the pipeline
/// computes it from the task's `UniformProducerReference`, whose SD convention the run chose.
public struct ComplexityScore: Sendable {
    /// `ctm`: looked up in the table; `bdm`: not in the table, K by BDM, no z; `imputed`: not
    /// in the table, K given by `--fill-missing` (`MissingComplexityFill`), z from it.
    public enum Method: String, Sendable { case ctm, bdm, imputed }

    var complexity: Double
    var probability: Double
    var method: Method
    var table: String
    /// Set by the pipeline (`UniformProducerReference.zScore`); NaN until then and for BDM.
    var zScore: Double
    var percentile: Double
    var probRandom: Double

    public init(complexity: Double, probability: Double, method: Method, table: String,
                percentile: Double, probRandom: Double) {
        self.complexity = complexity
        self.probability = probability
        self.method = method
        self.table = table
        self.zScore = .nan
        self.percentile = percentile
        self.probRandom = probRandom
    }
}

/// Why a response or a task cannot be scored: its responses are reported with the reason, and
/// everything that does not need K is still computed.
public struct ScoringUnavailable: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        /// The scorer was built from tables in memory without the task's table.
        case tableNotLoaded = "table not loaded"
        /// The catalog names the table's file but the data directory lacks it (not installed,
        /// or still being built).
        case tableMissing = "table file missing"
        /// No exact uniform reference (a length beyond the table).
        case noReference = "no uniform reference"
        /// The table does not contain this string (no CTM value; ACSS gives NA too).
        case notInTable = "not in table"
        /// The table file is there but cannot be used (truncated, corrupted, edited, or another
        /// table under its name): an error of the run, not a task to skip.
        case tableUnusable = "table unusable"
        /// Anything else.
        case failed = "scoring failed"
    }

    var reason: Reason
    var message: String

    /// Whether the reason holds for every response of the task (no table, or no usable one),
    /// rather than for one response.
    var isTaskWide: Bool {
        switch reason {
        case .tableNotLoaded, .tableMissing, .tableUnusable, .failed: return true
        case .noReference, .notInTable: return false
        }
    }

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}

extension Result {
    /// The error of a failure; nil for a success.
    var error: Failure? {
        if case .failure(let e) = self { return e }
        return nil
    }
}
