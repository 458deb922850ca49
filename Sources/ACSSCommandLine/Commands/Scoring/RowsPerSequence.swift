import Scoring
import TextInput

/// The loop `local` and `bdm` share: every input string is parsed, its alphabet given or
/// inferred, and handed to `body` for its rows; a string that fails gets a row with only its
/// text and the error (and a line on stderr). Ends with the failure count and the alphabet
/// warning. Returns the exit status.
func writeRowsPerSequence<Row>(_ scoring: ScoringInput, _ terminal: Terminal, command: String, quiet: Bool,
                               columns: [Column<Row>],
                               _ body: (SymbolSequence, Alphabet, RowWriter<Row>) throws(ScoringError) -> Void) throws -> Int32 {
    let writer = scoring.writer(columns: columns, out: OutputBuffer(terminal))
    let failures = RowFailures(terminal, command: command)
    var inferred: [Int: Int] = [:]
    var total = 0
    try scoring.input.forEachRow(terminal, selection: scoring.selection) { line in
        total += 1
        let number = line.number
        writer.currentID = line.id
        if let message = line.problem {
            failures.report(message, line: number, batch: scoring.input.isBatch)
            writer.writeFailure(line.shown, error: message)
            return
        }
        let text = line.text
        do throws(ScoringError) {
            let sequence = try SymbolSequence(parsing: text)
            let m: Alphabet
            if let alphabet = scoring.alphabet { m = alphabet } else { m = try Alphabet.inferred(for: sequence) }
            try body(sequence, m, writer)
            if scoring.alphabet == nil { inferred[m.size, default: 0] += 1 }
        } catch {
            failures.report(error.description, line: number, batch: scoring.input.isBatch)
            writer.writeFailure(text, error: error.description)
        }
    }
    writer.finish()
    if !quiet {
        for line in alphabetInferenceWarning(inferred, command: command) { terminal.error(line) }
    }
    return failures.finish(total: total)
}

/// Per-row failures of a batch: reported on standard error (the first 20 in full), counted,
/// and turned into exit status 1 at the end.
final class RowFailures {
    private let terminal: Terminal
    private let command: String
    /// What a row scores, in the summary: "string", or "array" for `bdm --2d`.
    private let noun: String
    private(set) var count = 0
    private static let shown = 20

    init(_ terminal: Terminal, command: String, noun: String = "string") {
        self.terminal = terminal
        self.command = command
        self.noun = noun
    }

    func report(_ message: String, line: Int, batch: Bool) {
        count += 1
        if count <= Self.shown {
            terminal.error("acss \(command): " + (batch ? "line \(line): " : "") + message)
        }
    }

    /// Prints the summary; the exit status.
    func finish(total: Int) -> Int32 {
        guard count > 0 else { return 0 }
        if count > Self.shown { terminal.error("acss \(command): ... and \(count - Self.shown) more failed rows") }
        terminal.error("acss \(command): \(count) of \(total) \(noun)\(total == 1 ? "" : "s") failed")
        return 1
    }
}

/// The warning when alphabets were inferred: the guess is wrong whenever a possible symbol
/// did not occur, and it decides the table and the chance level.
func alphabetInferenceWarning(_ inferred: [Int: Int], command: String) -> [String] {
    guard !inferred.isEmpty else { return [] }
    let counts = inferred.keys.sorted().map { "alphabet \($0) for \(inferred[$0]!) string\(inferred[$0]! == 1 ? "" : "s")" }
    var lines = ["acss \(command): warning: no --alphabet given, so each string's alphabet was taken to be its number of distinct symbols (\(counts.joined(separator: ", "))). If more symbols were possible (a die has 6 faces even when a sequence shows only 2), pass --alphabet M: the table, and every value that depends on it, follow the alphabet."]
    if inferred.count > 1 {
        lines.append("acss \(command): warning: these strings were scored with different tables, so their values are not on one scale.")
    }
    return lines
}
