import Foundation
import TextInput

/// A problem with one line of an input file: reported with its line number, the line skipped,
/// the rest processed.
public struct InputIssue: Sendable, Equatable, CustomStringConvertible {
    let line: Int
    let message: String
    /// Whether the row was left out (false: a warning, the row was used).
    let skipped: Bool

    init(line: Int, message: String, skipped: Bool = true) {
        self.line = line
        self.message = message
        self.skipped = skipped
    }

    public var description: String { "line \(line): \(message)" + (skipped ? " (row skipped)" : "") }
}

/// The raw material of a study after reading, before any scoring: participants (with age and
/// covariates), their responses, and the problems found on the way.
///
/// Invariants the readers guarantee: every response names a participant index and a task
/// index that exist; `participants[i].covariates` lines up with `covariateNames`; a
/// participant has at most one age (the first valid one; a conflicting later age is an issue).
public struct StudyInput: Sendable {
    public struct Participant: Sendable {
        var id: String
        /// Years; nil when not given (`NA`, empty).
        public var age: Double?
        var covariates: [String]
        /// The participant's score and total time as a file published them (the wide layout's
        /// overall `K` and `RT` columns, reported as `published_K` and `published_RT`): kept
        /// to compare with ours, never covariates. NaN when not given.
        var publishedComposite = Double.nan
        var publishedResponseSeconds = Double.nan
    }

    public struct Response: Sendable {
        /// Indices in `participants` and in the registry's tasks.
        var participant, task: Int
        /// The trial label (long layout) and the response as written.
        var trial, text: String
        /// Response time in seconds (NaN when not given).
        var responseSeconds: Double
        /// A z-score published with the data (the wide layout's `task.K`), NaN when none.
        var publishedZ: Double
        /// Line of the input file.
        var line: Int
    }

    var registry: TaskRegistry
    public var participants: [Participant] = []
    public var responses: [Response] = []
    public var covariateNames: [String] = []
    var issues: [InputIssue] = []
    /// Task names of the data that the registry does not have: their rows (all skipped) and
    /// the first line. A whole task lost this way is reported beyond its rows' issues.
    var unknownTasks: [String: (rows: Int, firstLine: Int)] = [:]
    /// Problems of the file as a whole that leave its rows in (response times that look like
    /// milliseconds).
    public var warnings: [String] = []
    /// Records read, malformed ones included (header excluded).
    public internal(set) var rowsRead = 0
    var source: String = ""
    var layout = Layout.long

    /// The two file layouts the readers know (`LongLayoutReader`, `WideLayoutImporter`).
    enum Layout: String, Sendable {
        case long, wide
    }

    init(registry: TaskRegistry) { self.registry = registry }

    var skippedRows: Int { issues.filter(\.skipped).count }
}

/// Why one row of an input file is left out; the readers report it with the row's line and
/// read on.
struct RowProblem: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// Builds a `StudyInput` participant by participant, checking what is common to both layouts.
struct StudyInputBuilder {
    var input: StudyInput
    private var participantIndex: [String: Int] = [:]

    init(registry: TaskRegistry, covariateNames: [String], source: String, layout: StudyInput.Layout) {
        input = StudyInput(registry: registry)
        input.covariateNames = covariateNames
        input.source = source
        input.layout = layout
    }

    /// Reads one row of a layout into the builder, or says why the row is left out.
    typealias RowReader = (_ builder: inout StudyInputBuilder, _ line: Int, _ fields: [String]) throws(RowProblem) -> Void

