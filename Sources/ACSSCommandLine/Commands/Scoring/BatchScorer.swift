import Foundation
import Scoring
import TextInput

/// Scores lines and writes rows. Every measure depends only on a string's pattern, so the
/// rendered row after the string field is cached by packed pattern: a batch of a million
/// coin-toss sequences computes each distinct pattern once and copies bytes for the rest.
struct BatchScorer {
    let estimator: ComplexityEstimator
    let options: ScoreOptions
    let terminal: Terminal
    let batch: Bool
    private let out: OutputBuffer
    private let writer: RowWriter<Score>
    private let failures: RowFailures
    private var normalizer = BytePatternNormalizer()
    private var cache: [UInt64: CachedRow] = [:]
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

    init(estimator: ComplexityEstimator, options: ScoreOptions, terminal: Terminal, format: OutputFormat, batch: Bool,
         idColumn: String? = nil) {
        self.estimator = estimator
        self.options = options
        self.terminal = terminal
        self.batch = batch
        out = OutputBuffer(terminal)
        writer = RowWriter(format: format, columns: ScoreCommand.columns, out: out, idColumn: idColumn)
        failures = RowFailures(terminal, command: "score")
    }

    mutating func score(_ input: InputRow) {
        rows += 1
        let line = input.bytes, number = input.number
        writer.currentID = input.id
        if let problem = input.problem {
            failures.report(problem, line: number, batch: batch)
            writer.writeFailure(input.shown, error: problem)
            return
        }
        if writer.format != .table, !line.isEmpty, line.allSatisfy(BytePatternNormalizer.isPlainSymbol) {
            let normalized = normalizer.normalize(line)
            if case .unpacked = normalized {
                // Too long to cache (more than 15 symbols): scored from the relabelled bytes,
                // without a string per symbol, so a line of millions of symbols stays cheap.
                let text = String(decoding: line, as: UTF8.self)
                do {
                    let score = try estimator.score(pattern: normalizer.pattern, text: text, options: options)
                    record(score)
                    writer.write(score)
                } catch {
                    fail(text: text, error: error, number: number)
                }
                return
            }
            if case .key(let key) = normalized {
                if let cached = cache[key] {
                    emit(cached, text: line)
                    return
                }
                let text = String(decoding: line, as: UTF8.self)
                do {
                    let score = try estimator.score(pattern: normalizer.pattern, text: text, options: options)
                    let row = CachedRow(tail: Array(writer.tail(writer.cells(score).dropFirst()).utf8),
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
            writer.write(score)
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
            out.append(writer.idField)
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
        writer.writeFailure(text, error: error.description)
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
