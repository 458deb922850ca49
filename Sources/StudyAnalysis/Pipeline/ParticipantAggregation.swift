/// One participant's scores, as the 2017 study aggregates them.
///
/// - `taskZ[t]`: the mean z of the participant's scored responses to task t (one response per
///   task in the study's design; the mean when a design has several trials); NaN when none.
/// - `composite`: the mean of the task z-scores the participant has, the study's participant
///   score (docs/formalism.md §6). Which tasks enter it depends on which tables exist: today the coin task
///   alone; `StudyReport` says which.
/// - `compositeMedian`: the median of the same task z-scores, a robust alternative that one
///   constant response cannot drag down.
/// - `compositeNonDegenerate`: the mean over tasks of the z of the non-degenerate responses
///   only, the second part of the two-part view (how random the genuine attempts are).
/// - `degenerate`: how many of the participant's responses were flagged degenerate (all
///   tasks, whether scored or not: the flags do not need K).
struct ParticipantScores: Sendable {
    let participant: Int
    let age: Double?
    var taskZ: [Double]
    var composite, compositeMedian, compositeNonDegenerate: Double
    var tasksScored, responses, degenerate, impossibleTimes: Int

    /// Aggregates `measurement` by participant. O(responses + participants·tasks).
    /// `compositeTasks`: the tasks whose z enters the composites (all by default).
    static func aggregate(input: StudyInput, measurement: ResponseMeasurement,
                                 compositeTasks: Set<Int>? = nil) -> [ParticipantScores] {
        let taskCount = input.registry.tasks.count
        let n = input.participants.count
        var zSum = [Double](repeating: 0, count: n * taskCount)
        var zCount = [Int](repeating: 0, count: n * taskCount)
        var cleanSum = [Double](repeating: 0, count: n * taskCount)
        var cleanCount = [Int](repeating: 0, count: n * taskCount)
        var responses = [Int](repeating: 0, count: n)
        var degenerate = [Int](repeating: 0, count: n)
        var impossible = [Int](repeating: 0, count: n)
        for r in measurement.responses {
            let p = input.responses[Int(r.response)].participant
            let t = Int(r.task)
            responses[p] += 1
            if r.flags.degenerate { degenerate[p] += 1 }
            if r.flags.impossibleTime { impossible[p] += 1 }
            let z = measurement.patterns[t][Int(r.slot)].zScore
            guard !z.isNaN else { continue }
            zSum[p * taskCount + t] += z
            zCount[p * taskCount + t] += 1
            if !r.flags.degenerate {
                cleanSum[p * taskCount + t] += z
                cleanCount[p * taskCount + t] += 1
            }
        }
        var result: [ParticipantScores] = []
        result.reserveCapacity(n)
        for p in 0..<n {
            var taskZ = [Double](repeating: .nan, count: taskCount)
            var present: [Double] = []
            var clean: [Double] = []
            for t in 0..<taskCount {
                let k = p * taskCount + t
                let counted = compositeTasks?.contains(t) ?? true
                if zCount[k] > 0 {
                    taskZ[t] = zSum[k] / Double(zCount[k])
                    if counted { present.append(taskZ[t]) }
                }
                if counted && cleanCount[k] > 0 { clean.append(cleanSum[k] / Double(cleanCount[k])) }
            }
            present.sort()
            result.append(ParticipantScores(
                participant: p, age: input.participants[p].age, taskZ: taskZ,
                composite: present.isEmpty ? .nan : SampleSummary.mean(present),
                compositeMedian: present.isEmpty ? .nan : SampleSummary.quantile(sorted: present, 0.5),
                compositeNonDegenerate: clean.isEmpty ? .nan : SampleSummary.mean(clean),
                tasksScored: present.count, responses: responses[p], degenerate: degenerate[p],
                impossibleTimes: impossible[p]))
        }
        return result
    }
}
