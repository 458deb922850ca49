import Foundation
import Scoring

/// Settings of one analysis. Defaults follow the 2017 study where it fixed something.
public struct StudyOptions: Sendable {
    /// Bootstrap replicates for the peak CIs and curve bands (0: no bootstrap).
    public var bootstrapReplicates = 1000
    /// A task enters the composite only when its table gives a CTM value to at least this
    /// share of the m^L strings of its length (see `UniformProducerReference.coverage`).
    public var minimumCoverage = UniformReference.minimumCoverage
    public var seed: UInt64 = 2017
    /// Worker threads (scoring and bootstrap); results do not depend on it.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var ageBands = AgeBands.standard
    /// Covariate columns to summarise by, besides age band.
    public var groupBy: [String] = []
    /// The largest spline df AICc may choose (`--spline-max-df`); the data cap it further
    /// (`NaturalSplineModel.degreesOfFreedomCap`).
    public var splineMaxDegreesOfFreedom = 10
    /// A fixed spline df (`--spline-df N`); nil: chosen by AICc (`auto`).
    public var splineDegreesOfFreedom: Int?
    /// The scale of age in every age model (`--age-scale`).
    public var ageScale = AgeScale.log
    /// Participant covariates added to the quadratic age models (`--covariates`).
    public var covariates: [String] = []
    /// Fewer participants with an age than this: no age curve for that target.
    public var minimumParticipantsForFit = 20
    /// The SD of the string tasks' z (`--z-sd`); nil: the registry's (`TaskRegistry.deviation`:
    /// `patterns` for the gauvrit2017 preset, as published; `strings` for a registry file).
    public var deviation: DeviationConvention?
    /// K for the responses a task's table lacks (`--fill-missing`); empty: they have no z.
    public var fillMissing = MissingComplexityFill()

    public init() {}
}

/// What became of a task's responses. Its description is the text the reports print.
public enum TaskStatus: Sendable, Equatable, CustomStringConvertible {
    /// The input has no response to the task.
    case noResponses
    /// At least one response has a z-score.
    case scored
    /// No response has a z, for this reason (the task-wide one when there is one, otherwise
    /// the first failure met in pattern order).
    case unavailable(ScoringUnavailable.Reason)
    /// No response has a z, and none failed to score (every K came from BDM).
    case notScored

    public var description: String {
        switch self {
        case .noResponses: return "no responses"
        case .scored: return "scored"
        case .unavailable(let reason): return reason.rawValue
        case .notScored: return "not scored"
        }
    }
}

/// One value per participant that the summaries and the age curves describe: a task's z or
/// one of the composites. Its description is the name the reports print.
public enum StudyMeasure: Hashable, Sendable, CustomStringConvertible {
    /// The participant's mean z on task `index` of the registry.
    case task(index: Int, name: String)
    case composite
    case compositeMedian
    case compositeNonDegenerate

    /// The composites, in the order the reports list them.
    static let composites: [StudyMeasure] = [.composite, .compositeMedian, .compositeNonDegenerate]

    public var description: String {
        switch self {
        case .task(_, let name): return name
        case .composite: return "composite"
        case .compositeMedian: return "composite_median"
        case .compositeNonDegenerate: return "composite_nondegenerate"
        }
    }

    func value(of participant: ParticipantScores) -> Double {
        switch self {
        case .task(let index, _): return participant.taskZ[index]
        case .composite: return participant.composite
        case .compositeMedian: return participant.compositeMedian
        case .compositeNonDegenerate: return participant.compositeNonDegenerate
        }
    }

    /// The participants an age model of this measure uses (those with an age and a value), in
    /// order, with their age and value.
    func agePoints(_ participants: [ParticipantScores]) -> [(participant: ParticipantScores, age: Double, value: Double)] {
        participants.compactMap { p in
            guard let age = p.age else { return nil }
            let v = value(of: p)
            return v.isNaN ? nil : (p, age, v)
        }
    }
}

/// How the summary tables split the participants. Its description is the `grouping` column.
enum Grouping: Hashable, Sendable, CustomStringConvertible {
    /// Everybody, one group named "all".
    case all
    /// The age bands of `StudyOptions.ageBands`.
    case ageBand
    /// The values of a covariate column (`--group-by`).
    case covariate(String)

