import Foundation
import FrequencyTables
import Plotting
import TuringMachines

/// `acss table info FILE`: the header figures of a table and its most probable strings.
enum TableCommand {
    static let options: [Arguments.Option] = [
        .value("--top", "K", "info: how many of the most probable strings to list; compare A B: how many movers (default 10)"),
        .value("--min-hits", "H", "sampled tables: ignore patterns seen fewer than H times in the samples (ACSS used 5 or 10; default 0)"),
        .value("--max-length", "L", "trim: keep patterns of length <= L"),
        .value("--all-up-to-length", "L", "trim: keep every pattern of length <= L seen at least once"),
        .value("--out", "FILE", "trim: where to write the trimmed table"),
        .value("--svg", "FILE", "compare A B: also draw K(A) against K(B) and the coverage by length"),
        .flag("--json", "machine-readable output"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss table info FILE [--top K] [--min-hits H] [--json]\n       acss table compare FILE [--min-hits H] [--json]\n       acss table compare A B [--top K] [--svg FILE] [--json]\n       acss table trim FILE --min-hits H [--max-length L] --out FILE   (sampled)\n       acss table trim FILE --max-length L --out FILE                  (exhaustive)",
        summary: "Show the figures of an output table (exhaustive or sampled) and its most probable strings with K and D; compare a sampled table with the published ACSS values, or two exhaustive tables with each other; trim a table for shipping.",
        options: options,
        details: """
        The file is fully validated (checksum, counts, order) before anything is shown.
        `compare` lists the reference patterns of SPEC.md §4 (the published K.4, K.5, K.6, K.9
        of ACSS) with this table's K, its standard error and z = (ours - published) / SE.
        `compare A B` (two exhaustive tables of one alphabet, e.g. D(5) and D(6)): coverage by
        length, Spearman's rank correlation of K over the strings both cover (over all of them
        and within each length), the median shift of K per length, and the strings whose K moved
        most relative to that shift ("movers", one row per group of strings with identical K).
        `trim` writes a sampled table listing only the patterns seen at least H times (or counted
        exactly) and at most L long, with the totals of the whole run (for merged shards); for
        an exhaustive table, one listing the strings up to length L, keeping every figure of
        the full run (H, distinct, longest, completeness): D and K of the listed strings are
        unchanged.
        """)

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") || args.positionals.isEmpty && arguments.isEmpty { terminal.write(help); return args.has("--help") ? 0 : 2 }
        guard let action = args.positionals.first, ["info", "compare", "trim"].contains(action) else {
            throw UsageError("unknown table subcommand '\(args.positionals.first ?? "")': expected 'info', 'compare' or 'trim'")
        }
        if action == "compare" && args.positionals.count == 3 {
            try rejectUnused(["--min-hits", "--max-length", "--all-up-to-length", "--out"], args, by: "table compare A B")
            return try compareTables(args.positionals[1], args.positionals[2], top: try args.int("--top", default: 10, in: 0...1_000_000)!,
                                     svg: args.string("--svg"), json: args.has("--json"), terminal)
        }
        guard args.positionals.count == 2 else {
            throw UsageError("table \(action) takes exactly one FILE" + (action == "compare" ? " (a sampled table) or two (exhaustive tables A B)" : ""))
        }
        let top = try args.int("--top", default: 10, in: 0...1_000_000)!
        let minHits = UInt64(try args.int("--min-hits", default: 0, in: 0...Int.max)!)
        let path = args.positionals[1]
        if SampledTableFile.isSampledTable(path: path) {
            let table = try SampledTableFile.read(path: path)
            if action == "compare" { return compare(table, minHits: minHits, json: args.has("--json"), terminal) }
            if action == "trim" {
                let out = try args.required("--out")
                try BuildCommand.checkWritable(out)
                let trimmed = table.trimmed(minHits: minHits, maxLength: try args.int("--max-length", in: 1...1_000_000),
                                            allUpToLength: try args.int("--all-up-to-length", default: 0, in: 0...Int.max)!)
                try SampledTableFile.write(trimmed, to: out)
                terminal.print("\(out): \(trimmed.distinct) of \(table.distinct) patterns listed")
                return 0
            }
            return info(table, top: top, minHits: minHits, json: args.has("--json"), terminal)
        }
        guard action != "compare" else {
            throw UsageError("table compare FILE needs a sampled table (acss sample); \(path) is an exhaustive one: compare it with another with 'acss table compare \(path) OTHER'")
        }
        let table = try TableFile.read(path: path)
        if action == "trim" {
            let out = try args.required("--out")
            guard let maxLength = try args.int("--max-length", in: 1...1_000_000) else {
                throw UsageError("table trim of an exhaustive table needs --max-length L")
            }
            if args.string("--min-hits") != nil || args.string("--all-up-to-length") != nil {
                throw UsageError("--min-hits and --all-up-to-length apply to sampled tables; \(path) is exhaustive (counts are exact): use --max-length")
            }
            try rejectUnused(["--svg", "--top"], args, by: "table trim")
            try BuildCommand.checkWritable(out)
            let trimmed: OutputTable
            do { trimmed = try table.trimmed(maxLength: maxLength) } catch { throw UsageError("\(path): \(error)") }
            try TableFile.write(trimmed, to: out)
            terminal.print("\(out): \(trimmed.listedCount) of \(table.distinct) strings listed (length <= \(maxLength))")
            return 0
        }
        let ctm = CodingTheorem(table: table)
        // The completion makes a string and its symbol swaps equally likely; list each once,
        // by its lowest form... simply rank all strings by completed count.
        let ranked = table.strings.map { ($0, ctm.completedCount(of: $0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : OutputTable.precedes($0.0, $1.0) }
            .prefix(top)
        var figures: [(String, String)] = [
            ("space", table.space.description), ("steps", String(table.stepCap)),
            ("machines", String(table.machines)), ("halting", String(table.halting)),
            ("non_halting", String(table.nonHalting)), ("distinct", String(table.distinct)),
            ("longest", String(table.longest)), ("complete_up_to_length", String(table.completeUpToLength)),
            ("latest_halt", String(table.latestHalt)), ("halting_at_cap", String(table.haltingAtCap)),
            ("cpu_seconds", String(format: "%.3f", table.timing.cpuSeconds)),
        ]
        if let listing = table.listing {
            figures += [("listed_max_length", String(listing.maxLength)), ("listed_distinct", String(table.listedCount))]
        }
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
            ("latest_halt", String(table.latestHalt)), ("cpu_seconds", String(format: "%.3f", table.timing.cpuSeconds)),
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

extension TableCommand {
    /// Options that the action would silently ignore are refused instead.
    static func rejectUnused(_ names: [String], _ args: Arguments, by action: String) throws(UsageError) {
        for name in names where args.has(name) || args.string(name) != nil {
            throw UsageError("\(name) does not apply to \(action)")
        }
    }

    /// `acss table compare A B`: two exhaustive tables of one alphabet.
    static func compareTables(_ pathA: String, _ pathB: String, top: Int, svg: String?, json: Bool,
                              _ terminal: Terminal) throws -> Int32 {
        for path in [pathA, pathB] where SampledTableFile.isSampledTable(path: path) {
            throw UsageError("table compare A B compares two exhaustive tables; \(path) is a sampled one (compare it with the published values: acss table compare \(path))")
        }
        if let svg { try BuildCommand.checkWritable(svg) }
        let a = try TableFile.read(path: pathA), b = try TableFile.read(path: pathB)
        let comparison: TableComparison
        do { comparison = try TableComparison(first: a, second: b) } catch {
            throw UsageError("\(pathA) and \(pathB): \(error)")
        }
        let movers = comparison.movers(top)
        let overallShift = comparison.medianShift
        func name(_ t: OutputTable, _ path: String) -> String {
            "\(path): \(t.space) T=\(t.stepCap), H=\(t.halting), \(t.distinct) strings"
                + (t.listing.map { ", listed up to length \($0.maxLength)" } ?? "")
        }
        func number(_ v: Double?, _ format: String = "%.6f") -> String { v.map { String(format: format, $0) } ?? "-" }
        func jsonNumber(_ v: Double?) -> String { v.map { $0.isFinite ? String($0) : "null" } ?? "null" }
        if json {
            let lengths = comparison.byLength.map { r in
                "{\"length\": \(r.length), \"possible\": \(r.possible), \"A\": \(r.first.map(String.init) ?? "null"), \"B\": \(r.second.map(String.init) ?? "null"), \"both\": \(r.both), \"spearman\": \(jsonNumber(r.spearman)), \"median_shift\": \(jsonNumber(r.medianShift))}"
            }
            func list(_ ms: [TableComparison.Mover]) -> String {
                "[" + ms.map { "{\"string\": \"\(OutputTable.render($0.string))\", \"class_size\": \($0.classSize), \"K_A\": \($0.first), \"K_B\": \($0.second), \"residual\": \($0.residual)}" }.joined(separator: ", ") + "]"
            }
            terminal.print("{\"A\": \(jsonString(name(a, pathA))), \"B\": \(jsonString(name(b, pathB))), \"compared_up_to_length\": \(comparison.comparedUpToLength), \"common\": \(comparison.common.count), \"spearman\": \(jsonNumber(comparison.spearman)), \"pearson\": \(jsonNumber(comparison.pearson)), \"median_shift\": \(jsonNumber(overallShift)), \"lengths\": [\(lengths.joined(separator: ", "))], \"movers_up\": \(list(movers.up)), \"movers_down\": \(list(movers.down))}")
        } else {
            terminal.print("A  " + name(a, pathA))
            terminal.print("B  " + name(b, pathB))
            terminal.print("strings both cover: \(comparison.common.count) (lengths 1-\(comparison.comparedUpToLength)); Spearman rho \(number(comparison.spearman)), Pearson r \(number(comparison.pearson)), median K(B) - K(A) \(number(overallShift, "%.4f"))")
            terminal.print("")
            terminal.print("length\tpossible\tA\tB\tboth\tA_complete\tB_complete\tspearman\tmedian_shift")
            for r in comparison.byLength {
                func share(_ n: Int?) -> String { n.map { String(format: "%.4f", Double($0) / r.possible) } ?? "not listed" }
                terminal.print("\(r.length)\t\(String(format: "%.0f", r.possible))\t\(r.first.map(String.init) ?? "-")\t\(r.second.map(String.init) ?? "-")\t\(r.both)\t\(share(r.first))\t\(share(r.second))\t\(number(r.spearman, "%.4f"))\t\(number(r.medianShift, "%.4f"))")
            }
            for (title, list) in [("rose most", movers.up), ("fell most", movers.down)] where !list.isEmpty {
                terminal.print("")
                terminal.print("movers: K \(title) relative to the median shift of their length (one row per group with identical K)")
                terminal.print("string\tstrings_in_group\tK_A\tK_B\tresidual")
                for m in list {
                    terminal.print("\(OutputTable.render(m.string))\t\(m.classSize)\t\(String(format: "%.4f", m.first))\t\(String(format: "%.4f", m.second))\t\(String(format: "%+.4f", m.residual))")
                }
            }
        }
        if let svg {
            do {
                try Data(comparisonFigure(comparison, a: a, b: b, shift: overallShift).utf8).write(to: URL(fileURLWithPath: svg), options: .atomic)
            } catch {
                throw UsageError("cannot write '\(svg)': \(error.localizedDescription)")
            }
            if !json { terminal.print(""); terminal.print("wrote \(svg)") }
        }
        return 0
    }

    /// Left: K in A against K in B, a point per distinct pair, coloured by length. Right: the
    /// share of all strings of each length that each table covers.
    static func comparisonFigure(_ c: TableComparison, a: OutputTable, b: OutputTable, shift: Double?) -> String {
        let label = (a: "D(\(a.space.states)) T=\(a.stepCap)", b: "D(\(b.space.states)) T=\(b.stepCap)")
        let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
        let longest = c.common.map(\.string.count).max() ?? 1
        let bucket = max(1, Int((Double(longest) / Double(palette.count)).rounded(.up)))
        var series: [Chart.Series] = []
        for start in stride(from: 1, through: longest, by: bucket) {
            let end = min(start + bucket - 1, longest)
            let points = c.common.filter { (start...end).contains($0.string.count) }.map { ($0.first, $0.second) }
            guard !points.isEmpty else { continue }
            series.append(Chart.Series(label: start == end ? "length \(start)" : "lengths \(start)-\(end)",
                                       color: palette[series.count % palette.count], style: .points(radius: 1.6), points: points))
        }
        var scatter = Chart(title: "K under \(label.a) and \(label.b) (\(c.common.count) strings)",
                            xLabel: "K from \(label.a) (bits)", yLabel: "K from \(label.b) (bits)", series: series)
        if let shift { scatter.diagonal = (String(format: "K_B = K_A %+.2f (median shift)", shift), shift) }
        scatter.legendAtBottom = true
        func coverage(_ pick: (TableComparison.LengthRow) -> Int?) -> [(Double, Double)] {
            c.byLength.compactMap { r in pick(r).map { (Double(r.length), Double($0) / r.possible) } }
        }
        var completeness = Chart(title: "Share of all strings of each length that have a K",
                                 xLabel: "string length", yLabel: "covered / all strings",
                                 series: [Chart.Series(label: label.a, color: "#1f77b4", style: .line, points: coverage(\.first)),
                                          Chart.Series(label: label.b, color: "#d62728", style: .line, points: coverage(\.second))])
        completeness.yDomain = 0...1.05
        completeness.yFormat = PlotPanel.percent
        return Figure.render([scatter, completeness], caption: "\(label.a) against \(label.b): Spearman rho \(c.spearman.map { String(format: "%.4f", $0) } ?? "-") over the strings both cover")
    }
}
