import Enumeration
import Foundation
import FrequencyTables
import Scoring
import TestSupport
import TuringMachines
import XCTest

/// 2-D BDM: block layouts derived by hand from pybdm's partition rules, values as the formula
/// gives them from the table's own counts, the streamed counter against the plain definition,
/// and the array readers.
final class GridBDMTests: XCTestCase {
    /// The exact (4,2) table, loaded once for the whole class.
    static let g4: GridComplexityTable = {
        let table = try! GridTableFile.read(path: Repository.table("G4-T2000.tsv"))
        return try! GridComplexityTable(table: table, descriptor: GridTableDescriptor.named("G4-T2000")!)
    }()

    /// K from the counts, by the coding theorem written out: -log2((c0(s) + c0(~s)) / 2H).
    func independentK(_ rows: String) throws -> Double {
        let block = PackedGrid(try GridArray.parse(rows))!
        let t = Self.g4.table
        let c = Double(t.count(of: block) + t.count(of: block.complemented))
        return -log2(c / (2 * Double(t.figures.halting)))
    }

    func array(_ rows: [String]) throws -> GridArray { try GridArray.parse(rows.joined(separator: "/")) }

    func decomposition(_ d: Int, _ boundary: GridBlockDecomposition.Boundary, shift: Int = 1, minLength: Int = 2) throws -> GridBlockDecomposition {
        try GridBlockDecomposition(blockSize: d, boundary: boundary, shift: shift, minLength: minLength)
    }

    /// pybdm's fixture: a 12 x 12 array of ones is 9 blocks of 4 x 4 ones, BDM = K + log2 9.
    func testAllOnesTwelveByTwelve() throws {
        let t = Self.g4.table
        let ones = PackedGrid(rows: 4, columns: 4, bits: 0xFFFF)
        // The counts SPEC §7 quotes for (4,2): 4x4 ones 144, 4x4 zeros 9,552.
        XCTAssertEqual(t.count(of: ones), 144)
        XCTAssertEqual(t.count(of: ones.complemented), 9552)
        let k = -log2(Double(144 + 9552) / (2 * Double(t.figures.halting)))
        XCTAssertEqual(k, 25.597888761974584, accuracy: 1e-9, "SPEC §7: K of the 4x4 zeros (and ones) with (4,2)")
        let result = try Self.g4.bdm(of: GridArray(rows: 12, columns: 12, cells: [UInt8](repeating: 1, count: 144)))
        XCTAssertEqual(result.value, k + log2(9), accuracy: 1e-9)
        XCTAssertEqual(result.blockEntropy, 0)
        XCTAssertEqual(result.totalBlocks, 9)
        XCTAssertEqual(result.blocks.count, 1)
        XCTAssertEqual(result.blocks[0].block.description, "1111/1111/1111/1111")
        XCTAssertEqual(result.blocks[0].row, 0)
        XCTAssertEqual(result.blocks[0].column, 0)
        XCTAssertEqual(result.blocks[0].multiplicity, 9)
    }

    /// A 5 x 5 array and 3 x 3 blocks, every boundary:
    ///
    ///     1 0 0 | 1 1
    ///     0 1 0 | 0 1
    ///     0 0 1 | 0 0
    ///     ------+----
    ///     1 1 0 | 1 0
    ///     1 0 1 | 0 1
    static let fiveByFive = ["10011", "01001", "00100", "11010", "10101"]

    func testFiveByFiveIgnoreKeepsTheTopLeftBlock() throws {
        let d = try decomposition(3, .ignore)
        XCTAssertEqual(d.placements(rows: 5, columns: 5), [.init(row: 0, column: 0, side: 3)])
        let result = try Self.g4.bdm(of: array(Self.fiveByFive), decomposition: d)
        XCTAssertEqual(result.blocks.map(\.block.description), ["100/010/001"])
        XCTAssertEqual(result.value, try independentK("100/010/001"), accuracy: 1e-9)
    }