    var description: String {
        switch self {
        case .all: return "all"
        case .ageBand: return "age_band"
        case .covariate(let name): return name
        }
    }
}

/// What became of each task: scored, or why not, and on what reference.
public struct TaskOutcome: Sendable {
    public let task: StudyTask
    public var responses = 0
    var distinctPatterns = 0
    /// Responses with a z-score.
    public var scored = 0
    /// Responses with K from BDM (not in the table): K but no z, as in ACSS.
    var bdm = 0
    /// Responses not in the table whose K came from `--fill-missing` (they have a z).
    var imputed = 0
    public var status = TaskStatus.noResponses
    public var message: String?
    var references: [UniformProducerReference] = []
    /// The smallest coverage among the task's references (1 when it has none).
    var coverage: Double { references.map(\.coverage).min() ?? 1 }
    /// Whether the task's z enters the participants' composites.
    var inComposite = false
}

/// Responses of one task that failed to score with one message.
public struct ScoringFailureGroup: Sendable, Equatable, CustomStringConvertible {
    public let task: String
    public let reason: ScoringUnavailable.Reason
    public let message: String
    public internal(set) var responses: Int
    /// Input line of the first response that met it.
    public let firstLine: Int

    /// The line stderr prints: "task toss: scoring failed: MESSAGE (3 responses, first on line 7)".
    public var description: String {
        "task \(task): \(reason.rawValue): \(message) (\(responses) response\(responses == 1 ? "" : "s"), first on line \(firstLine))"
    }
}

/// An age curve target (a task's z, a composite) and its two fits.
public struct CurveResult: Sendable {
    let target: StudyMeasure
    var participants = 0
    public var quadratic: AgeCurveFit?
    public var spline: AgeCurveFit?
    public var note: String?
    /// Mean and 95% CI of the target at each whole year of age (for plots).
    var byAge: [(age: Double, n: Int, mean: Double, low: Double, high: Double)] = []

    /// The fits that exist, quadratic first.
    var fits: [AgeCurveFit] { [quadratic, spline].compactMap { $0 } }
}

/// Everything one analysis produced; the report writers and plots read only this.
public struct StudyResult: Sendable {
    public let input: StudyInput
    let options: StudyOptions
    public let measurement: ResponseMeasurement
    let participants: [ParticipantScores]
    public let tasks: [TaskOutcome]
    let summaries: [GroupSummaryRow]
    public var curves: [CurveResult]
    let degeneracy: [DegeneracyCurve]
    /// Our scores against those published with the data (empty when the input has none).
    public let agreement: PublishedAgreement
    /// Input and response issues, in line order.
    public let issues: [InputIssue]
    public var timings: [(stage: String, seconds: Double)]
    var bootstrapGroupedToMonths = false
    /// The quadratic age models with `--covariates`, per curve target (empty without).
    var covariateFits: [CovariateAdjustedFit] = []
    /// The ANOVA of each measure across the groups of each `--group-by` column.
    var groupComparisons: [GroupComparison] = []
    /// The files of the tables that scored the tasks (empty for tables in memory).
    public var tables: [TableFileRecord] = []

    /// Which part of the two-part view drives the composite's age curve (nil when a part has
    /// no fit).
    var ageCurveDriver: AgeCurveDriver? {
        AgeCurveDriver(composite: curve(.composite)?.quadratic, engaged: curve(.compositeNonDegenerate)?.quadratic,
                       degeneracy: degeneracy.first { $0.target == .allTasks })
    }

    /// The headline's sentence on the composite's peak: whether the quadratic gives evidence of
    /// an interior peak (b2 < 0 at 0.05 and the vertex inside the ages), with its tests.
    public var compositePeakEvidence: String? { curve(.composite)?.quadratic?.evidence?.statement }
    /// The headline's sentence on which part drives the composite's age curve.
    public var ageCurveDriverStatement: String? { ageCurveDriver?.statement }

