import Enumeration
import Foundation
import FrequencyTables
import TuringMachines

/// `acss build`: exhaustive enumeration of an (n,m) space, or of the 2-D (n,2) space, into an
/// output table file.
struct BuildCommand: Command {
    static let name = "build"
    static let abstract = "enumerate an (n,m) machine space (1-D or 2-D) exactly into an output table"
    static let states = Option("--states", "N", "working states n (1...\(MachineSpace.maxStates); exhaustive runs are practical up to 5 for 2 symbols)")
    static let steps = Option("--steps", "T", "step cap: a machine halts if its halting instruction is step <= T")
    static let symbols = Option("--symbols", "M", "symbols m (default 2)")
    static let threads = Option("--threads", "K", "worker threads (default: all cores); the table does not depend on it")
    static let out = Option("--out", "FILE", "where to write the table (text format, docs/table-format.md)")
    static let shard = Option("--shard", "I/K", "run only shard I of K (a fixed part of the tree) and write a partial table for acss merge")
    static let splitLevel = Option("--split-level", "L", "tree level at which the run is split into subtrees and shards (default: by space size)")
    static let dimensions = Option("--dimensions", "D", "1 (tape machines, default) or 2 (2-D machines on a grid, symbols 0 and 1; docs/two-dimensional.md)")
    static let keepArea = Option("--keep-area", "A", "2-D: count outputs of area up to A cells individually, larger ones in total (1...64, default 64)")
    static let depthOut = Option("--depth-out", "FILE", "also write the logical-depth table: each output's fastest halting step (docs/aid.md)")
    static let noDetect = Flag("--no-detect", "switch off non-halting detection (same table, more work; for checking)")
    static let quiet = Flag("--quiet", "no progress line on stderr")
    static let json = Flag("--json", "print the summary as JSON")
    static let options: [any OptionDeclaration] = [states, steps, symbols, dimensions, keepArea, threads, out, depthOut, shard, splitLevel, noDetect, quiet, json]
    static let takesArguments = false

    static let usage = "acss build --states N --steps T [--symbols M | --dimensions 2] [--threads K] --out FILE"
    static let summary = "Enumerate every (n,m) Turing machine exactly and write its output-frequency table."
    static let details = """
        Examples:
          acss build --states 4 --steps 107 --out D4.tsv      # exact D(4), under a second
          acss build --states 5 --steps 500 --out D5.tsv      # ACSS's D(5), about 20 s on 2 cores
          acss build --states 5 --steps 500 --shard 3/8 --out D5.3.tsv   # one of 8 parts
          acss merge D5.*.tsv --out D5.tsv                    # the 8 parts add up to the full table
          acss build --dimensions 2 --states 4 --steps 2000 --out G4.tsv   # exact 2-D (4,2) table
          acss build --states 5 --steps 500 --out D5.tsv --depth-out D5-depth.tsv   # with logical depths
        """

    let enumerator: TreeEnumerator?
    let grid: GridTreeEnumerator?
    let threads: Int
    let out: String
    let depthOut: String?
    let quiet: Bool
    let json: Bool

