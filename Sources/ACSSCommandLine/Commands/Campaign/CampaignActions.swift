import Campaigns
import Foundation
import FrequencyTables
import TuringMachines

/// `acss campaign run`: runs the remaining shards here, one after the other.
struct CampaignRunCommand: Command {
    static let name = "run"
    static let abstract = "run the remaining shards on this machine (kill and rerun at will)"
    static let maxShards = Option("--max-shards", "S", "stop after S shards (default: until done)")
    static let options: [any OptionDeclaration] = [CampaignCommand.dir, CampaignCommand.threads, maxShards, CampaignCommand.quiet]
    static let takesArguments = false
    static let usage = "acss campaign run --dir DIR [--threads K] [--max-shards S]"
    static let summary = "Run the shards of a campaign that are not done yet, one after the other; a killed run loses only the shard in progress."
    static let details = CampaignCommand.details

    let directory: String
    let threads: Int
    let limit: Int
    let quiet: Bool

    init(_ args: ParsedArguments) throws {
        directory = try args.required(CampaignCommand.dir)
        threads = try CampaignCommand.threads(args)
        limit = try args.int(Self.maxShards, default: Int.max, in: 1...Int.max)
        quiet = args.has(CampaignCommand.quiet)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let campaign = try Campaign.open(directory: directory)
        let directory = self.directory, quiet = self.quiet
        var ran = false
        let final = try campaign.runRemaining(threads: threads, maxShards: limit, damaged: { d in
            terminal.error("acss campaign: damaged shard moved aside, will run again: \(d)")
        }, shardDone: { report in
            ran = true
            guard !quiet else { return }
            let status = report.status
            terminal.progress(String(format: "campaign %@: shard %d/%d done (%.1f CPU s); %d of %d done, ETA %@",
                                     directory, report.index, status.total, report.timing.cpuSeconds,
                                     status.done.count, status.total,
                                     formatDuration(report.wallSecondsPerShard * Double(status.remaining.count))))
        })
        if !quiet && ran { terminal.endProgress() }
        terminal.print("campaign \(directory): \(final.done.count) of \(final.total) shards done, \(String(format: "%.1f", final.cpuSeconds)) CPU s in total" + (final.remaining.isEmpty ? "; ready to merge" : ""))
        return 0
    }
}

/// `acss campaign shard`: exactly one shard, as one task of a cluster job array runs it.
struct CampaignShardCommand: Command {
    static let name = "shard"
    static let abstract = "run exactly one shard (one task of a cluster job array)"
    static let index = Option("--index", "I", "which shard to run (1...K), e.g. $SLURM_ARRAY_TASK_ID")
    static let options: [any OptionDeclaration] = [CampaignCommand.dir, index, CampaignCommand.threads]
    static let takesArguments = false
    static let usage = "acss campaign shard --dir DIR --index I [--threads K]"
    static let summary = "Run exactly one shard of a campaign and write its partial table into DIR: what each task of a cluster job array calls (scripts/slurm/)."
    static let details = CampaignCommand.details

    let directory: String
    let index: Int
    let threads: Int

    init(_ args: ParsedArguments) throws {
        directory = try args.required(CampaignCommand.dir)
        // The range is checked against the campaign's shard count when it is opened.
        index = try args.requiredInt(Self.index)
        threads = try CampaignCommand.threads(args)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let campaign = try Campaign.open(directory: directory)
        let shards = campaign.parameters.shards
        guard (1...shards).contains(index) else {
            throw UsageError("invalid value '\(index)' for --index: expected 1...\(shards)")
        }
        let timing = try campaign.runShard(index, threads: threads)
        terminal.print("campaign \(directory): shard \(index)/\(shards) done in \(String(format: "%.1f", timing.cpuSeconds)) CPU s -> \(campaign.shardPath(index))")
        return 0
    }
}

