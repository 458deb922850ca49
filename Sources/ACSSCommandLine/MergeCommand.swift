import Foundation
import FrequencyTables

/// `acss merge`: adds the partial tables of a sharded run into the table of the whole run.
enum MergeCommand {
    static let options: [Arguments.Option] = [
        .value("--out", "FILE", "where to write the merged table"),
        .flag("--json", "print the summary as JSON"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss merge SHARD_TABLE... --out FILE",
        summary: "Merge the partial tables of all shards of one run (acss build --shard I/K, or acss sample --shard I/K) into one table.",
        options: options,
        details: """
        Every input is fully validated as it is read. The merge refuses tables of different runs (space,
        step cap, shard count, split level), a shard given twice and a missing shard, and checks
        that the shards account for every machine of the space. The result is the table a single
        run writes (only cpu_seconds and wall_seconds differ: they are the shards' sums).

        Example:
          for i in 1 2 3 4; do acss build --states 4 --steps 107 --shard $i/4 --out D4.$i.tsv; done
          acss merge D4.1.tsv D4.2.tsv D4.3.tsv D4.4.tsv --out D4.tsv
        """)

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        let out = try args.required("--out")
        guard !args.positionals.isEmpty else { throw UsageError("no shard tables given") }
        try BuildCommand.checkWritable(out)
        let sampled = args.positionals.map(SampledTableFile.isSampledTable(path:))
        if sampled.contains(true) {
            guard !sampled.contains(false) else {
                throw UsageError("cannot merge sampled tables (acss sample) with exhaustive ones (acss build)")
            }
            var parts: [SampledTable] = []
            for path in args.positionals { parts.append(try SampledTableFile.read(path: path)) }
            let merged = try SampledTableFile.merge(parts)
            try SampledTableFile.write(merged, to: out)
            printSummary([
                ("space", merged.space.description), ("steps", String(merged.stepCap)), ("shards", String(parts.count)),
                ("samples", String(merged.samples)), ("patterns", String(merged.distinct)),
                ("cpu_seconds", String(format: "%.3f", merged.timing.cpuSeconds)), ("out", out),
            ], json: args.has("--json"), terminal)
            return 0
        }
        // One file at a time into the sum (each is validated as it is read).
        var merger = OutputTable.Merger()
        for path in args.positionals { try merger.add(path: path) }
        let merged = try merger.finish()
        try TableFile.write(merged, to: out)
        let summary: [(String, String)] = [
            ("space", merged.space.description), ("steps", String(merged.stepCap)),
            ("shards", String(args.positionals.count)), ("machines", String(merged.machines)),
            ("halting", String(merged.halting)), ("distinct", String(merged.distinct)),
            ("longest", String(merged.longest)), ("latest_halt", String(merged.latestHalt)),
            ("weight_check", "ok"), ("cpu_seconds", String(format: "%.3f", merged.timing.cpuSeconds)), ("out", out),
        ]
        printSummary(summary, json: args.has("--json"), terminal)
        return 0
    }
}

func printSummary(_ summary: [(String, String)], json: Bool, _ terminal: Terminal) {
    if json {
        terminal.print("{" + summary.map { "\"\($0.0)\": \(jsonValue($0.1))" }.joined(separator: ", ") + "}")
    } else {
        let width = summary.map(\.0.count).max() ?? 0
        for (k, v) in summary { terminal.print(k + String(repeating: " ", count: width - k.count) + "  " + v) }
    }
}
