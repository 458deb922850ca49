import Dispatch
import Foundation
import Synchronization
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
        let unitPowers = powers(scale: scale)
        // The exact top again, now in the final units.
        let top = TreeWalker(space: space, stepCap: stepCap, detectNonHalting: detectNonHalting,
                             unitPowers: unitPowers)
        top.collectLevel = depth
        top.exploreRoot()
        top.collected = []
        return Plan(strata: strata, sizes: sizes, unitScale: scale, unitPowers: unitPowers, top: top)
    }

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
        let workers = (0..<threads).map { _ in
            SampleWalker(space: space, stepCap: stepCap, detect: detectNonHalting, unitsTotal: unitsTotal)
        }
        let cursor = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let shared = UncheckedBox((plan, indices, workers))
        let done = DispatchSemaphore(value: 0)
        for t in 0..<threads {
            let thread = Thread {
                let (plan, indices, workers) = shared.value
                let walker = workers[t]
                while true {
                    let k = cursor.wrappingAdd(1, ordering: .relaxed).oldValue
                    if k >= indices.count { break }
                    let i = indices[k]
                    let stratum = plan.strata[i]
                    let perSample = stratum.node.multiplier * plan.unitScale / UInt128(plan.sizes[i])
                    walker.sample(stratum: stratum, count: plan.sizes[i], weight: perSample,
                                  rng: SplitMix64(seed: seed, stream: UInt64(i)))
                    finished.wrappingAdd(1, ordering: .relaxed)
                }
                done.signal()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
        var running = threads
        while running > 0 {
            if done.wait(timeout: .now() + progressInterval) == .success {
                running -= 1
            } else {
                progress?(finished.load(ordering: .relaxed), indices.count)
            }
        }

        // Exact part (shard 1 only), then the samples of every worker.
        var result = SampleResult(figures: SampleFigures(
            space: space, stepCap: stepCap, depth: depth, seed: seed, samplesRequested: samples,
            strata: plan.strata.count, unitScale: plan.unitScale, unitsTotal: unitsTotal, shard: shard))
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
            }
        }
        for w in workers { result.add(w) }
        result.figures.samples = indices.reduce(0) { $0 + plan.sizes[$1] }
        result.stratumSamples = plan.sizes
        return result
    }
}

/// A value handed to worker threads that only read it (or touch disjoint parts).
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Per-pattern estimate: counts in units (see `StratifiedSampler`).
public struct PatternEstimate: Sendable, Equatable {
    /// Estimated count, exact part included.
    public var count: UInt128 = 0
    /// The part counted exactly in the enumerated top of the tree.
    public var exact: UInt128 = 0
    /// Variance of `count / unitsTotal`, times `2^VarianceScale.bits`.
    public var variance: UInt128 = 0
    /// Covariance of `count / unitsTotal` with `halting / unitsTotal`, same fixed point (the
    /// standard error of K = log2(class · H) − log2(count) needs it: H is estimated too).
    public var covariance: Int128 = 0
    /// Number of sample outputs with this pattern (mirror images included).
    public var hits: UInt64 = 0

    public init(count: UInt128 = 0, exact: UInt128 = 0, variance: UInt128 = 0, covariance: Int128 = 0, hits: UInt64 = 0) {
        self.count = count
        self.exact = exact
        self.variance = variance
        self.covariance = covariance
        self.hits = hits
    }

    public static func + (a: Self, b: Self) -> Self {
        Self(count: a.count + b.count, exact: a.exact + b.exact, variance: a.variance + b.variance,
             covariance: a.covariance + b.covariance, hits: a.hits + b.hits)
    }
}

/// What a sampling run estimated: its figures and the estimate of every pattern seen.
@dynamicMemberLookup
public struct SampleResult: Sendable {
    public var figures: SampleFigures
    public var stratumSamples: [UInt64] = []
    public var patterns: [[UInt8]: PatternEstimate] = [:]
    public var nonHaltingExact: UInt128 = 0
    public var simulatedSteps: UInt64 = 0

    init(figures: SampleFigures) { self.figures = figures }

    public subscript<T>(dynamicMember keyPath: KeyPath<SampleFigures, T>) -> T { figures[keyPath: keyPath] }

    mutating func addExact(pattern: [UInt8], units: UInt128) {
        patterns[pattern, default: PatternEstimate()] = patterns[pattern, default: PatternEstimate()]
            + PatternEstimate(count: units, exact: units)
    }

