import Enumeration
import Scoring
import Synchronization

/// The `ResponseScorer` over the project's tables, through the scoring API
/// (`ComplexityEstimator`). The only file of this module that knows that API.
///
/// A response is scored with the table of its task's POSSIBLE alphabet (docs/formalism.md §6): the
/// estimator is given `Alphabet(task.alphabet)`, never an alphabet inferred from the symbols
/// the response happens to use. A task whose table an in-memory estimator was not given comes
/// back as `tableNotLoaded`, with the estimator's message. 2-D tasks (a grid) are scored with
/// the exact 2-D table (`GridComplexityTable`, loaded on first use): the response's cells,
/// row by row, are the array. Relabelling a grid by first appearance may complement it, which
/// changes no K (D(s) = D(~s) by construction), so the pattern is all a grid task needs too.
/// Its reference is every array of the shape with the SD divided by n - 1, as the 2017 study
/// computed the grid task's z (mean 17.00777, SD 1.08340 with the exact (5,2) table), whatever
/// convention the string tasks use. z itself is the pipeline's (`UniformProducerReference.zScore`).
public struct TableResponseScorer: ResponseScorer {
    let estimator: ComplexityEstimator
    let grids: GridTables
    /// Where the table files are; nil for an estimator over tables in memory.
    let directory: String?

    init(estimator: ComplexityEstimator, gridDirectory: String? = nil, gridTable: GridTableDescriptor = .defaultTable) {
        self.estimator = estimator
        grids = GridTables(directory: gridDirectory, descriptor: gridTable)
        directory = gridDirectory
    }

    /// Finds the tables as every `acss` command does (`--tables`, `$ACSS_DATA`, ./data, ...);
    /// `tables` replaces an alphabet's default table (D(6) for the binary tasks), `gridTable`
    /// the default 2-D table.
    public init(tablesDirectory: String?, using tables: [TableDescriptor] = [],
                gridTable: GridTableDescriptor = .defaultTable) throws(ScoringUnavailable) {
        do {
            let locator = TableLocator(explicitDirectory: tablesDirectory)
            estimator = try ComplexityEstimator(locator: locator, using: tables)
            let directory = try locator.locate()
            grids = GridTables(directory: directory, descriptor: gridTable)
            self.directory = directory
        } catch {
            throw ScoringUnavailable(.failed, error.description)
        }
    }

    public func provenance(ofTables names: [String]) -> [TableFileRecord] {
        guard let directory else { return [] }
        var seen = Set<String>()
        return names.filter { seen.insert($0).inserted }.compactMap { name in
            guard let p = try? TableProvenance.read(table: name, directory: directory) else { return nil }
            return TableFileRecord(name: p.name, file: p.file, sha256: p.sha256, space: p.space, stepCap: p.stepCap,
                                   machines: p.machines, samples: p.samples, halting: p.halting)
        }
    }

    static func unavailable(_ error: ScoringError) -> ScoringUnavailable {
        switch error {
        case .tableNotLoaded: return ScoringUnavailable(.tableNotLoaded, error.description)
        case .tableMissing: return ScoringUnavailable(.tableMissing, error.description)
        case .tableUnreadable, .tableMismatch: return ScoringUnavailable(.tableUnusable, error.description)
        case .referenceUnavailable: return ScoringUnavailable(.noReference, error.description)
        case .notInTable, .arrayNotInTable: return ScoringUnavailable(.notInTable, error.description)
        case .gridReferenceUnavailable: return ScoringUnavailable(.noReference, error.description)
        default: return ScoringUnavailable(.failed, error.description)
        }
    }

    /// The 2-D table of the grid tasks, loaded once on first use.
    final class GridTables: Sendable {
        let directory: String?
        let descriptor: GridTableDescriptor
        private let loaded = Mutex<Result<GridComplexityTable, ScoringError>?>(nil)

        init(directory: String?, descriptor: GridTableDescriptor) {
            self.directory = directory
            self.descriptor = descriptor
        }

