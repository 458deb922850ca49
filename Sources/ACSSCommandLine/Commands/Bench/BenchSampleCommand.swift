import Enumeration
import TextInput
import Foundation
import TuringMachines

/// `acss bench sample`: stratified lazy sampling against plain uniform sampling of whole
/// machines, one core each.
struct BenchSampleCommand: Command {
    static let name = "sample"
    static let abstract = "the stratified sampler against plain uniform sampling, one core each"
    static let symbols = Option("--symbols", "M", "symbols of the (4,m) space (default 9)")
    static let steps = BenchCommand.steps.described("step cap (default 4000 for 9 symbols, 2000 otherwise)")
    static let samples = Option("--samples", "N", "stratified samples (default 1e7)")
    static let uniformSamples = Option("--uniform-samples", "N", "samples of the plain uniform sampler (default 1e6)")
    static let seed = Option("--seed", "S", "seed (default 1)")
    static let estimator = Option("--estimator", "E", "the estimator compared with plain stratified sampling (default recommended; see acss sample)")
    static let estimatorSamples = Option("--estimator-samples", "N", "samples of that estimator (default: --samples / 20)")
    static let json = Flag("--json", "print the summary as JSON")
    static let options: [any OptionDeclaration] = [symbols, steps, samples, uniformSamples, seed, estimator, estimatorSamples, json]
    static let takesArguments = false
    static let usage = "acss bench sample [--symbols M] [--steps T] [--samples N] [--uniform-samples N] [--seed S] [--estimator E] [--estimator-samples N]"
    static let summary = "Benchmark the stratified sampler against plain uniform sampling (samples per second per core, and the variance of the top 100 patterns under each), and an estimator (default: the recommended Rao-Blackwellised one) against plain stratified sampling: variance per CPU second, length by length."
    static let details = BenchCommand.details

    let space: MachineSpace
    let steps: Int
    let stratifiedSamples: UInt64
    let uniformSamples: UInt64
    let seed: UInt64
    let estimator: StratifiedSampler.Estimator
    let estimatorSamples: UInt64
    let json: Bool

