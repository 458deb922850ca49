import Enumeration
import Foundation
import TestSupport
import XCTest
@testable import FrequencyTables
import TuringMachines

/// The logical-depth tables: each output's fastest halting step (`DepthTable`).
final class DepthTableTests: XCTestCase {
    func bits(_ s: String) -> [UInt8] { s.map { $0 == "1" ? 1 : 0 } }

    static func all(length: Int) -> [[UInt8]] {
        (0..<(1 << length)).map { v in (0..<length).map { UInt8((v >> (length - 1 - $0)) & 1) } }
    }

    /// Closed forms, independent of the enumerator. With n states:
    /// - a string of length L <= n has depth exactly L: L cells take at least L steps (L - 1
    ///   moves and the halting step), and the machine whose state i writes symbol i, moves right
    ///   and enters state i + 1 (the last state writes and halts) takes exactly L;
    /// - a string of length n + 1 has depth at least n + 3 - 1 = n + 2: in n + 1 steps the
    ///   head would move right (or left) at every step, reading a blank in each of n + 1
    ///   states, so some state would read a blank twice and the run would repeat itself forever
    ///   instead of halting.
    func testDepthsOfShortStringsFollowTheClosedForms() throws {
        for (n, cap) in [(2, 6), (3, 21), (4, 107)] {
            let result = try TreeEnumerator(space: MachineSpace(states: n, symbols: 2), stepCap: cap, threads: 2).run()
            let table = DepthTable(result)
            for length in 1...n {
                for s in Self.all(length: length) {
                    XCTAssertEqual(table.depth(of: s), length, "n=\(n) \(s)")
                }
            }
            for s in Self.all(length: n + 1) {
                if let d = table.depth(of: s) { XCTAssertGreaterThanOrEqual(d, n + 2, "n=\(n) \(s)") }
            }
            for (s, d) in zip(table.strings, table.depths) {
                XCTAssertGreaterThanOrEqual(d, s.count)
                XCTAssertLessThanOrEqual(d, cap)
            }
            XCTAssertEqual(table.strings.count, result.counts.count, "every output has a depth")
        }
    }

    /// The shards partition the machines, so the minimum over the shards' minima is the whole
    /// run's; the merge refuses an incomplete or mixed set.
    func testShardsMergeIntoTheWholeRun() throws {
        let space = try MachineSpace(states: 4, symbols: 2)
        let whole = DepthTable(try TreeEnumerator(space: space, stepCap: 107, threads: 2).run())
        var parts: [DepthTable] = []
        for i in 1...3 {
            var e = try TreeEnumerator(space: space, stepCap: 107, threads: 1)
            e.shard = try Shard(index: i, count: 3)
            parts.append(DepthTable(e.run()))
        }
        let merged = try DepthTable.merge(parts)
        XCTAssertEqual(merged.strings, whole.strings)
        XCTAssertEqual(merged.depths, whole.depths)
        XCTAssertEqual(merged.machines, whole.machines)
        XCTAssertThrowsError(try DepthTable.merge(Array(parts.prefix(2)))) { error in
            XCTAssertTrue("\(error)".contains("missing shards: 3/3"), "\(error)")
        }
        XCTAssertThrowsError(try DepthTable.merge(parts + [parts[0]])) { error in
            XCTAssertTrue("\(error)".contains("given twice"), "\(error)")
        }
    }

    func testFileRoundTripAndTrim() throws {
        let table = DepthTable(try TreeEnumerator(space: MachineSpace(states: 3, symbols: 2), stepCap: 21).run())
        let text = DepthTableFile.render(table)
        XCTAssertTrue(text.hasPrefix(DepthTableFile.magic + "\n"))
        let back = try DepthTableFile.parse(Data(text.utf8), source: "t")
        XCTAssertEqual(back.strings, table.strings)
        XCTAssertEqual(back.depths, table.depths)
        XCTAssertEqual(back.distinct, table.distinct)

        let trimmed = table.trimmed(maxLength: 4)
        let reread = try DepthTableFile.parse(Data(DepthTableFile.render(trimmed).utf8), source: "t")
        XCTAssertEqual(reread.listedMaxLength, 4)
        XCTAssertEqual(reread.distinct, table.distinct, "the whole run's count is kept")
        XCTAssertTrue(reread.strings.allSatisfy { $0.count <= 4 })
        XCTAssertEqual(reread.depth(of: bits("0110")), table.depth(of: bits("0110")))
        XCTAssertNil(reread.depth(of: bits("01101")))
    }

