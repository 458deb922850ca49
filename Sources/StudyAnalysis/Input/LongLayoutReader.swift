import Foundation
import TextInput

/// Reads the long layout: a CSV file with one response per row.
///
/// Columns (header names are matched without regard to case or surrounding spaces):
/// `participant_id`, `task`, `response` are required; `trial`, `rt_s` (seconds) or `rt_ms`
/// (milliseconds), `age` (years) and `published_z` are optional; every other column is a
/// covariate of the participant (its first non-empty value is kept), usable with `--group-by`.
/// Fields are separated by commas, semicolons or tabs (detected from the header, or given);
/// a `Format` column map reads other tools' names.
///
/// Row checks, each reported with the line number and the value, the row skipped:
/// malformed CSV, a wrong number of fields, an empty participant id, an unknown task, an age
/// or response time that is not a number. The response itself is checked against its task
/// later, when it is scored (`ResponseReader`), so that all checks of a response live in one
/// place.
public enum LongLayoutReader {
    static let requiredColumns = ["participant_id", "task", "response"]
    static let optionalColumns = ["trial", "rt_s", "rt_ms", "age", "published_z"]
    /// The names `--columns` can map.
    public static let columns = requiredColumns + optionalColumns

    /// How a long file is written, when it is not the default CSV with this project's column
    /// names: the separator (nil: detected from the header, `DelimitedText.detect`) and a map
    /// from this layout's column names to the file's (`participant_id` -> `subject`), for
    /// exports of other tools (jsPsych, PsychoPy, Qualtrics).
    public struct Format: Sendable {
        public var dialect: DelimitedText.Dialect?
        public var columnNames: [String: String]

        public init(dialect: DelimitedText.Dialect? = nil, columnNames: [String: String] = [:]) {
            self.dialect = dialect
            self.columnNames = columnNames
        }

