import FrequencyTables
import Foundation
import JSONOutput

/// `acss table info|compare|trim`: inspect, compare and trim output tables.
enum TableCommand: CommandGroup {
    static let name = "table"
    static let abstract = "inspect, compare and trim output tables (acss table info|compare|trim)"
    static let summary = "Show the figures of an output table (exhaustive or sampled) and its most probable strings with K and D; compare a sampled table with the published ACSS values, or two exhaustive tables with each other; trim a table for shipping."
    static let details = "Every file is fully validated (checksum, counts, order) before anything is shown."
    static var actions: [any Command.Type] { [TableInfoCommand.self, TableCompareCommand.self, TableTrimCommand.self] }
    static let missingAction: String? = nil

    static func unknownAction(_ name: String) -> String {
        "unknown table subcommand '\(name)': expected 'info', 'compare' or 'trim'"
    }

    /// Options more than one action takes.
    static let minHits = Option("--min-hits", "H", "sampled tables: ignore patterns seen fewer than H times in the samples (ACSS used 5 or 10; default 0)")
    static let json = Flag("--json", "machine-readable output")

    /// The one FILE an action reads.
    static func file(_ args: ParsedArguments, action: String) throws(UsageError) -> String {
        guard args.positionals.count == 1 else { throw UsageError("table \(action) takes exactly one FILE") }
        return args.positionals[0]
    }
}

/// `acss table info FILE`: the header figures of a table and its most probable strings.
struct TableInfoCommand: Command {
    static let name = "info"
    static let abstract = "the figures of a table and its most probable strings, with K and D"
    static let top = Option("--top", "K", "how many of the most probable strings to list (default 10)")
    static let options: [any OptionDeclaration] = [top, TableCommand.minHits, TableCommand.json]
    static let usage = "acss table info FILE [--top K] [--min-hits H] [--json]"
    static let summary = "Show the figures of an output table (exhaustive or sampled) and its most probable strings with K and D."
    static let details = "The file is fully validated (checksum, counts, order) before anything is shown."

    let path: String
    let top: Int
    let minHits: UInt64
    let json: Bool

    init(_ args: ParsedArguments) throws {
        path = try TableCommand.file(args, action: Self.name)
        top = try args.int(Self.top, default: 10, in: 0...1_000_000)
        minHits = UInt64(try args.int(TableCommand.minHits, default: 0, in: 0...Int.max))
        json = args.has(TableCommand.json)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if SampledTableFile.isSampledTable(path: path) {
            info(try SampledTableFile.read(path: path), terminal)
        } else {
            info(try TableFile.read(path: path), terminal)
        }
        return 0
    }

    func info(_ table: OutputTable, _ terminal: Terminal) {
        let ctm = CodingTheorem(table: table)
        // Ranked by the completed count, under which a string and its symbol swaps are equally
        // likely; ties in the table's string order.
        let ranked = table.strings.map { ($0, ctm.completedCount(of: $0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : OutputTable.precedes($0.0, $1.0) }
            .prefix(top)
        var figures = Summary([
            ("space", .text(table.space.description)), ("steps", .integer(table.stepCap)),
            ("machines", .integer(table.machines)), ("halting", .integer(table.halting)),
            ("non_halting", .integer(table.nonHalting)), ("distinct", .integer(table.distinct)),
            ("longest", .integer(table.longest)), ("complete_up_to_length", .integer(table.completeUpToLength)),
            ("latest_halt", .integer(table.latestHalt)), ("halting_at_cap", .integer(table.haltingAtCap)),
            ("cpu_seconds", .fixed(table.timing.cpuSeconds, 3)),
        ])
        if let listing = table.listing {
            figures.entries += [("listed_max_length", .integer(listing.maxLength)), ("listed_distinct", .integer(table.listedCount))]
        }
        if json {
            let top = ranked.map { s, _ in
                JSON.object([("string", .string(OutputTable.render(s))), ("K", .double(ctm.complexity(of: s)!)),
                             ("D", .double(ctm.probability(of: s)!))])
            }
            terminal.print(figures.json.appending("top", .array(top)).compact)
        } else {
            terminal.write(figures.text)
            terminal.print("")
            terminal.print("most probable strings (D with the symbol-swap completion, K = -log2 D):")
            terminal.print("string\tK\tD")
            for (s, _) in ranked {
                terminal.print("\(OutputTable.render(s))\t\(String(format: "%.6f", ctm.complexity(of: s)!))\t\(String(format: "%.6e", ctm.probability(of: s)!))")
            }
        }
    }

    func info(_ table: SampledTable, _ terminal: Terminal) {
        let ranked = zip(table.patterns, table.entries)
            .compactMap { p, _ in table.estimate(pattern: p, minHits: minHits).map { (p, $0) } }
            .sorted { $0.1.D != $1.1.D ? $0.1.D > $1.1.D : OutputTable.precedes($0.0, $1.0) }
            .prefix(top)
        let figures = Summary([
            ("kind", .text("sampled")), ("space", .text(table.space.description)), ("steps", .integer(table.stepCap)),
            ("depth", .integer(table.depth)), ("seed", .integer(table.seed)), ("samples", .integer(table.samples)),
            ("strata", .integer(table.strata)),
            ("halting_fraction", .fixed(Double(table.halting) / Double(table.unitsTotal), 6)),
            ("patterns", .integer(table.distinct)), ("longest", .integer(table.longest)),
            ("complete_up_to_length", .integer(table.completeUpToLength(minHits: minHits))),
            ("latest_halt", .integer(table.latestHalt)), ("cpu_seconds", .fixed(table.timing.cpuSeconds, 3)),
        ])
        if json {
            let list = ranked.map { p, e in
                JSON.object([("pattern", .string(OutputTable.render(p))), ("K", .double(e.K)), ("SE", .double(e.standardError)),
                             ("D", .double(e.D))])
            }
            terminal.print(figures.json.appending("top", .array(list)).compact)
        } else {
            terminal.write(figures.text)
            terminal.print("")
            terminal.print("most probable patterns (D of each string of the pattern, K = -log2 D, SE of K):")
            terminal.print("pattern\tK\tSE\tD")
            for (p, e) in ranked {
                terminal.print("\(OutputTable.render(p))\t\(String(format: "%.6f", e.K))\t\(String(format: "%.6f", e.standardError))\t\(String(format: "%.6e", e.D))")
            }
        }
    }
}
