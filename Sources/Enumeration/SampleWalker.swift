import Foundation
import TuringMachines

/// One worker of the sampler: draws the samples of whole strata into its own accumulators.
///
/// A sample contributes `x(p)` to each pattern p and `h` to the halting total, in fixed point
/// with `fractionBits` fractional bits (exact for the plain estimator, whose contributions are
/// whole outputs; within 2^-60 of a sample's weight for the Rao-Blackwellised one). Per
/// stratum the walker keeps, per pattern, Σx, Σx², Σxh and the hits, then folds the
/// stratum into its totals: the estimated count `w Σx` (w the stratum's units per sample, an
/// exact product), and the variance and covariance terms of `StratifiedSampler`.
///
/// Patterns up to `keepLength` symbols are kept one by one, keyed by their packed pattern in
/// one word (`PackedKeyMap`, no allocation per output); a longer output only adds to the count
/// of its length (`longer`). Nothing is lost for the totals: the halting count is the sum of
/// both.
final class SampleWalker {
    /// Fractional bits of a sample's contributions: a sample contributes at most 2 (itself
    /// and its mirror image) to a pattern, so x < 2^62 and x² < 2^124 fit in a UInt128.
    static let fractionBits = 60
    static let one = UInt128(1) << fractionBits

    let space: MachineSpace
    let n: Int, m: Int, cap: Int
    let detect: Bool
    let normalChoices: UInt64
    let choices: UInt64
    /// The run loop and its buffers: the instruction table and one tape.
    let runner: PartialMachineRunner
    var table: UnsafeMutablePointer<InstructionWord> { runner.table }
    var tape: UnsafeMutablePointer<UInt8> { runner.tapes }
    let unitsTotal: Double
    /// The entries the sample defined so far (a stack: a split copy pops its own).
    let added: UnsafeMutablePointer<Int>
    var addedCount = 0
    /// The key of the pattern sums: `Patterns.packedKey` with this packing.
    let packing: SymbolPacking
    /// Outputs longer than this are counted by length only.
    let keepLength: Int
    /// The relabelling buffer of `Patterns` (256 entries, 0xFF between calls).
    let labels: UnsafeMutablePointer<UInt8>

    // Accumulated over all strata of this worker.
    let estimates = PackedKeyMap<PatternEstimate>(initialCapacity: 1 << 12)
    /// Per output length > keepLength (index), its estimated count in units; `cap + 2` entries
    /// (a run's output spans at most cap + 1 cells).
    let longer: UnsafeMutableBufferPointer<UInt128>
    var halting: UInt128 = 0
    var haltingVariance: UInt128 = 0
    var haltingAtCap: UInt128 = 0
    var haltingAfterHalfCap: UInt128 = 0
    var latestHalt = 0
    var steps: UInt64 = 0

    /// Per sample: x per pattern, and h.
    let sampleSums = PackedKeyMap<UInt128>(initialCapacity: 1 << 8)
    var sampleHalting: UInt128 = 0
    var sampleAtCap: UInt128 = 0
    var sampleLate: UInt128 = 0

    /// Per stratum: Σx, Σx², Σxh (fixed point) and hits per pattern; Σx per longer length;
    /// Σh, Σh², Σ at cap.
    struct Sums {
        var x: UInt128 = 0, xx: UInt128 = 0, xh: UInt128 = 0
        var hits: UInt64 = 0
    }
    let stratumSums = PackedKeyMap<Sums>(initialCapacity: 1 << 10)
    let stratumLonger: UnsafeMutableBufferPointer<UInt128>
    /// Where the stratum's patterns sit in `estimates` (`PackedKeyMap.positions`).
    var foldPositions: [Int] = []
    var foldContributions: [PatternEstimate] = []
    var stratumLongerLengths: [Int] = []
    var stratumHalting = Sums()
    var stratumAtCap: UInt128 = 0
    var stratumLate: UInt128 = 0

    /// The longest pattern a walker can key in one word for `symbols` symbols.
    static func maxKeepLength(symbols: Int) -> Int { (UInt64.bitWidth - 2) / SymbolPacking(symbols: symbols).bitsPerSymbol }