        /// Parses `participant_id=subject,response=stimulus`: each name one of `columns`,
        /// each at most once.
        public init(dialect: DelimitedText.Dialect?, columnMap text: String?) throws(StudyInputError) {
            self.dialect = dialect
            columnNames = [:]
            guard let text else { return }
            for pair in text.split(separator: ",", omittingEmptySubsequences: false) {
                let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                    throw .badHeader("invalid column map entry '\(pair)': expected NAME=COLUMN, e.g. participant_id=subject")
                }
                let name = parts[0].lowercased()
                guard LongLayoutReader.columns.contains(name) else {
                    throw .badHeader("invalid column map entry '\(pair)': '\(parts[0])' is not a column of the long layout (\(LongLayoutReader.columns.joined(separator: ", ")))")
                }
                guard columnNames[name] == nil else { throw .badHeader("the column map names '\(name)' twice") }
                columnNames[name] = parts[1]
            }
        }
    }

    public static func read(path: String, registry: TaskRegistry, format: Format = Format()) throws(StudyInputError) -> StudyInput {
        let bytes = try StudyInputError.readBytes(path)
        return try read(bytes: bytes, registry: registry, source: path, format: format)
    }

    static func read(bytes: [UInt8], registry: TaskRegistry, source: String, format: Format = Format()) throws(StudyInputError) -> StudyInput {
        let taskIndex = Dictionary(uniqueKeysWithValues: registry.tasks.enumerated().map { ($1.name, $0) })
        let dialect = format.dialect ?? DelimitedText.detect(bytes)
        return try StudyInputBuilder.read(
            bytes, dialect: dialect, source: source, malformedRow: "malformed \(dialect == .csv ? "CSV" : "record")",
            emptyFile: "\(source): the file is empty (expected a header with participant_id, task, response)"
        ) { (line, fields) throws(StudyInputError) in
            // The file's names, then the map's renaming to this layout's names.
            let renaming = Dictionary(format.columnNames.map { ($1.lowercased(), $0) }, uniquingKeysWith: { a, _ in a })
            let names = fields.map { field in
                let n = field.trimmingCharacters(in: .whitespaces).lowercased()
                return renaming[n] ?? n
            }
            for (name, column) in format.columnNames where !fields.contains(where: { $0.trimmingCharacters(in: .whitespaces).lowercased() == column.lowercased() }) {
                throw .badHeader("\(source): line \(line): the column map gives '\(column)' for \(name), but the header has no such column; found: \(fields.joined(separator: ", "))")
            }
            var columns: [String: Int] = [:]
            for (i, n) in names.enumerated() {
                if columns[n] != nil { throw .badHeader("\(source): line \(line): column '\(n)' appears twice in the header") }
                columns[n] = i
            }
            let missing = requiredColumns.filter { columns[$0] == nil }
            if !missing.isEmpty {
                let separatorNote = fields.count == 1 && format.dialect == nil
                    ? " (one column only: if the file uses another separator, give --delimiter)" : ""
                throw .badHeader("\(source): line \(line): the header lacks \(missing.map { "'\($0)'" }.joined(separator: ", ")); a long-layout file needs the columns participant_id, task, response (optional: trial, rt_s or rt_ms, age, published_z, any covariates), or a column map (--columns participant_id=subject,response=...); found: \(fields.joined(separator: ", "))\(separatorNote)")
            }
            if columns["rt_s"] != nil && columns["rt_ms"] != nil {
                throw .badHeader("\(source): line \(line): give response times once, as rt_s (seconds) or rt_ms (milliseconds), not both")
            }
            let covariateColumns = names.indices.filter { !requiredColumns.contains(names[$0]) && !optionalColumns.contains(names[$0]) }
            let builder = StudyInputBuilder(registry: registry, covariateNames: covariateColumns.map { fields[$0].trimmingCharacters(in: .whitespaces) },
                                            source: source, layout: .long)
            let id = columns["participant_id"]!, taskColumn = columns["task"]!, response = columns["response"]!
            // Milliseconds are read as seconds here, so everything after speaks seconds.
            let time = columns["rt_s"].map { ($0, "rt_s", 1.0) } ?? columns["rt_ms"].map { ($0, "rt_ms", 0.001) }
            return (builder, { (builder, line, fields) throws(RowProblem) in
                guard fields.count == names.count else {
                    throw RowProblem("\(fields.count) fields, expected \(names.count) (\(names.joined(separator: ",")))")
                }
                let participantID = fields[id].trimmedField
                guard !participantID.isEmpty else { throw RowProblem("empty participant_id") }
                let taskName = fields[taskColumn].trimmedField
                guard let task = taskIndex[taskName] else {
                    let known = builder.input.unknownTasks[taskName]
                    builder.input.unknownTasks[taskName] = ((known?.rows ?? 0) + 1, known?.firstLine ?? line)
                    throw RowProblem("unknown task '\(taskName)'; the registry \(registry.name) has \(registry.tasks.map(\.name).joined(separator: ", "))")
                }
                let age = try columns["age"].map { c throws(RowProblem) in try StudyInputBuilder.parseAge(fields[c]) } ?? nil
                let seconds = try time.map { (c, name, scale) throws(RowProblem) in
                    try StudyInputBuilder.parseNumber(fields[c], what: name) * scale
                } ?? .nan
                let published = try columns["published_z"].map { c throws(RowProblem) in
                    try StudyInputBuilder.parseNumber(fields[c], what: "published_z")
                } ?? .nan
                let p = try builder.participant(id: participantID, age: age, covariates: covariateColumns.map { fields[$0].trimmedField })
                builder.input.responses.append(StudyInput.Response(
                    participant: p, task: task, trial: columns["trial"].map { fields[$0].trimmedField } ?? "",
                    text: fields[response], responseSeconds: seconds, publishedZ: published, line: line))
            })
        }
    }
}

/// Why an input file cannot be read at all (as opposed to single bad rows, which are issues).
public enum StudyInputError: Error, CustomStringConvertible, Equatable {
    case unreadable(String)
    case badHeader(String)

    public var description: String {
        switch self {
        case .unreadable(let m), .badHeader(let m): return m
        }
    }

    static func readBytes(_ path: String) throws(StudyInputError) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable("cannot read '\(path)': " + (FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"))
        }
        defer { try? handle.close() }
        do {
            return [UInt8](try handle.readToEnd() ?? Data())
        } catch {
            throw .unreadable("cannot read '\(path)': \(error.localizedDescription)")
        }
    }
}