        func table() throws(ScoringError) -> GridComplexityTable {
            let result = loaded.withLock { cached in
                if let cached { return cached }
                let r: Result<GridComplexityTable, ScoringError>
                do throws(ScoringError) {
                    r = .success(try GridComplexityTable(locator: TableLocator(explicitDirectory: directory), descriptor: descriptor))
                } catch {
                    r = .failure(error)
                }
                cached = r
                return r
            }
            return try result.get()
        }
    }

    static func array(_ pattern: [UInt8], _ shape: StudyTask.GridShape, text: String) throws(ScoringError) -> PackedGrid {
        guard pattern.count == shape.rows * shape.columns, pattern.count <= PackedGrid.maxArea, pattern.allSatisfy({ $0 <= 1 }) else {
            throw .invalidArray(text, reason: "a \(shape) grid has \(shape.rows * shape.columns) cells of 2 colours")
        }
        var bits: UInt64 = 0
        for (i, cell) in pattern.enumerated() where cell == 1 { bits |= 1 << UInt64(i) }
        return PackedGrid(rows: shape.rows, columns: shape.columns, bits: bits)
    }

    public func reference(for task: StudyTask, length: Int, convention: DeviationConvention) -> Result<UniformProducerReference, ScoringUnavailable> {
        if let shape = task.grid {
            do throws(ScoringError) {
                let table = try grids.table()
                let r = try table.reference(rows: shape.rows, columns: shape.columns)
                return .success(UniformProducerReference(table: table.descriptor.name, mean: r.mean,
                                                         standardDeviation: r.sampleStandardDeviation, convention: .arrays,
                                                         length: shape.rows * shape.columns, alphabet: 2, coverage: r.coverage))
            } catch {
                return .failure(TableResponseScorer.unavailable(error))
            }
        }
        do throws(ScoringError) {
            let alphabet = try Alphabet(task.alphabet)
            let reference = try estimator.uniformReference(length: length, alphabet: alphabet)
            let table = try estimator.table(for: alphabet)
            let deviation = convention == .patterns ? reference.patternSampleStandardDeviation : reference.standardDeviation
            return .success(UniformProducerReference(table: table.name, mean: reference.mean,
                                                     standardDeviation: deviation, convention: convention == .patterns ? .patterns : .strings,
                                                     length: length, alphabet: task.alphabet,
                                                     coverage: reference.coverage))
        } catch {
            return .failure(TableResponseScorer.unavailable(error))
        }
    }

    public func score(pattern: [UInt8], text: String, task: StudyTask) -> Result<ComplexityScore, ScoringUnavailable> {
        if let shape = task.grid {
            do throws(ScoringError) {
                let score = try grids.table().score(try Self.array(pattern, shape, text: text), text: text, minimumCoverage: 0)
                return .success(ComplexityScore(
                    complexity: score.complexity, probability: score.probability, method: .ctm, table: score.table.name,
                    percentile: score.percentile ?? .nan, probRandom: score.probRandom))
            } catch {
                return .failure(TableResponseScorer.unavailable(error))
            }
        }
        guard let normalized = Pattern(normalized: pattern) else {
            return .failure(ScoringUnavailable(.failed, "internal error: '\(text)' was not relabelled by first appearance"))
        }
        do throws(ScoringError) {
            let alphabet = try Alphabet(task.alphabet)
            // Every response gets its z: the study applies the coverage rule per task, to the
            // composite (`StudyOptions.minimumCoverage`), and reports the coverage.
            let score = try estimator.score(pattern: normalized, text: text, options: ScoreOptions(alphabet: alphabet, minimumCoverage: 0))
            return .success(ComplexityScore(
                complexity: score.complexity, probability: score.probability ?? .nan,
                method: score.method == .ctm ? .ctm : .bdm, table: score.table.name,
                percentile: score.percentile ?? .nan,
                probRandom: score.probRandom ?? .nan))
        } catch {
            return .failure(TableResponseScorer.unavailable(error))
        }
    }
}
