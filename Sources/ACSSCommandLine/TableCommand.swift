import Foundation
import FrequencyTables
import TuringMachines

/// `acss table info FILE`: the header figures of a table and its most probable strings.
enum TableCommand {
    static let options: [Arguments.Option] = [
        .value("--top", "K", "how many of the most probable strings to list (default 10)"),
        .value("--min-hits", "H", "sampled tables: ignore patterns seen fewer than H times in the samples (ACSS used 5 or 10; default 0)"),
        .value("--max-length", "L", "trim: keep patterns of length <= L"),
        .value("--all-up-to-length", "L", "trim: keep every pattern of length <= L seen at least once"),
        .value("--out", "FILE", "trim: where to write the trimmed table"),
        .flag("--json", "machine-readable output"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss table info FILE [--top K] [--min-hits H] [--json]\n       acss table compare FILE [--min-hits H] [--json]\n       acss table trim FILE --min-hits H [--max-length L] --out FILE",
        summary: "Show the figures of an output table (exhaustive or sampled) and its most probable strings with K and D; compare a sampled table with the published ACSS values.",
        options: options,
        details: """
        The file is fully validated (checksum, counts, order) before anything is shown.
        `compare` lists the reference patterns of SPEC.md §4 (the published K.4, K.5, K.6, K.9
        of ACSS) with this table's K, its standard error and z = (ours - published) / SE.
        `trim` writes a sampled table listing only the patterns seen at least H times (or counted
        exactly) and at most L long, with the totals of the whole run (for merged shards).
        """)

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") || args.positionals.isEmpty && arguments.isEmpty { terminal.write(help); return args.has("--help") ? 0 : 2 }
        guard let action = args.positionals.first, ["info", "compare", "trim"].contains(action) else {
            throw UsageError("unknown table subcommand '\(args.positionals.first ?? "")': expected 'info', 'compare' or 'trim'")
        }
        guard args.positionals.count == 2 else { throw UsageError("table \(action) takes exactly one FILE") }
        let top = try args.int("--top", default: 10, in: 0...1_000_000)!
        let minHits = UInt64(try args.int("--min-hits", default: 0, in: 0...Int.max)!)
        let path = args.positionals[1]
        if SampledTableFile.isSampledTable(path: path) {
            let table = try SampledTableFile.read(path: path)
            if action == "compare" { return compare(table, minHits: minHits, json: args.has("--json"), terminal) }
            if action == "trim" {
                let out = try args.required("--out")
                try BuildCommand.checkWritable(out)
                let trimmed = table.trimmed(minHits: minHits, maxLength: try args.int("--max-length", in: 1...Int.max),
                                            allUpToLength: try args.int("--all-up-to-length", default: 0, in: 0...Int.max)!)
                try SampledTableFile.write(trimmed, to: out)
                terminal.print("\(out): \(trimmed.distinct) of \(table.distinct) patterns listed")
                return 0
            }
            return info(table, top: top, minHits: minHits, json: args.has("--json"), terminal)
        }
        guard action == "info" else { throw UsageError("table \(action) needs a sampled table (acss sample); \(path) is an exhaustive one") }
        let table = try TableFile.read(path: path)
        let ctm = CodingTheorem(table: table)
        // The completion makes a string and its symbol swaps equally likely; list each once,
        // by its lowest form... simply rank all strings by completed count.
        let ranked = table.strings.map { ($0, ctm.completedCount(of: $0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : OutputTable.precedes($0.0, $1.0) }
            .prefix(top)
        let figures: [(String, String)] = [
            ("space", table.space.description), ("steps", String(table.stepCap)),
            ("machines", String(table.machines)), ("halting", String(table.halting)),
            ("non_halting", String(table.nonHalting)), ("distinct", String(table.distinct)),
            ("longest", String(table.longest)), ("complete_up_to_length", String(table.completeUpToLength)),
            ("latest_halt", String(table.latestHalt)), ("halting_at_cap", String(table.haltingAtCap)),
            ("cpu_seconds", String(format: "%.3f", table.cpuSeconds)),
        ]
        if args.has("--json") {
            let top = ranked.map { s, _ in
                "{\"string\": \"\(OutputTable.render(s))\", \"K\": \(ctm.complexity(of: s)!), \"D\": \(ctm.probability(of: s)!)}"
            }
            terminal.print("{" + figures.map { "\"\($0.0)\": \(jsonValue($0.1))" }.joined(separator: ", ")
                           + ", \"top\": [" + top.joined(separator: ", ") + "]}")
        } else {
            let width = figures.map(\.0.count).max()!
            for (k, v) in figures { terminal.print(k + String(repeating: " ", count: width - k.count) + "  " + v) }
            terminal.print("")
            terminal.print("most probable strings (D with the symbol-swap completion, K = -log2 D):")
            terminal.print("string\tK\tD")
            for (s, _) in ranked {
                terminal.print("\(OutputTable.render(s))\t\(String(format: "%.6f", ctm.complexity(of: s)!))\t\(String(format: "%.6e", ctm.probability(of: s)!))")
            }
        }
        return 0
    }

    /// Published K of ACSS for the (4,m) tables (SPEC.md §4), by alphabet: reference values to
    /// compare with, not data for scoring.
    static let published: [Int: [(String, Double)]] = [
        4: [("0", 3.547388), ("01", 5.414104), ("000000000000", 24.957430), ("010101010101", 27.815472),
            ("00030101", 24.75269450012), ("010011", 18.55227)],
        5: [("0", 3.947032), ("01", 6.108779), ("000000000000", 25.716932), ("010101010101", 28.795096),
            ("010120123", 30.03474), ("010011", 19.70361)],
        6: [("0", 4.268200), ("01", 6.675197), ("000000000000", 26.566880), ("010101010101", 29.967059),
            ("010011", 20.75762)],
        9: [("0", 4.964344), ("01", 7.927055), ("000000000000", 29.084540), ("010101010101", 33.037947),
            ("010011", 23.38852)],
    ]

    static func compare(_ table: SampledTable, minHits: UInt64, json: Bool, _ terminal: Terminal) -> Int32 {
        let rows = published[table.space.symbols] ?? []
        var lines: [String] = []
        if !json {
            terminal.print("\(table.space) T=\(table.stepCap), \(table.samples) samples, depth \(table.depth), seed \(table.seed); published values: SPEC.md §4 (ACSS)")
            terminal.print("pattern\tK_ours\tSE\tK_published\tdifference\tz\thits")
        }
        for (p, k) in rows {
            let pattern = OutputTable.parse(p.utf8[...], symbols: 16)!
            if let e = table.estimate(pattern: pattern, minHits: minHits), let entry = table.entry(forPattern: pattern) {
                let z = e.standardError > 0 ? (e.K - k) / e.standardError : .nan
                if json {
                    lines.append("{\"pattern\": \"\(p)\", \"K\": \(e.K), \"SE\": \(e.standardError), \"K_published\": \(k), \"z\": \(z.isFinite ? String(z) : "null"), \"hits\": \(entry.hits)}")
                } else {
                    terminal.print(String(format: "%@\t%.5f\t%.5f\t%.5f\t%+.5f\t%@\t%llu", p, e.K, e.standardError, k, e.K - k,
                                          z.isFinite ? String(format: "%+.2f", z) : "-", entry.hits))
                }
            } else if json {
                lines.append("{\"pattern\": \"\(p)\", \"K\": null, \"K_published\": \(k)}")
            } else {
                terminal.print("\(p)\tnot in the table (or below --min-hits)\t\t\(k)")
            }
        }
        if json { terminal.print("[" + lines.joined(separator: ", ") + "]") }
        return 0
    }

    static func info(_ table: SampledTable, top: Int, minHits: UInt64, json: Bool, _ terminal: Terminal) -> Int32 {
        let ranked = zip(table.patterns, table.entries)
            .compactMap { p, _ in table.estimate(pattern: p, minHits: minHits).map { (p, $0) } }
            .sorted { $0.1.D != $1.1.D ? $0.1.D > $1.1.D : OutputTable.precedes($0.0, $1.0) }
            .prefix(top)
        let figures: [(String, String)] = [
            ("kind", "sampled"), ("space", table.space.description), ("steps", String(table.stepCap)),
            ("depth", String(table.depth)), ("seed", String(table.seed)), ("samples", String(table.samples)),
            ("strata", String(table.strata)),
            ("halting_fraction", String(format: "%.6f", Double(table.halting) / Double(table.unitsTotal))),
            ("patterns", String(table.distinct)), ("longest", String(table.longest)),
            ("complete_up_to_length", String(table.completeUpToLength(minHits: minHits))),
            ("latest_halt", String(table.latestHalt)), ("cpu_seconds", String(format: "%.3f", table.cpuSeconds)),
        ]
        if json {
            let list = ranked.map { "{\"pattern\": \"\(OutputTable.render($0.0))\", \"K\": \($0.1.K), \"SE\": \($0.1.standardError), \"D\": \($0.1.D)}" }
            terminal.print("{" + figures.map { "\"\($0.0)\": \(jsonValue($0.1))" }.joined(separator: ", ") + ", \"top\": [" + list.joined(separator: ", ") + "]}")
        } else {
            printSummary(figures, json: false, terminal)
            terminal.print("")
            terminal.print("most probable patterns (D of each string of the pattern, K = -log2 D, SE of K):")
            terminal.print("pattern\tK\tSE\tD")
            for (p, e) in ranked {
                terminal.print("\(OutputTable.render(p))\t\(String(format: "%.6f", e.K))\t\(String(format: "%.6f", e.standardError))\t\(String(format: "%.6e", e.D))")
            }
        }
        return 0
    }
}