    func testEditedAndImpossibleFilesAreRefused() throws {
        let table = DepthTable(try TreeEnumerator(space: MachineSpace(states: 2, symbols: 2), stepCap: 6).run())
        let text = DepthTableFile.render(table)
        // A depth changed in the body: the data checksum no longer matches.
        let edited = text.replacingOccurrences(of: "\n01\t2\n", with: "\n01\t3\n")
        XCTAssertNotEqual(edited, text)
        XCTAssertThrowsError(try DepthTableFile.parse(Data(edited.utf8), source: "t")) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
        // A table written wrongly (sealed, but a depth below the string's length).
        var depths: [[UInt8]: Int] = [:]
        for (s, d) in zip(table.strings, table.depths) { depths[s] = d }
        depths[bits("0110")] = 3
        let wrong = DepthTable(space: table.space, stepCap: 6, machines: table.machines, distinct: depths.count, depths: depths)
        XCTAssertThrowsError(try DepthTableFile.parse(Data(DepthTableFile.render(wrong).utf8), source: "t")) { error in
            XCTAssertTrue("\(error)".contains("a depth between the string's length 4 and the step cap 6"), "\(error)")
        }
        // Not a depth table at all.
        XCTAssertThrowsError(try DepthTableFile.parse(Data("# acss output table\n".utf8), source: "t"))
    }

    /// The shipped D(5) companion against the published values of the Online Algorithmic
    /// Complexity Calculator (its logicalDepthsBinaryStrings table, blank symbols 0 and 1 like
    /// K): equal on every string up to length 6 (all L up to 5; at length 6 all 7 but
    /// 011110 and 100001, 8). From length 7 on OACC's values are never below ours and often
    /// above (0000010: 13 there, 9 here), as a minimum over only part of the (5,2) machines
    /// would be: docs/aid.md. Ours is the minimum over all of them (the naive comparison in
    /// TreeVersusNaiveTests checks the minimum machine by machine on small spaces).
    func testShippedFiveStateDepthsAgainstOACC() throws {
        let t = try DepthTableFile.read(path: Repository.table("D5-T500-depth.tsv"))
        XCTAssertEqual(t.distinct, 60_034)
        XCTAssertEqual(t.stepCap, 500)
        func both(_ s: String) -> Int? {
            let a = t.depth(of: bits(s)), b = t.depth(of: bits(s).map { 1 - $0 })
            return [a, b].compactMap { $0 }.min()
        }
        for length in 1...5 { for s in Self.all(length: length) { XCTAssertEqual(both(s.map(String.init).joined()), length) } }
        for s in Self.all(length: 6) {
            let text = s.map(String.init).joined()
            XCTAssertEqual(both(text), text == "011110" || text == "100001" ? 8 : 7, text)
        }
        let oaccUpperBounds = ["0000010": 13, "00001100": 29, "000111110": 49, "0000100100": 62,
                               "0010111010": 60, "00000000": 18, "0000000000": 22, "111000001": 49]
        for (s, published) in oaccUpperBounds {
            let ours = try XCTUnwrap(both(s))
            XCTAssertLessThanOrEqual(ours, published, s)
        }
    }

#if ACSS_LONG_TESTS  // long (reads D6-T1000.tsv and its depths): CI runs it in release mode (.ci/run)
    /// The shipped D(6) depths against facts that do not come from the depth run:
    /// - they list exactly the strings of data/D6-T1000.tsv (the same enumeration, trimmed to
    ///   the same length: every output with a count has a fastest machine);
    /// - the closed forms: length L <= 6 has depth L, length 7 at least 8;
    /// - depth(s) = depth(reverse s): the mirror image of a machine outputs the reversed
    ///   string in the same number of steps;
    /// - depth at most D(5)'s: a (5,2) machine is a (6,2) machine whose sixth state is never
    ///   entered, with the same steps, and its cap 500 is below 1000. (Strictly lower for
    ///   some strings: a sixth state can make a machine faster.)
    func testShippedSixStateDepths() throws {
        let t6 = try DepthTableFile.read(path: Repository.table("D6-T1000-depth.tsv"))
        let counts = try TableFile.read(path: Repository.table("D6-T1000.tsv"))
        let t5 = try DepthTableFile.read(path: Repository.table("D5-T500-depth.tsv"))
        XCTAssertEqual(t6.stepCap, 1000)
        XCTAssertEqual(t6.space, try MachineSpace(states: 6, symbols: 2))
        XCTAssertEqual(t6.machines, counts.machines)
        XCTAssertEqual(t6.distinct, counts.distinct)
        XCTAssertEqual(Set(t6.strings), Set(counts.strings))
        for length in 1...6 { for s in Self.all(length: length) { XCTAssertEqual(t6.depth(of: s), length, OutputTable.render(s)) } }
        for s in Self.all(length: 7) { XCTAssertGreaterThanOrEqual(try XCTUnwrap(t6.depth(of: s)), 8, OutputTable.render(s)) }
        var lower = 0
        for (s, d) in zip(t6.strings, t6.depths) {
            XCTAssertEqual(t6.depth(of: s.reversed()), d, OutputTable.render(s))
            guard let five = t5.depth(of: s) else { continue }
            XCTAssertLessThanOrEqual(d, five, OutputTable.render(s))
            if d < five { lower += 1 }
        }
        XCTAssertGreaterThan(lower, 0, "six states make some string faster to produce")
    }
#endif
}