    init(space: MachineSpace, stepCap: Int, detect: Bool, unitsTotal: UInt128, keepLength: Int) {
        self.space = space
        n = space.states
        m = space.symbols
        cap = stepCap
        self.detect = detect
        normalChoices = UInt64(2 * space.states * space.symbols)
        choices = UInt64(space.choicesPerEntry)
        runner = PartialMachineRunner(space: space, stepCap: stepCap, tapes: 1)
        packing = SymbolPacking(symbols: space.symbols)
        precondition((1...Self.maxKeepLength(symbols: space.symbols)).contains(keepLength), "keep length out of range")
        self.keepLength = keepLength
        longer = .allocate(capacity: stepCap + 2)
        longer.initialize(repeating: 0)
        stratumLonger = .allocate(capacity: stepCap + 2)
        stratumLonger.initialize(repeating: 0)
        added = .allocate(capacity: space.entryCount + 1)
        labels = .allocate(capacity: 256)
        labels.initialize(repeating: 0xFF, count: 256)
        self.unitsTotal = Double(unitsTotal)
    }

    deinit {
        longer.deallocate()
        stratumLonger.deallocate()
        added.deallocate()
        labels.deallocate()
        runner.deallocate()
    }

    /// Draws `count` samples of `stratum`, each of `weight` units, with the plain estimator
    /// or (`splitSpans` non-nil) the Rao-Blackwellised one (see `StratifiedSampler.Estimator`).
    func sample(stratum: Subtree, count: UInt64, weight: UInt128, rng start: SplitMix64, splitSpans: [Int]?) {
        var rng = start
        for (i, w) in stratum.table.enumerated() { table[i] = w }
        let node = stratum.node
        stratumSums.removeAll()
        stratumHalting = Sums()
        stratumAtCap = 0
        stratumLate = 0
        for _ in 0..<count {
            for (k, s) in stratum.tape.enumerated() { tape[node.low + k] = s }
            let extent: (low: Int, high: Int)
            if let splitSpans {
                extent = runRaoBlackwellised(head: node.head, row: node.rowOffset, steps: node.steps, low: node.low,
                                             high: node.high, undefined: node.undefined, weight: Self.one,
                                             splits: splitSpans[...], mirrored: node.mirrored, rng: &rng)
            } else {
                extent = runPlain(node: node, rng: &rng)
            }
            (tape + extent.low).update(repeating: 0, count: extent.high - extent.low + 1)
            for k in 0..<addedCount { table[added[k]] = InstructionWord.undefined }
            addedCount = 0
            endSample(plain: splitSpans == nil)
        }
        for i in 0..<space.entryCount { table[i] = InstructionWord.undefined }
        #if ACSS_INTERNAL_CHECKS
        runner.checkInvariants("SampleWalker")
        for i in 0..<256 { precondition(labels[i] == 0xFF, "SampleWalker: relabelling buffer not reset") }
        #endif
        fold(weight: weight, n: Int(count))
    }

    /// The plain estimator: every read of an undefined entry draws one of the B choices; a
    /// halting one (within the cap) is the sample's output, with its mirror image.
    private func runPlain(node: TreeWalker.Node, rng: inout SplitMix64) -> (low: Int, high: Int) {
        var head = node.head, row = node.rowOffset, t = node.steps, low = node.low, high = node.high
        let x = node.mirrored ? 2 * Self.one : Self.one
        while true {
            let t0 = t
            let stop = runner.advance(table: table, tape: tape, cap: cap, detect: detect,
                                      head: &head, row: &row, steps: &t, low: &low, high: &high)
            steps &+= UInt64(t - t0)
            guard stop == .undefinedEntry else { break }
            let entry = row + Int(tape[head])
            let c = rng.below(choices)
            if c >= normalChoices {
                // A halting instruction: step t + 1.
                if t + 1 <= cap {
                    tape[head] = UInt8(c - normalChoices)
                    record(low: low, high: high, mirrored: node.mirrored, x: Self.one)
                    sampleHalting = x
                    latestHalt = max(latestHalt, t + 1)
                    if t + 1 == cap { sampleAtCap = x }
                    if 2 * (t + 1) > cap { sampleLate = x }
                }
                break
            }
            table[entry] = InstructionWord(normalChoice: Int(c), symbols: m)
            push(entry)
        }
        return (low, high)
    }

