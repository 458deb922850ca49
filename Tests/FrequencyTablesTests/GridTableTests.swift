import XCTest
import Enumeration
@testable import FrequencyTables
import TestSupport
import TuringMachines

/// 2-D tables: the figures of docs/formalism.md §7 from fresh enumerations, the file format's
/// round trip and its refusals, the symmetry classes, and the merge of shards.
final class GridTableTests: XCTestCase {
    private func array(_ rows: String) -> PackedGrid {
        let r = rows.split(separator: "/").map { Array($0) }
        return PackedGrid(GridArray(rows: r.count, columns: r[0].count, cells: r.flatMap { $0.map { $0 == "1" ? 1 : 0 } }))!
    }

    func testSymmetryClassesAndCanonicalMembers() {
        // An L-shaped 2x3 array: 4 members of shape 2x3 and 4 of shape 3x2.
        let a = array("100/111")
        XCTAssertEqual(GridSymmetry.orbit(a).count, 8)
        let canonical = GridSymmetry.canonical(a)
        XCTAssertEqual(canonical.rows, 2)
        XCTAssertEqual(canonical.description, "001/111")
        for image in GridSymmetry.orbit(a) { XCTAssertEqual(GridSymmetry.canonical(image), canonical) }
        // Symmetric arrays have smaller classes.
        XCTAssertEqual(GridSymmetry.orbit(array("000/010/000")).count, 1)
        XCTAssertEqual(GridSymmetry.orbit(array("0110")).count, 2) // 1x4 and its 4x1 transpose
        XCTAssertEqual(array("010/110").rotatedClockwise.description, "10/11/00")
        XCTAssertEqual(array("010/110").flippedUpsideDown.description, "110/010")
        XCTAssertEqual(array("010/110").complemented.description, "101/001")
    }

    /// n = 3, T = 32 (docs/formalism.md §7): the table's K values satisfy the coding theorem with
    /// complements, the file round-trips, and every edit is refused.
    func testFileRoundTripAndRefusals() throws {
        let result = try GridTreeEnumerator(states: 3, stepCap: 32).run()
        let table = try GridOutputTable(result)
        XCTAssertEqual(table.figures.halting, 46_407_040)
        XCTAssertEqual(table.figures.distinct, 2_087)
        XCTAssertEqual(table.listedFigures.arrays, 2_087)
        let text = GridTableFile.render(table)
        let back = try GridTableFile.parse(Data(text.utf8), source: "t")
        XCTAssertEqual(back.classes, table.classes)
        XCTAssertEqual(back.figures.halting, table.figures.halting)
        for (array, count) in result.counts { XCTAssertEqual(back.count(of: array), count) }
        // D(s) = (c0(s) + c0(~s)) / 2H.
        let zero = array("0")
        let expected = -log2(Double(result.counts[zero]! + result.counts[zero.complemented]!) / (2 * 46_407_040))
        XCTAssertEqual(back.complexity(of: zero)!, expected, accuracy: 1e-12)

        // A body edit (count changed), a header edit, a line out of order, a non-canonical line.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstBody = lines.firstIndex { !$0.hasPrefix("#") }!
        var edited = lines
        edited[firstBody] = edited[firstBody].replacingOccurrences(of: "\t", with: "\t9", options: .backwards)
        XCTAssertThrowsError(try GridTableFile.parse(Data(edited.joined(separator: "\n").utf8), source: "t"))
        edited = lines
        edited[lines.firstIndex { $0.hasPrefix("# halting:") }!] = "# halting: 46407041"
        XCTAssertThrowsError(try GridTableFile.parse(Data(edited.joined(separator: "\n").utf8), source: "t")) { error in
            XCTAssertTrue("\(error)".contains("header checksum"), "\(error)")
        }
        edited = lines
        edited.swapAt(firstBody, firstBody + 1)
        XCTAssertThrowsError(try GridTableFile.parse(Data(TableSeal.resealed(edited.joined(separator: "\n")).utf8), source: "t"))
        // "1x2 01" is canonical ("01" < "10"), "1x2 10" is not.
        let nonCanonical = text.replacingOccurrences(of: "1x2\t01\t", with: "1x2\t10\t")
        XCTAssertThrowsError(try GridTableFile.parse(Data(TableSeal.resealed(nonCanonical).utf8), source: "t")) { error in
            XCTAssertTrue("\(error)".contains("least member"), "\(error)")
        }
        // A 1-D reader refuses a 2-D table and says what it found.
        XCTAssertThrowsError(try TableFile.parse(Data(text.utf8), source: "t"))
    }

