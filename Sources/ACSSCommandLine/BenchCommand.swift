import Enumeration
import Foundation
import TuringMachines

/// `acss bench enumerate`: times the exhaustive enumerator in this process, per thread count,
/// and checks that every run gives the same table.
enum BenchCommand {
    static let options: [Arguments.Option] = [
        .value("--states", "N", "working states (default 5; 2 symbols)"),
        .value("--steps", "T", "step cap (default: 1, 6, 21, 107, 500 for n = 1..5)"),
        .value("--threads", "LIST", "comma-separated thread counts to compare (default 1,<all cores>)"),
        .value("--repeat", "R", "runs per thread count; the fastest wall time is reported (default 1)"),
        .value("--symbols", "M", "sample: symbols of the (4,m) space (default 9)"),
        .value("--samples", "N", "sample: stratified samples (default 1e7)"),
        .value("--uniform-samples", "N", "sample: samples of the plain uniform sampler (default 1e6)"),
        .value("--seed", "S", "sample: seed (default 1)"),
        .flag("--no-detect", "switch off non-halting detection"),
        .flag("--json", "one JSON object per run, one per line"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss bench enumerate [--states N] [--steps T] [--threads 1,2] [--repeat R] [--json]\n       acss bench sample [--symbols M] [--steps T] [--samples N] [--uniform-samples N] [--seed S]",
        summary: "Benchmark the exhaustive enumerator (CPU and wall seconds, peak memory, nodes and steps per second, scaling over threads), or the stratified sampler against plain uniform sampling (samples per second per core, variance of the top 100 patterns).",
        options: options,
        details: """
        Build in release mode first (swift build -c release); debug builds are 10-50x slower.
        Examples:
          acss bench enumerate --states 4 --repeat 5       # D(4), T = 107
          acss bench enumerate --threads 1,2               # D(5), T = 500 (about a minute)
          acss bench sample --symbols 9 --steps 4000       # (4,9): stratified vs uniform, one core
        The results of docs/benchmarks.md come from this command and scripts/bench-enumerate.sh.
        """)

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        if args.positionals == ["sample"] { return try sample(args, terminal) }
        guard args.positionals == ["enumerate"] else {
            throw UsageError(args.positionals.isEmpty ? "missing benchmark name: expected 'enumerate' or 'sample'"
                             : "unknown benchmark '\(args.positionals.joined(separator: " "))': expected 'enumerate' or 'sample'")
        }
        let states = try args.int("--states", default: 5, in: 1...6)!
        let defaultSteps = [1, 6, 21, 107, 500, 1000][states - 1]
        let steps = try args.int("--steps", default: defaultSteps, in: 1...TreeEnumerator.maxStepCap)!
        let repeats = try args.int("--repeat", default: 1, in: 1...1000)!
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var threadCounts: [Int] = cores > 1 ? [1, cores] : [1]
        if let list = args.string("--threads") {
            threadCounts = try list.split(separator: ",").map { (item: Substring) throws(UsageError) -> Int in
                guard let k = Int(item), (1...1024).contains(k) else {
                    throw UsageError("invalid thread count '\(item)' in --threads: expected whole numbers in 1...1024")
                }
                return k
            }
            if threadCounts.isEmpty { throw UsageError("--threads needs at least one thread count") }
        }
        let space = try MachineSpace(states: states, symbols: 2)
        var reference: EnumerationResult? = nil
        var singleThreadWall: Double? = nil
        if !args.has("--json") {
            terminal.print("enumerate \(space) T=\(steps)\(args.has("--no-detect") ? " (no detection)" : ""), \(cores) cores available")
            terminal.print("threads  cpu_s    wall_s   speedup  peak_MB  Mnodes/s(cpu)  Gsteps/s(cpu)  identical")
        }
        for threads in threadCounts {
            var best: (cpu: Double, wall: Double)? = nil
            var identical = true
            var statistics = EnumerationStatistics()
            for _ in 0..<repeats {
                var enumerator = try TreeEnumerator(space: space, stepCap: steps, threads: threads)
                enumerator.detectNonHalting = !args.has("--no-detect")
                let cpu0 = ProcessUsage.cpuSeconds(), wall0 = ProcessUsage.wallClock()
                let result = enumerator.run()
                let cpu = ProcessUsage.cpuSeconds() - cpu0, wall = ProcessUsage.wallClock() - wall0
                if let reference {
                    identical = identical && result.counts == reference.counts
                        && result.haltingSteps == reference.haltingSteps && result.nonHalting == reference.nonHalting
                } else {
                    reference = result
                }
                statistics = result.statistics
                if best == nil || wall < best!.wall { best = (cpu, wall) }
            }
            let (cpu, wall) = best!
            if threads == 1 { singleThreadWall = wall }
            let speedup = singleThreadWall.map { $0 / wall }
            let peak = Double(ProcessUsage.peakMemoryBytes()) / 1e6
            let nodes = Double(statistics.branchNodes) / max(cpu, 1e-9)
            let stepsRate = Double(statistics.simulatedSteps) / max(cpu, 1e-9)
            if args.has("--json") {
                terminal.print("{\"space\": \"\(space)\", \"steps\": \(steps), \"threads\": \(threads), \"cpu_seconds\": \(String(format: "%.3f", cpu)), \"wall_seconds\": \(String(format: "%.3f", wall)), \"speedup\": \(speedup.map { String(format: "%.2f", $0) } ?? "null"), \"peak_memory_mb\": \(String(format: "%.1f", peak)), \"branch_nodes\": \(statistics.branchNodes), \"simulated_steps\": \(statistics.simulatedSteps), \"nodes_per_cpu_second\": \(String(format: "%.0f", nodes)), \"steps_per_cpu_second\": \(String(format: "%.0f", stepsRate)), \"identical\": \(identical)}")
            } else {
                terminal.print(String(format: "%7d  %-7.3f  %-7.3f  %-7@  %-7.1f  %-13.2f  %-13.3f  %@",
                                      threads, cpu, wall, speedup.map { String(format: "%.2fx", $0) } ?? "-",
                                      peak, nodes / 1e6, stepsRate / 1e9, identical ? "yes" : "NO"))
            }
            if !identical {
                terminal.error("acss bench: results differ between runs: this is a bug")
                return 3
            }
        }
        return 0
    }