    /// The Rao-Blackwellised estimator with splitting. At every read of an undefined entry
    /// (step t + 1 <= cap) the m halting choices are counted exactly, each with the run's
    /// weight / B, and the run goes on with one of the 2nm normal choices drawn uniformly,
    /// weight · 2nm / B. The first read at a span of at least `splits.first` continues as two
    /// independent copies of half the weight each (their later entries drawn independently;
    /// tape and table are restored between them), once per threshold. The run ends at the cap,
    /// when the detectors prove it never halts, or when every entry is defined (a fully defined
    /// partial machine has no halting instruction left).
    ///
    /// Why it is unbiased: let f(prefix) be the expected contribution of a plain sample given
    /// the choices so far. At a read, f = Σ_c (1/B) (h_c + f(prefix + c)), h_c the output of a
    /// halting c. The halting terms are added exactly, and the normal term Σ_normal (1/B)
    /// f(prefix + c) equals (2nm/B) times the mean of f over a uniform normal c, which is what
    /// the continued run estimates with weight 2nm/B. Two independent copies of half weight
    /// have the same mean. By induction over the reads left, the expectation of a sample is
    /// f(stratum), the plain sample's: the stratified estimator stays unbiased, and its
    /// variance estimate (from the samples' x) stays valid, since samples are still iid.
    ///
    /// Returns the cells the run touched (for clearing).
    private func runRaoBlackwellised(head h0: Int, row r0: Int, steps t0: Int, low l0: Int, high h1: Int,
                                     undefined u0: Int, weight w0: UInt128, splits s0: ArraySlice<Int>,
                                     mirrored: Bool, rng: inout SplitMix64) -> (low: Int, high: Int) {
        var head = h0, row = r0, t = t0, low = l0, high = h1, undefined = u0, weight = w0, splits = s0
        let mirrorX: UInt128 = mirrored ? 2 : 1
        let b = UInt128(choices), normal = UInt128(normalChoices)
        var touched = (low: l0, high: h1)
        while true {
            let before = t
            let stop = runner.advance(table: table, tape: tape, cap: cap, detect: detect,
                                      head: &head, row: &row, steps: &t, low: &low, high: &high)
            steps &+= UInt64(t - before)
            touched = (min(touched.low, low), max(touched.high, high))
            guard stop == .undefinedEntry, t + 1 <= cap else { break }
            // The m halting choices, exactly. Every symbol absent from the rest of the span
            // gives the same pattern (the next new label at the head, the same labels around
            // it): one record for all of them, with their number times the share.
            let share = weight / b
            let saved = tape[head]
            if high - low + 1 > keepLength {
                // Every halting symbol gives an output of this length.
                addLonger(length: high - low + 1, mirrored: mirrored, x: share * UInt128(m))
            } else {
                var present: UInt32 = 0
                for p in low...high where p != head { present |= 1 << UInt32(tape[p]) }
                var absent = 0, representative = 0
                for w in 0..<m {
                    if present & (1 << UInt32(w)) == 0 {
                        if absent == 0 { representative = w }
                        absent += 1
                        continue
                    }
                    tape[head] = UInt8(w)
                    record(low: low, high: high, mirrored: mirrored, x: share)
                }
                if absent > 0 {
                    tape[head] = UInt8(representative)
                    record(low: low, high: high, mirrored: mirrored, x: share * UInt128(absent))
                }
            }
            tape[head] = saved
            sampleHalting += share * UInt128(m) * mirrorX
            latestHalt = max(latestHalt, t + 1)
            if t + 1 == cap { sampleAtCap += share * UInt128(m) * mirrorX }
            if 2 * (t + 1) > cap { sampleLate += share * UInt128(m) * mirrorX }
            // One normal choice; the last undefined entry leaves a machine that cannot halt.
            if undefined == 1 { break }
            let entry = row + Int(tape[head])
            let next = weight * normal / b
            if let threshold = splits.first, high - low + 1 >= threshold {
                splits = splits.dropFirst()
                let mark = addedCount
                let region = Array(UnsafeBufferPointer(start: tape + low, count: high - low + 1))
                for copy in 0..<2 {
                    if copy == 1 {
                        for k in mark..<addedCount { table[added[k]] = InstructionWord.undefined }
                        addedCount = mark
                        (tape + touched.low).update(repeating: 0, count: touched.high - touched.low + 1)
                        for (k, s) in region.enumerated() { tape[low + k] = s }
                    }
                    table[entry] = InstructionWord(normalChoice: Int(rng.below(normalChoices)), symbols: m)
                    push(entry)
                    let copyTouched = runRaoBlackwellised(
                        head: head, row: row, steps: t, low: low, high: high, undefined: undefined - 1,
                        weight: next / 2, splits: splits, mirrored: mirrored, rng: &rng)
                    touched = (min(touched.low, copyTouched.low), max(touched.high, copyTouched.high))
                }
                return touched
            }
            table[entry] = InstructionWord(normalChoice: Int(rng.below(normalChoices)), symbols: m)
            push(entry)
            undefined -= 1
            weight = next
        }
        return touched
    }

