import XCTest
@testable import Enumeration
import TuringMachines

/// The 2-D tree enumeration against the naive run of every machine, and the published figures
/// of docs/formalism.md §7.
final class GridTreeEnumeratorTests: XCTestCase {
    /// n = 2: every count equals the naive enumeration's (each of the 104,976 machines run by the
    /// reference simulator), at the published cap and at caps that cut runs short.
    func testTwoStatesEqualsTheNaiveEnumeration() throws {
        for cap in [1, 3, 6, 9] {
            var naive: [GridArray: UInt128] = [:]
            for number in 0..<GridMachine.machineCount(states: 2)! {
                if case .halted(let output, _) = GridSimulator(stepCap: cap).run(GridMachine(number: number, states: 2)) {
                    naive[output, default: 0] += 1
                }
            }
            let tree = try GridTreeEnumerator(states: 2, stepCap: cap).run()
            XCTAssertEqual(tree.totalWeight, GridMachine.machineCount(states: 2), "cap \(cap)")
            XCTAssertEqual(tree.counts, naive, "cap \(cap)")
        }
    }

    /// n = 3, T = 32: H = 46,407,040, 2,087 arrays (3,168 with complements), latest halt 32.
    func testThreeStatesReproduceThePublishedFigures() throws {
        let r = try GridTreeEnumerator(states: 3, stepCap: 32).run()
        XCTAssertEqual(r.totalWeight, GridMachine.machineCount(states: 3))
        XCTAssertEqual(r.halting, 46_407_040)
        XCTAssertEqual(r.counts.count, 2_087)
        XCTAssertEqual(Set(r.counts.keys).union(r.counts.keys.map(\.complemented)).count, 3_168)
        XCTAssertEqual(r.latestHalt, 32)
    }
}