    /// Stratified lazy sampling against plain uniform sampling of whole machines, one core each.
    static func sample(_ args: Arguments, _ terminal: Terminal) throws -> Int32 {
        let symbols = try args.int("--symbols", default: 9, in: 2...16)!
        let space = try MachineSpace(states: 4, symbols: symbols)
        let steps = try args.int("--steps", default: symbols == 9 ? 4000 : 2000, in: 1...TreeEnumerator.maxStepCap)!
        func count(_ name: String, _ fallback: Double) throws -> UInt64 {
            guard let text = args.string(name) else { return UInt64(fallback) }
            guard let v = Double(text), v >= 1, v <= 1e13 else { throw UsageError("invalid value '\(text)' for \(name): expected a number of samples, e.g. 1e6") }
            return UInt64(v)
        }
        let stratifiedSamples = try count("--samples", 1e7)
        let uniformSamples = try count("--uniform-samples", 1e6)
        let seedText = args.string("--seed") ?? "1"
        guard let seed = UInt64(seedText) else { throw UsageError("invalid value '\(seedText)' for --seed") }

        var cpu0 = ProcessUsage.cpuSeconds()
        let stratified = try StratifiedSampler(space: space, stepCap: steps, samples: stratifiedSamples, seed: seed, threads: 1).run()
        let stratifiedCPU = ProcessUsage.cpuSeconds() - cpu0
        cpu0 = ProcessUsage.cpuSeconds()
        let uniform = UniformSampler(space: space, stepCap: steps, samples: uniformSamples, seed: seed).run()
        let uniformCPU = ProcessUsage.cpuSeconds() - cpu0
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
        let summary: [(String, String)] = [
            ("space", space.description), ("steps", String(steps)),
            ("stratified_samples", String(stratified.samples)), ("stratified_cpu_seconds", String(format: "%.2f", stratifiedCPU)),
            ("stratified_samples_per_cpu_second", String(format: "%.0f", stratifiedRate)),
            ("stratified_steps_per_sample", String(format: "%.1f", Double(stratified.simulatedSteps) / Double(max(stratified.samples, 1)))),
            ("uniform_samples", String(uniform.samples)), ("uniform_cpu_seconds", String(format: "%.2f", uniformCPU)),
            ("uniform_samples_per_cpu_second", String(format: "%.0f", uniformRate)),
            ("uniform_steps_per_sample", String(format: "%.1f", Double(uniform.simulatedSteps) / Double(max(uniform.samples, 1)))),
            ("speedup_per_sample", String(format: "%.1f", stratifiedRate / uniformRate)),
            ("halting_share_stratified", String(format: "%.6f", Double(stratified.halting) / total)),
            ("halting_share_uniform", String(format: "%.6f", Double(uniform.halting) / Double(uniform.samples))),
            ("top100_exact_patterns", String(exactCount)),
            ("top100_variance_reduction_median", String(format: "%.2f", quantile(0.5))),
            ("top100_variance_reduction_min", String(format: "%.2f", ratios.first ?? .nan)),
            ("top100_variance_reduction_max", String(format: "%.2f", ratios.last ?? .nan)),
            ("top100_efficiency_per_cpu_second_median", String(format: "%.1f", quantile(0.5) * stratifiedRate / uniformRate)),
        ]
        printSummary(summary, json: args.has("--json"), terminal)
        return 0
    }
}
