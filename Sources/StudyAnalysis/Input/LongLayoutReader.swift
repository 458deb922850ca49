import Foundation

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
    public static let requiredColumns = ["participant_id", "task", "response"]
    public static let optionalColumns = ["trial", "rt_s", "age", "published_z"]

    public static func read(path: String, registry: TaskRegistry) throws(StudyInputError) -> StudyInput {
        let bytes = try StudyInputError.readBytes(path)
        return try read(bytes: bytes, registry: registry, source: path)
    }

    public static func read(bytes: [UInt8], registry: TaskRegistry, source: String) throws(StudyInputError) -> StudyInput {
        var header: [String]?
        var columns: [String: Int] = [:]
        var builder: StudyInputBuilder?
        var covariateColumns: [Int] = []
        var headerError: StudyInputError?
        let taskIndex = Dictionary(uniqueKeysWithValues: registry.tasks.enumerated().map { ($1.name, $0) })
        var unknownTasks: [String: Int] = [:]

        DelimitedText.parse(bytes, dialect: .csv) { record in
            if headerError != nil { return }
            guard let names = header else {
                switch record {
                case .malformed(let line, let message):
                    headerError = .badHeader("\(source): the header (line \(line)) is malformed: \(message)")
                case .fields(let line, let fields):
                    let normalized = fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                    for (i, n) in normalized.enumerated() {
                        if columns[n] != nil {
                            headerError = .badHeader("\(source): line \(line): column '\(n)' appears twice in the header")
                            return
                        }
                        columns[n] = i
                    }
                    let missing = requiredColumns.filter { columns[$0] == nil }
                    if !missing.isEmpty {
                        headerError = .badHeader("\(source): line \(line): the header lacks \(missing.map { "'\($0)'" }.joined(separator: ", ")); a long-layout file needs the columns participant_id, task, response (optional: trial, rt_s, age, published_z, any covariates); found: \(fields.joined(separator: ", "))")
                        return
                    }
                    header = normalized
                    covariateColumns = normalized.indices.filter { !requiredColumns.contains(normalized[$0]) && !optionalColumns.contains(normalized[$0]) }
                    builder = StudyInputBuilder(registry: registry, covariateNames: covariateColumns.map { fields[$0].trimmingCharacters(in: .whitespaces) },
                                                source: source, layout: .long)
                }
                return
            }
            builder!.input.rowsRead += 1
            switch record {
            case .malformed(let line, let message):
                builder!.input.issues.append(InputIssue(line: line, message: "malformed CSV: \(message)"))
            case .fields(let line, let fields):
                guard fields.count == names.count else {
                    builder!.input.issues.append(InputIssue(line: line, message: "\(fields.count) fields, expected \(names.count) (\(names.joined(separator: ",")))"))
                    return
                }
                let id = fields[columns["participant_id"]!].trimmedField
                guard !id.isEmpty else {
                    builder!.input.issues.append(InputIssue(line: line, message: "empty participant_id"))
                    return
                }
                let taskName = fields[columns["task"]!].trimmedField
                guard let task = taskIndex[taskName] else {
                    unknownTasks[taskName, default: 0] += 1
                    builder!.input.issues.append(InputIssue(line: line, message: "unknown task '\(taskName)'; the registry \(registry.name) has \(registry.tasks.map(\.name).joined(separator: ", "))"))
                    return
                }
                var age: Double?
                if let c = columns["age"] {
                    switch StudyInputBuilder.parseAge(fields[c]) {
                    case .success(let a): age = a
                    case .failure(let e):
                        builder!.input.issues.append(InputIssue(line: line, message: e.message))
                        return
                    }
                }
                var seconds = Double.nan, published = Double.nan
                if let c = columns["rt_s"] {
                    switch StudyInputBuilder.parseNumber(fields[c], what: "rt_s") {
                    case .success(let v): seconds = v
                    case .failure(let e): builder!.input.issues.append(InputIssue(line: line, message: e.message)); return
                    }
                }
                if let c = columns["published_z"] {
                    switch StudyInputBuilder.parseNumber(fields[c], what: "published_z") {
                    case .success(let v): published = v
                    case .failure(let e): builder!.input.issues.append(InputIssue(line: line, message: e.message)); return
                    }
                }
                let covariates = covariateColumns.map { fields[$0].trimmedField }
                guard let p = builder!.participant(id: id, age: age, covariates: covariates, line: line) else { return }
                builder!.input.responses.append(StudyInput.Response(
                    participant: p, task: task, trial: columns["trial"].map { fields[$0].trimmedField } ?? "",
                    text: fields[columns["response"]!], responseSeconds: seconds, publishedZ: published, line: line))
            }
        }
        if let headerError { throw headerError }
        guard let builder else { throw .badHeader("\(source): the file is empty (expected a header with participant_id, task, response)") }
        return builder.input
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
