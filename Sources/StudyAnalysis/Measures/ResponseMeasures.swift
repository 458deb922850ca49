import Dispatch
import Foundation
import Scoring

/// The measures of one distinct response pattern of one task: everything that depends only on
/// the pattern (first-appearance labels) and the task's alphabet. Computed once per distinct
/// pattern, shared by every response that has it: CTM scoring stays one lookup per distinct
/// string however many participants gave it.
struct PatternMeasures: Sendable {
    /// Labels 0, 1, ... by first appearance.
    let labels: [UInt8]
    /// The labels as digits, e.g. "01002".
    let pattern: String
    /// ACSS entropy and entropy2 (bits), alternation rate (alternations / (L-1)).
    let entropy, bigramEntropy, alternationRate: Double
    let longestRun: Int
    /// Evans' RNG and the redundancy R (Towse & Neil 1998); NaN where undefined.
    let evansRNG, redundancy: Double
    /// K, D, z... or why they do not exist.
    var score: Result<ComplexityScore, ScoringUnavailable>

    init(labels: [UInt8], alphabet m: Int) {
        self.labels = labels
        pattern = String(decoding: labels.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        // The entropies and alternations as the scoring API defines them (one source of truth
        // with `acss score`).
        let p = Pattern(normalized: labels)!
        entropy = p.entropy
        bigramEntropy = p.bigramEntropy ?? .nan
        alternationRate = p.alternationRate ?? .nan
        longestRun = RandomGenerationIndices.longestRun(labels)
        evansRNG = RandomGenerationIndices.evansRNG(labels, alphabet: max(m, Int(labels.max() ?? 0) + 1)) ?? .nan
        redundancy = RandomGenerationIndices.redundancy(entropy: entropy, alphabet: m) ?? .nan
        score = .failure(ScoringUnavailable(.failed, "not scored yet"))
    }

    var zScore: Double { (try? score.get())?.zScore ?? .nan }
    var complexity: Double { (try? score.get())?.complexity ?? .nan }
}

/// One response, read and measured. What depends on the pattern is in `PatternMeasures`
/// (`slot`); here is what depends on the actual symbols: the ordinal indices and the flags.
public struct ScoredResponse: Sendable {
    /// Index in `StudyInput.responses`.
    let response: Int32
    let task: Int16
    /// Index of the pattern in the task's `PatternMeasures`; the number of symbols.
    let slot, length: Int32
    /// Ordinal tasks only; -1 / NaN otherwise.
    let turningPoints: Int16
    let turningPointIndex, adjacency: Double
    let flags: QualityFlags
}

/// The scoring stage: reads every response against its task, measures it, and scores each
/// distinct pattern once (in parallel: distinct patterns are split into contiguous chunks, one
/// per thread, and each result lands in its own slot, so thread count cannot change a result).
public struct ResponseMeasurement: Sendable {
    public var responses: [ScoredResponse] = []
    /// Per task, its distinct patterns.
    var patterns: [[PatternMeasures]] = []
    /// Per task, the uniform reference of each length met (or why there is none).
    var references: [[Int: Result<UniformProducerReference, ScoringUnavailable>]] = []
    /// Rows rejected here (bad symbols, wrong length, empty).
    var issues: [InputIssue] = []

