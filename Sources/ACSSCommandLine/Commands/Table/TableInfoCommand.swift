import Foundation
import TextInput
import Enumeration
import FrequencyTables
import JSONOutput

/// `acss table info FILE`: the header figures of a table and its most probable strings.
struct TableInfoCommand: Command {
    static let name = "info"
    static let abstract = "the figures of a table and its most probable strings, with K and D"
    static let top = Option("--top", "K", "how many of the most probable strings to list (default 10)")
    static let byLength = Flag("--by-length", "sampled tables: per length, the patterns listed of those possible and the median and mean SE of K")
    static let referenceSamples = Option("--reference-samples", "N", "with --by-length: also the median SE a uniform sample of N machines would give (ACSS: 3.34e11 for K.4)")
    static let options: [any OptionDeclaration] = [top, TableCommand.minHits, byLength, referenceSamples, TableCommand.json]
    static let usage = "acss table info FILE [--top K] [--min-hits H] [--by-length [--reference-samples N]] [--json]"
    static let summary = "Show the figures of an output table (exhaustive or sampled) and its most probable strings with K and D."
    static let details = "The file is fully validated (checksum, counts, order) before anything is shown."

    let path: String
    let top: Int
    let minHits: UInt64
    let json: Bool
    let byLength: Bool
    let referenceSamples: Double?

    init(_ args: ParsedArguments) throws {
        path = try TableCommand.file(args, action: Self.name)
        top = try args.int(Self.top, default: 10, in: 0...1_000_000)
        minHits = UInt64(try args.int(TableCommand.minHits, default: 0, in: 0...Int.max))
        json = args.has(TableCommand.json)
        byLength = args.has(Self.byLength)
        if let text = args.value(Self.referenceSamples) {
            guard byLength else { throw UsageError("--reference-samples needs --by-length") }
            guard let n = DecimalNumber.parse(text), n >= 1, n.isFinite else {
                throw UsageError("invalid value '\(text)' for --reference-samples: expected a number of machines, e.g. 3.34e11")
            }
            referenceSamples = n
        } else {
            referenceSamples = nil
        }
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if GridTableFile.isGridTable(path: path) {
            if byLength { throw UsageError("--by-length applies to sampled tables; \(path) is an exact 2-D table") }
            info(try GridTableFile.read(path: path), terminal)
            return 0
        }
        if DepthTableFile.isDepthTable(path: path) {
            if byLength { throw UsageError("--by-length applies to sampled tables; \(path) is a logical-depth table") }
            info(try DepthTableFile.read(path: path), terminal)
            return 0
        }
        if SampledTableFile.isSampledTable(path: path) {
            let table = try SampledTableFile.read(path: path)
            byLength ? precision(table, terminal) : info(table, terminal)
        } else {
            if byLength { throw UsageError("--by-length applies to sampled tables; \(path) is an exhaustive one (its counts are exact)") }
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

    /// A logical-depth table: its figures, and the deepest strings (ties in the table's order).
    func info(_ table: DepthTable, _ terminal: Terminal) {
        let ranked = zip(table.strings, table.depths).sorted { $0.1 != $1.1 ? $0.1 > $1.1 : OutputTable.precedes($0.0, $1.0) }.prefix(top)
        var figures = Summary([
            ("space", .text(table.space.description)), ("steps", .integer(table.stepCap)),
            ("machines", .integer(table.machines)), ("distinct", .integer(table.distinct)),
            ("listed_distinct", .integer(table.strings.count)), ("deepest", .integer(table.deepest)),
            ("cpu_seconds", .fixed(table.timing.cpuSeconds, 3)),
        ])
        if let maxLength = table.listedMaxLength { figures.entries.append(("listed_max_length", .integer(maxLength))) }
        show(figures, title: "deepest strings (steps of the fastest machine that outputs them, blank 0):",
             columns: ["string", "depth"], top: ranked.map { s, d in
                 [(.string(OutputTable.render(s)), OutputTable.render(s)), (.integer(d), String(d))]
             }, terminal)
    }

    /// A 2-D table: its figures, and the most probable arrays (ranked by c0(s) + c0(~s); each
    /// symmetry class once, by its canonical member).
    func info(_ table: GridOutputTable, _ terminal: Terminal) {
        let f = table.figures
        let ranked = table.sortedClasses.map { ($0.0, table.completedCount(of: $0.0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : GridSymmetry.precedes($0.0, $1.0) }
            .prefix(top)
        var figures = Summary([
            ("kind", .text("2-D")), ("states", .integer(f.states)), ("steps", .integer(f.stepCap)),
            ("machines", .integer(f.machines)), ("halting", .integer(f.halting)), ("non_halting", .integer(f.nonHalting)),
            ("keep_area", .integer(f.keepArea)), ("large_outputs", .integer(f.largeOutputs)),
            ("distinct", .integer(f.distinct)), ("symmetry_classes_listed", .integer(table.classes.count)),
            ("latest_halt", .integer(f.latestHalt)), ("halting_at_cap", .integer(f.haltingAtCap)),
            ("cpu_seconds", .fixed(f.timing.cpuSeconds, 3)),
        ])
        if let area = f.listedMaxArea {
            figures.entries += [("listed_max_area", .integer(area)), ("listed_distinct", .integer(table.listedFigures.arrays))]
        }
        show(figures, title: "most probable arrays (one per symmetry class; D with the complement, K = -log2 D):",
             columns: ["array", "K", "D"], top: ranked.map { a, _ in
                 let k = table.complexity(of: a)!, d = table.probability(of: a)!
                 return [(.string(a.description), a.description), (.double(k), String(format: "%.6f", k)),
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

    /// Per length: coverage and the SE of K (median, mean, and the reference sample's median).
    func precision(_ table: SampledTable, _ terminal: Terminal) {
        let rows = table.precisionByLength(referenceSamples: referenceSamples)
        func number(_ x: Double, _ digits: Int) -> (json: JSON, text: String) {
            x.isNaN ? (.null, "NA") : (.double(x), String(format: "%.\(digits)f", x))
        }
        var columns = ["length", "possible", "listed", "coverage", "median_se", "mean_se"]
        if referenceSamples != nil { columns += ["median_reference_se", "ratio"] }
        let figures = Summary([
            ("space", .text(table.space.description)), ("steps", .integer(table.stepCap)), ("samples", .integer(table.samples)),
            ("estimator", .text(table.estimator.description)), ("cpu_seconds", .fixed(table.timing.cpuSeconds, 1)),
        ])
        show(figures, title: "by length (SE of K in bits):", columns: columns, top: rows.map { r in
            var row: [(json: JSON, text: String)] = [
                (.integer(r.length), String(r.length)), (.integer(r.possible), String(r.possible)),
                (.integer(r.listed), String(r.listed)), number(Double(r.listed) / Double(r.possible), 6),
                number(r.medianSE, 5), number(r.meanSE, 5),
            ]
            if let reference = r.medianReferenceSE { row += [number(reference, 5), number(r.medianSE / reference, 3)] }
            return row
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
