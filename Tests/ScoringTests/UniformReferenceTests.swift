import Foundation
import Scoring
import XCTest

/// The uniform reference from pattern classes against brute force over every string.
final class UniformReferenceTests: XCTestCase {
    func testMatchesBruteForceOverAllStrings() throws {
        let e = try TestTables.estimator()
        for length in 1...11 {
            var ks: [Double] = []
            for bits in 0..<(1 << length) {
                let s = String((0..<length).map { (bits >> $0) & 1 == 1 ? "1" : "0" })
                ks.append(try e.complexity(of: seq(s), alphabet: binary, fallback: nil).complexity)
            }
            let mean = ks.reduce(0, +) / Double(ks.count)
            let sd = (ks.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(ks.count)).squareRoot()
            let r = try e.uniformReference(length: length, alphabet: binary)
            XCTAssertEqual(r.mean, mean, accuracy: 1e-9, "L=\(length)")
            XCTAssertEqual(r.standardDeviation, sd, accuracy: 1e-9, "L=\(length)")
            XCTAssertEqual(r.coveredStrings, Double(1 << length))
            // Percentile: the share of strings with lower K, ties half, by counting.
            let probe = ks[ks.count / 3]
            let below = ks.filter { $0 < probe }.count
            let tied = ks.filter { $0 == probe }.count
            XCTAssertEqual(r.percentile(probe), 100 * (Double(below) + Double(tied) / 2) / Double(ks.count), accuracy: 1e-9)
        }
    }

    func testZAndPercentileInScores() throws {
        let e = try TestTables.estimator()
        let r = try e.uniformReference(length: 10, alphabet: binary)
        let constant = try e.score(seq("HHHHHHHHHH"), options: ScoreOptions(alphabet: binary))
        XCTAssertEqual(constant.zScore!, (constant.complexity - r.mean) / r.standardDeviation, accuracy: 1e-12)
        // The two constant strings are the simplest of the 1,024: percentile (0 + 2/2)/1024.
        XCTAssertEqual(constant.percentile!, 100.0 / 1024, accuracy: 1e-12)
        XCTAssertLessThan(constant.zScore!, -3)
    }

    func testUnavailableBeyondTheTable() throws {
        let e = try TestTables.estimator()
        XCTAssertThrowsError(try e.uniformReference(length: 13, alphabet: binary)) { error in
            XCTAssertEqual(error as? ScoringError, .referenceUnavailable(length: 13, alphabet: 2, maxLength: 12))
        }
        XCTAssertThrowsError(try e.uniformReference(length: 0, alphabet: binary)) {
            XCTAssertEqual($0 as? ScoringError, .invalidLength(0))
        }
    }

    /// At binary lengths 1 and 2 every string has the same K, so z is undefined (not NaN).
    func testZUndefinedWhenAllStringsAreEqual() throws {
        let e = try TestTables.estimator()
        for s in ["H", "HT", "HH"] {
            let score = try e.score(seq(s), options: ScoreOptions(alphabet: binary))
            XCTAssertNil(score.zScore, s)
            XCTAssertEqual(score.percentile!, 50, accuracy: 1e-12, s)
            XCTAssertTrue(score.notes.joined().contains("z undefined"), "\(score.notes)")
        }
        XCTAssertEqual(try e.uniformReference(length: 2, alphabet: binary).standardDeviation, 0)
        XCTAssertNotNil(try e.score(seq("HTH"), options: ScoreOptions(alphabet: binary)).zScore)
    }
}
