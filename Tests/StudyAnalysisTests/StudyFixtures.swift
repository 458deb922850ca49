import Foundation
import Scoring
import XCTest
@testable import StudyAnalysis

/// What the study tests share: the shipped tables (data/, found from this file's path) behind
/// one scorer for the whole test process, and small helpers.
enum StudyFixtures {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let dataDirectory = repositoryRoot.appendingPathComponent("data").path

    /// The real scorer over data/ (D5-T500 scores the coin task; the other tables are not built).
    static let scorer = TableResponseScorer(estimator: ComplexityEstimator(dataDirectory: dataDirectory), gridDirectory: dataDirectory)

    static func requireTables() throws {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/D5-T500.tsv") else {
            XCTFail("data/D5-T500.tsv is missing: the repository ships it")
            throw XCTSkip("no tables")
        }
    }

    static func long(_ csv: String, registry: TaskRegistry = .gauvrit2017) throws -> StudyInput {
        try LongLayoutReader.read(bytes: Array(csv.utf8), registry: registry, source: "test.csv")
    }

    static func scratchDirectory(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acss-study-\(name)-\(UUID())").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// A scorer for tests that must not depend on the tables: K is a fixed function of the
/// pattern (number of distinct symbols + alternations), the reference mean 5 and SD 2, so the
/// expected z of any response is known by hand. Tasks named in `unavailable` report
/// "table not loaded".
struct ArithmeticScorer: ResponseScorer {
    var unavailable: Set<String> = []
    /// Tasks whose (pretend) table covers only this share of the strings.
    var coverage: [String: Double] = [:]
    /// Patterns (as "0102...") whose scoring fails with "scoring failed" and a message naming them.
    var failing: Set<String> = []

    static func complexity(_ pattern: [UInt8]) -> Double {
        var alternations = 0
        for i in 1..<pattern.count where pattern[i] != pattern[i - 1] { alternations += 1 }
        return Double(Set(pattern).count + alternations)
    }

    func reference(for task: StudyTask, length: Int, convention: DeviationConvention) -> Result<UniformProducerReference, ScoringUnavailable> {
        if unavailable.contains(task.name) { return .failure(ScoringUnavailable(.tableNotLoaded, "no table for \(task.name)")) }
        return .success(UniformProducerReference(table: "arith", mean: 5, standardDeviation: 2, length: length,
                                                 alphabet: task.alphabet, coverage: coverage[task.name] ?? 1))
    }

    func score(pattern: [UInt8], text: String, task: StudyTask) -> Result<ComplexityScore, ScoringUnavailable> {
        if unavailable.contains(task.name) { return .failure(ScoringUnavailable(.tableNotLoaded, "no table for \(task.name)")) }
        if failing.contains(text) { return .failure(ScoringUnavailable(.failed, "stub failure for pattern '\(text)'")) }
        let k = ArithmeticScorer.complexity(pattern)
        return .success(ComplexityScore(complexity: k, probability: exp2(-k), method: .ctm, table: "arith",
                                        percentile: 50, probRandom: 0.5))
    }
}
