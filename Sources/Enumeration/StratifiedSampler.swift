import Foundation
import TuringMachines

/// Estimates the output-pattern distribution of an (n, m) space too large to enumerate
/// (the (4,4), (4,5), (4,6), (4,9) spaces of ACSS), exactly as uniform sampling of whole
/// machines would, with less work and less variance.
///
/// **Exact top.** The tree of partial machines (see `TreeEnumerator`) is enumerated exactly
/// down to `depth` defined entries. Leaves above that level (machines that halt, or provably
/// never halt, having read fewer than `depth` entries) are counted exactly. The nodes at
/// `depth` are the strata: disjoint sets of machines, each of known size
/// `W_i = multiplier · B^(nm - depth)` (and as many mirror images).
///
/// **Lazy sampling below.** In stratum i, `N_i` machines are drawn uniformly from the `W_i`
/// completions of the partial machine, lazily: the run continues from the stratum's
/// configuration, and an entry's instruction is drawn (uniformly among the `B`) only when the
/// run first reads it. Entries never read cannot change the run, so the output of a lazily
/// drawn machine has exactly the distribution of the output of a uniformly drawn completion.
///
/// **Estimator.** For a pattern p, `ĉ(p) = exact(p) + Σ_i (W_i / N_i) · Σ_{j ≤ N_i} x_ij`,
/// where `x_ij` counts the outputs of sample j (and of its mirror image, the reversed output)
/// with pattern p. Each stratum's term is unbiased for that stratum's count, so `ĉ(p)` is
/// unbiased for the count in the whole space, for any `N_i ≥ 1`. Samples are allocated in
/// proportion to `W_i` (proportional allocation never has larger variance than uniform sampling
/// with the same total), each `N_i` rounded down to a 3-smooth number `2^a·3^b` (at least 1).
///
/// **Exact integers.** Counts are kept in units of `B^(nm - depth) / L` machines, where `L` is
/// the least common multiple of the `N_i` (a 3-smooth number too). A sample of stratum i then
/// weighs the integer `multiplier_i · L / N_i`, an exact leaf `multiplier · B^(depth - e) · L`,
/// and the whole space is `B^depth · L` units: every count is an exact UInt128 and adding
/// shards or thread results is exact and order-independent.
///
/// **Standard errors.** Per stratum the sample variance of `x` gives the unbiased stratified
/// variance estimate `Σ_i W_i² (N_i Σx² − (Σx)²) / (N_i (N_i − 1)) · ...` (see
/// `accumulate`); strata with a single sample contribute the conservative `(W_i x)²`. Variances
/// are stored as fractions of the space squared, in fixed point (`varianceScale`), so they add
/// exactly too.
///
/// **Determinism.** Stratum i draws from `SplitMix64(seed, stream: i)`: the result depends on
/// the arguments only, not on threads, scheduling or shards.
public struct StratifiedSampler: Sendable {
    public let space: MachineSpace
    public let stepCap: Int
    public var samples: UInt64
    public var seed: UInt64
    public var depth: Int
    public var threads: Int
    public var shard: Shard?
    public var detectNonHalting = true
    public var estimator = Estimator.plain
    /// Patterns up to this length are estimated one by one; longer outputs are counted per
    /// length only (`SampleFigures.longerCounts`). 12 is the longest string the (4,m) tables
    /// of ACSS list; at most `maxKeepLength(symbols:)`.
    public var keepLength = 12

    /// The longest `keepLength` for `symbols` symbols (a pattern keyed in one word).
    public static func maxKeepLength(symbols: Int) -> Int { SampleWalker.maxKeepLength(symbols: symbols) }

    /// How a stratum's samples are drawn (`SampleWalker`): both are unbiased, with the same
    /// variance estimate.
    public enum Estimator: Sendable, Equatable, CustomStringConvertible {
        /// Every read of an undefined entry draws one of the B choices; a halting one ends the
        /// sample with its output.
        case plain
        /// The halting choices of every read are counted exactly (Rao-Blackwellised) and the run
        /// goes on with a normal choice; at the first read whose visited span reaches each of
        /// `splitSpans` (increasing) the run continues as two independent copies of half weight.
        case raoBlackwellised(splitSpans: [Int])

