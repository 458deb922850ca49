import Scoring
import XCTest

/// normalize_string, count_class and what a person may type. No tables needed.
final class PatternAndInputTests: XCTestCase {
    func testNormalizationByFirstAppearance() {
        // docs/formalism.md §2 and the acss documentation's examples, relabelled by hand.
        XCTAssertEqual(seq("HTHHE").pattern.description, "01002")
        XCTAssertEqual(seq("HUHHEGGTE").pattern.description, "010023342")
        XCTAssertEqual(seq("EGGHHU").pattern.description, "011223")
        XCTAssertEqual(seq("293948837163536").pattern.description, "012134425672827")
        XCTAssertEqual(seq("HTHHE").pattern.distinct, 3)
    }

    func testCountClass() {
        // m!/(m-k)!, by hand.
        XCTAssertEqual(seq("010011").pattern.countClass(alphabet: 2), 2)
        XCTAssertEqual(seq("332120").pattern.countClass(alphabet: 4), 24)
        XCTAssertEqual(seq("HUHHEGGTE").pattern.countClass(alphabet: 5), 120)
        XCTAssertEqual(seq("EGGHHU").pattern.countClass(alphabet: 5), 120)
        XCTAssertEqual(seq("HUHHEGGTE").pattern.countClass(alphabet: 6), 720)
        XCTAssertEqual(seq("EGGHHU").pattern.countClass(alphabet: 6), 360)
        XCTAssertEqual(seq("0000").pattern.countClass(alphabet: 9), 9)
        XCTAssertNil(seq("012").pattern.countClass(alphabet: 2))
    }

    /// count_class partitions the m^L strings: summed over the patterns of a length it gives
    /// m^L (all 3^5 strings enumerated).
    func testCountClassesPartitionAllStrings() {
        var patterns = Set<Pattern>()
        for n in 0..<243 {
            var digits: [Int] = []
            var v = n
            for _ in 0..<5 { digits.append(v % 3); v /= 3 }
            patterns.insert(Pattern(normalizing: digits)!)
        }
        XCTAssertEqual(patterns.reduce(0) { $0 + $1.countClass(alphabet: 3)! }, 243)
    }

    func testSymbolsAsTyped() throws {
        XCTAssertEqual(seq("🙂🙃🙂🙂").pattern.description, "0100")
        XCTAssertEqual(seq("🙂🙃🙂🙂").symbols, ["🙂", "🙃"])
        XCTAssertEqual(seq("Hh").pattern.description, "01", "case matters")
        XCTAssertEqual(seq("10,3,4,10").pattern.description, "0120")
        XCTAssertEqual(seq("10,3,4,10").length, 4)
        XCTAssertEqual(seq("heads tails  tails\theads").pattern.description, "0110")
        XCTAssertEqual(seq(" 1, 2 , 6 ").pattern.description, "012")
        XCTAssertEqual(seq("  HTH  ").text, "HTH")
        XCTAssertEqual(seq("10,3,4,10").text(of: 1..<3), "3 4")
        XCTAssertEqual(seq("HTTH").text(of: 1..<3), "TT")
    }

    func testBadInputNamesTheString() {
        XCTAssertThrowsError(try SymbolSequence(parsing: "")) { XCTAssertEqual($0 as? ScoringError, .emptyString) }
        XCTAssertThrowsError(try SymbolSequence(parsing: "   ")) { XCTAssertEqual($0 as? ScoringError, .emptyString) }
        for bad in ["1,,2", ",1,2", "1,2,", "1, ,2"] {
            XCTAssertThrowsError(try SymbolSequence(parsing: bad)) { error in
                XCTAssertEqual(error as? ScoringError, .emptySymbol(bad))
                XCTAssertTrue("\(error)".contains(bad))
            }
        }
        XCTAssertThrowsError(try SymbolSequence(parsing: "ABCDEFGHIJK")) { error in
            XCTAssertEqual(error as? ScoringError, .tooManyDistinctSymbols("ABCDEFGHIJK", distinct: 11))
            XCTAssertTrue("\(error)".contains("11 distinct"))
        }
        XCTAssertNoThrow(try SymbolSequence(parsing: "ABCDEFGHIJ"), "10 distinct symbols are allowed")
    }

    func testAlphabets() throws {
        XCTAssertEqual(try Alphabet(2).tableSize, 2)
        XCTAssertEqual(try Alphabet(3).tableSize, 4)
        XCTAssertEqual(try Alphabet(5).tableSize, 5)
        XCTAssertEqual(try Alphabet(7).tableSize, 9)
        XCTAssertEqual(try Alphabet(8).tableSize, 9)
        for bad in [-1, 0, 1, 10, 12] {
            XCTAssertThrowsError(try Alphabet(bad)) { error in
                XCTAssertEqual(error as? ScoringError, .unsupportedAlphabet(bad))
                XCTAssertTrue("\(error)".contains("alphabet \(bad)"))
            }
        }
        XCTAssertEqual(try Alphabet.inferred(for: seq("HHHH")).size, 2, "a constant string is taken as binary")
        XCTAssertEqual(try Alphabet.inferred(for: seq("123")).size, 3)
        XCTAssertThrowsError(try Alphabet.inferred(for: seq("0123456789"))) { error in
            XCTAssertEqual(error as? ScoringError, .cannotInferAlphabet("0123456789", distinct: 10))
        }
    }

    func testOptionsValidatePrior() {
        for bad in [0.0, 1.0, -0.5, 1.5, .nan, .infinity] {
            XCTAssertThrowsError(try ScoreOptions(prior: bad)) { error in
                XCTAssertTrue("\(error)".contains("prior"), "\(error)")
            }
        }
        XCTAssertNoThrow(try ScoreOptions(prior: 0.001))
    }
}
