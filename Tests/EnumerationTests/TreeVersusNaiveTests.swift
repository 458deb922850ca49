import Dispatch
import Synchronization
import XCTest
@testable import Enumeration
import TuringMachines

/// The tree enumerator against the reference that simulates every machine one by one.
final class TreeVersusNaiveTests: XCTestCase {
    func check(states: Int, symbols: Int, steps: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        let space = try MachineSpace(states: states, symbols: symbols)
        let naive = Self.naiveOnAllCores(space: space, steps: steps)
        for detect in [false, true] {
            for threads in [1, 2] {
                let tree = try TreeEnumerator(space: space, stepCap: steps, threads: threads,
                                              detectNonHalting: detect).run()
                XCTAssertEqual(tree.totalWeight, space.machineCount!, "weights add up to B^(nm)", file: file, line: line)
                XCTAssertEqual(tree.halting, naive.halting, file: file, line: line)
                XCTAssertEqual(tree.nonHalting, naive.nonHalting, file: file, line: line)
                XCTAssertEqual(tree.haltingSteps, naive.haltingSteps, file: file, line: line)
                XCTAssertEqual(tree.counts, naive.counts, "space \(space) T=\(steps) detect=\(detect) threads=\(threads)", file: file, line: line)
                // The fastest halting step of every output (logical depth): the tree records the
                // step of each halting leaf, the reference the step of each machine.
                XCTAssertEqual(tree.fastestHalt, naive.fastestHalt, "fastest halts, space \(space) T=\(steps)", file: file, line: line)
                XCTAssertEqual(Set(tree.fastestHalt.keys), Set(tree.counts.keys), file: file, line: line)
            }
        }
    }

    /// The naive enumeration split into machine-number ranges run concurrently, then added up.
    static func naiveOnAllCores(space: MachineSpace, steps: Int) -> EnumerationResult {
        let total = space.machineCount!
        let parts = 8
        let results = Mutex<[EnumerationResult?]>(Array(repeating: nil, count: parts))
        DispatchQueue.concurrentPerform(iterations: parts) { i in
            let range = total * UInt128(i) / UInt128(parts)..<total * UInt128(i + 1) / UInt128(parts)
            let part = NaiveEnumerator(space: space, stepCap: steps).run(range: range)
            results.withLock { $0[i] = part }
        }
        let all = results.withLock { $0.map { $0! } }
        var merged = all[0]
        for part in all.dropFirst() {
            merged.halting += part.halting
            merged.nonHalting += part.nonHalting
            for (t, c) in part.haltingSteps.enumerated() { merged.haltingSteps[t] += c }
            merged.counts.merge(part.counts, uniquingKeysWith: +)
            merged.fastestHalt.merge(part.fastestHalt, uniquingKeysWith: min)
        }
        return merged
    }

    func testOneStateTwoSymbols() throws { try check(states: 1, symbols: 2, steps: 1) }
    func testTwoStatesTwoSymbols() throws { try check(states: 2, symbols: 2, steps: 6) }
    func testTwoStatesLongCapExercisesDetectors() throws { try check(states: 2, symbols: 2, steps: 60) }
    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    func testThreeStatesTwoSymbols() throws { try check(states: 3, symbols: 2, steps: 21) }
    #endif
    func testOneStateThreeSymbols() throws { try check(states: 1, symbols: 3, steps: 20) }
    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    func testTwoStatesThreeSymbols() throws { try check(states: 2, symbols: 3, steps: 40) }
    #endif
}
