import Enumeration
import Foundation
import FrequencyTables
import TuringMachines

/// `acss sample`: a stratified, lazily drawn sample of an (n,m) space into a sampled pattern table.
enum SampleCommand {
    static let options: [Arguments.Option] = [
        .value("--states", "N", "working states n (ACSS: 4)"),
        .value("--symbols", "M", "symbols m (ACSS: 4, 5, 6, 9)"),
        .value("--steps", "T", "step cap (ACSS: 2000 for m = 4, 5, 6; 4000 for m = 9)"),
        .value("--samples", "N", "total number of sampled machines below the exact top (e.g. 1e8 or 100000000)"),
        .value("--seed", "S", "random seed (default 1); the file depends on it, not on threads or shards"),
        .value("--depth", "D", "tree level enumerated exactly; strata below (default 3 for m >= 4)"),
        .value("--shard", "I/K", "run only shard I of K (strata I, I+K, ...) for acss merge"),
        .value("--threads", "K", "worker threads (default: all cores)"),
        .value("--out", "FILE", "where to write the sampled pattern table"),
        .value("--min-hits", "H", "list only patterns seen at least H times or counted exactly (ACSS kept 5 or 10); not with --shard"),
        .value("--max-length", "L", "list only patterns of length <= L (the totals stay those of the whole run); not with --shard"),
        .value("--all-up-to-length", "L", "list every pattern of length <= L seen at least once (--min-hits applies to longer ones)"),
        .flag("--no-detect", "switch off non-halting detection (same distribution, more work)"),
        .flag("--quiet", "no progress line on stderr"),
        .flag("--json", "print the summary as JSON"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss sample --states N --symbols M --steps T --samples N [--seed S] [--depth D] [--shard I/K] --out FILE",
        summary: "Estimate the output-pattern distribution of a space too large to enumerate: exact top of the machine tree, lazily drawn uniform samples below it, with standard errors.",
        options: options,
        details: """
        The estimate is distributed exactly like uniform sampling of whole machines (entries are
        drawn only when a run first reads them), stratified by the exactly enumerated top of the
        tree; see Sources/Enumeration/StratifiedSampler.swift for the estimator and why it is
        unbiased. Counts are exact integers in the table's units; per pattern the file carries
        the variance of the estimate and the number of sample hits (docs/table-format.md).

        Examples:
          acss sample --states 4 --symbols 4 --steps 2000 --samples 1e7 --seed 1 --out K4.tsv
          acss sample --states 4 --symbols 9 --steps 4000 --samples 1e8 --shard 2/10 --out K9.2.tsv
          acss merge K9.*.tsv --out K9.tsv
        """)

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let space = try MachineSpace(states: try args.requiredInt("--states"), symbols: try args.requiredInt("--symbols"))
        let steps = try args.requiredInt("--steps")
        let samplesText = try args.required("--samples")
        guard let samplesValue = Double(samplesText), samplesValue >= 1, samplesValue <= 1e15,
              samplesValue == samplesValue.rounded() else {
            throw UsageError("invalid value '\(samplesText)' for --samples: expected a whole number in 1...1e15, e.g. 1000000 or 1e6")
        }
        let seedText = args.string("--seed") ?? "1"
        guard let seed = UInt64(seedText) else { throw UsageError("invalid value '\(seedText)' for --seed: expected a whole number in 0...\(UInt64.max)") }
        let threads = try args.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...1024)!
        let depth = try args.int("--depth", in: 1...space.entryCount)
        let out = try args.required("--out")
        var sampler = try StratifiedSampler(space: space, stepCap: steps, samples: UInt64(samplesValue), seed: seed,
                                            depth: depth, threads: threads)
        sampler.detectNonHalting = !args.has("--no-detect")
        if let text = args.string("--shard") { sampler.shard = try Shard(parsing: text) }
        let minHits = try args.int("--min-hits", in: 0...Int.max)
        let maxLength = try args.int("--max-length", in: 1...TreeEnumerator.maxStepCap)
        let allUpTo = try args.int("--all-up-to-length", in: 0...TreeEnumerator.maxStepCap)
        if sampler.shard != nil && (minHits != nil || maxLength != nil || allUpTo != nil) {
            throw UsageError("--min-hits and --max-length apply to a whole run, not to a shard (merge the shards, then use acss table trim)")
        }
        try BuildCommand.checkWritable(out)

        let quiet = args.has("--quiet")
        let wall0 = ProcessUsage.wallClock()
        let (result, timing) = RunTiming.measure { sampler.run(progressInterval: terminal.interactive ? 0.5 : 5) { done, total in
            if quiet { return }
            let elapsed = ProcessUsage.wallClock() - wall0
            let eta = done > 0 ? elapsed / Double(done) * Double(total - done) : .infinity
            terminal.progress(String(format: "sample %@ T=%d: strata %d/%d (%.1f%%), ETA %@",
                                     space.description, steps, done, total, 100 * Double(done) / Double(max(total, 1)),
                                     formatDuration(eta)))
        } }
        if !quiet { terminal.endProgress() }
        let cpu = timing.cpuSeconds, wall = timing.wallSeconds
        var table = SampledTable(result, timing: timing)
        if minHits != nil || maxLength != nil || allUpTo != nil {
            table = table.trimmed(minHits: UInt64(minHits ?? 0), maxLength: maxLength, allUpToLength: allUpTo ?? 0)
        }
        try SampledTableFile.write(table, to: out)
        let summary: [(String, String)] = [
            ("space", space.description), ("steps", String(steps)), ("depth", String(result.depth)),
            ("seed", String(seed)), ("shard", sampler.shard.map { "\($0)" } ?? "all"),
            ("strata", String(result.strata)), ("samples", String(result.samples)),
            ("halting_fraction", String(format: "%.6f", Double(result.halting) / Double(result.unitsTotal))),
            ("halting_exact_fraction", String(format: "%.6f", Double(result.haltingExact) / Double(result.unitsTotal))),
            ("patterns", String(table.distinct)), ("longest", String(table.longest)),
            ("latest_halt", String(result.latestHalt)),
            ("cpu_seconds", String(format: "%.3f", cpu)), ("wall_seconds", String(format: "%.3f", wall)),
            ("samples_per_cpu_second", String(format: "%.0f", Double(result.samples) / max(cpu, 1e-9))),
            ("simulated_steps", String(result.simulatedSteps)), ("out", out),
        ]
        printSummary(summary, json: args.has("--json"), terminal)
        return 0
    }
}
