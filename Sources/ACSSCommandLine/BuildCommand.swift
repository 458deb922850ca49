import Enumeration
import Foundation
import FrequencyTables
import JSONOutput
import TuringMachines

/// `acss build`: exhaustive enumeration of an (n,m) space into an output table file.
enum BuildCommand {
    static let options: [Arguments.Option] = [
        .value("--states", "N", "working states n (1...\(MachineSpace.maxStates); exhaustive runs are practical up to 5 for 2 symbols)"),
        .value("--steps", "T", "step cap: a machine halts if its halting instruction is step <= T"),
        .value("--symbols", "M", "symbols m (default 2)"),
        .value("--threads", "K", "worker threads (default: all cores); the table does not depend on it"),
        .value("--out", "FILE", "where to write the table (text format, docs/table-format.md)"),
        .value("--shard", "I/K", "run only shard I of K (a fixed part of the tree) and write a partial table for acss merge"),
        .value("--split-level", "L", "tree level at which the run is split into subtrees and shards (default: by space size)"),
        .flag("--no-detect", "switch off non-halting detection (same table, more work; for checking)"),
        .flag("--quiet", "no progress line on stderr"),
        .flag("--json", "print the summary as JSON"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss build --states N --steps T [--symbols M] [--threads K] --out FILE",
        summary: "Enumerate every (n,m) Turing machine exactly and write its output-frequency table.",
        options: options,
        details: """
        Examples:
          acss build --states 4 --steps 107 --out D4.tsv      # exact D(4), under a second
          acss build --states 5 --steps 500 --out D5.tsv      # ACSS's D(5), about 20 s on 2 cores
          acss build --states 5 --steps 500 --shard 3/8 --out D5.3.tsv   # one of 8 parts
          acss merge D5.*.tsv --out D5.tsv                    # the 8 parts add up to the full table
        """)

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let states = try args.requiredInt("--states")
        let steps = try args.requiredInt("--steps")
        let symbols = try args.int("--symbols", default: 2)!
        let threads = try args.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...1024)!
        let out = try args.required("--out")
        let space = try MachineSpace(states: states, symbols: symbols)
        var enumerator = try TreeEnumerator(space: space, stepCap: steps, threads: threads)
        enumerator.detectNonHalting = !args.has("--no-detect")
        if let text = args.string("--shard") { enumerator.shard = try Shard(parsing: text) }
        enumerator.splitLevel = try args.int("--split-level", default: enumerator.splitLevel, in: 1...space.entryCount)!
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        if enumerator.estimatedMemoryBytes > physical / 2 {
            throw UsageError(String(format: "--states %d --steps %d with %d threads needs about %.1f GB of tapes, more than half of this machine's %.1f GB; lower --steps or --threads",
                                    states, steps, threads, Double(enumerator.estimatedMemoryBytes) / 1e9, Double(physical) / 1e9))
        }
        try checkWritable(out)

        let quiet = args.has("--quiet")
        let startWall = ProcessUsage.wallClock()
        let (result, timing) = RunTiming.measure { enumerator.run(progressInterval: terminal.interactive ? 0.5 : 5) { p in
            if quiet { return }
            let elapsed = ProcessUsage.wallClock() - startWall
            let rate = Double(p.machinesDone) / max(elapsed, 1e-9)
            let eta = (Double(p.machinesTotal) - Double(p.machinesDone)) / max(rate, 1e-9)
            terminal.progress(String(format: "build %@ T=%d: %5.1f%% of %@ machines, %@ machines/s, subtrees %d/%d, ETA %@",
                                     space.description, steps, 100 * p.fraction, Double(p.machinesTotal).compact,
                                     rate.compact, p.subtreesDone, p.subtreesTotal, formatDuration(eta)))
        } }
        if !quiet { terminal.endProgress() }
        let cpu = timing.cpuSeconds, wall = timing.wallSeconds
        guard result.totalWeight == result.expectedWeight else {
            // The leaf weights must add up to the size of the space (or of the shard's part of
            // it); anything else is a bug.
            terminal.error("internal error: leaf weights add up to \(result.totalWeight), expected \(result.expectedWeight)")
            return 3
        }
        let table = OutputTable(result, timing: timing)
        try TableFile.write(table, to: out)
        let s = result.statistics
        let summary: [(String, String)] = [
            ("space", space.description), ("steps", String(steps)),
            ("shard", enumerator.shard.map { "\($0)" } ?? "all"), ("machines", String(table.machines)),
            ("halting", String(table.halting)), ("non_halting", String(table.nonHalting)),
            ("distinct", String(table.distinct)), ("longest", String(table.longest)),
            ("latest_halt", String(table.latestHalt)), ("halting_at_cap", String(table.haltingAtCap)),
            ("halting_after_half_cap", table.haltingLateHalf.map { String($0) } ?? "?"),
            ("weight_check", "ok"),
            ("cpu_seconds", String(format: "%.3f", cpu)), ("wall_seconds", String(format: "%.3f", wall)),
            ("threads", String(threads)), ("peak_memory_mb", String(format: "%.1f", Double(ProcessUsage.peakMemoryBytes()) / 1e6)),
            ("subtrees", String(s.subtrees)), ("branch_nodes", String(s.branchNodes)),
            ("simulated_steps", String(s.simulatedSteps)), ("capped_leaves", String(s.cappedLeaves)),
            ("cycler_leaves", String(s.cyclerLeaves)),
            ("translated_cycler_leaves", String(s.translatedCyclerLeaves)),
            ("fully_defined_leaves", String(s.fullyDefinedLeaves)),
            ("nodes_per_second", String(format: "%.0f", Double(s.branchNodes) / max(cpu, 1e-9))),
            ("steps_per_second", String(format: "%.0f", Double(s.simulatedSteps) / max(cpu, 1e-9))),
            ("out", out),
        ]
        if args.has("--json") {
            terminal.print("{" + summary.map { "\"\($0.0)\": \(jsonValue($0.1))" }.joined(separator: ", ") + "}")
        } else {
            let width = summary.map(\.0.count).max()!
            for (k, v) in summary { terminal.print(k + String(repeating: " ", count: width - k.count) + "  " + v) }
        }
        return 0
    }

    /// Fails early, before a long run, when the output path cannot be written.
    static func checkWritable(_ path: String) throws(UsageError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw UsageError("cannot write '\(path)': directory '\(directory)' does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw UsageError("cannot write '\(path)': it is a directory")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw UsageError("cannot write '\(path)': directory '\(directory)' is not writable")
        }
    }
}

/// A number stays a JSON number; anything else becomes a string.
func jsonValue(_ s: String) -> String {
    if Double(s) != nil, !s.isEmpty, s.first != "+" { return s }
    return jsonString(s)
}

func jsonString(_ s: String) -> String { JSON.quote(s) }
