import Foundation
import Scoring

/// `acss score`: K, D and every ACSS measure of strings, one row per string.
enum ScoreCommand {
    static let options: [Arguments.Option] = ScoringOptions.common + [
        .value("--prior", "P", "prior probability of a random source for prob_random, strictly between 0 and 1 (default 0.5)"),
        .flag("--strict", "no BDM: strings the table does not cover are errors"),
    ] + ScoringOptions.decompositionOptions + [
        .value("--change-complexity", "R", "reading of change complexity: ag (default, Aksentijevic & Gibson's levels) or acss (acss 0.3-2's code)"),
        .flag("--quiet", "no notes or warnings on standard error (failures are still reported)"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss score [options] STRING...    or    acss score [options] -  (one string per line on stdin)",
        summary: "Score sequences: algorithmic complexity K (Coding Theorem Method), D, likelihoods, z against random strings, and the usual companions.",
        options: options,
        details: """
        A string is one symbol per character (HTHHTHTT, 123321, emoji too) or symbols separated
        by commas or spaces ("10,3,4", "heads tails tails"). Give --alphabet: it is the number of
        symbols that COULD appear (2 for a coin, 6 for a die), not the number that did.

        Examples:
          acss score --alphabet 2 HTHHTHTT
          acss score --alphabet 2 HTHTHTHT HHHHTTTT --format csv
          acss score --alphabet 2 - < responses.txt > scores.csv --format csv
          acss score --alphabet 2 --prior 0.8 HTHHTHTT
          acss score --alphabet 2 --strict HTHHTHTTHTHHTTHTTH     # error instead of BDM

        Strings longer than the table (12 symbols) get a BDM estimate (method=bdm) unless
        --strict. Columns (csv/tsv/json): \(columns.map(\.name).joined(separator: ","))
        (see docs/scoring.md). Exit status: 0 all scored, 1 some strings failed (the others
        are still written), 2 usage error or missing tables.
        """)

    static let columns: [Column] = [
        Column("string"), Column("pattern"), Column("alphabet"), Column("length"),
        Column("K", .fixed(4)), Column("D", .scientific(3)), Column("method"), Column("table"),
        Column("alphabet_source", inTable: false),
        Column("likelihood_d", .scientific(3), inTable: false), Column("likelihood_ratio", .fixed(4), inTable: false),
        Column("prob_random", .fixed(4)), Column("z", .fixed(2)), Column("percentile", .fixed(1)),
        Column("entropy", .fixed(4)), Column("entropy2", .fixed(4), inTable: false),
        Column("alternations"), Column("alternation_rate", .fixed(4), inTable: false),
        Column("change_complexity", .fixed(4)), Column("K_se", .fixed(4), inTable: false),
        Column("note", inTable: false), Column("error", inTable: false),
    ]

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        try run(arguments, terminal, stdin: .fileDescriptor(0))
    }

    static func run(_ arguments: [String], _ terminal: Terminal, stdin: InputSource) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        let format = try OutputFormat.parse(args)
        let input = try InputSource.from(args, stdin: stdin)
        var prior = 0.5
        if let text = args.string("--prior") {
            guard let p = Double(text), p > 0, p < 1 else {
                throw UsageError("invalid value '\(text)' for --prior: expected a probability strictly between 0 and 1, e.g. 0.5")
            }
            prior = p
        }
        let readingText = args.string("--change-complexity") ?? "ag"
        guard let reading = ChangeComplexityReading(rawValue: readingText) else {
            throw UsageError("invalid value '\(readingText)' for --change-complexity: expected ag or acss")
        }
        let decomposition = try ScoringOptions.decomposition(args)
        let alphabet = try ScoringOptions.alphabet(args)
        let scoreOptions = try ScoreOptions(alphabet: alphabet, prior: prior, strict: args.has("--strict"),
                                            decomposition: decomposition, changeReading: reading)
        let estimator = try ScoringOptions.estimator(args)
        if let alphabet {
            // A table that exists but is broken is the user's environment, not a row's fault.
            do { try estimator.preload(alphabet) } catch {
                if case .tableNotBuilt = error {} else { throw error }
            }
        }
        var scorer = BatchScorer(estimator: estimator, options: scoreOptions, terminal: terminal, format: format,
                                 batch: input.isBatch)
        if case .arguments(let strings) = input, strings.count > 1, strings.allSatisfy({ $0.count == 1 }), !args.has("--quiet") {
            terminal.error("acss score: note: \(strings.count) one-symbol strings were given, each scored on its own; to score one sequence written with spaces, quote it: acss score \"\(strings.joined(separator: " "))\"")
        }
        if case .arguments(let strings) = input, strings.count == 1, format == .table {
            return scorer.scoreOneVertically(strings[0], quiet: args.has("--quiet"))
        }
        try input.forEachLine { line, number in scorer.score(line: line, number: number) }
        return scorer.finish(quiet: args.has("--quiet"))
    }
}

