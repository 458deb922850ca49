import Foundation
import TuringMachines

/// One worker of the sampler: draws the samples of whole strata into its own accumulators.
final class SampleWalker {
    let space: MachineSpace
    let n: Int, m: Int, cap: Int
    let detect: Bool
    let normalChoices: UInt64
    let choices: UInt64
    let tapeStride: Int
    let table: UnsafeMutablePointer<InstructionWord>
    let tape: UnsafeMutablePointer<UInt8>
    let runner: PartialMachineRunner
    let unitsTotal: Double
    var added: [Int] = []
    var output: [UInt8] = []
    var reversed: [UInt8] = []
    /// The key of `packed` and of the per-stratum sums.
    let packing: SymbolPacking
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
        table.initialize(repeating: InstructionWord.undefined, count: space.entryCount)
        tape = .allocate(capacity: tapeStride)
        tape.initialize(repeating: 0, count: tapeStride)
        runner = PartialMachineRunner(tapeLength: tapeStride)
        packing = SymbolPacking(symbols: space.symbols)
        labels = .allocate(capacity: 256)
        labels.initialize(repeating: 0xFF, count: 256)
        self.unitsTotal = Double(unitsTotal)
    }

    deinit {
        table.deallocate()
        tape.deallocate()
        labels.deallocate()
        runner.deallocate()
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
                let stop = runner.advance(table: table, tape: tape, cap: cap, detect: detect,
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
                table[entry] = InstructionWord(normalChoice: index, symbols: m)
                added.append(entry)
            }
            (tape + low).update(repeating: 0, count: high - low + 1)
            for e in added { table[e] = InstructionWord.undefined }
            added.removeAll(keepingCapacity: true)
            if halted { haltSum += mirrorX; haltSquares += mirrorX * mirrorX }
        }
        for i in 0..<space.entryCount { table[i] = InstructionWord.undefined }
        #if ACSS_INTERNAL_CHECKS
        // The invariant between strata (see `TreeWalker.checkInvariants`): blank tapes, no
        // defined entry, an empty relabelling buffer.
        for i in 0..<tapeStride { precondition(tape[i] == 0, "SampleWalker: tape cell \(i) not blank between strata") }
        for i in 0..<256 { precondition(labels[i] == 0xFF, "SampleWalker: relabelling buffer not reset") }
        runner.checkBlank(tapeLength: tapeStride)
        #endif

        // Fold the stratum into the totals.
        let n = Int(count)
        halting += weight * UInt128(haltSum)
        haltingVariance += variance(weight: weight, n: n, sum: haltSum, squares: haltSquares)
        // A pattern is only ever output by a halting sample, whose halting indicator is
        // `mirrorX`: so Σ x·h = mirrorX · Σ x in the covariance.
        func contribution(_ s1: Int, _ s2: Int) -> PatternEstimate {
            PatternEstimate(count: weight * UInt128(s1), variance: variance(weight: weight, n: n, sum: s1, squares: s2),
                            covariance: covariance(weight: weight, n: n, sumX: s1, sumXH: mirrorX * s1, sumH: haltSum),
                            hits: UInt64(s1))
        }
        for (key, (s1, s2)) in stratumPacked { packed[key, default: PatternEstimate()] += contribution(s1, s2) }
        for (p, (s1, s2)) in stratumLong { long[p, default: PatternEstimate()] += contribution(s1, s2) }
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
        if let key = packing.pack(output) { forwardKey = key } else { forwardLong = output }
        if !mirrored {
            bump(key: forwardKey, long: forwardLong, x: 1)
            return
        }
        _ = Patterns.relabel(count: high - low + 1, into: &reversed, labels: labels) { tape[high - $0] }
        if reversed == output {
            bump(key: forwardKey, long: forwardLong, x: 2)
        } else {
            bump(key: forwardKey, long: forwardLong, x: 1)
            if let key = packing.pack(reversed) { bump(key: key, long: nil, x: 1) } else { bump(key: nil, long: reversed, x: 1) }
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
