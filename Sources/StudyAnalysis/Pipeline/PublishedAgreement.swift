import Foundation
import Statistics

/// How our scores agree with scores published with the data: per task, the published z of
/// each response (the wide layout's `TASK.K`, the long layout's `published_z`) against ours;
/// for the composite, the published participant score (the wide layout's `K`, `published_K`)
/// against our composite. Only pairs where both exist are compared. This is what says whether
/// a run reproduces a paper: with the gauvrit2017 preset and `--fill-missing toss:K=40`, the
/// toss z of the 2017 file should agree to rounding.
public struct PublishedAgreement: Sendable {
    /// One compared pair, with where it came from.
    public struct Pair: Sendable, Equatable {
        public let participant: String
        /// Input line (of the response, or the participant's first response for the composite).
        public let line: Int
        /// The response for a task; empty for the composite.
        public let response: String
        public let published, ours: Double
        public var difference: Double { ours - published }
    }

    /// The comparison of one measure: a task's z, or the composite.
    public struct Measure: Sendable {
        public let measure: StudyMeasure
        public let n: Int
        public let meanAbsoluteDifference, maxAbsoluteDifference: Double
        /// NaN when undefined (fewer than 2 pairs, or a constant side).
        public let spearman, pearson: Double
        /// The pairs with the largest |ours - published|, largest first (at most `worstShown`).
        public let worst: [Pair]

        init(measure: StudyMeasure, pairs: [Pair]) {
            self.measure = measure
            n = pairs.count
            let absolute = pairs.map { abs($0.difference) }
            meanAbsoluteDifference = absolute.isEmpty ? .nan : absolute.reduce(0, +) / Double(absolute.count)
            maxAbsoluteDifference = absolute.max() ?? .nan
            spearman = Correlation.spearman(pairs.map(\.published), pairs.map(\.ours)) ?? .nan
            pearson = Correlation.pearson(pairs.map(\.published), pairs.map(\.ours)) ?? .nan
            worst = Array(pairs.enumerated().sorted { (abs($0.element.difference), -$0.offset) > (abs($1.element.difference), -$1.offset) }
                .prefix(PublishedAgreement.worstShown).map(\.element))
        }
    }

    /// How many of the worst pairs each measure lists.
    public static let worstShown = 5

    /// The measures with at least one pair: tasks in registry order, then the composite.
    public let measures: [Measure]

    public var isEmpty: Bool { measures.isEmpty }

    static func compute(input: StudyInput, measurement: ResponseMeasurement, participants: [ParticipantScores]) -> PublishedAgreement {
        let tasks = input.registry.tasks
        var byTask = [[Pair]](repeating: [], count: tasks.count)
        var firstLine = [Int?](repeating: nil, count: input.participants.count)
        for r in measurement.responses {
            let raw = input.responses[Int(r.response)]
            if firstLine[raw.participant] == nil { firstLine[raw.participant] = raw.line }
            let z = measurement.patterns[Int(r.task)][Int(r.slot)].zScore
            guard !raw.publishedZ.isNaN, !z.isNaN else { continue }
            byTask[Int(r.task)].append(Pair(participant: input.participants[raw.participant].id, line: raw.line,
                                            response: raw.text, published: raw.publishedZ, ours: z))
        }
        var measures = tasks.indices.filter { !byTask[$0].isEmpty }.map {
            Measure(measure: .task(index: $0, name: tasks[$0].name), pairs: byTask[$0])
        }
        var composite: [Pair] = []
        for p in participants {
            let info = input.participants[p.participant]
            guard !info.publishedComposite.isNaN, !p.composite.isNaN else { continue }
            composite.append(Pair(participant: info.id, line: firstLine[p.participant] ?? 0, response: "",
                                  published: info.publishedComposite, ours: p.composite))
        }
        if !composite.isEmpty { measures.append(Measure(measure: .composite, pairs: composite)) }
        return PublishedAgreement(measures: measures)
    }
}