/// `acss campaign status`: shards done and remaining, CPU time, an ETA.
struct CampaignStatusCommand: Command {
    static let name = "status"
    static let abstract = "shards done and remaining, CPU time so far and an estimate of the rest"
    static let threads = CampaignCommand.threads.described("threads the ETA assumes (default: all cores)")
    static let json = Flag("--json", "machine-readable output")
    static let options: [any OptionDeclaration] = [CampaignCommand.dir, threads, json]
    static let takesArguments = false
    static let usage = "acss campaign status --dir DIR [--threads K] [--json]"
    static let summary = "Show how far a campaign is: shards done, remaining and damaged, machines done, CPU seconds so far, and the remaining time estimated from the finished shards."
    static let details = CampaignCommand.details

    let directory: String
    let threads: Int
    let json: Bool

    init(_ args: ParsedArguments) throws {
        directory = try args.required(CampaignCommand.dir)
        threads = try CampaignCommand.threads(args, Self.threads)
        json = args.has(Self.json)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let campaign = try Campaign.open(directory: directory)
        let s = campaign.status()
        let eta = s.estimatedRemainingCPUSeconds
        let p = campaign.parameters
        let sampling = p.sampling
        Summary([
            ("space", .text(p.dimensions == 2 ? "2-D (\(p.space.states),2)" : p.space.description)), ("steps", .integer(p.stepCap)),
            ("shards", .integer(p.shards)),
            sampling == nil ? ("split_level", .integer(p.splitLevel)) : ("estimator", .text(sampling!.estimator.description)),
            ("done", .integer(s.done.count)), ("remaining", .integer(s.remaining.count)),
            ("damaged", .integer(s.damaged.count)),
            sampling == nil ? ("machines_done", .integer(s.machinesDone)) : ("samples_done", .integer(s.machinesDone)),
            sampling == nil ? ("machines_total", .integer(p.dimensions == 2 ? GridMachine.machineCount(states: p.space.states) ?? 0 : p.space.machineCount ?? 0))
                : ("samples_requested", .integer(sampling!.samples)),
            ("cpu_seconds", .fixed(s.cpuSeconds, 1)),
            ("remaining_cpu_seconds_estimate", eta.map { .fixed($0, 0) } ?? .unknown),
            ("eta_on_\(threads)_threads", eta.map { .text(formatDuration($0 / Double(threads))) } ?? .unknown),
        ]).print(json: json, terminal)
        for d in s.damaged { terminal.error("acss campaign: damaged shard moved aside, will run again: \(d)") }
        return 0
    }
}

/// `acss campaign merge`: the table of the whole run, once every shard is done.
struct CampaignMergeCommand: Command {
    static let name = "merge"
    static let abstract = "add the finished shards into the table of the whole run"
    static let out = Option("--out", "FILE", "where to write the merged table")
    static let depthOut = Option("--depth-out", "FILE", "also merge the shards' logical depths (campaigns started with --depth-tables) into FILE")
    static let json = Flag("--json", "print the summary as JSON")
    static let options: [any OptionDeclaration] = [CampaignCommand.dir, out, depthOut, json, CampaignCommand.quiet]
    static let takesArguments = false
    static let usage = "acss campaign merge --dir DIR --out FILE [--depth-out FILE]"
    static let summary = "Merge the shards of a finished campaign into the table a single acss build writes, checking that every shard is there exactly once and that the weights add up to the whole space."
    static let details = CampaignCommand.details

    let directory: String
    let out: String
    let depthOut: String?
    let json: Bool
    let quiet: Bool

