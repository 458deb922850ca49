import Foundation
import XCTest
@testable import Enumeration
@testable import FrequencyTables
import TestSupport
import TuringMachines

/// Trimmed exhaustive tables (what data/ ships of D(6)) and the comparison of two tables.
final class TrimAndCompareTests: XCTestCase {
    func freshTable(states: Int, steps: Int, symbols: Int = 2, part: OutputTable.Part? = nil) throws -> OutputTable {
        let space = try MachineSpace(states: states, symbols: symbols)
        let r = try TreeEnumerator(space: space, stepCap: steps, threads: 2).run()
        var table = OutputTable(r, timing: RunTiming(cpuSeconds: 0.5, wallSeconds: 0.25))
        table.part = part
        return table
    }

    func testTrimmedTableKeepsTheFiguresAndTheKOfEveryListedString() throws {
        let full = try freshTable(states: 4, steps: 107)
        let trimmed = try full.trimmed(maxLength: 8)
        XCTAssertEqual(trimmed.strings, full.strings.filter { $0.count <= 8 })
        XCTAssertLessThan(trimmed.listedCount, full.listedCount)
        XCTAssertEqual(trimmed.distinct, full.distinct)
        XCTAssertEqual(trimmed.longest, full.longest)
        XCTAssertEqual(trimmed.completeUpToLength, full.completeUpToLength)
        XCTAssertEqual(trimmed.halting, full.halting)
        let (a, b) = (CodingTheorem(table: full), CodingTheorem(table: trimmed))
        for s in trimmed.strings { XCTAssertEqual(a.complexity(of: s), b.complexity(of: s)) }

        // The file keeps it all; reading gives the same table back.
        let text = TableFile.render(trimmed)
        XCTAssertTrue(text.contains("\n# listed_max_length: 8\n"))
        XCTAssertTrue(text.contains("\n# distinct: \(full.distinct)\n"))
        XCTAssertTrue(text.contains("\n# listed_distinct: \(trimmed.listedCount)\n"))
        XCTAssertEqual(try TableFile.parse(Data(text.utf8), source: "t.tsv"), trimmed)
        // Trimming further is allowed; the result equals trimming the full table.
        XCTAssertEqual(try trimmed.trimmed(maxLength: 5), try full.trimmed(maxLength: 5))
    }