    /// The SD convention of the string tasks' z in this run.
    var deviation: DeviationConvention { options.deviation ?? input.registry.deviation }
    /// `--fill-missing` as (task or "*" for every task, K), for the reports.
    var fillMissingSettings: [(task: String, complexity: Double)] {
        (options.fillMissing.all.map { [("*", $0)] } ?? []) + options.fillMissing.byTask.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The tasks whose z enters the composite.
    var compositeTasks: [String] { tasks.filter(\.inComposite).map(\.task.name) }

    /// Over how many of the registry's tasks the composite is, and why the others are not in
    /// it: "composite over 4 of 5 tasks: grid not scored (table file missing)". Without it a
    /// missing table would silently change what the composite means.
    public var compositeCoverage: String {
        let left = tasks.filter { !$0.inComposite }.map { t in
            t.scored > 0 ? "\(t.task.name) left out (table coverage \(NumberText.fixed(100 * t.coverage, 1))%)"
                         : "\(t.task.name) not scored (\(t.status))"
        }
        let head = "composite over \(compositeTasks.count) of \(tasks.count) tasks"
        return left.isEmpty ? head : head + ": " + left.joined(separator: ", ")
    }

    /// Every scoring failure, one entry per task and distinct message with the number of
    /// responses that met it, in task order then by first response: what stderr, report.json
    /// and report.md list (responses.csv has each response's own).
    public var scoringFailures: [ScoringFailureGroup] {
        var groups: [ScoringFailureGroup] = []
        var index: [String: Int] = [:]
        for r in measurement.responses {
            let t = Int(r.task)
            guard case .failure(let failure) = measurement.patterns[t][Int(r.slot)].score else { continue }
            let key = "\(t)\u{0}\(failure.reason.rawValue)\u{0}\(failure.message)"
            if let i = index[key] { groups[i].responses += 1; continue }
            index[key] = groups.count
            groups.append(ScoringFailureGroup(task: tasks[t].task.name, reason: failure.reason, message: failure.message,
                                              responses: 1, firstLine: input.responses[Int(r.response)].line))
        }
        let order = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1.task.name, $0) })
        return groups.enumerated().sorted { (order[$0.element.task]!, $0.offset) < (order[$1.element.task]!, $1.offset) }.map(\.element)
    }
    public var skippedRows: Int { issues.filter(\.skipped).count }

    /// The age curve of `target`, when it has one.
    public func curve(_ target: StudyMeasure) -> CurveResult? { curves.first { $0.target == target } }
}

extension StudyResult {
    /// What leaves the report without whole parts, which no single row's issue says: task
    /// names of the data that the registry lacks (every row of them skipped), registry tasks
    /// whose every response was rejected (symbols coded otherwise, H/T for 0/1), and a report
    /// with no scored response at all. Each names the task, its rows and the first line. The
    /// usual cause is a registry that does not describe the data (`--print-registry`,
    /// `--registry`).
    public var lostTasks: [String] {
        var problems: [String] = []
        let registryTasks = input.registry.tasks.map(\.name).joined(separator: ", ")
        for name in input.unknownTasks.keys.sorted(by: { input.unknownTasks[$0]!.firstLine < input.unknownTasks[$1]!.firstLine }) {
            let lost = input.unknownTasks[name]!
            problems.append("task '\(name)' is not in the registry \(input.registry.name) (\(registryTasks)): all \(lost.rows) of its rows were skipped (first on line \(lost.firstLine))")
        }
        var read = [Int](repeating: 0, count: tasks.count)
        var firstLine = [Int?](repeating: nil, count: tasks.count)
        for r in input.responses {
            read[r.task] += 1
            if firstLine[r.task] == nil { firstLine[r.task] = r.line }
        }
        let issueByLine = Dictionary(measurement.issues.map { ($0.line, $0) }, uniquingKeysWith: { a, _ in a })
        for (t, outcome) in tasks.enumerated() where read[t] > 0 && outcome.responses == 0 {
            let first = firstLine[t].flatMap { issueByLine[$0] }
            problems.append("task \(outcome.task.name): all \(read[t]) of its responses were rejected" + (first.map { " (first: \($0))" } ?? ""))
        }
        if input.rowsRead > 0 && !tasks.contains(where: { $0.scored > 0 }) {
            problems.append("no response has a z score: the report has no complexity figures")
        }
        return problems
    }
}