    /// The reading loop of both layouts. The first record is the header: `header` checks it
    /// and returns the builder and the layout's row reader (or a `.badHeader`). Every later
    /// record is a row, counted in `rowsRead`; a malformed record or a row the reader rejects
    /// becomes an `InputIssue` with its line, and reading goes on.
    static func read(_ bytes: [UInt8], dialect: DelimitedText.Dialect, source: String, malformedRow: String, emptyFile: String,
                     header: (_ line: Int, _ fields: [String]) throws(StudyInputError) -> (StudyInputBuilder, RowReader)) throws(StudyInputError) -> StudyInput {
        var state: (builder: StudyInputBuilder, row: RowReader)?
        var headerError: StudyInputError?
        DelimitedText.parse(bytes, dialect: dialect) { record in
            if headerError != nil { return }
            guard state != nil else {
                switch record {
                case .malformed(let line, let message):
                    headerError = .badHeader("\(source): the header (line \(line)) is malformed: \(message)")
                case .fields(let line, let fields):
                    do throws(StudyInputError) { state = try header(line, fields) } catch { headerError = error }
                }
                return
            }
            state!.builder.input.rowsRead += 1
            switch record {
            case .malformed(let line, let message):
                state!.builder.input.issues.append(InputIssue(line: line, message: "\(malformedRow): \(message)"))
            case .fields(let line, let fields):
                let row = state!.row
                do throws(RowProblem) { try row(&state!.builder, line, fields) } catch {
                    state!.builder.input.issues.append(InputIssue(line: line, message: error.message))
                }
            }
        }
        if let headerError { throw headerError }
        guard let state else { throw .badHeader(emptyFile) }
        var input = state.builder.input
        if let warning = millisecondsWarning(input.responses.map(\.responseSeconds).filter { !$0.isNaN }, source: source) {
            input.warnings.append(warning)
        }
        return input
    }

    /// Response times in seconds whose median is above 1000 s (17 minutes for one short
    /// sequence) are almost surely milliseconds: jsPsych and PsychoPy's `rt` are.
    static func millisecondsWarning(_ seconds: [Double], source: String) -> String? {
        guard !seconds.isEmpty else { return nil }
        let sorted = seconds.sorted()
        let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        guard median > millisecondsThreshold else { return nil }
        return "\(source): the median response time is \(NumberText.years(median)) s: these look like milliseconds (as jsPsych's rt); name the column rt_ms (or --columns rt_ms=NAME) to read them as milliseconds, otherwise the impossible-time flags and time summaries are wrong"
    }

    /// Above this median (seconds), response times are taken to be milliseconds.
    static let millisecondsThreshold = 1000.0

    /// Parses an age cell: empty and NA (any case) are missing; anything else must be a
    /// decimal number of years in 0...130 (`DecimalNumber`: `0x19` is not 25). The message
    /// names the value.
    static func parseAge(_ text: String) throws(RowProblem) -> Double? {
        let t = text.trimmedField
        if t.isMissingValue { return nil }
        guard let v = DecimalNumber.parse(t), v.isFinite else { throw RowProblem("age '\(t)' is not a number (years in decimal, e.g. 25 or 7.5)") }
        guard v > 0, v <= 130 else { throw RowProblem("age '\(t)' is not a plausible age in years (expected more than 0 and at most 130)") }
        return v
    }

    /// Parses an optional number cell (response time, published z): empty and NA are missing (NaN).
    static func parseNumber(_ text: String, what: String) throws(RowProblem) -> Double {
        let t = text.trimmedField
        if t.isMissingValue { return .nan }
        guard let v = DecimalNumber.parse(t), v.isFinite else { throw RowProblem("\(what) '\(t)' is not a number (decimal, e.g. 3.25)") }
        return v
    }

    /// The index of participant `id`, adding it on first sight. A second, different age is a
    /// problem (the row is skipped: which age is right cannot be known).
    mutating func participant(id: String, age: Double?, covariates: [String]) throws(RowProblem) -> Int {
        if let i = participantIndex[id] {
            if let age {
                if let known = input.participants[i].age {
                    if known != age {
                        throw RowProblem("participant '\(id)' has age \(NumberText.years(age)) here but \(NumberText.years(known)) on an earlier line")
                    }
                } else {
                    input.participants[i].age = age
                }
            }
            for (k, v) in covariates.enumerated() where input.participants[i].covariates[k].isEmpty && !v.isEmpty {
                input.participants[i].covariates[k] = v
            }
            return i
        }
        let i = input.participants.count
        participantIndex[id] = i
        input.participants.append(StudyInput.Participant(id: id, age: age, covariates: covariates))
        return i
    }
}
