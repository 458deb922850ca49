import Enumeration
import Foundation
import FrequencyTables
import JSONOutput

/// `acss table compare FILE` (a sampled table against the published ACSS values) and
/// `acss table compare A B` (two exhaustive tables of one alphabet).
struct TableCompareCommand: Command {
    static let name = "compare"
    static let abstract = "a sampled table against the published ACSS values, or two exhaustive tables"
    static let top = Option("--top", "K", "compare A B: how many movers (default 10)")
    static let svg = Option("--svg", "FILE", "compare A B: also draw K(A) against K(B) and the coverage by length")
    static let options: [any OptionDeclaration] = [top, TableCommand.minHits, svg, TableCommand.json]
    static let usage = "acss table compare FILE [--min-hits H] [--json]\n       acss table compare A B [--top K] [--svg FILE] [--json]"
    static let summary = "Compare a sampled table with the published ACSS values, or two exhaustive tables with each other."
    static let details = """
        `compare FILE` lists the reference patterns of docs/formalism.md §4 (the published K.4, K.5, K.6, K.9
        of ACSS) with this table's K, its standard error and z = (ours - published) / SE.
        `compare A B` (two exhaustive tables of one alphabet, e.g. D(5) and D(6)): coverage by
        length, Spearman's rank correlation of K over the strings both cover (over all of them
        and within each length), the median shift of K per length, and the strings whose K moved
        most relative to that shift ("movers", one row per group of strings with identical K).
        Every file is fully validated (checksum, counts, order) before anything is shown.
        """

    let paths: [String]
    let top: Int
    let minHits: UInt64
    let svg: String?
    let json: Bool

    init(_ args: ParsedArguments) throws {
        guard (1...2).contains(args.positionals.count) else {
            throw UsageError("table compare takes exactly one FILE (a sampled table) or two (exhaustive tables A B)")
        }
        paths = args.positionals
        if paths.count == 2 && args.value(TableCommand.minHits) != nil {
            throw UsageError("--min-hits does not apply to table compare A B")
        }
        top = try args.int(Self.top, default: 10, in: 0...1_000_000)
        minHits = UInt64(try args.int(TableCommand.minHits, default: 0, in: 0...Int.max))
        svg = args.value(Self.svg)
        json = args.has(TableCommand.json)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if paths.count == 2 { return try compareTables(paths[0], paths[1], terminal) }
        let path = paths[0]
        guard SampledTableFile.isSampledTable(path: path) else {
            throw UsageError("table compare FILE needs a sampled table (acss sample); \(path) is an exhaustive one: compare it with another with 'acss table compare \(path) OTHER'")
        }
        compare(try SampledTableFile.read(path: path), terminal)
        return 0
    }

    /// Published K of ACSS for the (4,m) tables (docs/formalism.md §4), by alphabet: reference values to
    /// compare with, not data for scoring. The two K.4 values of 8 symbols are those of acss 0.3-2's
    /// test of acss(c("01011100", "00030101"), alphabet = c(2, 4)), read by column
    /// (docs/published-figures-notes.md).
    static let published: [Int: [(String, Double)]] = [
        4: [("0", 3.547388), ("01", 5.414104), ("000000000000", 24.957430), ("010101010101", 27.815472),
            ("01011100", 24.75269450012), ("00030101", 24.9239869906869), ("010011", 18.55227)],
        5: [("0", 3.947032), ("01", 6.108779), ("000000000000", 25.716932), ("010101010101", 28.795096),
            ("010120123", 30.03474), ("010011", 19.70361)],
        6: [("0", 4.268200), ("01", 6.675197), ("000000000000", 26.566880), ("010101010101", 29.967059),
            ("010011", 20.75762)],
        9: [("0", 4.964344), ("01", 7.927055), ("000000000000", 29.084540), ("010101010101", 33.037947),
            ("010011", 23.38852)],
    ]

    func compare(_ table: SampledTable, _ terminal: Terminal) {
        var rows: [JSON] = []
        if !json {
            terminal.print("\(table.space) T=\(table.stepCap), \(table.samples) samples, depth \(table.depth), seed \(table.seed); published values: docs/formalism.md §4 (ACSS)")
            terminal.print("pattern\tK_ours\tSE\tK_published\tdifference\tz\thits")
        }
        for (p, k) in Self.published[table.space.symbols] ?? [] {
            // The published values are K of strings ("00030101"): look up the string's pattern.
            let pattern = Patterns.normalize(OutputTable.parse(p.utf8[...], symbols: 16)!)
            if let e = table.estimate(pattern: pattern, minHits: minHits), let entry = table.entry(forPattern: pattern) {
                let z = e.standardError > 0 ? (e.K - k) / e.standardError : .nan
                if json {
                    rows.append(.object([("pattern", .string(p)), ("K", .double(e.K)), ("SE", .double(e.standardError)),
                                         ("K_published", .double(k)), ("z", .double(z)), ("hits", .integer(entry.hits))]))
                } else {
                    terminal.print(String(format: "%@\t%.5f\t%.5f\t%.5f\t%+.5f\t%@\t%llu", p, e.K, e.standardError, k, e.K - k,
                                          z.isFinite ? String(format: "%+.2f", z) : "-", entry.hits))
                }
            } else if json {
                rows.append(.object([("pattern", .string(p)), ("K", .null), ("K_published", .double(k))]))
            } else {
                terminal.print("\(p)\tnot in the table (or below --min-hits)\t\t\(k)")
            }
        }
        if json { terminal.print(JSON.array(rows).compact) }
    }
}
