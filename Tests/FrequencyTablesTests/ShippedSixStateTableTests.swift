import Foundation
import XCTest
@testable import FrequencyTables
import TuringMachines

#if ACSS_LONG_TESTS  // long (loads the 5.9 MB D(6) table): CI runs it in release mode (.ci/run)
/// The shipped D(6) (data/D6-T1000.tsv, trimmed): checks that do not come from the run itself.
final class ShippedSixStateTableTests: XCTestCase {
    static let d6: Result<OutputTable, TableFileError> = {
        do throws(TableFileError) { return .success(try ShippedTablesTests.load("D6-T1000.tsv")) } catch { return .failure(error) }
    }()

    func testHeaderFiguresAndWeights() throws {
        let t = try Self.d6.get()
        XCTAssertEqual(t.space, try MachineSpace(states: 6, symbols: 2))
        XCTAssertEqual(t.stepCap, 1000)
        // The leaf weights of the whole tree add up to the size of the space, (4n+2)^(2n) = 26^12.
        var space: UInt128 = 1
        for _ in 0..<12 { space *= 26 }
        XCTAssertEqual(t.machines, space)
        XCTAssertEqual(t.halting + t.nonHalting, t.machines)
        let listing = try XCTUnwrap(t.listing, "data/ ships D(6) trimmed")
        XCTAssertTrue(t.strings.allSatisfy { $0.count <= listing.maxLength })
        XCTAssertGreaterThanOrEqual(listing.maxLength, listing.completeUpToLength,
                                    "the shipped listing holds every string up to the length where D(6) is complete")
        XCTAssertGreaterThan(t.distinct, t.listedCount)
        XCTAssertLessThanOrEqual(t.latestHalt, 1000)
    }

    /// The mirror image of a machine (left and right swapped) outputs the reversed string in the
    /// same number of steps, so c0(s) = c0(reverse s) for every string.
    func testCountsAreMirrorSymmetric() throws {
        let t = try Self.d6.get()
        for (s, c) in zip(t.strings, t.counts) {
            XCTAssertEqual(t.count(of: s.reversed()), c, OutputTable.render(s))
        }
    }

    /// Every (5,2) machine is a (6,2) machine whose sixth state is never entered, once for each
    /// of the 26^2 choices of that state's two instructions; one that halts within 500 steps
    /// halts within 1000 with the same output. So H(6) >= 676 H(5) and c6(s) >= 676 c5(s) for
    /// every string: an independent check of the D(6) counts against the D(5) table.
    func testSixStatesContainFiveStates() throws {
        let d6 = try Self.d6.get(), d5 = try ShippedTablesTests.d5.get()
        XCTAssertGreaterThanOrEqual(d6.halting, 676 * d5.halting)
        let limit = d6.listing?.maxLength ?? Int.max
        var checked = 0
        for (s, c5) in zip(d5.strings, d5.counts) where s.count <= limit {
            XCTAssertGreaterThanOrEqual(d6.count(of: s), 676 * c5, OutputTable.render(s))
            checked += 1
        }
        XCTAssertGreaterThan(checked, 8000)
    }
}
#endif
