import Campaigns
import Enumeration
import Foundation
import FrequencyTables
import TuringMachines

/// `acss campaign`: resumable sharded enumerations in a folder (see `Campaign`).
enum CampaignCommand {
    static let options: [Arguments.Option] = [
        .value("--dir", "DIR", "the campaign folder (parameters, finished shard tables, lock)"),
        .value("--states", "N", "start: working states"),
        .value("--steps", "T", "start: step cap"),
        .value("--symbols", "M", "start: symbols (default 2)"),
        .value("--shards", "K", "start: number of shards (default 100)"),
        .value("--split-level", "L", "start: tree level of the split (default: by space size)"),
        .value("--threads", "K", "run/shard: worker threads per shard (default: all cores)"),
        .value("--max-shards", "S", "run: stop after S shards (default: until done)"),
        .value("--index", "I", "shard: which shard to run (1...K), e.g. $SLURM_ARRAY_TASK_ID"),
        .value("--out", "FILE", "merge: where to write the merged table"),
        .flag("--json", "status: machine-readable output"),
        .flag("--quiet", "no progress lines on stderr"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: """
        acss campaign start  --dir DIR --states N --steps T [--shards K]
               acss campaign run    --dir DIR [--threads K] [--max-shards S]
               acss campaign shard  --dir DIR --index I [--threads K]
               acss campaign status --dir DIR [--json]
               acss campaign merge  --dir DIR --out FILE
        """,
        summary: "Run an exhaustive enumeration as many independent shards that survive being killed and resume where they stopped.",
        options: options,
        details: """
        A finished shard is a partial table written atomically into DIR; nothing else is state.
        Kill a runner at any time (Ctrl-C, kill -9, a lost node): only the shard in progress is
        lost, and `run` picks up the remaining ones. `shard` runs exactly one shard: that is what
        each task of a cluster job array calls (scripts/slurm/). `merge` checks that every shard is
        there exactly once and that the weights add up to the whole space.

        Example (D(5) in 20 shards, then the same table as acss build):
          acss campaign start --dir D5.campaign --states 5 --steps 500 --shards 20
          acss campaign run --dir D5.campaign           # kill it and run it again at will
          acss campaign status --dir D5.campaign
          acss campaign merge --dir D5.campaign --out D5-T500.tsv
        """)

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        guard let action = args.positionals.first, args.positionals.count == 1 else {
            throw UsageError("expected one action: start, run, shard, status or merge")
        }
        let directory = try args.required("--dir")
        let threads = try args.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...1024)!
        let quiet = args.has("--quiet")
        switch action {
        case "start":
            let space = try MachineSpace(states: try args.requiredInt("--states"),
                                         symbols: try args.int("--symbols", default: 2)!)
            let steps = try args.requiredInt("--steps", in: 1...TreeEnumerator.maxStepCap)
            let parameters = Campaign.Parameters(
                space: space, stepCap: steps, shards: try args.int("--shards", default: 100, in: 1...1_000_000)!,
                splitLevel: try args.int("--split-level", in: 1...space.entryCount))
            let campaign = try Campaign.create(directory: directory, parameters: parameters)
            terminal.print("campaign \(directory): \(space) T=\(steps), \(parameters.shards) shards, split level \(campaign.parameters.splitLevel)")
            return 0
        case "run":
            let campaign = try Campaign.open(directory: directory)
            let limit = try args.int("--max-shards", default: Int.max, in: 1...Int.max)!
            var ran = false
            let final = try campaign.runRemaining(threads: threads, maxShards: limit, damaged: { d in
                terminal.error("acss campaign: damaged shard moved aside, will run again: \(d)")
            }, shardDone: { report in
                ran = true
                guard !quiet else { return }
                let status = report.status
                terminal.progress(String(format: "campaign %@: shard %d/%d done (%.1f CPU s); %d of %d done, ETA %@",
                                         directory, report.index, status.total, report.table.timing.cpuSeconds,
                                         status.done.count, status.total,
                                         formatDuration(report.wallSecondsPerShard * Double(status.remaining.count))))
            })
            if !quiet && ran { terminal.endProgress() }
            terminal.print("campaign \(directory): \(final.done.count) of \(final.total) shards done, \(String(format: "%.1f", final.cpuSeconds)) CPU s in total" + (final.remaining.isEmpty ? "; ready to merge" : ""))
            return 0
        case "shard":
            let campaign = try Campaign.open(directory: directory)
            let index = try args.requiredInt("--index", in: 1...campaign.parameters.shards)
            let table = try campaign.runShard(index, threads: threads)
            terminal.print("campaign \(directory): shard \(index)/\(campaign.parameters.shards) done in \(String(format: "%.1f", table.timing.cpuSeconds)) CPU s -> \(campaign.shardPath(index))")
            return 0
        case "status":
            let campaign = try Campaign.open(directory: directory)
            let s = campaign.status()
            let eta = s.estimatedRemainingCPUSeconds
            let p = campaign.parameters
            let summary: [(String, String)] = [
                ("space", p.space.description), ("steps", String(p.stepCap)), ("shards", String(p.shards)),
                ("split_level", String(p.splitLevel)), ("done", String(s.done.count)), ("remaining", String(s.remaining.count)),
                ("damaged", String(s.damaged.count)), ("machines_done", String(s.machinesDone)),
                ("machines_total", String(p.space.machineCount ?? 0)),
                ("cpu_seconds", String(format: "%.1f", s.cpuSeconds)),
                ("remaining_cpu_seconds_estimate", eta.map { String(format: "%.0f", $0) } ?? "?"),
                ("eta_on_\(threads)_threads", eta.map { formatDuration($0 / Double(threads)) } ?? "?"),
            ]
            printSummary(summary, json: args.has("--json"), terminal)
            for d in s.damaged { terminal.error("acss campaign: damaged shard moved aside, will run again: \(d)") }
            return 0
        case "merge":
            let out = try args.required("--out")
            try BuildCommand.checkWritable(out)
            let campaign = try Campaign.open(directory: directory)
            let merged = try campaign.merge { done, total in
                if !quiet { terminal.progress("campaign \(directory): merged \(done) of \(total) shards") }
            }
            if !quiet { terminal.endProgress() }
            try TableFile.write(merged, to: out)
            printSummary([
                ("space", merged.space.description), ("steps", String(merged.stepCap)), ("machines", String(merged.machines)),
                ("halting", String(merged.halting)), ("distinct", String(merged.distinct)), ("longest", String(merged.longest)),
                ("latest_halt", String(merged.latestHalt)), ("halting_at_cap", String(merged.haltingAtCap)),
                ("halting_after_half_cap", merged.haltingLateHalf.map { String($0) } ?? "?"),
                ("weight_check", "ok"), ("cpu_seconds", String(format: "%.1f", merged.timing.cpuSeconds)), ("out", out),
            ], json: args.has("--json"), terminal)
            return 0
        default:
            throw UsageError("unknown action '\(action)': expected start, run, shard, status or merge")
        }
    }
}
