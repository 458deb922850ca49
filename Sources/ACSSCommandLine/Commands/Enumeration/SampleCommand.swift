import Enumeration
import Foundation
import FrequencyTables
import TuringMachines

/// `acss sample`: a stratified, lazily drawn sample of an (n,m) space into a sampled pattern table.
struct SampleCommand: Command {
    static let name = "sample"
    static let abstract = "estimate a space too large to enumerate: stratified lazy sampling with standard errors"
    static let states = Option("--states", "N", "working states n (ACSS: 4)")
    static let symbols = Option("--symbols", "M", "symbols m (ACSS: 4, 5, 6, 9)")
    static let steps = Option("--steps", "T", "step cap (ACSS: 2000 for m = 4, 5, 6; 4000 for m = 9)")
    static let samples = Option("--samples", "N", "total number of sampled machines below the exact top (e.g. 1e8 or 100000000)")
    static let seed = Option("--seed", "S", "random seed (default 1); the file depends on it, not on threads or shards")
    static let depth = Option("--depth", "D", "tree level enumerated exactly; strata below (default 3 for m >= 4)")
    static let shard = Option("--shard", "I/K", "run only shard I of K (strata I, I+K, ...) for acss merge")
    static let threads = Option("--threads", "K", "worker threads (default: all cores)")
    static let out = Option("--out", "FILE", "where to write the sampled pattern table")
    static let minHits = Option("--min-hits", "H", "list only patterns seen at least H times or counted exactly (ACSS kept 5 or 10); not with --shard")
    static let maxLength = Option("--max-length", "L", "list only patterns of length <= L (the totals stay those of the whole run); not with --shard")
    static let allUpToLength = Option("--all-up-to-length", "L", "list every pattern of length <= L seen at least once (--min-hits applies to longer ones)")
    static let keepLength = Option("--keep-length", "L", "estimate patterns up to length L one by one (default 12); longer outputs are counted per length only")
    static let estimator = Option("--estimator", "E", "plain (default), rb (Rao-Blackwellised halting), rb:5,7,9 (and split runs at these spans), or recommended")
    static let noDetect = Flag("--no-detect", "switch off non-halting detection (same distribution, more work)")
    static let quiet = Flag("--quiet", "no progress line on stderr")
    static let json = Flag("--json", "print the summary as JSON")
    static let options: [any OptionDeclaration] = [
        states, symbols, steps, samples, seed, depth, shard, threads, out, minHits, maxLength, allUpToLength,
        keepLength, estimator, noDetect, quiet, json,
    ]
    static let takesArguments = false

    static let usage = "acss sample --states N --symbols M --steps T --samples N [--seed S] [--depth D] [--shard I/K] --out FILE"
    static let summary = "Estimate the output-pattern distribution of a space too large to enumerate: exact top of the machine tree, lazily drawn uniform samples below it, with standard errors."
    static let details = """
        The estimate is distributed exactly like uniform sampling of whole machines (entries are
        drawn only when a run first reads them), stratified by the exactly enumerated top of the
        tree; see Sources/Enumeration/StratifiedSampler.swift for the estimator and why it is
        unbiased. --estimator rb counts every halting choice of every read exactly and goes on
        with a normal one (Rao-Blackwellised, far less variance per CPU second); rb:5,7,9 also
        continues a run as two half-weight copies the first time its span reaches 5, 7 and 9
        (Sources/Enumeration/SampleWalker.swift). Counts are exact integers in the table's units; per pattern the file carries
        the variance of the estimate and the number of sample hits (docs/table-format.md).

        Examples:
          acss sample --states 4 --symbols 4 --steps 2000 --samples 1e7 --seed 1 --out K4.tsv
          acss sample --states 4 --symbols 9 --steps 4000 --samples 1e8 --shard 2/10 --out K9.2.tsv
          acss merge K9.*.tsv --out K9.tsv
        """

    let sampler: StratifiedSampler
    let out: String
    /// Trimming of the whole run's table: (min hits, max length, all up to length), when asked.
    let trim: (minHits: Int?, maxLength: Int?, allUpTo: Int?)?
    let quiet: Bool
    let json: Bool