    mutating func add(_ walker: SampleWalker) {
        for (key, e) in walker.packed { patterns[walker.unpack(key), default: PatternEstimate()] = patterns[walker.unpack(key), default: PatternEstimate()] + e }
        for (p, e) in walker.long { patterns[p, default: PatternEstimate()] = patterns[p, default: PatternEstimate()] + e }
        figures.halting += walker.halting
        figures.haltingVariance += walker.haltingVariance
        figures.haltingAtCap += walker.haltingAtCap
        figures.latestHalt = max(figures.latestHalt, walker.latestHalt)
        simulatedSteps += walker.steps
    }
}

/// One worker of the sampler: draws the samples of whole strata into its own accumulators.
final class SampleWalker {
    let space: MachineSpace
    let n: Int, m: Int, cap: Int
    let detect: Bool
    let normalChoices: UInt64
    let choices: UInt64
    let tapeStride: Int
    let table: UnsafeMutablePointer<TreeWalker.Word>
    let tape: UnsafeMutablePointer<UInt8>
    let detector: NonHaltingDetector
    let unitsTotal: Double
    var added: [Int] = []
    var output: [UInt8] = []
    var reversed: [UInt8] = []
    /// The relabelling buffer of `Patterns.relabel` (256 entries, 0xFF between calls).
    let labels: UnsafeMutablePointer<UInt8>

    // Accumulated over all strata of this worker.
    var packed: [UInt128: PatternEstimate] = [:]
    var long: [[UInt8]: PatternEstimate] = [:]
    var halting: UInt128 = 0
    var haltingVariance: UInt128 = 0
    var haltingAtCap: UInt128 = 0
    var latestHalt = 0
    var steps: UInt64 = 0

    // Per stratum: Σx and Σx² per pattern.
    var stratumPacked: [UInt128: (Int, Int)] = [:]
    var stratumLong: [[UInt8]: (Int, Int)] = [:]

    init(space: MachineSpace, stepCap: Int, detect: Bool, unitsTotal: UInt128) {
        self.space = space
        n = space.states
        m = space.symbols
        cap = stepCap
        self.detect = detect
        normalChoices = UInt64(2 * space.states * space.symbols)
        choices = UInt64(space.choicesPerEntry)
        tapeStride = 2 * stepCap + 3
        table = .allocate(capacity: space.entryCount)
        table.initialize(repeating: TreeWalker.undefined, count: space.entryCount)
        tape = .allocate(capacity: tapeStride)
        tape.initialize(repeating: 0, count: tapeStride)
        detector = NonHaltingDetector(tapeLength: tapeStride)
        labels = .allocate(capacity: 256)
        labels.initialize(repeating: 0xFF, count: 256)
        self.unitsTotal = Double(unitsTotal)
    }

    deinit {
        table.deallocate()
        tape.deallocate()
        labels.deallocate()
        detector.deallocate()
    }

    /// Patterns of up to 31 symbols are packed 4 bits a symbol under a leading 1 bit.
    @inline(__always)
    func pack(_ p: [UInt8]) -> UInt128? {
        guard p.count <= 31 else { return nil }
        var key: UInt128 = 1
        for s in p { key = key << 4 | UInt128(s) }
        return key
    }

    func unpack(_ key: UInt128) -> [UInt8] {
        let length = (UInt128.bitWidth - key.leadingZeroBitCount - 1) / 4
        return (0..<length).reversed().map { UInt8(truncatingIfNeeded: (key >> (4 * $0)) & 15) }
    }