    init(_ args: ParsedArguments) throws {
        let states = try args.requiredInt(Self.states)
        let steps = try args.requiredInt(Self.steps)
        let symbols = try args.int(Self.symbols, default: 2)
        let threads = try args.int(Self.threads, default: ProcessInfo.processInfo.activeProcessorCount, in: 1...1024)
        self.threads = threads
        out = try args.required(Self.out)
        depthOut = args.value(Self.depthOut)
        quiet = args.has(Self.quiet)
        json = args.has(Self.json)
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        func checkMemory(_ bytes: Int) throws {
            if bytes > physical / 2 {
                throw UsageError(String(format: "--states %d --steps %d with %d threads needs about %.1f GB of tapes, more than half of this machine's %.1f GB; lower --steps or --threads",
                                        states, steps, threads, Double(bytes) / 1e9, Double(physical) / 1e9))
            }
        }
        switch try args.int(Self.dimensions, default: 1, in: 1...2) {
        case 2:
            if depthOut != nil { throw UsageError("--depth-out is for 1-D builds: the 2-D tables record no logical depths") }
            guard symbols == 2 else { throw UsageError("--dimensions 2: the 2-D machines have symbols 0 and 1, so --symbols must be 2 (got \(symbols))") }
            var g = try GridTreeEnumerator(states: states, stepCap: steps, threads: threads,
                                              keepArea: try args.int(Self.keepArea, default: PackedGrid.maxArea, in: 1...PackedGrid.maxArea))
            g.detectNonHalting = !args.has(Self.noDetect)
            if let text = args.value(Self.shard) { g.shard = try Shard(parsing: text) }
            g.splitLevel = try args.int(Self.splitLevel, default: g.splitLevel, in: 1...(2 * states))
            try checkMemory(g.estimatedMemoryBytes)
            try checkWritable(out)
            self.grid = g
            enumerator = nil
            return
        default:
            if args.value(Self.keepArea) != nil { throw UsageError("--keep-area is for 2-D builds (--dimensions 2)") }
            grid = nil
        }
        let space = try MachineSpace(states: states, symbols: symbols)
        var e = try TreeEnumerator(space: space, stepCap: steps, threads: threads)
        e.detectNonHalting = !args.has(Self.noDetect)
        if let text = args.value(Self.shard) { e.shard = try Shard(parsing: text) }
        e.splitLevel = try args.int(Self.splitLevel, default: e.splitLevel, in: 1...space.entryCount)
        try checkMemory(e.estimatedMemoryBytes)
        try checkWritable(out)
        if let depthOut {
            guard depthOut != out else { throw UsageError("--depth-out must name another file than --out (\(out))") }
            try checkWritable(depthOut)
        }
        enumerator = e
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if let grid { return try runGrid(grid, terminal) }
        let enumerator = self.enumerator!
        let space = enumerator.space, steps = enumerator.stepCap, quiet = self.quiet
        let startWall = ProcessUsage.wallClock()
        let (result, timing) = RunTiming.measure { enumerator.run(progressInterval: terminal.interactive ? 0.5 : 5) { p in
            if quiet { return }
            terminal.progress(Self.progressLine(space.description, steps: steps, fraction: p.fraction,
                                                machinesDone: Double(p.machinesDone), machinesTotal: Double(p.machinesTotal),
                                                subtreesDone: p.subtreesDone, subtreesTotal: p.subtreesTotal,
                                                elapsed: ProcessUsage.wallClock() - startWall))
        } }
        if !quiet { terminal.endProgress() }
        guard result.totalWeight == result.expectedWeight else {
            // The leaf weights must add up to the size of the space (or of the shard's part of
            // it); anything else is a bug.
            terminal.error("internal error: leaf weights add up to \(result.totalWeight), expected \(result.expectedWeight)")
            return 3
        }
        let table = OutputTable(result, timing: timing)
        try TableFile.write(table, to: out)
        var depthEntries: [(String, Summary.Value)] = []
        if let depthOut {
            let depths = DepthTable(result, timing: timing)
            try DepthTableFile.write(depths, to: depthOut)
            depthEntries = [("deepest", .integer(depths.deepest)), ("depth_out", .text(depthOut))]
        }
        let s = result.statistics
        Summary([
            ("space", .text(space.description)), ("steps", .integer(steps)),
            ("shard", .text(enumerator.shard.map { "\($0)" } ?? "all")), ("machines", .integer(table.machines)),
            ("halting", .integer(table.halting)), ("non_halting", .integer(table.nonHalting)),
            ("distinct", .integer(table.distinct)), ("longest", .integer(table.longest)),
            ("latest_halt", .integer(table.latestHalt)), ("halting_at_cap", .integer(table.haltingAtCap)),
            ("halting_after_half_cap", .integer(table.haltingLateHalf)),
            ("weight_check", .text("ok")),
        ] + depthEntries + workEntries(timing, s)).print(json: json, terminal)
        return 0
    }

