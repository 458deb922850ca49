import Foundation

/// Age bands from increasing breaks b0 < b1 < ... < bk: [b0, b1), [b1, b2), ..., [bk, ∞), and
/// "<b0" below. Labels in whole years when the breaks are whole ("20-29", "70+").
public struct AgeBands: Sendable, Equatable {
    let breaks: [Double]

    /// Bands of the usual developmental periods, for ages 4-91 as in the 2017 study.
    static let standard = AgeBands(breaks: [4, 10, 15, 20, 30, 40, 50, 60, 70])!

    public init?(breaks: [Double]) {
        guard !breaks.isEmpty, breaks.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        for i in 1..<breaks.count where !(breaks[i] > breaks[i - 1]) { return nil }
        self.breaks = breaks
    }

    static let unknown = "unknown"

    /// All labels in order (youngest first), "unknown" last.
    var labels: [String] { ["<" + NumberText.years(breaks[0])] + breaks.indices.map(label(band:)) + [AgeBands.unknown] }

    func label(for age: Double?) -> String {
        guard let age else { return AgeBands.unknown }
        if age < breaks[0] { return "<" + NumberText.years(breaks[0]) }
        var band = 0
        while band + 1 < breaks.count && age >= breaks[band + 1] { band += 1 }
        return label(band: band)
    }

    func label(band i: Int) -> String {
        if i == breaks.count - 1 { return NumberText.years(breaks[i]) + "+" }
        let lo = breaks[i], hi = breaks[i + 1]
        if lo == lo.rounded() && hi == hi.rounded() { return "\(Int(lo))-\(Int(hi) - 1)" }
        return "[\(NumberText.years(lo)),\(NumberText.years(hi)))"
    }
}

/// One row of the summary tables: one measure in one group.
///
/// `summary` is over participants (one value each: the task z, or a composite); the share of
/// degenerate responses is over responses (every response of the task, or of all tasks for
/// the composites, scored or not), with its Wilson interval. `unscored` says why a task has no
/// z ("table file missing").
struct GroupSummaryRow: Sendable {
    /// The row's group (`group` of the `grouping`) and measure.
    let grouping: Grouping, group: String, measure: StudyMeasure
    let summary: SampleSummary
    let degenerate: WilsonInterval
    let meanEntropy: Double
    /// The task's status when none of its responses has a z; nil for scored tasks and the
    /// composites.
    let unscored: TaskStatus?

    /// The `status` column: empty when the measure has z-scores.
    var statusText: String { unscored?.description ?? "" }
}

enum GroupSummaries {
    /// Rows for the groupings all, age band and each covariate in `groupBy`, in a fixed
    /// order (groups as `AgeBands.labels` for age, sorted for covariates); per group, each
    /// task's z, then the composites. `unscored`: per task, `GroupSummaryRow.unscored`.
    static func compute(input: StudyInput, measurement: ResponseMeasurement, participants: [ParticipantScores],
                               bands: AgeBands, groupBy: [String], unscored: [TaskStatus?]) -> [GroupSummaryRow] {
        var groupings: [(grouping: Grouping, key: (Int) -> String, order: [String]?)] = [
            (.all, { _ in "all" }, ["all"]),
            (.ageBand, { bands.label(for: input.participants[$0].age) }, bands.labels),
        ]
        for name in groupBy {
            guard let c = input.covariateNames.firstIndex(of: name) else { continue }
            groupings.append((.covariate(name), { p in
                let v = input.participants[p].covariates[c]
                return v.isEmpty ? "NA" : v
            }, nil))
        }
        let tasks = input.registry.tasks
        var rows: [GroupSummaryRow] = []
        for grouping in groupings {
            let keys = input.participants.indices.map(grouping.key)
            let present = Set(keys)
            let order = (grouping.order ?? present.sorted { a, b in
                // Numeric covariates in numeric order, others alphabetically, NA last.
                if a == "NA" { return false }
                if b == "NA" { return true }
                if let x = Double(a), let y = Double(b) { return x < y }
                return a < b
            }).filter(present.contains)
            let groupIndex = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
            let g = order.count
            // Per group and task: responses, degenerate responses, entropy sum.
            var counts = [Int](repeating: 0, count: g * tasks.count)
            var degenerate = [Int](repeating: 0, count: g * tasks.count)
            var entropy = [Double](repeating: 0, count: g * tasks.count)
            for r in measurement.responses {
                let p = input.responses[Int(r.response)].participant
                let k = groupIndex[keys[p]]! * tasks.count + Int(r.task)
                counts[k] += 1
                if r.flags.degenerate { degenerate[k] += 1 }
                entropy[k] += measurement.patterns[Int(r.task)][Int(r.slot)].entropy
            }
            var members = [[Int]](repeating: [], count: g)
            for p in input.participants.indices { members[groupIndex[keys[p]]!].append(p) }
            for (gi, group) in order.enumerated() {
                let ps = members[gi]
                for (t, task) in tasks.enumerated() {
                    let k = gi * tasks.count + t
                    rows.append(GroupSummaryRow(
                        grouping: grouping.grouping, group: group, measure: .task(index: t, name: task.name),
                        summary: SampleSummary(ps.map { participants[$0].taskZ[t] }),
                        degenerate: WilsonInterval(successes: degenerate[k], trials: counts[k]),
                        meanEntropy: counts[k] > 0 ? entropy[k] / Double(counts[k]) : .nan,
                        unscored: unscored[t]))
                }
                let allCount = (0..<tasks.count).reduce(0) { $0 + counts[gi * tasks.count + $1] }
                let allDegenerate = (0..<tasks.count).reduce(0) { $0 + degenerate[gi * tasks.count + $1] }
                let allEntropy = (0..<tasks.count).reduce(0.0) { $0 + entropy[gi * tasks.count + $1] }
                let share = WilsonInterval(successes: allDegenerate, trials: allCount)
                let meanEntropy = allCount > 0 ? allEntropy / Double(allCount) : .nan
                for measure in StudyMeasure.composites {
                    rows.append(GroupSummaryRow(grouping: grouping.grouping, group: group, measure: measure,
                                                summary: SampleSummary(ps.map { measure.value(of: participants[$0]) }),
                                                degenerate: share, meanEntropy: meanEntropy, unscored: nil))
                }
            }
        }
        return rows
    }
}