    init(_ args: ParsedArguments) throws {
        directory = try args.required(CampaignCommand.dir)
        out = try args.required(Self.out)
        try checkWritable(out)
        depthOut = args.value(Self.depthOut)
        if let depthOut {
            guard depthOut != out else { throw UsageError("--depth-out must name another file than --out (\(out))") }
            try checkWritable(depthOut)
        }
        json = args.has(Self.json)
        quiet = args.has(CampaignCommand.quiet)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let campaign = try Campaign.open(directory: directory)
        let directory = self.directory, quiet = self.quiet
        if depthOut != nil, !campaign.parameters.depth {
            throw UsageError("--depth-out: the campaign \(directory) records no logical depths (start one with --depth-tables)")
        }
        if campaign.parameters.sampling != nil {
            let merged = try campaign.mergeSampled { done, total in
                if !quiet { terminal.progress("campaign \(directory): read \(done) of \(total) shards") }
            }
            if !quiet { terminal.endProgress() }
            try SampledTableFile.write(merged, to: out)
            Summary([
                ("space", .text(merged.space.description)), ("steps", .integer(merged.stepCap)),
                ("estimator", .text(merged.estimator.description)), ("samples", .integer(merged.samples)),
                ("halting_fraction", .fixed(Double(merged.halting) / Double(merged.unitsTotal), 6)),
                ("patterns", .integer(merged.distinct)), ("longest", .integer(merged.longest)),
                ("latest_halt", .integer(merged.latestHalt)), ("cpu_seconds", .fixed(merged.timing.cpuSeconds, 1)),
                ("out", .text(out)),
            ]).print(json: json, terminal)
            return 0
        }
        if campaign.parameters.dimensions == 2 {
            let merged = try campaign.mergeGrid { done, total in
                if !quiet { terminal.progress("campaign \(directory): merged \(done) of \(total) shards") }
            }
            if !quiet { terminal.endProgress() }
            try GridTableFile.write(merged, to: out)
            let f = merged.figures
            Summary([
                ("space", .text("2-D (\(f.states),2)")), ("steps", .integer(f.stepCap)), ("machines", .integer(f.machines)),
                ("halting", .integer(f.halting)), ("distinct", .integer(f.distinct)),
                ("symmetry_classes", .integer(merged.classes.count)), ("large_outputs", .integer(f.largeOutputs)),
                ("latest_halt", .integer(f.latestHalt)), ("halting_at_cap", .integer(f.haltingAtCap)),
                ("halting_after_half_cap", .integer(f.haltingLateHalf)),
                ("weight_check", .text("ok")), ("cpu_seconds", .fixed(f.timing.cpuSeconds, 1)), ("out", .text(out)),
            ]).print(json: json, terminal)
            return 0
        }
        let merged = try campaign.merge { done, total in
            if !quiet { terminal.progress("campaign \(directory): merged \(done) of \(total) shards") }
        }
        if !quiet { terminal.endProgress() }
        try TableFile.write(merged, to: out)
        var depthEntries: [(String, Summary.Value)] = []
        if let depthOut {
            let depths = try campaign.mergeDepths { done, total in
                if !quiet { terminal.progress("campaign \(directory): merged the depths of \(done) of \(total) shards") }
            }
            if !quiet { terminal.endProgress() }
            guard depths.strings.count == merged.distinct else {
                terminal.error("internal error: \(depths.strings.count) strings have depths, the table has \(merged.distinct)")
                return 3
            }
            try DepthTableFile.write(depths, to: depthOut)
            depthEntries = [("deepest", .integer(depths.deepest)), ("depth_out", .text(depthOut))]
        }
        Summary([
            ("space", .text(merged.space.description)), ("steps", .integer(merged.stepCap)), ("machines", .integer(merged.machines)),
            ("halting", .integer(merged.halting)), ("distinct", .integer(merged.distinct)), ("longest", .integer(merged.longest)),
            ("latest_halt", .integer(merged.latestHalt)), ("halting_at_cap", .integer(merged.haltingAtCap)),
            ("halting_after_half_cap", .integer(merged.haltingLateHalf)),
            ("weight_check", .text("ok")), ("cpu_seconds", .fixed(merged.timing.cpuSeconds, 1)), ("out", .text(out)),
        ] + depthEntries).print(json: json, terminal)
        return 0
    }
}