        /// The spans of the measured best split for the (4,m) tables (../notes: 2 copies at
        /// spans 5, 7, 9, and 11 for 4 symbols).
        public static func recommended(symbols: Int) -> Estimator {
            .raoBlackwellised(splitSpans: symbols == 4 ? [5, 7, 9, 11] : [5, 7, 9])
        }

        /// `plain`, or `rb` with the split spans (`rb:5,7,9`): the header line and the option value.
        public var description: String {
            switch self {
            case .plain: return "plain"
            case .raoBlackwellised(let spans): return spans.isEmpty ? "rb" : "rb:" + spans.map(String.init).joined(separator: ",")
            }
        }

        public init?(parsing text: String) {
            if text == "plain" { self = .plain; return }
            guard text == "rb" || text.hasPrefix("rb:") else { return nil }
            let spans = text.dropFirst(3).split(separator: ",").map { Int($0) }
            guard spans.allSatisfy({ $0 != nil && $0! >= 1 }) else { return nil }
            let values = spans.map { $0! }
            guard values == values.sorted() else { return nil }
            self = .raoBlackwellised(splitSpans: values)
        }

        var splitSpans: [Int]? {
            if case .raoBlackwellised(let spans) = self { return spans }
            return nil
        }
    }


    public init(space: MachineSpace, stepCap: Int, samples: UInt64, seed: UInt64,
                depth: Int? = nil, threads: Int = 1) throws(EnumerationError) {
        guard stepCap >= 1, stepCap <= TreeEnumerator.maxStepCap else { throw .invalidStepCap(stepCap) }
        guard threads >= 1 && threads <= 1024 else { throw .invalidThreads(threads) }
        let d = depth ?? Self.defaultDepth(space)
        guard (1...space.entryCount).contains(d) else { throw .invalidDepth(d, space.entryCount) }
        guard samples >= 1 else { throw .invalidSamples(samples) }
        self.space = space
        self.stepCap = stepCap
        self.samples = samples
        self.seed = seed
        self.depth = d
        self.threads = threads
    }

    /// Enough strata for the allocation to matter and for work sharing (thousands), few enough
    /// that the exact top is cheap.
    public static func defaultDepth(_ space: MachineSpace) -> Int {
        min(space.entryCount, space.symbols >= 4 ? 3 : 4)
    }

    /// The strata and the allocation: computed in full by every shard, so that all shards use
    /// the same units.
    struct Plan {
        var strata: [Subtree]
        var sizes: [UInt64]
        var unitScale: UInt128
        var unitPowers: [UInt128]
        var top: TreeWalker
    }

    func plan() -> Plan {
        let b = UInt128(space.choicesPerEntry)
        let below = space.entryCount - depth
        // Units with L = 1 first, to find the strata.
        func powers(scale: UInt128) -> [UInt128] {
            var p = [UInt128](repeating: 0, count: space.entryCount + 1)
            var value = scale
            for u in below...space.entryCount {
                p[u] = value
                if u < space.entryCount { value = value * b }
            }
            return p
        }
        let scout = TreeWalker(space: space, stepCap: stepCap, detectNonHalting: detectNonHalting,
                               unitPowers: powers(scale: 1))
        scout.collectLevel = depth
        scout.exploreRoot()
        let strata = scout.collected
        let weights = strata.map { $0.node.multiplier }
        let totalWeight = weights.reduce(UInt128(0), +)
        var sizes: [UInt64] = []
        var maxTwo = 0, maxThree = 0
        for w in weights {
            let target = Double(samples) * Double(w) / Double(max(totalWeight, 1))
            let (n, a, c) = Self.threeSmooth(atMost: max(1, target))
            sizes.append(n)
            maxTwo = max(maxTwo, a)
            maxThree = max(maxThree, c)
        }
        var scale: UInt128 = 1
        for _ in 0..<maxTwo { scale *= 2 }
        for _ in 0..<maxThree { scale *= 3 }
        // A Rao-Blackwellised sample contributes fractions of its weight: 2^40 finer units keep
        // what a stratum's sum loses to rounding below 2^-40 of one sample's weight.
        if estimator != .plain { scale <<= Self.fractionUnitBits }
        let unitPowers = powers(scale: scale)
        // The exact top again, now in the final units.
        let top = TreeWalker(space: space, stepCap: stepCap, detectNonHalting: detectNonHalting,
                             unitPowers: unitPowers)
        top.collectLevel = depth
        top.exploreRoot()
        top.collected = []
        return Plan(strata: strata, sizes: sizes, unitScale: scale, unitPowers: unitPowers, top: top)
    }

