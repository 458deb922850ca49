import XCTest
import Enumeration
import FrequencyTables
@testable import Scoring
import TestSupport

/// 2-D scoring with the shipped exact (4,2) table: K by lookup (docs/formalism.md §7 values),
/// the reference over all arrays of a shape, and the parsing of arrays.
final class GridScoringTests: XCTestCase {
    static let table: GridComplexityTable = {
        let file = try! GridTableFile.read(path: Repository.table("G4-T2000.tsv"))
        return try! GridComplexityTable(table: file, descriptor: GridTableDescriptor.named("G4-T2000")!)
    }()

    func testKOfThePublishedArrays() throws {
        let t = Self.table
        for (rows, k) in [("0", 2.228822856695159), ("00/00", 7.105240114760221), ("010/101/010", 18.355752281517695),
                          ("0000/0000/0000/0000", 25.597888761974584)] {
            let s = try t.score(try GridArrayText.parse(rows), text: rows)
            XCTAssertEqual(s.complexity, k, accuracy: 1e-12, rows)
            XCTAssertEqual(s.probability, exp2(-k), accuracy: exp2(-k) * 1e-12)
        }
        // The flattened form with a shape is the same array; symmetric images score the same.
        XCTAssertEqual(try GridArrayText.parse("000010000", shape: (3, 3)), try GridArrayText.parse("000/010/000"))
        XCTAssertEqual(t.complexity(of: try GridArrayText.parse("100/110")), t.complexity(of: try GridArrayText.parse("11/10/00")))
        // An array the table lacks (a 4x4 checkerboard: absent from (4,2), docs/formalism.md §7).
        XCTAssertThrowsError(try t.score(try GridArrayText.parse("0101/1010/0101/1010"), text: "x")) { error in
            XCTAssertEqual(error as? ScoringError, .arrayNotInTable("x", table: "G4-T2000"))
        }
    }

    /// The 3x3 reference: mean and both SDs over the 512 arrays, computed here from the table's
    /// counts with the coding theorem written out.
    func testReferenceOverAllArraysOfAShape() throws {
        let t = Self.table
        let h = Double(t.table.figures.halting)
        var ks: [Double] = []
        for bits in 0..<UInt64(512) {
            let a = PackedGrid(rows: 3, columns: 3, bits: bits)
            let c = Double(t.table.count(of: a) + t.table.count(of: a.complemented))
            ks.append(-log2(c / (2 * h)))
        }
        let mean = ks.reduce(0, +) / 512
        let ss = ks.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let r = try t.reference(rows: 3, columns: 3)
        XCTAssertEqual(r.coveredArrays, 512)
        XCTAssertEqual(r.mean, mean, accuracy: 1e-12)
        XCTAssertEqual(r.sampleStandardDeviation, (ss / 511).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(r.standardDeviation, (ss / 512).squareRoot(), accuracy: 1e-12)
        let zeros = try t.score(try GridArrayText.parse("000/000/000"), text: "z")
        XCTAssertEqual(zeros.zScore!, (zeros.complexity - mean) / (ss / 511).squareRoot(), accuracy: 1e-12)
        // The two constant arrays are the simplest: the mid-rank percentile is 1/512 * 100.
        XCTAssertEqual(zeros.percentile!, 100 * 1.0 / 512, accuracy: 1e-12)
    }

    func testMalformedArraysAreNamed() {
        for (text, fragment) in [("01/1", "row 2 has 1 cells"), ("0102", "cell 1,4 is '2'"), ("01//10", "row 2 is empty"),
                                 ("", "empty")] {
            XCTAssertThrowsError(try GridArrayText.parse(text)) { error in
                XCTAssertTrue("\(error)".contains(fragment), "\(text): \(error)")
            }
        }
        XCTAssertThrowsError(try GridArrayText.parse("00001000", shape: (3, 3))) { error in
            XCTAssertTrue("\(error)".contains("8 cells, but --shape 3x3 needs 9"), "\(error)")
        }
        XCTAssertNil(GridArrayText.parseShape("3x"))
        XCTAssertNil(GridArrayText.parseShape("9x9"))
        XCTAssertEqual(GridArrayText.parseShape("3X4")?.columns, 4)
    }
}