    init(_ args: ParsedArguments) throws {
        let symbols = try args.int(Self.symbols, default: 9, in: 2...16)
        space = try MachineSpace(states: 4, symbols: symbols)
        steps = try args.int(Self.steps, default: symbols == 9 ? 4000 : 2000, in: 1...TreeEnumerator.maxStepCap)
        func count(_ option: Option, _ fallback: Double) throws(UsageError) -> UInt64 {
            guard let text = args.value(option) else { return UInt64(fallback) }
            guard let v = DecimalNumber.parse(text), v >= 1, v <= 1e13 else {
                throw UsageError("invalid value '\(text)' for \(option.name): expected a number of samples, e.g. 1e6")
            }
            return UInt64(v)
        }
        stratifiedSamples = try count(Self.samples, 1e7)
        uniformSamples = try count(Self.uniformSamples, 1e6)
        let seedText = args.value(Self.seed) ?? "1"
        guard let seed = UInt64(seedText) else { throw UsageError("invalid value '\(seedText)' for --seed") }
        self.seed = seed
        if let text = args.value(Self.estimator), text != "recommended" {
            guard let e = StratifiedSampler.Estimator(parsing: text) else {
                throw UsageError("invalid value '\(text)' for --estimator: expected plain, rb, rb:S1,S2,... (increasing spans) or recommended")
            }
            estimator = e
        } else {
            estimator = .recommended(symbols: symbols)
        }
        estimatorSamples = try count(Self.estimatorSamples, Double(max(1, stratifiedSamples / 20)))
        json = args.has(Self.json)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        var cpu0 = ProcessUsage.cpuSeconds()
        let stratified = try StratifiedSampler(space: space, stepCap: steps, samples: stratifiedSamples, seed: seed, threads: 1).run()
        let stratifiedCPU = ProcessUsage.cpuSeconds() - cpu0
        cpu0 = ProcessUsage.cpuSeconds()
        let uniform = UniformSampler(space: space, stepCap: steps, samples: uniformSamples, seed: seed).run()
        let uniformCPU = ProcessUsage.cpuSeconds() - cpu0
        cpu0 = ProcessUsage.cpuSeconds()
        var other = try StratifiedSampler(space: space, stepCap: steps, samples: estimatorSamples, seed: seed, threads: 1)
        other.estimator = estimator
        let improved = other.run()
        let improvedCPU = ProcessUsage.cpuSeconds() - cpu0
        let stratifiedRate = Double(stratified.samples) / stratifiedCPU
        let uniformRate = Double(uniform.samples) / uniformCPU

        // Variance of the estimated share of machines with each of the 100 most frequent
        // patterns: stratified (its own estimate) vs uniform sampling with the same number of
        // samples (binomial p(1 - p)/N, p from the stratified estimate).
        let total = Double(stratified.unitsTotal)
        let top = stratified.patterns.sorted { $0.value.count != $1.value.count ? $0.value.count > $1.value.count : $0.key.lexicographicallyPrecedes($1.key) }.prefix(100)
        var ratios: [Double] = []
        var exactCount = 0
        for (_, e) in top {
            let p = Double(e.count) / total
            let stratifiedVariance = Double(e.variance) / VarianceScale.factor
            let uniformVariance = p * (1 - p) / Double(stratified.samples)
            if stratifiedVariance == 0 { exactCount += 1; continue }
            ratios.append(uniformVariance / stratifiedVariance)
        }
        ratios.sort()
        func quantile(_ q: Double) -> Double { ratios.isEmpty ? .nan : ratios[min(ratios.count - 1, Int(q * Double(ratios.count)))] }
        var entries: [(String, Summary.Value)] = [
            ("space", .text(space.description)), ("steps", .integer(steps)),
            ("stratified_samples", .integer(stratified.samples)), ("stratified_cpu_seconds", .fixed(stratifiedCPU, 2)),
            ("stratified_samples_per_cpu_second", .fixed(stratifiedRate, 0)),
            ("stratified_steps_per_sample", .fixed(Double(stratified.simulatedSteps) / Double(max(stratified.samples, 1)), 1)),
            ("uniform_samples", .integer(uniform.samples)), ("uniform_cpu_seconds", .fixed(uniformCPU, 2)),
            ("uniform_samples_per_cpu_second", .fixed(uniformRate, 0)),
            ("uniform_steps_per_sample", .fixed(Double(uniform.simulatedSteps) / Double(max(uniform.samples, 1)), 1)),
            ("speedup_per_sample", .fixed(stratifiedRate / uniformRate, 1)),
            ("halting_share_stratified", .fixed(Double(stratified.halting) / total, 6)),
            ("halting_share_uniform", .fixed(Double(uniform.halting) / Double(uniform.samples), 6)),
            ("top100_exact_patterns", .integer(exactCount)),
            ("top100_variance_reduction_median", .fixed(quantile(0.5), 2)),
            ("top100_variance_reduction_min", .fixed(ratios.first ?? .nan, 2)),
            ("top100_variance_reduction_max", .fixed(ratios.last ?? .nan, 2)),
            ("top100_efficiency_per_cpu_second_median", .fixed(quantile(0.5) * stratifiedRate / uniformRate, 1)),
            ("estimator", .text(estimator.description)), ("estimator_samples", .integer(improved.samples)),
            ("estimator_cpu_seconds", .fixed(improvedCPU, 2)),
        ]
        entries += gains(plain: stratified, plainCPU: stratifiedCPU, improved: improved, improvedCPU: improvedCPU)
        Summary(entries).print(json: json, terminal)
        return 0
    }

    /// Per length, how much less variance per CPU second the estimator gives than plain
    /// stratified sampling: mean relative variance (Var(count) / count²) × CPU seconds of plain,
    /// over the same for the estimator, on the patterns both runs saw, plain at least 10 times
    /// (rarer ones have no usable plain variance estimate).
    func gains(plain: SampleResult, plainCPU: Double, improved: SampleResult, improvedCPU: Double) -> [(String, Summary.Value)] {
        var sums = [Int: (plain: Double, improved: Double, n: Int)]()
        for (p, a) in plain.patterns where a.hits >= 10 && a.variance > 0 {
            guard let b = improved.patterns[p], b.count > 0 else { continue }
            func relative(_ e: PatternEstimate, _ r: SampleResult) -> Double {
                let f = Double(e.count) / Double(r.unitsTotal)
                return VarianceScale.value(Double(e.variance)) / (f * f)
            }
            var s = sums[p.count] ?? (0, 0, 0)
            s.plain += relative(a, plain)
            s.improved += relative(b, improved)
            s.n += 1
            sums[p.count] = s
        }
        return sums.keys.sorted().filter { $0 >= 4 }.flatMap { length -> [(String, Summary.Value)] in
            let s = sums[length]!
            let gain = s.improved > 0 ? (s.plain * plainCPU) / (s.improved * improvedCPU) : .nan
            return [("length_\(length)_patterns_compared", .integer(s.n)), ("length_\(length)_variance_per_cpu_gain", .fixed(gain, 1))]
        }
    }
}
