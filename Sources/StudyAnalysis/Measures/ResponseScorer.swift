/// What the study pipeline needs from the Coding Theorem Method, and nothing more: the seam
/// between this module and the scoring API (`TableResponseScorer` is the implementation over
/// the shipped tables; tests may substitute their own).
///
/// Everything asked of a scorer depends only on the task (its alphabet, its shape) and the
/// response's pattern (first-appearance labels), so the pipeline asks once per distinct
/// pattern and task, and never per response.
public protocol ResponseScorer: Sendable {
    /// The uniform-producer reference for responses of `length` symbols of `task`, or why
    /// those responses cannot be scored (the task's table is not built, it is a 2-D task...).
    func reference(for task: StudyTask, length: Int) -> Result<UniformProducerReference, ScoringUnavailable>

    /// K, D and the derived figures of one response, given by its pattern (labels 0, 1, ...
    /// in order of first appearance) and its text (for messages).
    func score(pattern: [UInt8], text: String, task: StudyTask) -> Result<ComplexityScore, ScoringUnavailable>
}

/// Mean and SD of K over all m^L strings: what a uniformly random producer scores (docs/formalism.md §6).
public struct UniformProducerReference: Sendable, Equatable {
    var table: String
    var mean: Double
    var standardDeviation: Double
    var length: Int
    var alphabet: Int
    /// Share of the m^L strings the table gives a CTM value. Below 1 the mean and SD are
    /// those of the covered strings only, and the uncovered (rare, random-looking) responses
    /// get no z: a biased scale. The composite only takes tasks covered almost completely.
    var coverage: Double

    public init(table: String, mean: Double, standardDeviation: Double, length: Int, alphabet: Int, coverage: Double = 1) {
        self.table = table
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.length = length
        self.alphabet = alphabet
        self.coverage = coverage
    }
}

/// The CTM figures of one response. NaN marks a figure that does not exist for it (a BDM
/// estimate has no D, z, percentile or prob_random).
public struct ComplexityScore: Sendable {
    public enum Method: String, Sendable { case ctm, bdm }

    var complexity: Double
    var probability: Double
    var method: Method
    var table: String
    var zScore: Double
    var percentile: Double
    var probRandom: Double

    public init(complexity: Double, probability: Double, method: Method, table: String,
                zScore: Double, percentile: Double, probRandom: Double) {
        self.complexity = complexity
        self.probability = probability
        self.method = method
        self.table = table
        self.zScore = zScore
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