/// Scores lines and writes rows. Every measure depends only on a string's pattern, so the
/// rendered row after the string field is cached by packed pattern: a batch of a million
/// coin-toss sequences computes each distinct pattern once and copies bytes for the rest.
struct BatchScorer {
    let estimator: ComplexityEstimator
    let options: ScoreOptions
    let terminal: Terminal
    let batch: Bool
    private let out: OutputBuffer
    private let writer: RowWriter
    private let failures: RowFailures
    private var normalizer = BytePatternNormalizer()
    private var cache: [UInt128: CachedRow] = [:]
    private static let quote: [UInt8] = [UInt8(ascii: "\"")]
    /// ACSS_SCORE_CACHE=0 switches the cache off: for benchmarks that measure the uncached cost.
    private static let cacheLimit = ProcessInfo.processInfo.environment["ACSS_SCORE_CACHE"] == "0" ? 0 : 200_000
    private var rows = 0
    private var inferred: [Int: Int] = [:]
    private var bdmRows = 0
    private var missingInRange = 0

    struct CachedRow {
        let tail: [UInt8]
        let inferredAlphabet: Int?
        let bdm: Bool
        let missingInRange: Bool
    }

    init(estimator: ComplexityEstimator, options: ScoreOptions, terminal: Terminal, format: OutputFormat, batch: Bool) {
        self.estimator = estimator
        self.options = options
        self.terminal = terminal
        self.batch = batch
        out = OutputBuffer(terminal)
        writer = RowWriter(format: format, columns: ScoreCommand.columns, out: out)
        failures = RowFailures(terminal, command: "score")
    }

    /// Bytes that can stand as one symbol each and need no quoting in any format.
    @inline(__always) private static func isPlainSymbol(_ b: UInt8) -> Bool {
        b > 0x20 && b < 0x7F && b != UInt8(ascii: ",") && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\")
    }

    mutating func score(line: UnsafeBufferPointer<UInt8>, number: Int) {
        rows += 1
        if writer.format != .table, !line.isEmpty, line.allSatisfy(Self.isPlainSymbol) {
            if case .key(let key) = normalizer.normalize(line) {
                if let cached = cache[key] {
                    emit(cached, text: line)
                    return
                }
                let text = String(decoding: line, as: UTF8.self)
                do {
                    let score = try estimator.score(pattern: normalizer.pattern, text: text, options: options)
                    let cells = Self.cells(score)
                    let row = CachedRow(tail: Array(writer.tail(cells.dropFirst()).utf8),
                                        inferredAlphabet: score.alphabetInferred ? score.alphabet.size : nil,
                                        bdm: score.method == .bdm,
                                        missingInRange: score.method == .bdm && score.length <= score.table.maxLength)
                    if cache.count < Self.cacheLimit { cache[key] = row }
                    emit(row, text: line)
                } catch {
                    fail(text: text, error: error, number: number)
                }
                return
            }
        }
        let text = String(decoding: line, as: UTF8.self)
        do {
            let sequence = try SymbolSequence(parsing: text)
            let score = try estimator.score(sequence, options: options)
            record(score)
            writer.write(Self.cells(score))
        } catch {
            fail(text: text, error: error, number: number)
        }
    }

    private mutating func emit(_ row: CachedRow, text: UnsafeBufferPointer<UInt8>) {
        if let m = row.inferredAlphabet { inferred[m, default: 0] += 1 }
        if row.bdm { bdmRows += 1 }
        if row.missingInRange { missingInRange += 1 }
        if writer.format == .json {
            // Plain symbols need no JSON escaping either.
            out.append(writer.head(.text("")).dropLast())
            out.append(text)
            out.append(Self.quote)
        } else {
            out.append(text)   // plain symbols need no quoting in csv or tsv
        }
        out.append(row.tail)
        writer.countRow()
    }

    private mutating func record(_ score: Score) {
        if score.alphabetInferred { inferred[score.alphabet.size, default: 0] += 1 }
        if score.method == .bdm {
            bdmRows += 1
            if score.length <= score.table.maxLength { missingInRange += 1 }
        }
    }

