import Foundation
import TextInput

/// Imports the wide layout of the public lifespan data of Gauvrit et al. (2017): one row per
/// participant, fields separated by spaces, strings quoted, `NA` for missing values, as R's
/// `write.table` writes them. Columns:
///
///     sex age field language education paranormal toss.K toss.RT grid.K grid.RT guess.K
///     guess.RT roll.K roll.RT spot.K spot.RT K toss guess roll spot grid RT
///
/// For each task of the registry, column `TASK` holds the response, `TASK.K` the published
/// z-score (kept as `published_z`, to compare with ours) and `TASK.RT` the response time in
/// seconds. `age` is the age; the overall `K` (the published participant score, the mean of
/// the task z) and `RT` (total time) are kept as `published_K` and `published_RT`, to compare
/// with ours and out of the covariates (a published score is not a property of the person
/// to group by); every other column (sex, field, ...) is a covariate. When data rows have one field more than the header, the first is R's row
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

    static func read(bytes: [UInt8], registry: TaskRegistry, source: String) throws(StudyInputError) -> StudyInput {
        try StudyInputBuilder.read(
            bytes, dialect: .whitespace, source: source, malformedRow: "malformed row",
            emptyFile: "\(source): the file is empty (expected a header line naming age and the task columns)"
        ) { (line, names) throws(StudyInputError) in
            guard let ageColumn = names.firstIndex(of: "age") else {
                throw .badHeader("\(source): line \(line): the wide layout needs an 'age' column; found: \(names.joined(separator: " "))")
            }
            var taskColumns: [(task: Int, response: Int, z: Int?, rt: Int?)] = []
            var used: Set<Int> = [ageColumn]
            for (t, task) in registry.tasks.enumerated() {
                guard let r = names.firstIndex(of: task.name) else { continue }
                let z = names.firstIndex(of: task.name + ".K")
                let rt = names.firstIndex(of: task.name + ".RT")
                taskColumns.append((t, r, z, rt))
                used.formUnion([r, z, rt].compactMap { $0 })
            }
            let publishedComposite = names.firstIndex(of: "K")
            let publishedTime = names.firstIndex(of: "RT")
            used.formUnion([publishedComposite, publishedTime].compactMap { $0 })
            guard !taskColumns.isEmpty else {
                throw .badHeader("\(source): line \(line): no column is named after a task of the registry \(registry.name) (\(registry.tasks.map(\.name).joined(separator: ", ")))")
            }
            let covariateColumns = names.indices.filter { !used.contains($0) }
            let builder = StudyInputBuilder(registry: registry, covariateNames: covariateColumns.map { names[$0] },
                                            source: source, layout: .wide)
            return (builder, { (builder, line, fields) throws(RowProblem) in
                var fields = fields
                var id = "row\(builder.input.rowsRead)"
                if fields.count == names.count + 1 {
                    id = fields.removeFirst()
                } else if fields.count != names.count {
                    throw RowProblem("\(fields.count) fields, expected \(names.count) (or \(names.count + 1) with a row name)")
                }
                let age = try StudyInputBuilder.parseAge(fields[ageColumn])
                var parsed: [(task: Int, text: String, z: Double, rt: Double)] = []
                for c in taskColumns {
                    let text = fields[c.response]
                    if text == "NA" { continue }
                    let z = try c.z.map { zc throws(RowProblem) in try StudyInputBuilder.parseNumber(fields[zc], what: names[zc]) } ?? .nan
                    let rt = try c.rt.map { rc throws(RowProblem) in try StudyInputBuilder.parseNumber(fields[rc], what: names[rc]) } ?? .nan
                    parsed.append((c.task, text, z, rt))
                }
                let covariates = covariateColumns.map { fields[$0] == "NA" ? "" : fields[$0] }
                let composite = try publishedComposite.map { c throws(RowProblem) in try StudyInputBuilder.parseNumber(fields[c], what: "K") } ?? .nan
                let time = try publishedTime.map { c throws(RowProblem) in try StudyInputBuilder.parseNumber(fields[c], what: "RT") } ?? .nan
                let p = try builder.participant(id: id, age: age, covariates: covariates)
                builder.input.participants[p].publishedComposite = composite
                builder.input.participants[p].publishedResponseSeconds = time
                for r in parsed {
                    builder.input.responses.append(StudyInput.Response(
                        participant: p, task: r.task, trial: "", text: r.text,
                        responseSeconds: r.rt, publishedZ: r.z, line: line))
                }
            })
        }
    }
}