    /// The extra fractional bits of the units of a Rao-Blackwellised run.
    static let fractionUnitBits = 40

    /// The largest `2^a·3^b <= x` (x >= 1), with its exponents.
    static func threeSmooth(atMost x: Double) -> (UInt64, Int, Int) {
        var best: (UInt64, Int, Int) = (1, 0, 0)
        var p2: UInt64 = 1
        var a = 0
        while Double(p2) <= x {
            var value = p2
            var c = 0
            while Double(value) * 3 <= x { value *= 3; c += 1 }
            if value > best.0 { best = (value, a, c) }
            if p2 > UInt64.max / 4 { break }
            p2 *= 2
            a += 1
        }
        return best
    }

    public func run(progressInterval: Double = 1.0,
                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) -> SampleResult {
        let plan = plan()
        var indices = Array(plan.strata.indices)
        if let shard { indices = indices.filter { $0 % shard.count == shard.index - 1 } }
        let b = UInt128(space.choicesPerEntry)
        var unitsTotal = plan.unitScale
        for _ in 0..<depth { unitsTotal *= b }
        let keepLength = min(self.keepLength, Self.maxKeepLength(symbols: space.symbols))
        let workers = (0..<threads).map { _ in
            SampleWalker(space: space, stepCap: stepCap, detect: detectNonHalting, unitsTotal: unitsTotal,
                         keepLength: keepLength)
        }
        let shared = UncheckedBox((plan, indices, workers))
        let seed = self.seed
        let splitSpans = estimator.splitSpans
        WorkerPool.run(workers: threads, jobs: indices.count, progressInterval: progressInterval,
                       tick: progress.map { progress in { progress($0, indices.count) } }) { worker, k in
            let (plan, indices, workers) = shared.value
            let i = indices[k]
            let stratum = plan.strata[i]
            let perSample = stratum.node.multiplier * plan.unitScale / UInt128(plan.sizes[i])
            workers[worker].sample(stratum: stratum, count: plan.sizes[i], weight: perSample,
                                   rng: SplitMix64(seed: seed, stream: UInt64(i)), splitSpans: splitSpans)
        }

        // Exact part (shard 1 only), then the samples of every worker.
        var result = SampleResult(figures: SampleFigures(
            space: space, stepCap: stepCap, depth: depth, seed: seed, samplesRequested: samples,
            strata: plan.strata.count, unitScale: plan.unitScale, unitsTotal: unitsTotal, shard: shard,
            estimator: estimator, keepLength: keepLength))
        if shard == nil || shard!.index == 1 {
            let top = plan.top
            for (string, weight) in top.counter.allCounts() {
                result.addExact(pattern: Patterns.normalize(string), units: weight)
            }
            result.figures.haltingExact = top.halting
            result.figures.halting += top.halting
            result.nonHaltingExact = top.nonHalting
            for (t, c) in top.haltingSteps.enumerated() where c > 0 {
                result.figures.latestHalt = max(result.figures.latestHalt, t)
                if t == stepCap { result.figures.haltingAtCap += c }
                if 2 * t > stepCap { result.figures.haltingAfterHalfCap = (result.figures.haltingAfterHalfCap ?? 0) + c }
            }
        }
        for w in workers { result.add(w) }
        if result.figures.haltingAfterHalfCap == nil { result.figures.haltingAfterHalfCap = 0 }
        result.figures.samples = indices.reduce(0) { $0 + plan.sizes[$1] }
        result.stratumSamples = plan.sizes
        return result
    }
}
