import Foundation
import FrequencyTables

/// `acss merge`: adds the partial tables of a sharded run into the table of the whole run.
struct MergeCommand: Command {
    static let name = "merge"
    static let abstract = "add the partial tables of a sharded run (acss build --shard) into one table"
    static let out = Option("--out", "FILE", "where to write the merged table")
    static let json = Flag("--json", "print the summary as JSON")
    static let options: [any OptionDeclaration] = [out, json]

    static let usage = "acss merge SHARD_TABLE... --out FILE"
    static let summary = "Merge the partial tables of all shards of one run (acss build --shard I/K, or acss sample --shard I/K) into one table."
    static let details = """
        Every input is fully validated as it is read. The merge refuses tables of different runs (space,
        step cap, shard count, split level), a shard given twice and a missing shard, and checks
        that the shards account for every machine of the space. The result is the table a single
        run writes (only cpu_seconds and wall_seconds differ: they are the shards' sums).

        Example:
          for i in 1 2 3 4; do acss build --states 4 --steps 107 --shard $i/4 --out D4.$i.tsv; done
          acss merge D4.1.tsv D4.2.tsv D4.3.tsv D4.4.tsv --out D4.tsv
        """

    let paths: [String]
    let out: String
    let json: Bool

    init(_ args: ParsedArguments) throws {
        out = try args.required(Self.out)
        guard !args.positionals.isEmpty else { throw UsageError("no shard tables given") }
        paths = args.positionals
        try checkWritable(out)
        // Writing over an input would lose a shard if anything went wrong after the write.
        let target = Self.canonical(out)
        if let input = args.positionals.first(where: { Self.canonical($0) == target }) {
            throw UsageError("--out \(out) is one of the tables to merge (\(input)); write the merged table to another file")
        }
        json = args.has(Self.json)
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let sampled = paths.map(SampledTableFile.isSampledTable(path:))
        if sampled.contains(true) {
            guard !sampled.contains(false) else {
                throw UsageError("cannot merge sampled tables (acss sample) with exhaustive ones (acss build)")
            }
            var parts: [SampledTable] = []
            for path in paths { parts.append(try SampledTableFile.read(path: path)) }
            let merged = try SampledTableFile.merge(parts)
            try SampledTableFile.write(merged, to: out)
            Summary([
                ("space", .text(merged.space.description)), ("steps", .integer(merged.stepCap)), ("shards", .integer(parts.count)),
                ("samples", .integer(merged.samples)), ("patterns", .integer(merged.distinct)),
                ("cpu_seconds", .fixed(merged.timing.cpuSeconds, 3)), ("out", .text(out)),
            ]).print(json: json, terminal)
            return 0
        }
        // One file at a time into the sum (each is validated as it is read).
        var merger = OutputTable.Merger()
        for path in paths { try merger.add(path: path) }
        let merged = try merger.finish()
        try TableFile.write(merged, to: out)
        Summary([
            ("space", .text(merged.space.description)), ("steps", .integer(merged.stepCap)),
            ("shards", .integer(paths.count)), ("machines", .integer(merged.machines)),
            ("halting", .integer(merged.halting)), ("distinct", .integer(merged.distinct)),
            ("longest", .integer(merged.longest)), ("latest_halt", .integer(merged.latestHalt)),
            ("weight_check", .text("ok")), ("cpu_seconds", .fixed(merged.timing.cpuSeconds, 3)), ("out", .text(out)),
        ]).print(json: json, terminal)
        return 0
    }
}
