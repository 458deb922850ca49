import Foundation
import Scoring
import TestSupport
import XCTest

/// The estimator over the shipped tables (data/), shared by the whole test process.
enum TestTables {
    static let dataDirectory = Repository.data.path

    static let shared = ComplexityEstimator(dataDirectory: dataDirectory)

    static func estimator() throws -> ComplexityEstimator { shared }
}

func seq(_ s: String) -> SymbolSequence { try! SymbolSequence(parsing: s) }
let binary = try! Alphabet(2)