    @inline(__always)
    private func push(_ entry: Int) {
        added[addedCount] = entry
        addedCount += 1
    }

    /// Adds `x` to the pattern of tape[low...high], and to its mirror image's when `mirrored`;
    /// an output longer than `keepLength` to the count of its length.
    @inline(__always)
    func record(low: Int, high: Int, mirrored: Bool, x: UInt128) {
        let count = high - low + 1
        guard count <= keepLength else { return addLonger(length: count, mirrored: mirrored, x: x) }
        let tape = self.tape
        let key = Patterns.packedKey(count: count, packing: packing, labels: labels) { tape[low + $0] }
        let p = sampleSums.position(of: key, inserting: 0)
        sampleSums.values[p] += x
        guard mirrored else { return }
        let mirror = Patterns.packedKey(count: count, packing: packing, labels: labels) { tape[high - $0] }
        let q = sampleSums.position(of: mirror, inserting: 0)
        sampleSums.values[q] += x
    }

    /// Outputs longer than `keepLength` need no per-sample sums: only their count is kept.
    @inline(__always)
    private func addLonger(length: Int, mirrored: Bool, x: UInt128) {
        if stratumLonger[length] == 0 { stratumLongerLengths.append(length) }
        stratumLonger[length] += mirrored ? 2 * x : x
    }

    /// Moves the sample's contributions into the stratum's sums. Plain samples count their
    /// outputs as hits (as many as x is whole outputs); Rao-Blackwellised ones count one hit per
    /// sample that contributed.
    private func endSample(plain: Bool) {
        let h = sampleHalting
        func add(_ sums: inout Sums, _ x: UInt128) {
            sums.x += x
            sums.xx += Self.product(x, x)
            sums.xh += Self.product(x, h)
            sums.hits += plain ? UInt64(x >> Self.fractionBits) : 1
        }
        for p in 0..<sampleSums.count {
            let q = stratumSums.position(of: sampleSums.keys[p], inserting: Sums())
            add(&stratumSums.values[q], sampleSums.values[p])
        }
        stratumHalting.x += h
        stratumHalting.xx += Self.product(h, h)
        stratumAtCap += sampleAtCap
        stratumLate += sampleLate
        sampleSums.removeAll()
        sampleHalting = 0
        sampleAtCap = 0
        sampleLate = 0
    }

    /// a·b in the same fixed point (both below 2^62).
    @inline(__always)
    static func product(_ a: UInt128, _ b: UInt128) -> UInt128 { (a * b) &>> UInt128(fractionBits) }

    /// `weight` units times a fixed-point sum: the estimated count in units (exact when the sum
    /// is a whole number, as in plain sampling).
    static func units(_ weight: UInt128, _ sum: UInt128) -> UInt128 {
        let (high, low) = weight.multipliedFullWidth(by: sum)
        return high &<< UInt128(128 - fractionBits) | low &>> UInt128(fractionBits)
    }

