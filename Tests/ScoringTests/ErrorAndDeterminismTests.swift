import Dispatch
import Foundation
import Scoring
import Synchronization
import XCTest

/// Bad input never crashes and never yields numbers; results never depend on threads.
final class ErrorAndDeterminismTests: XCTestCase {
    func testMoreSymbolsThanTheAlphabet() throws {
        let e = try TestTables.estimator()
        XCTAssertThrowsError(try e.score(seq("HTX"), options: ScoreOptions(alphabet: binary))) { error in
            XCTAssertEqual(error as? ScoringError, .moreSymbolsThanAlphabet("HTX", distinct: 3, alphabet: 2))
            XCTAssertTrue("\(error)".contains("'HTX'"))
        }
        XCTAssertThrowsError(try e.complexity(of: seq("HTX"), alphabet: binary))
        XCTAssertThrowsError(try e.likelihoodD(of: seq("HTX"), alphabet: binary))
        XCTAssertThrowsError(try e.localComplexity(of: seq("HTXHTX"), alphabet: binary))
        XCTAssertThrowsError(try e.bdm(of: seq("HTX"), alphabet: binary))
    }

    func testLikelihoodsNeedACTMValue() throws {
        let e = try TestTables.estimator()
        XCTAssertThrowsError(try e.likelihoodD(of: seq("0101101110010110101"), alphabet: binary)) { error in
            XCTAssertEqual(error as? ScoringError, .notCovered("0101101110010110101", length: 19, maxLength: 12, table: "D5-T500"))
        }
        XCTAssertThrowsError(try e.probRandom(of: seq("0101"), alphabet: binary, prior: 1)) { error in
            XCTAssertEqual(error as? ScoringError, .invalidPrior(1))
        }
    }

    func testLocalComplexity() throws {
        let e = try TestTables.estimator()
        let local = try e.localComplexity(of: seq("HHHHTHTHHTTH"), alphabet: binary, span: 4)
        XCTAssertEqual(local.windows.count, 9)
        // Each window is its own CTM value.
        for (i, k) in local.windows.enumerated() {
            let window = String(Array("HHHHTHTHHTTH")[i..<(i + 4)])
            XCTAssertEqual(k, try e.complexity(of: seq(window), alphabet: binary, fallback: nil).complexity)
        }
        XCTAssertEqual(local.mean, local.windows.reduce(0, +) / 9, accuracy: 1e-12)
        XCTAssertThrowsError(try e.localComplexity(of: seq("HHHH"), alphabet: binary, span: 13)) {
            XCTAssertEqual($0 as? ScoringError, .invalidSpan(13, valid: 2...12))
        }
        XCTAssertThrowsError(try e.localComplexity(of: seq("HHHH"), alphabet: binary, span: 1))
        XCTAssertThrowsError(try e.localComplexity(of: seq("HHHH"), alphabet: binary, span: 5)) {
            XCTAssertEqual($0 as? ScoringError, .shorterThanSpan("HHHH", length: 4, span: 5))
        }
        XCTAssertThrowsError(try e.localComplexity(of: seq("0000110100111"), alphabet: binary, span: 12)) {
            XCTAssertEqual($0 as? ScoringError, .windowNotInTable("0000110100111", position: 1, span: 12, table: "D5-T500"))
        }
    }

    /// Many threads, fresh estimators (so normalizers and references are computed by whichever
    /// thread comes first): every value is bit-identical to the sequential one.
    func testResultsDoNotDependOnThreads() throws {
        let data = TestTables.dataDirectory
        _ = try TestTables.estimator()
        var collected: [String] = []
        for length in [6, 9, 12] {
            for bits in stride(from: 0, to: 1 << length, by: 7) {
                collected.append(String((0..<length).map { (bits >> $0) & 1 == 1 ? "H" : "T" }))
            }
        }
        collected += ["HTHHTHTTHTHHTTHTTHHT", "000110100111"]
        let strings = collected
        let options = try ScoreOptions(alphabet: binary)
        @Sendable func values(_ s: Score) -> [Double?] {
            [s.complexity, s.probability, s.likelihoodD, s.likelihoodRatio, s.probRandom, s.zScore, s.percentile,
             s.entropy, s.bigramEntropy, s.changeComplexity, s.logicalDepth?.steps]
        }
        let sequential = ComplexityEstimator(dataDirectory: data)
        let expected = try strings.map { values(try sequential.score(seq($0), options: options)) }
        for _ in 0..<2 {
            let shared = ComplexityEstimator(dataDirectory: data)
            let results = Mutex<[Int: [Double?]]>([:])
            DispatchQueue.concurrentPerform(iterations: strings.count) { i in
                // Reverse order, so that threads reach the per-length caches in another order.
                let index = strings.count - 1 - i
                let v = values(try! shared.score(seq(strings[index]), options: options))
                results.withLock { $0[index] = v }
            }
            let got = results.withLock { $0 }
            for (i, e) in expected.enumerated() {
                XCTAssertEqual(got[i]!.map { $0?.bitPattern }, e.map { $0?.bitPattern }, strings[i])
            }
        }
    }
}
