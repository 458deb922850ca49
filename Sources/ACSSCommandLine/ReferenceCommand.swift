import Foundation
import Scoring

/// `acss reference`: mean and SD of K over all m^L strings (a uniformly random producer).
enum ReferenceCommand {
    static let options: [Arguments.Option] = [
        .value("--alphabet", "M", "possible symbols, 2...9 (required)"),
        .value("--length", "L", "string length, or a range such as 4-12 (default 1-12)"),
        .value("--format", "FORMAT", "table (default), csv, tsv or json"),
        .value("--tables", "DIR", "directory holding the tables (default: $ACSS_DATA, ./data, or data/ above the executable)"),
        ScoringOptions.tableOption,
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss reference --alphabet M [--length L | --length A-B] [--format FORMAT]",
        summary: "The uniform reference: mean and SD of K over all m^L strings, computed exactly from the table's pattern classes (no sampling). z = (K - mean) / sd.",
        options: options,
        details: """
        Examples:
          acss reference --alphabet 2 --length 12        # 12 coin tosses: mean 32.50209
          acss reference --alphabet 2 --format csv

        Columns: \(columns.map(\.name).joined(separator: ",")).
        strings = m^L; covered = how many of them the table scores (the statistics are over
        those); sd = population SD over all covered strings (what z uses); pattern_sd = the
        sample SD over the distinct patterns, the convention behind the published coin SD
        1.5608. Lengths beyond the table (12) have no exact reference and are an error.
        """)

    static let columns: [Column] = [
        Column("alphabet"), Column("length"), Column("strings"), Column("covered"), Column("patterns"),
        Column("mean", .fixed(5)), Column("sd", .fixed(5)), Column("pattern_sd", .fixed(5)), Column("table"),
    ]

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        if let extra = args.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        let format = try OutputFormat.parse(args)
        guard let alphabet = try ScoringOptions.alphabet(args) else {
            throw UsageError("missing required option --alphabet (the number of possible symbols, 2...9)")
        }
        let lengths = try parseLengths(args.string("--length") ?? "1-12")
        let estimator = try ScoringOptions.estimator(args)
        let table = try estimator.table(for: alphabet)
        var rows: [[Cell]] = []
        for length in lengths {
            let r = try estimator.uniformReference(length: length, alphabet: alphabet)
            // m^L is at most 9^12, well within Int.
            rows.append([.int(alphabet.size), .int(length), .int(Int(r.strings)), .int(Int(r.coveredStrings)),
                         .int(r.patterns), .number(r.mean), .number(r.standardDeviation),
                         .number(r.patternSampleStandardDeviation), .text(table.name)])
        }
        let out = OutputBuffer(terminal)
        let writer = RowWriter(format: format, columns: columns, out: out)
        for row in rows { writer.write(row) }
        writer.finish()
        return 0
    }

    static func parseLengths(_ text: String) throws(UsageError) -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let bounds = parts.map { Int($0) }
        if parts.count == 1, let l = bounds[0], l >= 1 { return l...l }
        if parts.count == 2, let a = bounds[0], let b = bounds[1], a >= 1, a <= b { return a...b }
        throw UsageError("invalid value '\(text)' for --length: expected a length such as 12 or a range such as 4-12")
    }
}
