import Foundation
import Scoring

/// `acss reference`: mean and SD of K over all m^L strings (a uniformly random producer).
struct ReferenceCommand: Command {
    static let name = "reference"
    static let abstract = "mean and SD of K over all random strings of a length (for z-scores)"
    static let alphabet = ScoringInput.alphabet.described("possible symbols, 2...9 (required)")
    static let length = Option("--length", "L", "string length, or a range such as 4-12 (default 1-12)")
    static let format = ScoringInput.format.described("table (default), csv, tsv or json")
    static let options: [any OptionDeclaration] = [alphabet, length, format, TableSource.directory, TableSource.table]
    static let takesArguments = false

    static let usage = "acss reference --alphabet M [--length L | --length A-B] [--format FORMAT]"
    static let summary = "The uniform reference: mean and SD of K over all m^L strings, computed exactly from the table's pattern classes (no sampling). z = (K - mean) / sd."
    static var details: String {
        """
        Examples:
          acss reference --alphabet 2 --length 12        # 12 coin tosses: mean 32.50209
          acss reference --alphabet 2 --format csv

        Columns: \(columns.map(\.name).joined(separator: ",")).
        strings = m^L; covered = how many of them the table scores (the statistics are over
        those); sd = population SD over all covered strings (what z uses); pattern_sd = the
        sample SD over the distinct patterns, the convention behind the published coin SD
        1.5608. Lengths beyond the table (12) have no exact reference and are an error.
        """
    }

    typealias Row = ReferenceRow

    static let columns = ScoringColumns.reference

    let format: OutputFormat
    let alphabet: Alphabet
    let lengths: ClosedRange<Int>
    let tables: TableSource

    init(_ args: ParsedArguments) throws {
        format = try OutputFormat(args.value(Self.format))
        guard let alphabet = try ScoringInput.alphabet(args.value(Self.alphabet)) else {
            throw UsageError("missing required option --alphabet (the number of possible symbols, 2...9)")
        }
        self.alphabet = alphabet
        lengths = try Self.parseLengths(args.value(Self.length) ?? "1-12")
        tables = try TableSource(args)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let estimator = try tables.estimator()
        let table = try estimator.table(for: alphabet)
        var rows: [Row] = []
        for length in lengths {
            rows.append(Row(alphabet: alphabet, length: length,
                            reference: try estimator.uniformReference(length: length, alphabet: alphabet), table: table.name))
        }
        let writer = RowWriter(format: format, columns: Self.columns, out: OutputBuffer(terminal))
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
