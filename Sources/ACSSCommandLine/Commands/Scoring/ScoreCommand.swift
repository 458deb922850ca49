import Foundation
import TextInput
import Scoring

/// `acss score`: K, D and every ACSS measure of strings, one row per string.
struct ScoreCommand: Command {
    static let name = "score"
    static let abstract = "score strings: K, D, likelihoods, z, entropy, alternations, change complexity"
    static let prior = Option("--prior", "P", "prior probability of a random source for prob_random, strictly between 0 and 1 (default 0.5)")
    static let strict = Flag("--strict", "no BDM: strings the table does not cover are errors")
    static let changeComplexity = Option("--change-complexity", "R", "reading of change complexity: ag (default, Aksentijevic & Gibson's levels) or acss (acss 0.3-2's code)")
    static let quiet = Flag("--quiet", "no notes or warnings on standard error (failures are still reported)")
    static let forceZ = Flag("--force-z", "show z and percentile even where the table covers less than 99% of the strings of the length (a truncated scale)")
    static let options: [any OptionDeclaration] = ScoringInput.options + [prior, strict] + DecompositionOptions.options
        + [changeComplexity, forceZ, GridScoring.flag, GridScoring.shape, quiet]

    static let usage = "acss score [options] STRING...    or    acss score [options] -  (one string per line on stdin)"
    static let summary = "Score sequences: algorithmic complexity K (Coding Theorem Method), D, likelihoods, z against random strings, and the usual companions."
    static var details: String {
        """
        A string is one symbol per character (HTHHTHTT, 123321, emoji too) or symbols separated
        by commas or spaces ("10,3,4", "heads tails tails"). Give --alphabet: it is the number of
        symbols that COULD appear (2 for a coin, 6 for a die), not the number that did.

        Examples:
          acss score --alphabet 2 HTHHTHTT
          acss score --alphabet 2 HTHTHTHT HHHHTTTT --format csv
          acss score --alphabet 2 - < responses.txt > scores.csv --format csv
          acss score --alphabet 2 --prior 0.8 HTHHTHTT
          acss score --alphabet 2 --strict HTHHTHTTHTHHTTHTTH     # error instead of BDM
          acss score --alphabet 2 --input data.csv --column response --id-column participant_id --format csv
          acss score --2d 000/010/000 111/000/111               # binary arrays, exact 2-D table
          acss score --2d --shape 3x3 000010000                 # the 2017 grid task's flattened grids
          acss score --2d --input matrix.csv                    # one 0/1 matrix, cells separated by commas

        Strings longer than the table (12 symbols) get a BDM estimate (method=bdm) unless
        --strict. z and percentile are left empty, with a note, where the table covers less
        than 99% of the strings of that length (sampled tables at lengths 11-12): the
        reference would be a truncated scale (--force-z shows them). Change complexity is
        computed up to 100,000 symbols (10,000 with --change-complexity acss), and so is lz76
        (Lempel-Ziv 1976 complexity, Kaspar-Schuster count). Columns (csv/tsv/json): \(columns.map(\.name).joined(separator: ","))
        (see docs/scoring.md). With --2d, arrays up to the 2-D table's 20 cells (4x5) are scored
        exactly (K_se 0); z and percentile are against every array of the same shape (SD with
        n - 1); entropy is that of the cells; the string-only columns stay empty. Exit status: 0 all scored, 1 some strings failed (the others
        are still written), 2 usage error or missing tables.
        """
    }

    static let columns = ScoringColumns.score

    let scoring: ScoringInput
    let options: ScoreOptions
    let quiet: Bool
    let grid: GridScoring?

    init(_ args: ParsedArguments) throws {
        scoring = try ScoringInput(args)
        var prior = 0.5
        if let text = args.value(Self.prior) {
            guard let p = DecimalNumber.parse(text), p > 0, p < 1 else {
                throw UsageError("invalid value '\(text)' for --prior: expected a probability strictly between 0 and 1, e.g. 0.5")
            }
            prior = p
        }
        let reading = try args.choice(Self.changeComplexity, default: .aksentijevicGibson,
                                      among: [ChangeComplexityReading.aksentijevicGibson, .acss])
        options = try ScoreOptions(alphabet: scoring.alphabet, prior: prior, strict: args.has(Self.strict),
                                   decomposition: try DecompositionOptions(args).decomposition, changeReading: reading,
                                   minimumCoverage: args.has(Self.forceZ) ? 0 : UniformReference.minimumCoverage)
        quiet = args.has(Self.quiet)
        if args.has(GridScoring.flag) {
            for option in [Self.strict] where args.has(option) { throw UsageError("\(option.name) applies to strings; --2d arrays are always scored from the table") }
            grid = try GridScoring(args, scoring: scoring, prior: prior,
                                   minimumCoverage: args.has(Self.forceZ) ? 0 : UniformReference.minimumCoverage)
        } else {
            if args.value(GridScoring.shape) != nil { throw UsageError("--shape applies to --2d (arrays)") }
            if scoring.tables.gridChoice != nil { throw UsageError("--table \(args.value(TableSource.table)!) is a 2-D table: give --2d to score arrays") }
            grid = nil
        }
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if let grid { return try grid.run(terminal, quiet: quiet) }
        let estimator = try scoring.tables.estimator()
        if let alphabet = scoring.alphabet {
            // A table that exists but is broken is the user's environment, not a row's fault.
            do { try estimator.preload(alphabet) } catch {
                if case .tableNotLoaded = error {} else { throw error }
            }
        }
        let input = scoring.input
        var scorer = BatchScorer(estimator: estimator, options: options, terminal: terminal, format: scoring.format,
                                 batch: input.isBatch, idColumn: scoring.selection?.idColumn)
        if case .arguments(let strings) = input, strings.count > 1, strings.allSatisfy({ $0.count == 1 }), !quiet {
            terminal.error("acss score: note: \(strings.count) one-symbol strings were given, each scored on its own; to score one sequence written with spaces, quote it: acss score \"\(strings.joined(separator: " "))\"")
        }
        if case .arguments(let strings) = input, strings.count == 1, scoring.format == .table {
            return scorer.scoreOneVertically(strings[0], quiet: quiet)
        }
        try input.forEachRow(terminal, selection: scoring.selection) { row in scorer.score(row) }
        return scorer.finish(quiet: quiet)
    }
}