    /// Folds the stratum's sums into the worker's totals (see `StratifiedSampler`).
    ///
    /// The halting count is the sum of the patterns' counts, so that a table's counts add up
    /// to its `halting` exactly (every halting output has a pattern; with fractional
    /// contributions, rounding each pattern's count separately would otherwise make the two
    /// differ by a few units).
    private func fold(weight: UInt128, n: Int) {
        let moments = Moments(weight: weight, n: n, unitsTotal: unitsTotal, sumH: stratumHalting.x)
        haltingAtCap += Self.units(weight, stratumAtCap)
        haltingAfterHalfCap += Self.units(weight, stratumLate)
        haltingVariance += moments.variance(stratumHalting, x: Self.real(stratumHalting.x))
        var total: UInt128 = 0
        // Every contribution first, then the additions in a tight loop of independent
        // loads: a large `estimates` map is far beyond the cache.
        let n = stratumSums.count
        if foldPositions.count < n {
            foldPositions = Array(repeating: 0, count: max(n, 2 * foldPositions.count))
            foldContributions = Array(repeating: PatternEstimate(), count: foldPositions.count)
        }
        foldPositions.withUnsafeMutableBufferPointer { positions in
            foldContributions.withUnsafeMutableBufferPointer { contributions in
                for p in 0..<n {
                    let sums = stratumSums.values[p]
                    let count = Self.units(weight, sums.x)
                    total += count
                    let x = Self.real(sums.x)
                    contributions[p] = PatternEstimate(count: count, variance: moments.variance(sums, x: x),
                                                       covariance: moments.covariance(sums, x: x), hits: sums.hits)
                }
                estimates.positions(of: stratumSums.keys, count: n, into: positions.baseAddress!, inserting: PatternEstimate())
                let values = estimates.values
                for p in 0..<n { values[positions[p]] += contributions[p] }
            }
        }
        for length in stratumLongerLengths {
            let count = Self.units(weight, stratumLonger[length])
            longer[length] += count
            total += count
            stratumLonger[length] = 0
        }
        stratumLongerLengths.removeAll(keepingCapacity: true)
        halting += total
    }

    /// A fixed-point sum as a Double: exact whenever the value is representable (as every
    /// plain-sampling sum is), within one rounding otherwise.
    @inline(__always)
    static func real(_ x: UInt128) -> Double { x.doubleValue * unit }

    /// 2^-fractionBits.
    static let unit = Double(sign: .plus, exponent: -fractionBits, significand: 1)

    /// The constants of one stratum's variance terms, computed once per fold: `f` is a
    /// sample's share of the space (weight / unitsTotal), `n` the stratum's samples, `sumH` its Σh.
    struct Moments {
        let ff: Double, n: Int, nReal: Double, sumH: Double

        init(weight: UInt128, n: Int, unitsTotal: Double, sumH: UInt128) {
            let f = weight.doubleValue / unitsTotal
            ff = f * f
            self.n = n
            nReal = Double(n)
            self.sumH = SampleWalker.real(sumH)
        }

        /// The stratum's contribution to the variance of (estimated count / whole space), in
        /// fixed point: `f² (N Σx² − (Σx)²) / (N − 1)`, or `f² Σx²` for a single sample.
        @inline(__always)
        func variance(_ sums: Sums, x: Double) -> UInt128 {
            if sums.x == 0 { return 0 }
            let spread = n >= 2 ? (nReal * SampleWalker.real(sums.xx) - x * x) / Double(n - 1) : SampleWalker.real(sums.xx)
            let v = ff * spread * VarianceScale.factor
            return v <= 0 ? 0 : UInt128(v.rounded())
        }

        /// The stratum's contribution to Cov(count / space, halting / space), fixed point:
        /// `f² (N Σxh − Σx Σh) / (N − 1)`; 0 for a single sample (not estimable; the variances
        /// then carry the conservative second moments).
        @inline(__always)
        func covariance(_ sums: Sums, x: Double) -> Int128 {
            if sums.x == 0 || n < 2 { return 0 }
            let spread = nReal * SampleWalker.real(sums.xh) - x * sumH
            return Int128((ff * spread / Double(n - 1) * VarianceScale.factor).rounded())
        }
    }
}
