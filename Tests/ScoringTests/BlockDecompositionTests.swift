import Scoring
import XCTest

/// Block layouts of both flavours (by hand), and BDM values as the sum the definition states.
final class BlockDecompositionTests: XCTestCase {
    func testACSSLayout() throws {
        // acss 0.3-2: starts 1, 1+delta, ... ; a last shorter block when they miss the end.
        let d = try BlockDecomposition(flavour: .acss, blockSize: 12, step: 1)
        XCTAssertEqual(d.blocks(length: 18), (0...6).map { $0..<($0 + 12) })
        let disjoint = try BlockDecomposition()
        XCTAssertEqual(disjoint.blockSize, 10)
        XCTAssertEqual(disjoint.step, 10)
        XCTAssertEqual(disjoint.blocks(length: 20), [0..<10, 10..<20])
        XCTAssertEqual(disjoint.blocks(length: 23), [0..<10, 10..<20, 20..<23])
        // Overlapping with a tail: starts 0 and 2 fit, the tail starts at 2 + 2.
        XCTAssertEqual(try BlockDecomposition(blockSize: 10, step: 2).blocks(length: 13), [0..<10, 2..<12, 4..<13])
        XCTAssertEqual(disjoint.blocks(length: 7), [0..<7], "a string within one block is one block")
    }

    func testStandardLayout() throws {
        let ignore = try BlockDecomposition(flavour: .standard)
        XCTAssertEqual(ignore.blockSize, 12)
        XCTAssertEqual(ignore.blocks(length: 30), [0..<12, 12..<24])
        XCTAssertEqual(ignore.blocks(length: 11), [])
        let recursive = try BlockDecomposition(flavour: .standard, boundary: .recursive)
        XCTAssertEqual(recursive.blocks(length: 30), [0..<12, 12..<24, 24..<30])
        XCTAssertEqual(recursive.blocks(length: 25), [0..<12, 12..<24], "a 1-symbol tail is below pybdm's minimum of 2")
        XCTAssertEqual(recursive.blocks(length: 5), [0..<5])
        let sliding = try BlockDecomposition(flavour: .standard, blockSize: 4, step: 3)
        XCTAssertEqual(sliding.blocks(length: 12), [0..<4, 3..<7, 6..<10])
    }

    func testInvalidDecompositionsNameTheValue() {
        XCTAssertThrowsError(try BlockDecomposition(blockSize: 13)) {
            XCTAssertEqual($0 as? ScoringError, .invalidBlockSize(13, valid: 2...12))
        }
        XCTAssertThrowsError(try BlockDecomposition(blockSize: 1)) {
            XCTAssertEqual($0 as? ScoringError, .invalidBlockSize(1, valid: 2...12))
        }
        XCTAssertThrowsError(try BlockDecomposition(blockSize: 6, step: 7)) {
            XCTAssertEqual($0 as? ScoringError, .invalidStep(7, blockSize: 6))
        }
        XCTAssertThrowsError(try BlockDecomposition(blockSize: 6, step: 0))
        XCTAssertThrowsError(try BlockDecomposition(flavour: .standard, blockSize: 6, step: 3, boundary: .recursive)) {
            XCTAssertEqual($0 as? ScoringError, .recursiveNeedsPartition(step: 3, blockSize: 6))
        }
    }

    /// BDM = Σ over distinct blocks [K(block) + log(multiplicity)], with K of each block
    /// looked up on its own.
    func testValuesFollowTheDefinition() throws {
        let e = try TestTables.estimator()
        func k(_ s: String) throws -> Double { try e.complexity(of: seq(s), alphabet: binary, fallback: nil).complexity }
        let s = "0101010101" + "0101010101" + "0111"
        let acss = try e.bdm(of: seq(s), alphabet: binary)
        XCTAssertEqual(acss.value, try k("0101010101") + 1 + k("0111"), accuracy: 1e-12)
        XCTAssertEqual(acss.blocks.map(\.multiplicity), [2, 1])
        let standard = try e.bdm(of: seq(s), alphabet: binary,
                                 decomposition: BlockDecomposition(flavour: .standard, blockSize: 10))
        XCTAssertEqual(standard.value, try k("0101010101") + 1, accuracy: 1e-12, "ignore drops the tail")
        // "0101" and "1010" are different blocks with the same K.
        let shifted = try e.bdm(of: seq("01011010"), alphabet: binary, decomposition: BlockDecomposition(blockSize: 4))
        XCTAssertEqual(shifted.value, 2 * (try k("0101")), accuracy: 1e-12)
        XCTAssertEqual(shifted.blocks.count, 2)
    }

    func testBlockMissingFromTheTableIsAnError() throws {
        let e = try TestTables.estimator()
        let d = try BlockDecomposition(blockSize: 12)
        XCTAssertThrowsError(try e.bdm(of: seq("000110100111" + "0101"), alphabet: binary, decomposition: d)) { error in
            XCTAssertEqual(error as? ScoringError, .blockNotInTable("0001101001110101", position: 0, length: 12, table: "D5-T500"))
        }
        XCTAssertThrowsError(try e.bdm(of: seq("0101"), alphabet: binary,
                                       decomposition: BlockDecomposition(flavour: .standard, blockSize: 6))) { error in
            XCTAssertEqual(error as? ScoringError, .shorterThanBlock("0101", length: 4, blockSize: 6))
        }
    }

    /// Strings longer than the table get BDM in `score`, said so in `method` and the notes.
    func testScoreFallsBackToBDMAndSaysSo() throws {
        let e = try TestTables.estimator()
        let long = "HTHHTHTTHTHHTTHTTHHT"
        let s = try e.score(seq(long), options: ScoreOptions(alphabet: binary))
        XCTAssertEqual(s.method, .bdm)
        XCTAssertEqual(s.complexity, try e.bdm(of: seq(long), alphabet: binary).value)
        XCTAssertNil(s.probability)
        XCTAssertNil(s.zScore)
        XCTAssertNil(s.probRandom)
        XCTAssertTrue(s.notes.joined().contains("length 20 > 12"), "\(s.notes)")
        XCTAssertThrowsError(try e.score(seq(long), options: ScoreOptions(alphabet: binary, strict: true))) { error in
            XCTAssertEqual(error as? ScoringError, .notCovered(long, length: 20, maxLength: 12, table: "D5-T500"))
        }
        let missing = try e.score(seq("000110100111"), options: ScoreOptions(alphabet: binary))
        XCTAssertEqual(missing.method, .bdm)
        XCTAssertTrue(missing.notes.joined().contains("not in the table"))
        XCTAssertThrowsError(try e.score(seq("000110100111"), options: ScoreOptions(alphabet: binary, strict: true))) { error in
            XCTAssertEqual(error as? ScoringError, .notInTable("000110100111", table: "D5-T500"))
        }
    }
}
