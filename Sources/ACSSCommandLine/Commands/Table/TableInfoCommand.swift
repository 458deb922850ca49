import Foundation
import FrequencyTables
import JSONOutput

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
        show(figures, title: "most probable strings (D with the symbol-swap completion, K = -log2 D):",
             columns: ["string", "K", "D"], top: ranked.map { s, _ in
                 let k = ctm.complexity(of: s)!, d = ctm.probability(of: s)!
                 return [(.string(OutputTable.render(s)), OutputTable.render(s)), (.double(k), String(format: "%.6f", k)),
                         (.double(d), String(format: "%.6e", d))]
             }, terminal)
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
        show(figures, title: "most probable patterns (D of each string of the pattern, K = -log2 D, SE of K):",
             columns: ["pattern", "K", "SE", "D"], top: ranked.map { p, e in
                 [(.string(OutputTable.render(p)), OutputTable.render(p)), (.double(e.K), String(format: "%.6f", e.K)),
                  (.double(e.standardError), String(format: "%.6f", e.standardError)), (.double(e.D), String(format: "%.6e", e.D))]
             }, terminal)
    }

    /// The figures, then the most probable entries: one JSON object (the entries under "top",
    /// last), or aligned lines and a tab-separated list.
    func show(_ figures: Summary, title: String, columns: [String], top: [[(json: JSON, text: String)]],
              _ terminal: Terminal) {
        if json {
            let entries = top.map { JSON.object(Array(zip(columns, $0.map(\.json)))) }
            terminal.print(figures.json.appending("top", .array(entries)).compact)
            return
        }
        terminal.write(figures.text)
        terminal.print("")
        terminal.print(title)
        terminal.print(columns.joined(separator: "\t"))
        for row in top { terminal.print(row.map(\.text).joined(separator: "\t")) }
    }
}