    /// The summary's last lines, the same for 1-D and 2-D builds: time, memory, the work done.
    private func workEntries(_ timing: RunTiming, _ s: EnumerationStatistics) -> [(String, Summary.Value)] {
        let cpu = timing.cpuSeconds
        return [
            ("cpu_seconds", .fixed(cpu, 3)), ("wall_seconds", .fixed(timing.wallSeconds, 3)),
            ("threads", .integer(threads)), ("peak_memory_mb", .fixed(Double(ProcessUsage.peakMemoryBytes()) / 1e6, 1)),
            ("subtrees", .integer(s.subtrees)), ("branch_nodes", .integer(s.branchNodes)),
            ("simulated_steps", .integer(s.simulatedSteps)), ("capped_leaves", .integer(s.cappedLeaves)),
            ("cycler_leaves", .integer(s.cyclerLeaves)),
            ("translated_cycler_leaves", .integer(s.translatedCyclerLeaves)),
            ("fully_defined_leaves", .integer(s.fullyDefinedLeaves)),
            ("nodes_per_second", .fixed(Double(s.branchNodes) / max(cpu, 1e-9), 0)),
            ("steps_per_second", .fixed(Double(s.simulatedSteps) / max(cpu, 1e-9), 0)),
            ("out", .text(out)),
        ]
    }

    /// Progress line of a running build.
    static func progressLine(_ what: String, steps: Int, fraction: Double, machinesDone: Double, machinesTotal: Double,
                             subtreesDone: Int, subtreesTotal: Int, elapsed: Double) -> String {
        let rate = machinesDone / max(elapsed, 1e-9)
        let eta = (machinesTotal - machinesDone) / max(rate, 1e-9)
        return String(format: "build %@ T=%d: %5.1f%% of %@ machines, %@ machines/s, subtrees %d/%d, ETA %@",
                      what, steps, 100 * fraction, machinesTotal.compact, rate.compact, subtreesDone, subtreesTotal,
                      formatDuration(eta))
    }

    private func runGrid(_ grid: GridTreeEnumerator, _ terminal: Terminal) throws -> Int32 {
        let quiet = self.quiet, what = "2-D (\(grid.states),2)"
        let startWall = ProcessUsage.wallClock()
        let (result, timing) = RunTiming.measure { grid.run(progressInterval: terminal.interactive ? 0.5 : 5) { p in
            if quiet { return }
            terminal.progress(Self.progressLine(what, steps: grid.stepCap, fraction: p.fraction, machinesDone: Double(p.machinesDone),
                                                machinesTotal: Double(p.machinesTotal), subtreesDone: p.subtreesDone,
                                                subtreesTotal: p.subtreesTotal, elapsed: ProcessUsage.wallClock() - startWall))
        } }
        if !quiet { terminal.endProgress() }
        guard result.totalWeight == result.expectedWeight else {
            terminal.error("internal error: leaf weights add up to \(result.totalWeight), expected \(result.expectedWeight)")
            return 3
        }
        let table = try GridOutputTable(result, timing: timing)
        try GridTableFile.write(table, to: out)
        let f = table.figures, s = result.statistics
        Summary([
            ("space", .text(what)), ("steps", .integer(grid.stepCap)),
            ("shard", .text(grid.shard.map { "\($0)" } ?? "all")), ("machines", .integer(f.machines)),
            ("halting", .integer(f.halting)), ("non_halting", .integer(f.nonHalting)),
            ("distinct", .integer(f.distinct)), ("symmetry_classes", .integer(table.classes.count)),
            ("keep_area", .integer(f.keepArea)), ("large_outputs", .integer(f.largeOutputs)),
            ("latest_halt", .integer(f.latestHalt)), ("halting_at_cap", .integer(f.haltingAtCap)),
            ("halting_after_half_cap", .integer(f.haltingLateHalf)),
            ("weight_check", .text("ok")), ("symmetry_check", .text("ok")),
        ] + workEntries(timing, s)).print(json: json, terminal)
        return 0
    }
}
