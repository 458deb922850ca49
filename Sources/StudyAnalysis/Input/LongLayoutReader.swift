import Foundation
import TextInput

/// Reads the long layout: a CSV file with one response per row.
///
/// Columns (header names are matched without regard to case or surrounding spaces):
/// `participant_id`, `task`, `response` are required; `trial`, `rt_s` (seconds), `age`
/// (years) and `published_z` are optional; every other column is a covariate of the
/// participant (its first non-empty value is kept), usable with `--group-by`.
///
/// Row checks, each reported with the line number and the value, the row skipped:
/// malformed CSV, a wrong number of fields, an empty participant id, an unknown task, an age
/// or response time that is not a number. The response itself is checked against its task
/// later, when it is scored (`ResponseReader`), so that all checks of a response live in one
/// place.
public enum LongLayoutReader {
    static let requiredColumns = ["participant_id", "task", "response"]
    static let optionalColumns = ["trial", "rt_s", "age", "published_z"]

    public static func read(path: String, registry: TaskRegistry) throws(StudyInputError) -> StudyInput {
        let bytes = try StudyInputError.readBytes(path)
        return try read(bytes: bytes, registry: registry, source: path)
    }

    static func read(bytes: [UInt8], registry: TaskRegistry, source: String) throws(StudyInputError) -> StudyInput {
        let taskIndex = Dictionary(uniqueKeysWithValues: registry.tasks.enumerated().map { ($1.name, $0) })
        return try StudyInputBuilder.read(
            bytes, dialect: .csv, source: source, malformedRow: "malformed CSV",
            emptyFile: "\(source): the file is empty (expected a header with participant_id, task, response)"
        ) { (line, fields) throws(StudyInputError) in
            let names = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            var columns: [String: Int] = [:]
            for (i, n) in names.enumerated() {
                if columns[n] != nil { throw .badHeader("\(source): line \(line): column '\(n)' appears twice in the header") }
                columns[n] = i
            }
            let missing = requiredColumns.filter { columns[$0] == nil }
            if !missing.isEmpty {
                throw .badHeader("\(source): line \(line): the header lacks \(missing.map { "'\($0)'" }.joined(separator: ", ")); a long-layout file needs the columns participant_id, task, response (optional: trial, rt_s, age, published_z, any covariates); found: \(fields.joined(separator: ", "))")
            }
            let covariateColumns = names.indices.filter { !requiredColumns.contains(names[$0]) && !optionalColumns.contains(names[$0]) }
            let builder = StudyInputBuilder(registry: registry, covariateNames: covariateColumns.map { fields[$0].trimmingCharacters(in: .whitespaces) },
                                            source: source, layout: .long)
            let id = columns["participant_id"]!, taskColumn = columns["task"]!, response = columns["response"]!
            return (builder, { (builder, line, fields) throws(RowProblem) in
                guard fields.count == names.count else {
                    throw RowProblem("\(fields.count) fields, expected \(names.count) (\(names.joined(separator: ",")))")
                }
                let participantID = fields[id].trimmedField
                guard !participantID.isEmpty else { throw RowProblem("empty participant_id") }
                let taskName = fields[taskColumn].trimmedField
                guard let task = taskIndex[taskName] else {
                    throw RowProblem("unknown task '\(taskName)'; the registry \(registry.name) has \(registry.tasks.map(\.name).joined(separator: ", "))")
                }
                let age = try columns["age"].map { c throws(RowProblem) in try StudyInputBuilder.parseAge(fields[c]) } ?? nil
                let seconds = try columns["rt_s"].map { c throws(RowProblem) in try StudyInputBuilder.parseNumber(fields[c], what: "rt_s") } ?? .nan
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
