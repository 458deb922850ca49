import Foundation
import Scoring

/// `acss local`: K of every window of a string (ACSS `local_complexity`), or their mean.
enum LocalCommand {
    static let options: [Arguments.Option] = ScoringOptions.common + [
        .value("--span", "N", "window length, 2...12 (2...17 with --table D6-T1000; default 5, as acss)"),
        .flag("--mean", "one row per string with the mean K of its windows"),
        .flag("--quiet", "no warnings on standard error (failures are still reported)"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss local [options] STRING...    or    acss local [options] -",
        summary: "Local complexity: K of every window of --span symbols (step 1), to see where a sequence is regular.",
        options: options,
        details: """
        Examples:
          acss local --alphabet 2 --span 4 HHHHTHTHHTTH
          acss local --alphabet 2 --span 5 --mean --format csv - < responses.txt

        Columns: \(windowColumns.map(\.name).joined(separator: ",")); with --mean:
        \(meanColumns.map(\.name).joined(separator: ",")). Positions count from 1.
        Exit status: 0 all scored, 1 some strings failed, 2 usage error or missing tables.
        """)

    static let windowColumns: [Column] = [
        Column("string"), Column("alphabet"), Column("span"), Column("position"), Column("window"),
        Column("K", .fixed(4)), Column("error", inTable: false),
    ]
    static let meanColumns: [Column] = [
        Column("string"), Column("alphabet"), Column("span"), Column("windows"), Column("mean_K", .fixed(4)),
        Column("error", inTable: false),
    ]

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        try run(arguments, terminal, stdin: .fileDescriptor(0))
    }

    static func run(_ arguments: [String], _ terminal: Terminal, stdin: InputSource) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        let format = try OutputFormat.parse(args)
        let input = try InputSource.from(args, stdin: stdin)
        // Windows are looked up directly: no longer than the chosen table's direct lookups.
        let longestSpan = try ScoringOptions.tableChoices(args).first?.maxLength ?? 12
        let span = try args.int("--span", default: 5, in: 2...longestSpan)!
        let alphabet = try ScoringOptions.alphabet(args)
        let estimator = try ScoringOptions.estimator(args)
        let mean = args.has("--mean")
        return try writeRowsPerSequence(input, args, terminal, command: "local", alphabet: alphabet, format: format,
                                        columns: mean ? meanColumns : windowColumns) { sequence, m, writer throws(ScoringError) in
            let local = try estimator.localComplexity(of: sequence, alphabet: m, span: span)
            if mean {
                writer.write([.text(sequence.text), .int(m.size), .int(span), .int(local.windows.count),
                              .number(local.mean), .missing])
            } else {
                for (i, k) in local.windows.enumerated() {
                    writer.write([.text(sequence.text), .int(m.size), .int(span), .int(i + 1),
                                  .text(sequence.text(of: i..<(i + span))), .number(k), .missing])
                }
            }
        }
    }
}