    func testTrimKeepsTheFiguresOfTheFullRun() throws {
        let table = try GridOutputTable(try GridTreeEnumerator(states: 3, stepCap: 32).run())
        let trimmed = table.trimmed(maxArea: 4)
        XCTAssertTrue(trimmed.classes.keys.allSatisfy { $0.area <= 4 })
        let back = try GridTableFile.parse(Data(GridTableFile.render(trimmed).utf8), source: "t")
        XCTAssertEqual(back.figures.halting, 46_407_040)
        XCTAssertEqual(back.figures.distinct, 2_087)
        XCTAssertEqual(back.figures.listedMaxArea, 4)
        XCTAssertEqual(back.complexity(of: array("00/00")), table.complexity(of: array("00/00")))
    }

    func testShardsMergeIntoTheWholeRun() throws {
        var enumerator = try GridTreeEnumerator(states: 3, stepCap: 40)
        let whole = try GridOutputTable(enumerator.run())
        var merger = GridOutputTable.Merger()
        for i in 1...3 {
            enumerator.shard = try Shard(index: i, count: 3)
            let part = try GridTableFile.parse(Data(GridTableFile.render(try GridOutputTable(enumerator.run())).utf8), source: "s\(i)")
            try merger.add(part)
            if i == 2 { XCTAssertThrowsError(try merger.finish()) }
        }
        let merged = try merger.finish()
        XCTAssertEqual(merged.classes, whole.classes)
        XCTAssertEqual(GridTableFile.render(merged), GridTableFile.render(whole))
    }

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    /// n = 4, T = 2000 (docs/formalism.md §7): H, the arrays of area <= 64, the machines with
    /// larger outputs, the latest halt, the counts c0 and the K values of the table.
    func testFourStatesReproduceThePublishedFigures() throws {
        let result = try GridTreeEnumerator(states: 4, stepCap: 2000, threads: 2).run()
        XCTAssertEqual(UInt128(result.totalWeight), GridMachine.machineCount(states: 4))
        XCTAssertEqual(result.halting, 246_203_914_784)
        XCTAssertEqual(result.counts.count, 565_685)
        XCTAssertEqual(result.largeOutputs, 33_984)
        XCTAssertEqual(result.latestHalt, 1_483)
        let table = try GridOutputTable(result)
        var power: UInt64 = 1
        for _ in 0..<7 { power *= 34 }
        XCTAssertEqual(table.count(of: array("0")), power)
        XCTAssertEqual(table.count(of: array("00/00")), 3_373_585_632)
        XCTAssertEqual(table.count(of: array("000/000/000")), 8_531_520)
        XCTAssertEqual(table.count(of: array("0000/0000/0000/0000")), 9_552)
        XCTAssertEqual(table.count(of: array("1111/1111/1111/1111")), 144)
        let k: [(String, Double)] = [
            ("0", 2.228822856695159), ("00", 4.438650206707988), ("00/00", 7.105240114760221),
            ("01/10", 7.218237340706078), ("000/000/000", 15.815920478983699), ("010/101/010", 18.355752281517695),
            ("0000/0000/0000/0000", 25.597888761974584),
        ]
        for (rows, expected) in k { XCTAssertEqual(table.complexity(of: array(rows))!, expected, accuracy: 1e-12, rows) }
        XCTAssertNil(table.complexity(of: array("0101/1010/0101/1010")))
        // The detectors change no count (a cap where plain runs stay affordable).
        let plain = try GridTreeEnumerator(states: 4, stepCap: 200, threads: 2, detectNonHalting: false).run()
        let detecting = try GridTreeEnumerator(states: 4, stepCap: 200, threads: 2).run()
        XCTAssertEqual(plain.counts, detecting.counts)
        XCTAssertEqual(plain.haltingSteps, detecting.haltingSteps)
        XCTAssertEqual(plain.largeOutputs, detecting.largeOutputs)
    }
    #endif
}
