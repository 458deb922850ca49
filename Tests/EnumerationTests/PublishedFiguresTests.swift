import XCTest
@testable import Enumeration
import TuringMachines

/// docs/formalism.md §3 for n = 1..4, from a fresh enumeration (n = 5 is checked on the shipped table).
final class PublishedFiguresTests: XCTestCase {
    struct Row {
        let n, steps: Int
        let machines, halting: UInt128
        let distinct, distinctWithComplements, longest, latestHalt: Int
    }

    // The table of docs/formalism.md §3.
    static let published = [
        Row(n: 1, steps: 1, machines: 36, halting: 12, distinct: 2, distinctWithComplements: 2, longest: 1, latestHalt: 1),
        Row(n: 2, steps: 6, machines: 10_000, halting: 3_044, distinct: 17, distinctWithComplements: 22, longest: 4, latestHalt: 6),
        Row(n: 3, steps: 21, machines: 7_529_536, halting: 2_147_184, distinct: 95, distinctWithComplements: 128, longest: 7, latestHalt: 21),
        Row(n: 4, steps: 107, machines: 11_019_960_576, halting: 2_985_384_480, distinct: 1_302, distinctWithComplements: 1_832, longest: 16, latestHalt: 107),
    ]

    func testFiguresOfTheExactTables() throws {
        for row in Self.published {
            let space = try MachineSpace(states: row.n, symbols: 2)
            XCTAssertEqual(space.machineCount, row.machines)
            let result = try TreeEnumerator(space: space, stepCap: row.steps, threads: 2).run()
            XCTAssertEqual(result.totalWeight, row.machines, "n=\(row.n)")
            XCTAssertEqual(result.halting, row.halting, "n=\(row.n)")
            XCTAssertEqual(result.distinct, row.distinct, "n=\(row.n)")
            let withComplements = Set(result.counts.keys.flatMap { [$0, $0.map { 1 - $0 }] })
            XCTAssertEqual(withComplements.count, row.distinctWithComplements, "n=\(row.n)")
            XCTAssertEqual(result.longestOutput, row.longest, "n=\(row.n)")
            XCTAssertEqual(result.latestHalt, row.latestHalt, "n=\(row.n)")
        }
    }

    /// The busy-beaver step counts bound every halting time: a larger cap changes nothing.
    func testLargerCapsChangeNothingBelowFourStates() throws {
        for (n, exact) in [(2, 6), (3, 21)] {
            let space = try MachineSpace(states: n, symbols: 2)
            let a = try TreeEnumerator(space: space, stepCap: exact).run()
            let b = try TreeEnumerator(space: space, stepCap: exact * 5).run()
            XCTAssertEqual(a.counts, b.counts)
            XCTAssertEqual(a.halting, b.halting)
        }
    }

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    func testFourStatesIndependentOfThreadsAndDetection() throws {
        let space = try MachineSpace(states: 4, symbols: 2)
        let reference = try TreeEnumerator(space: space, stepCap: 107, threads: 1, detectNonHalting: false).run()
        for (threads, detect) in [(2, false), (1, true), (2, true), (3, true)] {
            let other = try TreeEnumerator(space: space, stepCap: 107, threads: threads, detectNonHalting: detect).run()
            XCTAssertEqual(other.counts, reference.counts, "threads=\(threads) detect=\(detect)")
            XCTAssertEqual(other.haltingSteps, reference.haltingSteps)
            XCTAssertEqual(other.nonHalting, reference.nonHalting)
        }
    }
    #endif

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    func testDetectorsFireAndSaveWork() throws {
        let space = try MachineSpace(states: 4, symbols: 2)
        let plain = try TreeEnumerator(space: space, stepCap: 107, detectNonHalting: false).run()
        let detected = try TreeEnumerator(space: space, stepCap: 107, detectNonHalting: true).run()
        XCTAssertGreaterThan(detected.statistics.cyclerLeaves, 0)
        XCTAssertGreaterThan(detected.statistics.translatedCyclerLeaves, 0)
        XCTAssertEqual(plain.statistics.cyclerLeaves + plain.statistics.translatedCyclerLeaves, 0)
        XCTAssertLessThan(detected.statistics.simulatedSteps, plain.statistics.simulatedSteps / 2)
        // Every leaf the detectors claimed would otherwise have run into the cap.
        XCTAssertEqual(plain.statistics.cappedLeaves,
                       detected.statistics.cappedLeaves + detected.statistics.cyclerLeaves
                       + detected.statistics.translatedCyclerLeaves)
    }
    #endif

    func testInvalidParametersAreRejected() throws {
        let space = try MachineSpace(states: 2, symbols: 2)
        XCTAssertThrowsError(try TreeEnumerator(space: space, stepCap: 0)) {
            XCTAssertEqual($0 as? EnumerationError, .invalidStepCap(0))
        }
        XCTAssertThrowsError(try TreeEnumerator(space: space, stepCap: TreeEnumerator.maxStepCap + 1))
        XCTAssertThrowsError(try TreeEnumerator(space: space, stepCap: 10, threads: 0))
        XCTAssertThrowsError(try TreeEnumerator(space: try MachineSpace(states: 4, symbols: 9), stepCap: 10)) {
            XCTAssertEqual($0 as? EnumerationError, .spaceTooLarge(try! MachineSpace(states: 4, symbols: 9)))
        }
    }
}