    /// pybdm slices at rows and columns 0 and 3: the 3x3 at (0, 0) is whole; the slice at
    /// (0, 3) is 3x2, re-tiled with 2x2 squares: "11/01" at (0, 3), and a 1x2 rest (row 2)
    /// below min length 2, dropped; the slice at (3, 0) is 2x3: "11/10" at (3, 0) and a 2x1
    /// rest (column 2), dropped; the slice at (3, 3) is the 2x2 "10/01".
    func testFiveByFiveRecursiveAddsThreeTwoByTwoBlocks() throws {
        let d = try decomposition(3, .recursive)
        XCTAssertEqual(d.placements(rows: 5, columns: 5), [
            .init(row: 0, column: 0, side: 3), .init(row: 0, column: 3, side: 2),
            .init(row: 3, column: 0, side: 2), .init(row: 3, column: 3, side: 2),
        ])
        let result = try Self.g4.bdm(of: array(Self.fiveByFive), decomposition: d)
        XCTAssertEqual(result.blocks.map(\.block.description), ["100/010/001", "11/01", "11/10", "10/01"])
        XCTAssertEqual(result.blocks.map { [$0.row, $0.column] }, [[0, 0], [0, 3], [3, 0], [3, 3]])
        let expected = try ["100/010/001", "11/01", "11/10", "10/01"].map(independentK).reduce(0, +)
        XCTAssertEqual(result.value, expected, accuracy: 1e-9)
        XCTAssertEqual(result.blockEntropy, 2, accuracy: 1e-12, "4 distinct blocks once each")
        // min length 1: the dropped 1x2 and 2x1 rests become 1x1 squares.
        let ones = try decomposition(3, .recursive, minLength: 1)
        XCTAssertEqual(ones.placements(rows: 5, columns: 5), [
            .init(row: 0, column: 0, side: 3), .init(row: 0, column: 3, side: 2),
            .init(row: 2, column: 3, side: 1), .init(row: 2, column: 4, side: 1),
            .init(row: 3, column: 0, side: 2), .init(row: 3, column: 2, side: 1), .init(row: 4, column: 2, side: 1),
            .init(row: 3, column: 3, side: 2),
        ])
        // Cells (2,3), (2,4), (3,2), (4,2) are 0, 0, 0, 1: two distinct 1x1 blocks.
        let counts = GridBlockCounter.counts(of: try array(Self.fiveByFive), decomposition: ones)
        XCTAssertEqual(counts.entries.filter { $0.block.rows == 1 }.map { "\($0.block)x\($0.multiplicity)@\($0.row),\($0.column)" },
                       ["0x3@2,3", "1x1@4,2"])
    }

    /// Shift 1: the 9 windows at rows and columns 0...2. "001/100/010" occurs at (0, 1) and
    /// (1, 2), "100/010/101" at (1, 1) and (2, 2); the 5 others once.
    func testFiveByFiveCorrelatedSlidesNineWindows() throws {
        let d = try decomposition(3, .correlated)
        XCTAssertEqual(d.placements(rows: 5, columns: 5).count, 9)
        let result = try Self.g4.bdm(of: array(Self.fiveByFive), decomposition: d)
        XCTAssertEqual(result.totalBlocks, 9)
        XCTAssertEqual(result.blocks.map(\.block.description),
                       ["100/010/001", "001/100/010", "011/001/100", "010/001/110", "100/010/101", "001/110/101", "010/101/010"])
        XCTAssertEqual(result.blocks.map(\.multiplicity), [1, 2, 1, 1, 2, 1, 1])
        var expected = 0.0
        for b in result.blocks { expected += try independentK(b.block.description) + log2(Double(b.multiplicity)) }
        XCTAssertEqual(result.value, expected, accuracy: 1e-9)
        // Entropy of {2/9, 2/9, 1/9 x 5}, by hand: 2·(2/9)·log2(9/2) + 5·(1/9)·log2 9.
        XCTAssertEqual(result.blockEntropy, 4.0 / 9 * log2(4.5) + 5.0 / 9 * log2(9), accuracy: 1e-12)
        let shifted = try decomposition(3, .correlated, shift: 2)
        XCTAssertEqual(shifted.placements(rows: 5, columns: 5).map { [$0.row, $0.column] }, [[0, 0], [0, 2], [2, 0], [2, 2]])
    }

    /// Two different 4x4 blocks once each: 1 bit of block entropy; three with one repeated:
    /// H(1/3, 2/3).
    func testBlockEntropy() throws {
        let top = ["1111", "0000", "1111", "0000"], bottom = ["0000", "0000", "0000", "0000"]
        let two = try Self.g4.bdm(of: array(top + bottom))
        XCTAssertEqual(two.blockEntropy, 1, accuracy: 1e-12)
        let three = try Self.g4.bdm(of: array(top + bottom + bottom))
        XCTAssertEqual(three.blockEntropy, (1.0 / 3) * log2(3) + (2.0 / 3) * log2(1.5), accuracy: 1e-12)
        XCTAssertEqual(three.blocks.map(\.multiplicity), [1, 2])
        XCTAssertEqual(three.blocks.map(\.row), [0, 4])
    }

