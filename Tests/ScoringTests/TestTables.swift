import Foundation
import Scoring
import XCTest

/// Where tests find the tables: the repository's data/ (found from this file's path, three
/// levels up), or, until data/ ships, the build output in /tmp/tables. Tests that need D(5)
/// skip only when neither holds it.
enum TestTables {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let dataDirectory: String? = {
        let candidates = [repositoryRoot.appendingPathComponent("data").path, "/tmp/tables"]
        return candidates.first {
            FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("D5-T500.tsv"))
        }
    }()

    static let shared: ComplexityEstimator? = dataDirectory.map { ComplexityEstimator(dataDirectory: $0) }

    /// The estimator over the shipped tables, or a skip saying what is missing.
    static func estimator() throws -> ComplexityEstimator {
        guard let shared else {
            throw XCTSkip("D(5) table not found: neither \(repositoryRoot.path)/data/D5-T500.tsv nor /tmp/tables/D5-T500.tsv exists")
        }
        return shared
    }
}

func seq(_ s: String) -> SymbolSequence { try! SymbolSequence(parsing: s) }
let binary = try! Alphabet(2)