    func testTrimmedFilesAreCheckedAgainstTheirListing() throws {
        let text = TableFile.render(try freshTable(states: 4, steps: 107).trimmed(maxLength: 8))
        func rejects(_ edited: String, _ check: (TableFileError) -> Bool, line: UInt = #line) {
            XCTAssertThrowsError(try TableFile.parse(Data(TableSeal.resealed(edited).utf8), source: "t.tsv"), line: line) { error in
                XCTAssertTrue(check(error as! TableFileError), "\(error)", line: line)
            }
        }
        // A listing that claims a different number of lines or count sum.
        let listed = text.split(separator: "\n").first { $0.hasPrefix("# listed_distinct: ") }!
        rejects(text.replacingOccurrences(of: String(listed), with: "# listed_distinct: 1")) {
            if case .countMismatch(_, "listed_distinct", _, _) = $0 { return true } else { return false }
        }
        let sum = text.split(separator: "\n").first { $0.hasPrefix("# listed_count_sum: ") }!
        rejects(text.replacingOccurrences(of: String(sum), with: "# listed_count_sum: 7")) {
            if case .countMismatch(_, "listed_count_sum", _, _) = $0 { return true } else { return false }
        }
        // Lines longer than the listing says.
        rejects(text.replacingOccurrences(of: "# listed_max_length: 8", with: "# listed_max_length: 7")) {
            if case .badHeaderValue(_, "listed_max_length", _) = $0 { return true } else { return false }
        }
        // A trimmed table must say how complete the full one was.
        rejects(text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("# complete_up_to_length") }.joined(separator: "\n")) {
            $0 == .missingHeader(source: "t.tsv", key: "complete_up_to_length")
        }
    }

    /// The body's checksum cannot cover the full run's figures of a trimmed file; the reader
    /// still refuses figures that contradict the listed lines.
    func testTrimmedFileFiguresMustAgreeWithTheListing() throws {
        let trimmed = try freshTable(states: 4, steps: 107).trimmed(maxLength: 8)
        let text = TableFile.render(trimmed)
        func replacing(_ key: String, with value: String) -> String {
            let line = text.split(separator: "\n").first { $0.hasPrefix("# \(key): ") }!
            return TableSeal.resealed(text.replacingOccurrences(of: String(line) + "\n", with: "# \(key): \(value)\n"))
        }
        let listedSum = trimmed.counts.reduce(UInt128(0), +)
        let cases: [(String, String)] = [
            ("halting", String(listedSum - 1)),                  // below what is listed
            ("halting", String(trimmed.machines + 1)),           // more than the machines
            ("distinct", String(trimmed.listedCount - 1)),       // fewer than listed
            ("longest", "7"),                                    // shorter than a listed string
            ("complete_up_to_length", String(trimmed.completeUpToLength + 1)),
            ("complete_up_to_length", String(trimmed.completeUpToLength - 1)),
        ]
        for (key, value) in cases {
            XCTAssertThrowsError(try TableFile.parse(Data(replacing(key, with: value).utf8), source: "t.tsv"), "\(key) \(value)") { error in
                guard case .badHeaderValue(_, let named, let why) = error as? TableFileError else { return XCTFail("\(error)") }
                XCTAssertEqual(named, key)
                XCTAssertTrue(why.hasPrefix(value), why)
            }
        }
        // A listing that reaches the longest string must be the whole table.
        let whole = try freshTable(states: 3, steps: 21)
        let all = TableFile.render(try whole.trimmed(maxLength: whole.longest))
        XCTAssertNoThrow(try TableFile.parse(Data(all.utf8), source: "t.tsv"))
        let lying = TableSeal.resealed(all.replacingOccurrences(of: "# distinct: \(whole.distinct)\n", with: "# distinct: \(whole.distinct + 5)\n"))
        XCTAssertThrowsError(try TableFile.parse(Data(lying.utf8), source: "t.tsv"))
    }

    func testMergerRefusesToFinishAfterAnError() throws {
        let space = try MachineSpace(states: 3, symbols: 2)
        var shards: [OutputTable] = []
        for i in 1...2 {
            var e = try TreeEnumerator(space: space, stepCap: 21, threads: 1)
            e.splitLevel = 2
            e.shard = try Shard(index: i, count: 2)
            let r = e.run()
            shards.append(OutputTable(r))
        }
        var merger = OutputTable.Merger()
        try merger.add(shards[0])
        XCTAssertThrowsError(try merger.add(shards[0])) { XCTAssertEqual($0 as? TableMergeError, .duplicateShard("1/2")) }
        XCTAssertThrowsError(try merger.add(shards[1])) { XCTAssertEqual($0 as? TableMergeError, .spent) }
        XCTAssertThrowsError(try merger.finish()) { XCTAssertEqual($0 as? TableMergeError, .spent) }
        // A fresh merge of the two shards is the single run.
        let single = try freshTable(states: 3, steps: 21)
        let merged = try OutputTable.merge(shards)
        XCTAssertEqual(merged.strings, single.strings)
        XCTAssertEqual(merged.counts, single.counts)
    }

    func testTrimRefusesWhatItCannotDo() throws {
        let full = try freshTable(states: 3, steps: 21)
        XCTAssertThrowsError(try full.trimmed(maxLength: 0)) { XCTAssertEqual($0 as? TableTrimError, .badLength(0)) }
        XCTAssertThrowsError(try full.trimmed(maxLength: 4).trimmed(maxLength: 6)) {
            XCTAssertEqual($0 as? TableTrimError, .alreadyShorter(listed: 4, asked: 6))
        }
        let shard = try freshTable(states: 2, steps: 6, part: OutputTable.Part(shard: try Shard(index: 1, count: 1), splitLevel: 1))
        XCTAssertThrowsError(try shard.trimmed(maxLength: 3)) { XCTAssertEqual($0 as? TableTrimError, .shard) }
    }

    func testMergeRefusesATrimmedTable() throws {
        let whole = try freshTable(states: 2, steps: 6)
        var trimmed = try whole.trimmed(maxLength: 2)
        trimmed.part = OutputTable.Part(shard: try Shard(index: 1, count: 1), splitLevel: 1)
        XCTAssertThrowsError(try OutputTable.merge([trimmed])) { XCTAssertEqual($0 as? TableMergeError, .trimmed(index: 0)) }
    }

    func testRankCorrelationAgainstHandComputedValues() {
        // No ties: rho = 1 - 6 Σd² / (n(n²-1)) = 1 - 6·4/120.
        XCTAssertEqual(TableComparison.spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])!, 0.8, accuracy: 1e-12)
        // Ties share their average rank: ranks (1, 2.5, 2.5, 4) against (1, 2, 3, 4) give 4.5 / sqrt(4.5 · 5).
        XCTAssertEqual(TableComparison.spearman([1, 2, 2, 3], [10, 20, 30, 40])!, 4.5 / (4.5 * 5).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(TableComparison.spearman([3, 2, 1], [1, 2, 3])!, -1, accuracy: 1e-12)
        XCTAssertNil(TableComparison.spearman([1, 1, 1], [1, 2, 3]), "constant K has no rank correlation")
        XCTAssertNil(TableComparison.spearman([1, 2], [1, 2]), "too few strings")
    }

    func testComparisonOfD3AndD4CoversWhatEachTableDefines() throws {
        let d3 = try freshTable(states: 3, steps: 21), d4 = try freshTable(states: 4, steps: 107)
        let c = try TableComparison(first: d3, second: d4)
        // Coverage, counted here from the listings: a string or its complement is listed.
        func covered(_ t: OutputTable) -> Set<[UInt8]> {
            Set(t.strings + t.strings.map { $0.map { 1 - $0 } })
        }
        let (c3, c4) = (covered(d3), covered(d4))
        XCTAssertEqual(c.common.count, c3.intersection(c4).count)
        XCTAssertEqual(Set(c.common.map(\.string)), c3.intersection(c4))
        for row in c.byLength {
            XCTAssertEqual(row.first, c3.filter { $0.count == row.length }.count, "length \(row.length)")
            XCTAssertEqual(row.second, c4.filter { $0.count == row.length }.count, "length \(row.length)")
            XCTAssertEqual(row.possible, Double(1 << row.length))
        }
        let (k3, k4) = (CodingTheorem(table: d3), CodingTheorem(table: d4))
        for s in c.common {
            XCTAssertEqual(s.first, k3.complexity(of: s.string))
            XCTAssertEqual(s.second, k4.complexity(of: s.string))
        }
        // Complexity orders strings much the same way in both, but not identically.
        XCTAssertGreaterThan(c.spearman!, 0.8)
        XCTAssertLessThan(c.spearman!, 1)

        // Movers: residuals are shift minus the median shift of the length, sorted, each
        // group with identical K counted once.
        let movers = c.movers(5)
        XCTAssertFalse(movers.up.isEmpty)
        XCTAssertFalse(movers.down.isEmpty)
        for m in movers.up + movers.down {
            let median = c.byLength[m.string.count - 1].medianShift!
            XCTAssertEqual(m.residual, m.second - m.first - median, accuracy: 1e-12)
            XCTAssertEqual(m.classSize, c.common.filter { $0.string.count == m.string.count && $0.first == m.first && $0.second == m.second }.count)
        }
        XCTAssertEqual(movers.up.map(\.residual), movers.up.map(\.residual).sorted(by: >))
        XCTAssertEqual(movers.down.map(\.residual), movers.down.map(\.residual).sorted())
        XCTAssertTrue(movers.up.allSatisfy { $0.residual > 0 })
        XCTAssertTrue(movers.down.allSatisfy { $0.residual < 0 })
    }

    func testTrimmedTableComparesOnlyWhereItLists() throws {
        let d4 = try freshTable(states: 4, steps: 107)
        let c = try TableComparison(first: d4, second: try d4.trimmed(maxLength: 9))
        XCTAssertEqual(c.comparedUpToLength, 9)
        XCTAssertEqual(c.spearman!, 1, accuracy: 1e-12)
        XCTAssertEqual(c.medianShift, 0)
        XCTAssertTrue(c.movers(10).up.isEmpty && c.movers(10).down.isEmpty)
        for row in c.byLength {
            if row.length <= 9 {
                XCTAssertEqual(row.second, row.first)
                XCTAssertEqual(row.both, row.first)
            } else {
                XCTAssertNil(row.second, "length \(row.length) is beyond the listing: unknown, not missing")
                XCTAssertEqual(row.both, 0)
            }
        }
    }

    func testComparisonRefusesDifferentAlphabetsAndShards() throws {
        let binary = try freshTable(states: 2, steps: 6), ternary = try freshTable(states: 1, steps: 1, symbols: 3)
        XCTAssertThrowsError(try TableComparison(first: binary, second: ternary)) {
            XCTAssertEqual($0 as? TableComparisonError, .differentAlphabets(first: 2, second: 3))
        }
        var shard = binary
        shard.part = OutputTable.Part(shard: try Shard(index: 1, count: 2), splitLevel: 1)
        XCTAssertThrowsError(try TableComparison(first: binary, second: shard)) {
            XCTAssertEqual($0 as? TableComparisonError, .shard(which: "second"))
        }
    }
}