    init(_ args: ParsedArguments) throws {
        let space = try MachineSpace(states: try args.requiredInt(Self.states), symbols: try args.requiredInt(Self.symbols))
        let steps = try args.requiredInt(Self.steps)
        let threads = try args.int(Self.threads, default: ProcessInfo.processInfo.activeProcessorCount, in: 1...1024)
        out = try args.required(Self.out)
        var sampler = try Self.sampler(args, space: space, steps: steps, threads: threads)
        if let text = args.value(Self.shard) { sampler.shard = try Shard(parsing: text) }
        let minHits = try args.int(Self.minHits, in: 0...Int.max)
        let maxLength = try args.int(Self.maxLength, in: 1...TreeEnumerator.maxStepCap)
        let allUpTo = try args.int(Self.allUpToLength, in: 0...TreeEnumerator.maxStepCap)
        let trimming = minHits != nil || maxLength != nil || allUpTo != nil
        if sampler.shard != nil && trimming {
            throw UsageError("--min-hits and --max-length apply to a whole run, not to a shard (merge the shards, then use acss table trim)")
        }
        try checkWritable(out)
        self.sampler = sampler
        trim = trimming ? (minHits, maxLength, allUpTo) : nil
        quiet = args.has(Self.quiet)
        json = args.has(Self.json)
    }

    /// The sampler the options describe (--samples, --seed, --depth, --estimator, --keep-length,
    /// --no-detect): shared with `acss campaign start --samples`.
    static func sampler(_ args: ParsedArguments, space: MachineSpace, steps: Int, threads: Int) throws -> StratifiedSampler {
        let samplesText = try args.required(samples)
        guard let samplesValue = Double(samplesText), samplesValue >= 1, samplesValue <= 1e15,
              samplesValue == samplesValue.rounded() else {
            throw UsageError("invalid value '\(samplesText)' for --samples: expected a whole number in 1...1e15, e.g. 1000000 or 1e6")
        }
        let seedText = args.value(seed) ?? "1"
        guard let seedValue = UInt64(seedText) else { throw UsageError("invalid value '\(seedText)' for --seed: expected a whole number in 0...\(UInt64.max)") }
        let depthValue = try args.int(depth, in: 1...space.entryCount)
        var sampler = try StratifiedSampler(space: space, stepCap: steps, samples: UInt64(samplesValue), seed: seedValue,
                                            depth: depthValue, threads: threads)
        sampler.detectNonHalting = !args.has(noDetect)
        if let text = args.value(estimator) {
            if text == "recommended" {
                sampler.estimator = .recommended(symbols: space.symbols)
            } else if let value = StratifiedSampler.Estimator(parsing: text) {
                sampler.estimator = value
            } else {
                throw UsageError("invalid value '\(text)' for --estimator: expected plain, rb, rb:S1,S2,... (increasing spans) or recommended")
            }
        }
        let longestKey = StratifiedSampler.maxKeepLength(symbols: space.symbols)
        sampler.keepLength = try args.int(keepLength, default: min(sampler.keepLength, longestKey), in: 1...longestKey)
        return sampler
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let space = sampler.space, steps = sampler.stepCap, quiet = self.quiet
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
        if let trim {
            table = table.trimmed(minHits: UInt64(trim.minHits ?? 0), maxLength: trim.maxLength, allUpToLength: trim.allUpTo ?? 0)
        }
        try SampledTableFile.write(table, to: out)
        Summary([
            ("space", .text(space.description)), ("steps", .integer(steps)), ("depth", .integer(result.depth)),
            ("seed", .integer(sampler.seed)), ("shard", .text(sampler.shard.map { "\($0)" } ?? "all")),
            ("estimator", .text(sampler.estimator.description)), ("keep_length", .integer(sampler.keepLength)),
            ("strata", .integer(result.strata)), ("samples", .integer(result.samples)),
            ("halting_fraction", .fixed(Double(result.halting) / Double(result.unitsTotal), 6)),
            ("halting_exact_fraction", .fixed(Double(result.haltingExact) / Double(result.unitsTotal), 6)),
            ("patterns", .integer(table.distinct)), ("longest", .integer(table.longest)),
            ("latest_halt", .integer(result.latestHalt)),
            ("cpu_seconds", .fixed(cpu, 3)), ("wall_seconds", .fixed(wall, 3)),
            ("samples_per_cpu_second", .fixed(Double(result.samples) / max(cpu, 1e-9), 0)),
            ("simulated_steps", .integer(result.simulatedSteps)), ("out", .text(out)),
        ]).print(json: json, terminal)
        return 0
    }
}
