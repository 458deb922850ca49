import Foundation
import XCTest
@testable import Scoring

/// Logical depth through the scoring API (data/D5-T500-depth.tsv; docs/aid.md).
final class LogicalDepthTests: XCTestCase {
    func depth(_ s: String, _ decomposition: BlockDecomposition = .acssDefault) throws -> LogicalDepthEstimate {
        try TestTables.shared.logicalDepth(of: seq(s), alphabet: binary, decomposition: decomposition)
    }

    /// Strings up to 5 symbols take exactly their length in steps with 5 states (the closed
    /// form of DepthTableTests), over both blanks; OACC publishes 8 for 011110 and its
    /// complement, 7 for the other strings of length 6.
    func testTableValuesAndTheirSymmetry() throws {
        XCTAssertEqual(try depth("0"), LogicalDepthEstimate(steps: 1, method: .ctm))
        XCTAssertEqual(try depth("HTHTT").steps, 5)
        XCTAssertEqual(try depth("011110").steps, 8)
        XCTAssertEqual(try depth("100001").steps, 8, "a pattern's depth covers both blank symbols")
        XCTAssertEqual(try depth("HTTTTH").steps, 8, "any two symbols")
        XCTAssertEqual(try depth("010101").steps, 7)
    }

    /// OACC's block rule: sum over distinct blocks of depth(block) * (log2(multiplicity) + 1).
    func testLongStringsUseTheBlockSum() throws {
        let block = "0110100111"
        let d = try depth(block).steps
        let tripled = try depth(String(repeating: block, count: 3))
        XCTAssertEqual(tripled.method, .bdm)
        XCTAssertEqual(tripled.steps, d * (log2(3) + 1), accuracy: 1e-12)
        let other = "0000011111"
        let mixed = try depth(block + other + block)
        XCTAssertEqual(mixed.steps, d * 2 + (try depth(other).steps), accuracy: 1e-12)
        XCTAssertEqual(LogicalDepth.blockSum([(depth: 10, multiplicity: 4), (depth: 3, multiplicity: 1)]), 10 * 3 + 3)
    }

    func testScoreCarriesTheDepthAndErrorsAreNamed() throws {
        let score = try TestTables.shared.score(seq("HTHHTHTT"), options: ScoreOptions(alphabet: binary))
        XCTAssertEqual(score.logicalDepth?.method, .ctm)
        XCTAssertEqual(score.logicalDepth?.steps, try depth("01001011").steps)
        XCTAssertGreaterThanOrEqual(score.logicalDepth!.steps, 8 + 1, "8 symbols with 5 states take more than 8 steps")
        // No companion in the data directory: the error names the file.
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("acss-depth-\(getpid())")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        try FileManager.default.copyItem(atPath: TestTables.dataDirectory + "/D5-T500.tsv", toPath: empty.path + "/D5-T500.tsv")
        let estimator = ComplexityEstimator(dataDirectory: empty.path)
        XCTAssertThrowsError(try estimator.logicalDepth(of: seq("0110"), alphabet: binary)) { error in
            XCTAssertTrue("\(error)".contains("D5-T500-depth.tsv"), "\(error)")
        }
        let scored = try estimator.score(seq("0110"), options: ScoreOptions(alphabet: binary))
        XCTAssertNil(scored.logicalDepth)
        XCTAssertTrue(scored.notes.contains { $0.hasPrefix("no logical depth:") }, "\(scored.notes)")
    }
}