    private mutating func fail(text: String, error: ScoringError, number: Int) {
        failures.report(error.description, line: number, batch: batch)
        var cells = [Cell](repeating: .missing, count: ScoreCommand.columns.count)
        cells[0] = .text(text)
        cells[cells.count - 1] = .text(error.description)
        writer.write(cells)
    }

    static func cells(_ s: Score) -> [Cell] {
        func number(_ d: Double?) -> Cell { d.map(Cell.number) ?? .missing }
        return [
            .text(s.text), .text(s.pattern.description), .int(s.alphabet.size), .int(s.length),
            .number(s.complexity), number(s.probability), .text(s.method.rawValue), .text(s.table.name),
            .text(s.alphabetInferred ? "inferred" : "option"),
            number(s.likelihoodD), number(s.likelihoodRatio), number(s.probRandom),
            number(s.zScore), number(s.percentile),
            .number(s.entropy), number(s.bigramEntropy), .int(s.alternations), number(s.alternationRate),
            number(s.changeComplexity), number(s.complexityStandardError),
            s.notes.isEmpty ? .missing : .text(s.notes.joined(separator: "; ")), .missing,
        ]
    }

    /// One string in the human format: one measure per line, with what it means.
    mutating func scoreOneVertically(_ text: String, quiet: Bool) -> Int32 {
        rows = 1
        let score: Score
        do {
            score = try estimator.score(try SymbolSequence(parsing: text), options: options)
        } catch {
            failures.report(error.description, line: 1, batch: false)
            return failures.finish(total: 1)
        }
        record(score)
        func f(_ d: Double?, _ format: String) -> String { d.map { String(format: format, $0) } ?? "-" }
        var lines: [(String, String)] = [
            ("string", score.text),
            ("pattern", score.pattern.description),
            ("alphabet", "\(score.alphabet.size) (\(score.alphabetInferred ? "inferred from the distinct symbols" : "given")), table \(score.table.name)"),
            ("length", String(score.length)),
            ("K", f(score.complexity, "%.4f") + " bits (" + (score.method == .ctm ? "ctm: table lookup" : "bdm: block decomposition")
                + (score.complexityStandardError.map { $0 > 0 ? String(format: ", sampling SE %.4f", $0) : "" } ?? "") + ")"),
            ("D", f(score.probability, "%.4e")),
            ("z", f(score.zScore, "%.2f") + " (vs all random strings of this length)"),
            ("percentile", f(score.percentile, "%.1f") + " (% of random strings simpler)"),
            ("likelihood_d", f(score.likelihoodD, "%.6g")),
            ("likelihood_ratio", f(score.likelihoodRatio, "%.6g")),
            ("prob_random", f(score.probRandom, "%.4f") + " (prior \(options.prior))"),
            ("entropy", f(score.entropy, "%.4f") + " bits"),
            ("entropy2", f(score.bigramEntropy, "%.4f") + " bits (bigrams)"),
            ("alternations", "\(score.alternations)" + (score.alternationRate.map { String(format: " (rate %.4f)", $0) } ?? "")),
            ("change_complexity", f(score.changeComplexity, "%.4f") + " (\(options.changeReading == .acss ? "acss reading" : "Aksentijevic-Gibson"))"),
        ]
        if !score.notes.isEmpty { lines.append(("note", score.notes.joined(separator: "; "))) }
        let width = lines.map(\.0.count).max()!
        for (k, v) in lines { terminal.print(k + String(repeating: " ", count: width - k.count) + "  " + v) }
        warnings(quiet: quiet)
        return 0
    }

    mutating func finish(quiet: Bool) -> Int32 {
        writer.finish()
        warnings(quiet: quiet)
        return failures.finish(total: rows)
    }

    private func warnings(quiet: Bool) {
        guard !quiet else { return }
        for line in alphabetInferenceWarning(inferred, command: "score") { terminal.error(line) }
        if missingInRange > 0 {
            terminal.error("acss score: warning: \(missingInRange) string\(missingInRange == 1 ? " is" : "s are") short enough for direct lookup but missing from the table (no machine produced \(missingInRange == 1 ? "it" : "them")): the BDM value given instead is not comparable with CTM values of the same length. --strict refuses such strings.")
        }
        let longRows = bdmRows - missingInRange
        if longRows > 0 {
            terminal.error("acss score: note: \(longRows) string\(longRows == 1 ? "" : "s") longer than the table's 12 symbols got a BDM estimate (method bdm, \(options.decomposition)).")
        }
    }
}
