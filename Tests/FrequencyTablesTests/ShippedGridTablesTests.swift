import XCTest
import Enumeration
@testable import FrequencyTables
import TestSupport
import TuringMachines

#if ACSS_LONG_TESTS  // long (loads the 2-D tables): CI runs it in release mode (.ci/run)
/// The shipped 2-D tables against docs/formalism.md §7: figures, counts c0, K values, coverage.
final class ShippedGridTablesTests: XCTestCase {
    private func array(_ rows: String) -> PackedGrid {
        let r = rows.split(separator: "/").map { Array($0) }
        return PackedGrid(GridArray(rows: r.count, columns: r[0].count, cells: r.flatMap { $0.map { $0 == "1" ? 1 : 0 } }))!
    }

    private func power(_ base: UInt64, _ exponent: Int) -> UInt64 { (0..<exponent).reduce(1) { r, _ in r * base } }

    func testFourStateTable() throws {
        let t = try GridTableFile.read(path: Repository.table("G4-T2000.tsv"))
        XCTAssertEqual(t.figures.halting, 246_203_914_784)
        XCTAssertEqual(t.figures.distinct, 565_685)
        XCTAssertEqual(t.figures.largeOutputs, 33_984)
        XCTAssertEqual(t.figures.latestHalt, 1_483)
        XCTAssertEqual(t.count(of: array("0")), power(34, 7))
        XCTAssertEqual(t.complexity(of: array("0000/0000/0000/0000"))!, 25.597888761974584, accuracy: 1e-12)
        // 60,016 of the 65,536 4x4 arrays, with complements.
        let covered = (0..<UInt64(1 << 16)).filter { t.completedCount(of: PackedGrid(rows: 4, columns: 4, bits: $0)) > 0 }.count
        XCTAssertEqual(covered, 60_016)
    }

    func testFiveStateTable() throws {
        let t = try GridTableFile.read(path: Repository.table("G5-T2000.tsv"))
        let f = t.figures
        XCTAssertEqual(f.machines, 17_080_198_121_677_824)
        XCTAssertEqual(f.halting, 2_199_163_427_683_776)
        XCTAssertEqual(f.latestHalt, 2000)
        XCTAssertEqual(f.haltingAtCap, 9_984)
        XCTAssertEqual(f.listedMaxArea, 20)
        // Arrays of area <= 20: 3,897,708 on blank 0, 4,588,730 with complements.
        XCTAssertEqual(t.listedFigures.arrays, 3_897_708)
        var withComplements = 0
        var coveredByShape: [String: Int] = [:]
        for rows in 1...20 {
            for columns in 1...(20 / rows) {
                var covered = 0
                for bits in 0..<(UInt64(1) << UInt64(rows * columns)) {
                    if t.completedCount(of: PackedGrid(rows: rows, columns: columns, bits: bits)) > 0 { covered += 1 }
                }
                withComplements += covered
                coveredByShape["\(rows)x\(columns)"] = covered
            }
        }
        XCTAssertEqual(withComplements, 4_588_730)
        // Complete for 1x1..1x11, 2x2..2x8, 3x3..3x6 and every 4x4; 4x5 lacks 40 arrays.
        for (rows, maxColumns) in [(1, 11), (2, 8), (3, 6), (4, 4)] {
            for columns in rows...maxColumns {
                XCTAssertEqual(coveredByShape["\(rows)x\(columns)"], 1 << (rows * columns), "\(rows)x\(columns)")
            }
        }
        XCTAssertLessThan(coveredByShape["1x12"]!, 1 << 12)
        XCTAssertEqual(coveredByShape["4x5"], 1_048_536)
        // Counts c0 and K values.
        XCTAssertEqual(t.count(of: array("0")), power(42, 9))
        XCTAssertEqual(t.count(of: array("00/00")), 36_534_865_300_608)
        XCTAssertEqual(t.count(of: array("000/000/000")), 327_193_401_600)
        XCTAssertEqual(t.count(of: array("0000/0000/0000/0000")), 1_037_722_752)
        XCTAssertEqual(t.count(of: array("1111/1111/1111/1111")), 2_356_416)
        let k: [(String, Double)] = [
            ("0", 2.435019438296211), ("00", 4.512492091834992), ("00/00", 6.807363322550375),
            ("01/10", 6.902309703724498), ("000/000/000", 13.713694580191685), ("010/101/010", 17.080465021381713),
            ("0000/0000/0000/0000", 22.011830042746649), ("0101/1010/0101/1010", 30.480424257749249),
        ]
        for (rows, expected) in k { XCTAssertEqual(t.complexity(of: array(rows))!, expected, accuracy: 1e-12, rows) }
    }
}
#endif