    /// `convention`: the SD of the string tasks' z (`StudyOptions.deviation`); `fill`: the K
    /// of responses their table lacks (`StudyOptions.fillMissing`).
    init(input: StudyInput, scorer: any ResponseScorer, threads: Int = 1, convention: DeviationConvention = .strings,
         fill: MissingComplexityFill = MissingComplexityFill(), progress: (@Sendable (String) -> Void)? = nil) {
        let tasks = input.registry.tasks
        let readers = tasks.map(ResponseReader.init)
        var shortSlots = [[UInt128: Int32]](repeating: [:], count: tasks.count)
        var longSlots = [[[UInt8]: Int32]](repeating: [:], count: tasks.count)
        patterns = [[PatternMeasures]](repeating: [], count: tasks.count)
        references = [[Int: Result<UniformProducerReference, ScoringUnavailable>]](repeating: [:], count: tasks.count)
        responses.reserveCapacity(input.responses.count)
        var symbols: [UInt8] = []
        symbols.reserveCapacity(64)
        var labeler = PatternLabeler()
        let step = 100_000
        for (i, r) in input.responses.enumerated() {
            if i > 0, i % step == 0 { progress?("measured \(i) of \(input.responses.count) responses") }
            let t = r.task
            let task = tasks[t]
            if let failure = readers[t].read(r.text, into: &symbols) {
                issues.append(InputIssue(line: r.line, message: "participant '\(input.participants[r.participant].id)', task \(task.name): \(failure.message)"))
                continue
            }
            let key = labeler.relabel(symbols)
            var slot: Int32
            if let key {
                if let known = shortSlots[t][key] { slot = known } else {
                    slot = Int32(patterns[t].count)
                    shortSlots[t][key] = slot
                    patterns[t].append(PatternMeasures(labels: labeler.pattern, alphabet: task.alphabet))
                }
            } else {
                if let known = longSlots[t][labeler.pattern] { slot = known } else {
                    slot = Int32(patterns[t].count)
                    longSlots[t][labeler.pattern] = slot
                    patterns[t].append(PatternMeasures(labels: labeler.pattern, alphabet: task.alphabet))
                }
            }
            if references[t][symbols.count] == nil {
                references[t][symbols.count] = scorer.reference(for: task, length: symbols.count, convention: convention)
            }
            let ordinal = task.ordinal
            responses.append(ScoredResponse(
                response: Int32(i), task: Int16(t), slot: slot, length: Int32(symbols.count),
                turningPoints: ordinal ? Int16(RandomGenerationIndices.turningPoints(symbols) ?? -1) : -1,
                turningPointIndex: ordinal ? RandomGenerationIndices.turningPointIndex(symbols) ?? .nan : .nan,
                adjacency: ordinal ? RandomGenerationIndices.adjacency(symbols) ?? .nan : .nan,
                flags: QualityFlags(symbols, task: task, responseSeconds: r.responseSeconds)))
        }
        // Score the distinct patterns, skipping tasks whose every reference is unavailable
        // for a task-wide reason (no table): one message per task, not one per pattern.
        var work: [(task: Int, slot: Int)] = []
        for t in tasks.indices {
            let taskWide = references[t].values.lazy.compactMap(\.error).first(where: \.isTaskWide)
            for s in patterns[t].indices {
                if let taskWide { patterns[t][s].score = .failure(taskWide) } else { work.append((t, s)) }
            }
        }
        if !work.isEmpty {
            progress?("scoring \(work.count) distinct patterns")
            let results = UnsafeMutableBufferPointer<Result<ComplexityScore, ScoringUnavailable>>.allocate(capacity: work.count)
            results.initialize(repeating: .failure(ScoringUnavailable(.failed, "not scored")))
            defer { results.deallocate() }
            let snapshot = patterns
            let work = work
            let chunks = max(1, min(threads, work.count / 256 + 1))
            let resultsBase = UncheckedSendable(results)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                let lo = work.count * c / chunks, hi = work.count * (c + 1) / chunks
                for w in lo..<hi {
                    let (t, s) = work[w]
                    let p = snapshot[t][s]
                    resultsBase.value[w] = scorer.score(pattern: p.labels, text: p.pattern, task: tasks[t])
                }
            }
            for (w, (t, s)) in work.enumerated() { patterns[t][s].score = results[w] }
        }
        // z, the one place: from the reference of the task and length, so it has the SD the
        // reference names. A response the table lacks has no z, unless --fill-missing gives it a K.
        for t in tasks.indices {
            let filled = fill.complexity(for: tasks[t].name)
            for s in patterns[t].indices {
                guard case .success(let reference)? = references[t][patterns[t][s].labels.count] else { continue }
                switch patterns[t][s].score {
                case .success(var score) where score.method == .ctm:
                    score.zScore = reference.zScore(score.complexity)
                    patterns[t][s].score = .success(score)
                case .success(let score) where score.method == .bdm:
                    if let filled { patterns[t][s].score = .success(.imputed(filled, reference: reference)) }
                case .failure(let failure) where failure.reason == .notInTable:
                    if let filled { patterns[t][s].score = .success(.imputed(filled, reference: reference)) }
                default: break
                }
            }
        }
    }
}

/// The K that `--fill-missing` gives the responses a task's table lacks, so that they get a z
/// instead of none. The 2017 data score the coin pattern 000110100111, which D(5) lacks, as
/// if its K were 40: reproducing their numbers needs the same value, flagged as imputed.
public struct MissingComplexityFill: Sendable, Equatable {
    /// For every task without its own value.
    public var all: Double?
    /// By task name.
    public var byTask: [String: Double] = [:]

    public init(all: Double? = nil, byTask: [String: Double] = [:]) {
        self.all = all
        self.byTask = byTask
    }

    public var isEmpty: Bool { all == nil && byTask.isEmpty }

    func complexity(for task: String) -> Double? { byTask[task] ?? all }
}

extension ComplexityScore {
    /// A K given by `--fill-missing` to a response the table lacks: no D, percentile or
    /// prob_random (nothing supports them), a z from the reference, the method `imputed`.
    static func imputed(_ complexity: Double, reference: UniformProducerReference) -> ComplexityScore {
        var score = ComplexityScore(complexity: complexity, probability: .nan, method: .imputed, table: reference.table,
                                    percentile: .nan, probRandom: .nan)
        score.zScore = reference.zScore(complexity)
        return score
    }
}

/// Hands a buffer to concurrent workers that write disjoint indices.
struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