    func sample(stratum: Subtree, count: UInt64, weight: UInt128, rng start: SplitMix64) {
        var rng = start
        for (i, w) in stratum.table.enumerated() { table[i] = w }
        let node = stratum.node
        let mirrorX = node.mirrored ? 2 : 1
        var haltSum = 0, haltSquares = 0
        stratumPacked.removeAll(keepingCapacity: true)
        stratumLong.removeAll(keepingCapacity: true)
        for _ in 0..<count {
            for (k, s) in stratum.tape.enumerated() { tape[node.low + k] = s }
            var head = node.head, row = node.rowOffset, t = node.steps, low = node.low, high = node.high
            var halted = false
            while true {
                let t0 = t
                let stop = detector.advance(table: table, tape: tape, cap: cap, detect: detect,
                                            head: &head, row: &row, steps: &t, low: &low, high: &high)
                steps &+= UInt64(t - t0)
                guard stop == .undefinedEntry else { break }
                let entry = row + Int(tape[head])
                let c = rng.below(choices)
                if c >= normalChoices {
                    // A halting instruction: step t + 1.
                    let w = UInt8(c - normalChoices)
                    if t + 1 <= cap {
                        tape[head] = w
                        record(tape: tape, low: low, high: high, mirrored: node.mirrored)
                        halted = true
                        latestHalt = max(latestHalt, t + 1)
                        if t + 1 == cap { haltingAtCap += weight * UInt128(mirrorX) }
                    }
                    break
                }
                let index = Int(c)
                table[entry] = TreeWalker.encode(write: index % m, right: (index / m) % 2 == 1,
                                                 next: index / (2 * m), symbols: m)
                added.append(entry)
            }
            (tape + low).update(repeating: 0, count: high - low + 1)
            for e in added { table[e] = TreeWalker.undefined }
            added.removeAll(keepingCapacity: true)
            if halted { haltSum += mirrorX; haltSquares += mirrorX * mirrorX }
        }
        for i in 0..<space.entryCount { table[i] = TreeWalker.undefined }

        // Fold the stratum into the totals.
        let n = Int(count)
        halting += weight * UInt128(haltSum)
        haltingVariance += variance(weight: weight, n: n, sum: haltSum, squares: haltSquares)
        // A pattern is only ever output by a halting sample, whose halting indicator is
        // `mirrorX`: so Σ x·h = mirrorX · Σ x in the covariance.
        for (key, (s1, s2)) in stratumPacked {
            var e = packed[key] ?? PatternEstimate()
            e.count += weight * UInt128(s1)
            e.hits += UInt64(s1)
            e.variance += variance(weight: weight, n: n, sum: s1, squares: s2)
            e.covariance += covariance(weight: weight, n: n, sumX: s1, sumXH: mirrorX * s1, sumH: haltSum)
            packed[key] = e
        }
        for (p, (s1, s2)) in stratumLong {
            var e = long[p] ?? PatternEstimate()
            e.count += weight * UInt128(s1)
            e.hits += UInt64(s1)
            e.variance += variance(weight: weight, n: n, sum: s1, squares: s2)
            e.covariance += covariance(weight: weight, n: n, sumX: s1, sumXH: mirrorX * s1, sumH: haltSum)
            long[p] = e
        }
    }

    /// The stratum's contribution to Cov(count / space, halting / space), fixed point:
    /// `w² (N Σxh − Σx Σh) / (N − 1)`; 0 for a single sample (not estimable; the variances
    /// then carry the conservative second moments).
    func covariance(weight: UInt128, n: Int, sumX: Int, sumXH: Int, sumH: Int) -> Int128 {
        if sumX == 0 || n < 2 { return 0 }
        let f = Double(weight) / unitsTotal
        let v = f * f * Double(n * sumXH - sumX * sumH) / Double(n - 1) * VarianceScale.factor
        return Int128(v.rounded())
    }

    /// The stratum's contribution to the variance of (estimated count / whole space), in fixed
    /// point: `w² (N Σx² − (Σx)²) / (N − 1)`, or `w² Σx²` for a single sample.
    func variance(weight: UInt128, n: Int, sum: Int, squares: Int) -> UInt128 {
        if sum == 0 { return 0 }
        let f = Double(weight) / unitsTotal
        let spread = n >= 2 ? Double(n * squares - sum * sum) / Double(n - 1) : Double(squares)
        let v = f * f * spread * VarianceScale.factor
        return v <= 0 ? 0 : UInt128(v.rounded())
    }

    @inline(__always)
    func record(tape: UnsafeMutablePointer<UInt8>, low: Int, high: Int, mirrored: Bool) {
        // The pattern, forwards (and backwards for the mirror image).
        _ = Patterns.relabel(count: high - low + 1, into: &output, labels: labels) { tape[low + $0] }
        var forwardKey: UInt128? = nil
        var forwardLong: [UInt8]? = nil
        if let key = pack(output) { forwardKey = key } else { forwardLong = output }
        if !mirrored {
            bump(key: forwardKey, long: forwardLong, x: 1)
            return
        }
        _ = Patterns.relabel(count: high - low + 1, into: &reversed, labels: labels) { tape[high - $0] }
        if reversed == output {
            bump(key: forwardKey, long: forwardLong, x: 2)
        } else {
            bump(key: forwardKey, long: forwardLong, x: 1)
            if let key = pack(reversed) { bump(key: key, long: nil, x: 1) } else { bump(key: nil, long: reversed, x: 1) }
        }
    }

    @inline(__always)
    func bump(key: UInt128?, long p: [UInt8]?, x: Int) {
        if let key {
            let old = stratumPacked[key] ?? (0, 0)
            stratumPacked[key] = (old.0 + x, old.1 + x * x)
        } else if let p {
            let old = stratumLong[p] ?? (0, 0)
            stratumLong[p] = (old.0 + x, old.1 + x * x)
        }
    }
}