    /// The streamed counter against the plain definition on many small random arrays, every
    /// boundary, size, shift and min length.
    func testStreamedCounterMatchesTheDefinition() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<60 {
            let rows = Int(rng.next() % 11) + 1, columns = Int(rng.next() % 11) + 1
            let cells = (0..<(rows * columns)).map { _ in UInt8(rng.next() & 1) }
            let a = GridArray(rows: rows, columns: columns, cells: cells)
            for d in 2...4 {
                for boundary in GridBlockDecomposition.Boundary.allCases {
                    for extra in 1...d {
                        let dec = try GridBlockDecomposition(blockSize: d, boundary: boundary, shift: extra, minLength: extra)
                        XCTAssertEqual(GridBlockCounter.counts(of: a, decomposition: dec), GridBlockCounts(array: a, decomposition: dec),
                                       "\(a) \(dec)")
                    }
                }
            }
        }
    }

    func testErrorsNameTheValue() throws {
        XCTAssertThrowsError(try GridBlockDecomposition(blockSize: 5)) {
            XCTAssertEqual($0 as? ScoringError, .invalidGridBlockSize(5, valid: 2...4))
        }
        XCTAssertThrowsError(try GridBlockDecomposition(blockSize: 1))
        XCTAssertThrowsError(try GridBlockDecomposition(blockSize: 3, boundary: .correlated, shift: 4)) {
            XCTAssertEqual($0 as? ScoringError, .invalidShift(4, blockSize: 3))
        }
        XCTAssertThrowsError(try GridBlockDecomposition(blockSize: 3, boundary: .recursive, minLength: 0)) {
            XCTAssertEqual($0 as? ScoringError, .invalidMinLength(0, blockSize: 3))
        }
        XCTAssertThrowsError(try Self.g4.bdm(of: array(["111", "111", "111"]))) {
            XCTAssertEqual($0 as? ScoringError, .noGridBlocks(rows: 3, columns: 3, blockSize: 4, boundary: "ignore"))
        }
        // A table listing up to 3x3 cannot score 4x4 blocks.
        let small = try GridComplexityTable(table: Self.g4.table.trimmed(maxArea: 9), descriptor: Self.g4.descriptor)
        XCTAssertThrowsError(try small.bdm(of: array(["1111", "1111", "1111", "1111"]))) {
            XCTAssertEqual($0 as? ScoringError, .gridBlockTooLarge(4, maxArea: 9, table: "G4-T2000"))
        }
        // The first 4x4 array (by its bits) that no (4,2) machine outputs, nor its complement.
        let t = Self.g4.table
        let missing = (0..<UInt64(1 << 16)).lazy.map { PackedGrid(rows: 4, columns: 4, bits: $0) }
            .first { t.count(of: $0) == 0 && t.count(of: $0.complemented) == 0 }!
        // A 4x8 array: ones on the left, the missing block on the right (at column 4).
        var rows: [String] = []
        for r in 0..<4 { rows.append("1111" + (0..<4).map { String(missing.cell(row: r, column: $0)) }.joined()) }
        XCTAssertThrowsError(try Self.g4.bdm(of: array(rows))) {
            XCTAssertEqual($0 as? ScoringError, .gridBlockNotInTable(missing.description, row: 0, column: 4, table: "G4-T2000"))
            XCTAssertTrue(($0 as? ScoringError)?.description.contains(missing.description) == true)
        }
    }

    // MARK: Input

    /// Reads `text` in chunks of `chunk` bytes; the array, or the error.
    func read(_ bytes: [UInt8], chunk: Int = 3) throws -> GridArray {
        var reader = GridArrayReader()
        var cells: [UInt8] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            try bytes[start..<end].withUnsafeBufferPointer { try reader.feed($0) { cells.append(contentsOf: $0) } }
            start = end
        }
        let shape = try reader.finish { cells.append(contentsOf: $0) }
        return GridArray(rows: shape.rows, columns: shape.columns, cells: cells)
    }

    func read(_ text: String, chunk: Int = 3) throws -> GridArray { try read(Array(text.utf8), chunk: chunk) }

    func assertInputError(_ text: String, _ message: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try read(text), file: file, line: line) {
            XCTAssertEqual(($0 as? ScoringError)?.description, message, file: file, line: line)
        }
    }

    func testReadsMatricesAndPBM() throws {
        let expected = "010/110"
        XCTAssertEqual(try GridArray.parse(expected).description, expected)
        XCTAssertEqual(try read("0,1,0\n1,1,0\n").description, expected)
        XCTAssertEqual(try read("\u{FEFF}0 1 0\r\n\r\n1\t1  0").description, expected)
        XCTAssertEqual(try read("0, 1 ,0\r1,1,0\r").description, expected)
        XCTAssertEqual(try read("P1\n# a comment\n3 2\n0 1 0\n1 1 0\n").description, expected)
        XCTAssertEqual(try read("P1 3 2 010110").description, expected)
        // P4: rows padded to a byte, most significant bit first: 010 -> 0x40, 110 -> 0xC0.
        XCTAssertEqual(try read(Array("P4\n#c\n3 2\n".utf8) + [0x40, 0xC0]).description, expected)
        let wide = try read(Array("P4 10 1 ".utf8) + [0b1000_0001, 0b0100_0000], chunk: 1)
        XCTAssertEqual(wide.description, "1000000101")
    }

    func testBadInputNamesTheLineAndValue() {
        assertInputError("0,1,0\n1,1\n", "line 2: this row has 2 cells but the first row (line 1) has 3: every row must have the same length")
        assertInputError("0 1\n0 2\n", "line 2: '2' (cell 2) is not a cell: expected 0 or 1, separated by commas or spaces")
        assertInputError("0,,1\n", "line 1: empty cell at cell 2 (two commas, or a comma first): every cell is 0 or 1")
        assertInputError("0,1,\n", "line 1: the row ends with a comma (an empty last cell): every cell is 0 or 1")
        assertInputError("0101\n", "line 1: '0101' (cell 1) is not a cell: expected 0 or 1, separated by commas or spaces")
        assertInputError("", "the input is empty: expected an array (rows of 0/1 cells, or a PBM image)")
        assertInputError("P5\n3 2\n", "line 1: bad PBM header: 'P5' is a greyscale PGM image; expected a bitmap, P1 (plain) or P4 (raw)")
        assertInputError("P1\n3 x\n", "line 2: bad PBM header: height 'x' is not a whole number 1...16777216")
        assertInputError("P1\n3", "line 2: bad PBM header: the input ends after 'P1 3'; expected P1 or P4, the width and the height")
        assertInputError("P1 3 2 0102", "line 1: '2' is not a pixel of a plain PBM (P1): expected 0 or 1")
        assertInputError("P1 3 2 01011", "line 1: the PBM image ends after 1 of its 2 rows and 2 pixels (width 3): the file is truncated")
        assertInputError("P4 3 2 @", "the PBM image ends after 1 of its 2 rows (width 3): the file is truncated")
        XCTAssertThrowsError(try GridArray.parse("010/11")) {
            XCTAssertEqual($0 as? ScoringError, .invalidArray("010/11", reason: "row 2 has 2 cells but row 1 has 3: every row must have the same length"))
        }
        XCTAssertThrowsError(try GridArray.parse("010/1a0")) {
            XCTAssertEqual($0 as? ScoringError, .invalidArray("010/1a0", reason: "'a' at row 2, column 2 is not a cell: expected 0 or 1"))
        }
    }

    /// A 1000 x 1000 random image as PBM P4, streamed in 64 KB chunks through the reader and
    /// the counter, gives the same BDM as the array in memory counted by the plain definition.
    func testStreamedThousandSquareMatchesInMemory() throws {
        let n = 1000
        var rng = SplitMix64(seed: 2018)
        var cells = [UInt8](repeating: 0, count: n * n)
        var pbm = Array("P4\n\(n) \(n)\n".utf8)
        for r in 0..<n {
            var byte: UInt8 = 0
            for c in 0..<n {
                let bit = UInt8(rng.next() >> 63)
                cells[r * n + c] = bit
                byte |= bit << (7 - UInt8(c % 8))
                if c % 8 == 7 || c == n - 1 { pbm.append(byte); byte = 0 }
            }
        }
        let array = GridArray(rows: n, columns: n, cells: cells)
        for dec in [try decomposition(3, .ignore), try decomposition(3, .recursive, minLength: 1)] {
            var reader = GridArrayReader()
            var counter: GridBlockCounter?
            var start = 0
            while start < pbm.count {
                let end = min(pbm.count, start + 65536)
                try pbm[start..<end].withUnsafeBufferPointer { chunk in
                    try reader.feed(chunk) { row in
                        if counter == nil { counter = GridBlockCounter(decomposition: dec, columns: row.count) }
                        counter!.append(row: row)
                    }
                }
                start = end
            }
            try reader.finish { counter!.append(row: $0) }
            let streamed = try Self.g4.bdm(of: counter!.finish())
            let inMemory = try Self.g4.bdm(of: GridBlockCounts(array: array, decomposition: dec))
            XCTAssertEqual(streamed.value, inMemory.value, "\(dec)")
            XCTAssertEqual(streamed.blocks, inMemory.blocks, "\(dec)")
            XCTAssertEqual(streamed.blockEntropy, inMemory.blockEntropy, "\(dec)")
        }
    }
}
