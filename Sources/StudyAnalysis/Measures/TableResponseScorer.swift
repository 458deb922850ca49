import Scoring

/// The `ResponseScorer` over the project's tables, through the scoring API
/// (`ComplexityEstimator`). The only file of this module that knows that API.
///
/// A response is scored with the table of its task's POSSIBLE alphabet (docs/formalism.md §6): the
/// estimator is given `Alphabet(task.alphabet)`, never an alphabet inferred from the symbols
/// the response happens to use. A task whose table an in-memory estimator was not given comes
/// back as `tableNotLoaded`, with the estimator's message. 2-D tasks (a grid) need a table of
/// 2-D machines, which the scoring API does not have yet: `twoDimensionalTableNotBuilt`.
public struct TableResponseScorer: ResponseScorer {
    let estimator: ComplexityEstimator

    init(estimator: ComplexityEstimator) { self.estimator = estimator }

    /// Finds the tables as every `acss` command does (`--tables`, `$ACSS_DATA`, ./data, ...);
    /// `tables` replaces an alphabet's default table (D(6) for the binary tasks).
    public init(tablesDirectory: String?, using tables: [TableDescriptor] = []) throws(ScoringUnavailable) {
        do {
            estimator = try ComplexityEstimator(locator: TableLocator(explicitDirectory: tablesDirectory), using: tables)
        } catch {
            throw ScoringUnavailable(.failed, error.description)
        }
    }

    static func unavailable(_ error: ScoringError) -> ScoringUnavailable {
        switch error {
        case .tableNotLoaded: return ScoringUnavailable(.tableNotLoaded, error.description)
        case .tableMissing: return ScoringUnavailable(.tableMissing, error.description)
        case .tableUnreadable, .tableMismatch: return ScoringUnavailable(.tableUnusable, error.description)
        case .referenceUnavailable: return ScoringUnavailable(.noReference, error.description)
        case .notInTable: return ScoringUnavailable(.notInTable, error.description)
        default: return ScoringUnavailable(.failed, error.description)
        }
    }

    static func twoDimensional(_ task: StudyTask) -> ScoringUnavailable {
        ScoringUnavailable(.twoDimensionalTableNotBuilt,
                           "task '\(task.name)' is a \(task.grid!) grid: it needs a table of 2-D Turing machines (ACSS's K of 2-D patterns), which is not built yet")
    }

    public func reference(for task: StudyTask, length: Int) -> Result<UniformProducerReference, ScoringUnavailable> {
        if task.grid != nil { return .failure(TableResponseScorer.twoDimensional(task)) }
        do throws(ScoringError) {
            let alphabet = try Alphabet(task.alphabet)
            let reference = try estimator.uniformReference(length: length, alphabet: alphabet)
            let table = try estimator.table(for: alphabet)
            return .success(UniformProducerReference(table: table.name, mean: reference.mean,
                                                     standardDeviation: reference.standardDeviation,
                                                     length: length, alphabet: task.alphabet,
                                                     coverage: reference.coverage))
        } catch {
            return .failure(TableResponseScorer.unavailable(error))
        }
    }

    public func score(pattern: [UInt8], text: String, task: StudyTask) -> Result<ComplexityScore, ScoringUnavailable> {
        if task.grid != nil { return .failure(TableResponseScorer.twoDimensional(task)) }
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
                zScore: score.zScore ?? .nan, percentile: score.percentile ?? .nan,
                probRandom: score.probRandom ?? .nan))
        } catch {
            return .failure(TableResponseScorer.unavailable(error))
        }
    }
}
