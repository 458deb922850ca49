import Foundation
import Scoring
import XCTest

/// Issue 12, numbers that must not be shown silently: z against a reference that covers a
/// small part of the strings, change complexity of huge strings.
final class CoverageAndLengthTests: XCTestCase {
    /// `acss score --alphabet 4 012333333333` gave z = -3.89 against a reference covering 0.5%
    /// of the 4^12 strings (the plain-sampled K.4; the shipped one lists length 12 where its SE of
    /// K is at most 0.1 bits, still far below the threshold).
    func testZNeedsACoveringReference() throws {
        let estimator = try TestTables.estimator()
        let four = try Alphabet(4)
        let reference = try estimator.uniformReference(length: 12, alphabet: four)
        XCTAssertLessThan(reference.coverage, 0.5, "K.4 lists part of length 12: far below the threshold")
        XCTAssertEqual(reference.coverage, reference.coveredStrings / pow(4, 12), accuracy: 1e-15)
        let held = try estimator.score(seq("012333333333"), options: ScoreOptions(alphabet: four))
        XCTAssertNil(held.zScore)
        XCTAssertNil(held.percentile)
        XCTAssertNotNil(held.complexity as Double?)
        let note = held.notes.first { $0.hasPrefix("z and percentile left empty") }
        XCTAssertNotNil(note, "\(held.notes)")
        XCTAssertTrue(note!.contains("the table K.4 gives CTM values to ") && note!.contains("% of the 4^12 strings of length 12 (below 99%)"), note!)
        let forced = try estimator.score(seq("012333333333"), options: ScoreOptions(alphabet: four, minimumCoverage: 0))
        // Shown when forced: (K - mean) / sd of the covered strings.
        XCTAssertEqual(forced.zScore!, (forced.complexity - reference.mean) / reference.standardDeviation, accuracy: 1e-9)
        XCTAssertEqual(forced.complexity, held.complexity)
        // A covered length keeps its z: D(5) covers every binary string of length 8, K.4 every length-8 string.
        let coin = try estimator.score(seq("HTHHTHTT"), options: ScoreOptions(alphabet: binary))
        XCTAssertNotNil(coin.zScore)
        XCTAssertEqual(try estimator.uniformReference(length: 8, alphabet: binary).coverage, 1)
        XCTAssertNotNil(try estimator.score(seq("01233333"), options: ScoreOptions(alphabet: four)).zScore)
    }

    /// Both readings are quadratic: beyond their length caps there is no value and a note.
    func testChangeComplexityIsCappedWithANote() throws {
        let estimator = try TestTables.estimator()
        let long = String(repeating: "0110100110010110", count: 100_000 / 16 + 1)   // 100,016 symbols
        let start = Date()
        let score = try estimator.score(seq(long), options: ScoreOptions(alphabet: binary))
        XCTAssertNil(score.changeComplexity)
        XCTAssertTrue(score.notes.contains { $0.contains("change complexity (Aksentijevic-Gibson reading) computed up to 100000 symbols") }, "\(score.notes)")
        XCTAssertLessThan(Date().timeIntervalSince(start), 20)
        XCTAssertNil(seq(String(long.prefix(10_001))).pattern.changeComplexity(.acss))
        XCTAssertEqual(ChangeComplexityReading.aksentijevicGibson.maxLength, 100_000)
    }
}
