import Scoring
import XCTest

/// Entropy, alternations and change complexity: published values and hand computations.
final class MeasureTests: XCTestCase {
    func testEntropies() {
        // docs/formalism.md §5.
        XCTAssertEqual(seq("010011010001").pattern.entropy, 0.9798688, accuracy: 5e-8)
        XCTAssertEqual(seq("010011010001").pattern.bigramEntropy!, 1.867634, accuracy: 5e-7)
        // Relabelling does not change them (acss: "XYXXYYXYXXXY" is "the same" string).
        XCTAssertEqual(seq("XYXXYYXYXXXY").pattern.entropy, 0.9798688, accuracy: 5e-8)
        XCTAssertEqual(seq("0000000000").pattern.entropy, 0)
        XCTAssertEqual(seq("0123").pattern.entropy, 2, accuracy: 1e-15)
        // Bigrams of 0101: 01, 10, 01 -> -(2/3 log 2/3 + 1/3 log 1/3).
        XCTAssertEqual(seq("0101").pattern.bigramEntropy!, -(2.0 / 3 * log2(2.0 / 3) + 1.0 / 3 * log2(1.0 / 3)), accuracy: 1e-15)
        XCTAssertNil(seq("0").pattern.bigramEntropy)
    }

    func testAlternations() {
        // acss examples: "0010233" has runs 00|1|0|2|33, so 4 alternations over 6 pairs.
        XCTAssertEqual(seq("0010233").pattern.alternations, 4)
        XCTAssertEqual(seq("0010233").pattern.alternationRate!, 4.0 / 6, accuracy: 1e-15)
        // HUHHEGGTE: H|U|HH|E|GG|T|E = 7 runs.
        XCTAssertEqual(seq("HUHHEGGTE").pattern.alternations, 6)
        XCTAssertEqual(seq("EGGHHU").pattern.alternations, 3)
        XCTAssertEqual(seq("0").pattern.alternations, 0)
        XCTAssertNil(seq("0").pattern.alternationRate)
    }

    /// Change triangles worked by hand (level i lists where level i-1 changes):
    ///   0101: 111 | 00 | 0   -> 3/3 + 0 + 0          = 1
    ///   0011: 010 | 11 | 0   -> 1/3 + 2/2 + 0        = 4/3
    ///   0110: 101 | 11 | 0   -> 2/3 + 2/2 + 0        = 5/3
    ///   0001: 001 | 01 | 1   -> 1/3 + 1/2 + 1        = 11/6
    ///   0111: 100 | 10 | 1   -> 1/3 + 1/2 + 1        = 11/6
    /// acss 0.3-2's code sums columns instead: 0001 -> (0+0+1)/3 + (0+1)/2 + 1/1 = 11/6,
    /// 0111 -> (1+1+1)/3 + (0+0)/2 + 0/1 = 1, 0101 -> (1+0+0)/3 + (1+0)/2 + 1/1 = 11/6.
    func testChangeComplexityByHand() {
        let ag: [(String, Double)] = [("0000", 0), ("0101", 1), ("0011", 4.0 / 3), ("0110", 5.0 / 3),
                                      ("0001", 11.0 / 6), ("0111", 11.0 / 6), ("01", 1), ("00", 0)]
        for (s, v) in ag { XCTAssertEqual(seq(s).pattern.changeComplexity()!, v, accuracy: 1e-15, s) }
        let acss: [(String, Double)] = [("0001", 11.0 / 6), ("0111", 1), ("0101", 11.0 / 6), ("0000", 0)]
        for (s, v) in acss { XCTAssertEqual(seq(s).pattern.changeComplexity(.acss)!, v, accuracy: 1e-15, s) }
        XCTAssertNil(seq("0").pattern.changeComplexity())
        XCTAssertNil(seq("01").pattern.changeComplexity(.acss), "acss requires at least 3 symbols")
    }

    /// The Aksentijevic-Gibson reading is invariant under complement and reversal (all binary
    /// strings up to length 10); the acss reading is not under reversal.
    func testChangeComplexitySymmetries() {
        var acssAsymmetric = 0
        for length in 2...10 {
            for bits in 0..<(1 << length) {
                let s = (0..<length).map { (bits >> $0) & 1 }
                let p = Pattern(normalizing: s)!
                let reversed = Pattern(normalizing: s.reversed())!
                let complement = Pattern(normalizing: s.map { 1 - $0 })!
                XCTAssertEqual(p.changeComplexity()!, reversed.changeComplexity()!, accuracy: 1e-12)
                XCTAssertEqual(p.changeComplexity()!, complement.changeComplexity()!, accuracy: 1e-12)
                if length >= 3, abs(p.changeComplexity(.acss)! - reversed.changeComplexity(.acss)!) > 1e-9 {
                    acssAsymmetric += 1
                }
            }
        }
        XCTAssertGreaterThan(acssAsymmetric, 0)
    }

    /// The word-parallel triangle against the definition written out plainly, on lengths
    /// around the 64-bit word boundaries.
    func testLevelReadingAgainstAPlainTriangle() {
        func plain(_ s: [Int]) -> Double {
            var level = (0..<(s.count - 1)).map { s[$0] != s[$0 + 1] }
            var total = 0.0
            while !level.isEmpty {
                total += Double(level.filter { $0 }.count) / Double(level.count)
                level = (0..<(level.count - 1)).map { level[$0] != level[$0 + 1] }
            }
            return total
        }
        var generator = SystemRandomNumberGenerator()
        for length in [2, 3, 63, 64, 65, 66, 127, 128, 129, 200, 300] {
            for _ in 0..<5 {
                let s = (0..<length).map { _ in Int.random(in: 0...1, using: &generator) }
                XCTAssertEqual(Pattern(normalizing: s)!.changeComplexity()!, plain(s), accuracy: 1e-9, "\(s)")
            }
        }
    }

    /// Long strings: the level reading stays cheap; the acss reading stops at its limit.
    func testLongStrings() {
        let long = Pattern(normalizing: (0..<20_000).map { ($0 * $0 / 7) % 2 })!
        XCTAssertNotNil(long.changeComplexity())
        XCTAssertNil(long.changeComplexity(.acss))
        XCTAssertNotNil(Pattern(normalizing: (0..<500).map { $0 % 3 == 0 ? 1 : 0 })!.changeComplexity(.acss))
    }
}
