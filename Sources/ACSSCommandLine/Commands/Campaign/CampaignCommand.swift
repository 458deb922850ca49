import Campaigns
import Enumeration
import Foundation
import FrequencyTables
import TuringMachines

/// `acss campaign start|run|shard|status|merge`: resumable sharded enumerations in a folder
/// (see `Campaign`).
enum CampaignCommand: CommandGroup {
    static let name = "campaign"
    static let abstract = "resumable sharded enumerations and sampling runs: start, run, shard, status, merge"
    static let summary = "Run an exhaustive enumeration, or a sampling run, as many independent shards that survive being killed and resume where they stopped."
    static let details = """
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

        With --samples, start creates a sampling campaign: the strata of one acss sample run
        (same options) split into shards; the merge is the table that run writes.
          acss campaign start --dir K4.campaign --states 4 --symbols 4 --steps 2000 \\
            --samples 1e9 --estimator recommended --shards 8
        """
    static var actions: [any Command.Type] {
        [CampaignStartCommand.self, CampaignRunCommand.self, CampaignShardCommand.self, CampaignStatusCommand.self,
         CampaignMergeCommand.self]
    }
    static let missingAction: String? = "expected one action: start, run, shard, status or merge"

    static func unknownAction(_ name: String) -> String {
        "unknown action '\(name)': expected start, run, shard, status or merge"
    }

    /// Options more than one action takes.
    static let dir = Option("--dir", "DIR", "the campaign folder (parameters, finished shard tables, lock)")
    static let threads = Option("--threads", "K", "worker threads per shard (default: all cores)")
    static let quiet = Flag("--quiet", "no progress lines on stderr")

    static func threads(_ args: ParsedArguments, _ option: Option = threads) throws(UsageError) -> Int {
        try args.int(option, default: ProcessInfo.processInfo.activeProcessorCount, in: 1...1024)
    }
}

/// `acss campaign start`: writes the parameters of a new campaign into its folder.
struct CampaignStartCommand: Command {
    static let name = "start"
    static let abstract = "create the campaign folder with the parameters of the run"
    static let states = Option("--states", "N", "working states")
    static let steps = Option("--steps", "T", "step cap")
    static let symbols = Option("--symbols", "M", "symbols (default 2)")
    static let shards = Option("--shards", "K", "number of shards (default 100)")
    static let splitLevel = Option("--split-level", "L", "tree level of the split (default: by space size)")
    static let dimensions = BuildCommand.dimensions
    static let depthTables = Flag("--depth-tables", "1-D enumerations: each shard also records its outputs' fastest halting steps (merge with --depth-out; docs/aid.md)")
    static let samples = SampleCommand.samples.described("sample instead of enumerating: total samples of the acss sample run to shard")
    static let options: [any OptionDeclaration] = [
        CampaignCommand.dir, states, steps, symbols, dimensions, shards, splitLevel, depthTables, samples, SampleCommand.seed, SampleCommand.depth,
        SampleCommand.estimator, SampleCommand.keepLength, SampleCommand.noDetect, CampaignCommand.quiet,
    ]
    static let takesArguments = false
    static let usage = "acss campaign start --dir DIR --states N --steps T [--symbols M | --dimensions 2] [--shards K] [--split-level L [--depth-tables] | --samples N [--seed S] [--depth D] [--estimator E] [--keep-length L]]"
    static let summary = "Start a campaign: write the parameters of an exhaustive enumeration, or of a sampling run, split into shards into DIR (again with the same parameters is harmless; other parameters are refused)."
    static let details = CampaignCommand.details

    let directory: String
    let parameters: Campaign.Parameters

    init(_ args: ParsedArguments) throws {
        directory = try args.required(CampaignCommand.dir)
        let space = try MachineSpace(states: try args.requiredInt(Self.states), symbols: try args.int(Self.symbols, default: 2))
        let steps = try args.requiredInt(Self.steps, in: 1...TreeEnumerator.maxStepCap)
        var sampling: Campaign.Sampling? = nil
        let dimensions = try args.int(Self.dimensions, default: 1, in: 1...2)
        if dimensions == 2 {
            if args.value(Self.samples) != nil { throw UsageError("--dimensions 2 campaigns enumerate exactly; --samples is for 1-D spaces") }
            guard space.symbols == 2 else { throw UsageError("--dimensions 2: the 2-D machines have symbols 0 and 1, so --symbols must be 2 (got \(space.symbols))") }
        }
        if args.value(Self.samples) != nil {
            if args.value(Self.splitLevel) != nil { throw UsageError("--split-level applies to enumerations, not to a sampling campaign (--samples)") }
            let sampler = try SampleCommand.sampler(args, space: space, steps: steps, threads: 1)
            sampling = Campaign.Sampling(samples: sampler.samples, seed: sampler.seed, depth: sampler.depth,
                                         estimator: sampler.estimator, keepLength: sampler.keepLength)
        } else {
            for option in [SampleCommand.seed, SampleCommand.depth, SampleCommand.estimator, SampleCommand.keepLength] where args.value(option) != nil {
                throw UsageError("\(option.name) applies to a sampling campaign: give --samples too")
            }
        }
        parameters = Campaign.Parameters(
            space: space, stepCap: steps, shards: try args.int(Self.shards, default: 100, in: 1...1_000_000),
            splitLevel: sampling == nil ? try args.int(Self.splitLevel, in: 1...space.entryCount) : nil,
            detectNonHalting: !args.has(SampleCommand.noDetect), sampling: sampling, dimensions: dimensions,
            depth: args.has(Self.depthTables))
        if parameters.depth && (sampling != nil || dimensions == 2) {
            throw UsageError("--depth-tables applies to 1-D enumerations: a sample sees only some machines, and 2-D tables record no depths")
        }
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let campaign = try Campaign.create(directory: directory, parameters: parameters)
        terminal.print("campaign \(directory): \(Campaign.describe(campaign.parameters))")
        return 0
    }
}
