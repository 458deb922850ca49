import Foundation

/// Imports the wide layout of the public lifespan data of Gauvrit et al. (2017): one row per
/// participant, fields separated by spaces, strings quoted, `NA` for missing values, as R's
/// `write.table` writes them. Columns:
///
///     sex age field language education paranormal toss.K toss.RT grid.K grid.RT guess.K
///     guess.RT roll.K roll.RT spot.K spot.RT K toss guess roll spot grid RT
///
/// For each task of the registry, column `TASK` holds the response, `TASK.K` the published
/// z-score (kept as `published_z`, to compare with ours) and `TASK.RT` the response time in
/// seconds. `age` is the age; every other column (sex, field, ..., the overall `K` and `RT`)
/// is a covariate. When data rows have one field more than the header, the first is R's row
/// name and becomes the participant id; otherwise ids are `row1`, `row2`, ... in file order.
///
/// A response `NA` means the participant did not do that task: no response, no issue. A row
/// whose age is not a number, or that has the wrong number of fields, is reported and skipped
/// whole.
public enum WideLayoutImporter {
    public static func read(path: String, registry: TaskRegistry) throws(StudyInputError) -> StudyInput {
        let bytes = try StudyInputError.readBytes(path)
        return try read(bytes: bytes, registry: registry, source: path)
    }

    /// Whether a first line looks like this layout (it names `age` and at least one task
    /// column with its `.K` twin), for `--layout auto`.
    public static func looksWide(headerLine: String, registry: TaskRegistry) -> Bool {
        let names = headerLine.split(whereSeparator: { $0 == " " || $0 == "\t" })
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        return names.contains("age") && registry.tasks.contains { names.contains($0.name) && names.contains($0.name + ".K") }
    }

    public static func read(bytes: [UInt8], registry: TaskRegistry, source: String) throws(StudyInputError) -> StudyInput {
        var header: [String]?
        var builder: StudyInputBuilder?
        var headerError: StudyInputError?
        var ageColumn = 0
        var taskColumns: [(task: Int, response: Int, z: Int?, rt: Int?)] = []
        var covariateColumns: [Int] = []
        var dataRow = 0

        DelimitedText.parse(bytes, dialect: .whitespace) { record in
            if headerError != nil { return }
            guard let names = header else {
                switch record {
                case .malformed(let line, let message):
                    headerError = .badHeader("\(source): the header (line \(line)) is malformed: \(message)")
                case .fields(let line, let fields):
                    guard let a = fields.firstIndex(of: "age") else {
                        headerError = .badHeader("\(source): line \(line): the wide layout needs an 'age' column; found: \(fields.joined(separator: " "))")
                        return
                    }
                    ageColumn = a
                    var used: Set<Int> = [a]
                    for (t, task) in registry.tasks.enumerated() {
                        guard let r = fields.firstIndex(of: task.name) else { continue }
                        let z = fields.firstIndex(of: task.name + ".K")
                        let rt = fields.firstIndex(of: task.name + ".RT")
                        taskColumns.append((t, r, z, rt))
                        used.formUnion([r, z, rt].compactMap { $0 })
                    }
                    guard !taskColumns.isEmpty else {
                        headerError = .badHeader("\(source): line \(line): no column is named after a task of the registry \(registry.name) (\(registry.tasks.map(\.name).joined(separator: ", ")))")
                        return
                    }
                    covariateColumns = fields.indices.filter { !used.contains($0) }
                    header = fields
                    builder = StudyInputBuilder(registry: registry, covariateNames: covariateColumns.map { fields[$0] },
                                                source: source, layout: .wide)
                }
                return
            }
            builder!.input.rowsRead += 1
            dataRow += 1
            switch record {
            case .malformed(let line, let message):
                builder!.input.issues.append(InputIssue(line: line, message: "malformed row: \(message)"))
            case .fields(let line, var fields):
                var id = "row\(dataRow)"
                if fields.count == names.count + 1 {
                    id = fields.removeFirst()
                } else if fields.count != names.count {
                    builder!.input.issues.append(InputIssue(line: line, message: "\(fields.count) fields, expected \(names.count) (or \(names.count + 1) with a row name)"))
                    return
                }
                let age: Double?
                switch StudyInputBuilder.parseAge(fields[ageColumn]) {
                case .success(let a): age = a
                case .failure(let e):
                    builder!.input.issues.append(InputIssue(line: line, message: e.message))
                    return
                }
                var parsed: [(task: Int, text: String, z: Double, rt: Double)] = []
                for c in taskColumns {
                    let text = fields[c.response]
                    if text == "NA" { continue }
                    var z = Double.nan, rt = Double.nan
                    if let zc = c.z {
                        switch StudyInputBuilder.parseNumber(fields[zc], what: "\(names[zc])") {
                        case .success(let v): z = v
                        case .failure(let e): builder!.input.issues.append(InputIssue(line: line, message: e.message)); return
                        }
                    }
                    if let rc = c.rt {
                        switch StudyInputBuilder.parseNumber(fields[rc], what: "\(names[rc])") {
                        case .success(let v): rt = v
                        case .failure(let e): builder!.input.issues.append(InputIssue(line: line, message: e.message)); return
                        }
                    }
                    parsed.append((c.task, text, z, rt))
                }
                let covariates = covariateColumns.map { fields[$0] == "NA" ? "" : fields[$0] }
                guard let p = builder!.participant(id: id, age: age, covariates: covariates, line: line) else { return }
                for r in parsed {
                    builder!.input.responses.append(StudyInput.Response(
                        participant: p, task: r.task, trial: "", text: r.text,
                        responseSeconds: r.rt, publishedZ: r.z, line: line))
                }
            }
        }
        if let headerError { throw headerError }
        guard let builder else { throw .badHeader("\(source): the file is empty (expected a header line naming age and the task columns)") }
        return builder.input
    }
}
