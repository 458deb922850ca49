import Foundation
import Scoring

/// `acss local`: K of every window of a string (ACSS `local_complexity`), or their mean.
struct LocalCommand: Command {
    static let name = "local"
    static let abstract = "local complexity: K of every window of a string"
    static let span = Option("--span", "N", "window length, 2...12 (2...17 with --table D6-T1000; default 5, as acss)")
    static let mean = Flag("--mean", "one row per string with the mean K of its windows")
    static let quiet = Flag("--quiet", "no warnings on standard error (failures are still reported)")
    static let options: [any OptionDeclaration] = ScoringInput.options + [span, mean, quiet]

    static let usage = "acss local [options] STRING...    or    acss local [options] -"
    static let summary = "Local complexity: K of every window of --span symbols (step 1), to see where a sequence is regular."
    static var details: String {
        """
        Examples:
          acss local --alphabet 2 --span 4 HHHHTHTHHTTH
          acss local --alphabet 2 --span 5 --mean --format csv - < responses.txt

        Columns: \(windowColumns.map(\.name).joined(separator: ",")); with --mean:
        \(meanColumns.map(\.name).joined(separator: ",")). Positions count from 1.
        Exit status: 0 all scored, 1 some strings failed, 2 usage error or missing tables.
        """
    }

    typealias Window = LocalWindow

    typealias Mean = LocalMean

    static let windowColumns = ScoringColumns.localWindows
    static let meanColumns = ScoringColumns.localMeans

    let scoring: ScoringInput
    let span: Int
    let mean: Bool
    let quiet: Bool

    init(_ args: ParsedArguments) throws {
        scoring = try ScoringInput(args)
        // Windows are looked up directly: no longer than the chosen table's direct lookups.
        span = try args.int(Self.span, default: 5, in: 2...(scoring.tables.choices.first?.maxLength ?? 12))
        mean = args.has(Self.mean)
        quiet = args.has(Self.quiet)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let estimator = try scoring.tables.estimator()
        let span = self.span
        if mean {
            return try writeRowsPerSequence(scoring, terminal, command: Self.name, quiet: quiet,
                                            columns: Self.meanColumns) { sequence, m, writer throws(ScoringError) in
                let local = try estimator.localComplexity(of: sequence, alphabet: m, span: span)
                writer.write(Mean(sequence: sequence, alphabet: m, span: span, windows: local.windows.count, meanK: local.mean))
            }
        }
        return try writeRowsPerSequence(scoring, terminal, command: Self.name, quiet: quiet,
                                        columns: Self.windowColumns) { sequence, m, writer throws(ScoringError) in
            let local = try estimator.localComplexity(of: sequence, alphabet: m, span: span)
            for (i, k) in local.windows.enumerated() {
                writer.write(Window(sequence: sequence, alphabet: m, span: span, start: i, K: k))
            }
        }
    }
}
