import XCTest
@testable import Enumeration
import TuringMachines

/// The 2-D tree enumeration against the naive run of every machine, the reference tree walk,
/// and the published figures of docs/formalism.md §7.
final class GridTreeEnumeratorTests: XCTestCase {
    /// The naive enumeration: each of the B^(2n) machines run by the reference simulator.
    private func naiveCounts(states: Int, cap: Int) -> [GridArray: UInt128] {
        var naive: [GridArray: UInt128] = [:]
        for number in 0..<GridMachine.machineCount(states: states)! {
            if case .halted(let output, _) = GridSimulator(stepCap: cap).run(GridMachine(number: number, states: states)) {
                naive[output, default: 0] += 1
            }
        }
        return naive
    }

    private func arrays(_ result: GridTreeEnumerator.Result) -> [GridArray: UInt128] {
        Dictionary(uniqueKeysWithValues: result.counts.map { ($0.key.array, UInt128($0.value)) })
    }

    /// n = 2: the reference walk and the fast one (with and without detectors, one and two
    /// threads) equal the naive enumeration, at the published cap and at caps that cut runs short.
    func testTwoStatesEqualsTheNaiveEnumeration() throws {
        for cap in [1, 3, 6, 9] {
            let naive = naiveCounts(states: 2, cap: cap)
            let reference = try GridReferenceEnumerator(states: 2, stepCap: cap).run()
            XCTAssertEqual(reference.totalWeight, GridMachine.machineCount(states: 2), "cap \(cap)")
            XCTAssertEqual(reference.counts, naive, "cap \(cap)")
            for (detect, threads) in [(true, 1), (false, 1), (true, 2)] {
                let fast = try GridTreeEnumerator(states: 2, stepCap: cap, threads: threads, detectNonHalting: detect).run()
                XCTAssertEqual(UInt128(fast.totalWeight), GridMachine.machineCount(states: 2), "cap \(cap)")
                XCTAssertEqual(arrays(fast), naive, "cap \(cap), detectors \(detect), threads \(threads)")
                XCTAssertEqual(fast.largeOutputs, 0)
            }
        }
    }

    /// n = 3, T = 32: H = 46,407,040, 2,087 arrays (3,168 with complements), latest halt 32;
    /// the reference walk and the fast one agree on every count.
    func testThreeStatesReproduceThePublishedFigures() throws {
        let r = try GridReferenceEnumerator(states: 3, stepCap: 32).run()
        XCTAssertEqual(r.totalWeight, GridMachine.machineCount(states: 3))
        XCTAssertEqual(r.halting, 46_407_040)
        XCTAssertEqual(r.counts.count, 2_087)
        XCTAssertEqual(Set(r.counts.keys).union(r.counts.keys.map(\.complemented)).count, 3_168)
        XCTAssertEqual(r.latestHalt, 32)
        let fast = try GridTreeEnumerator(states: 3, stepCap: 32).run()
        XCTAssertEqual(UInt128(fast.totalWeight), GridMachine.machineCount(states: 3))
        XCTAssertEqual(fast.halting, 46_407_040)
        XCTAssertEqual(fast.latestHalt, 32)
        XCTAssertEqual(arrays(fast), r.counts)
    }

    #if ACSS_LONG_TESTS  // long (3.1e8 machines run one by one): CI runs it in release mode (.ci/run)
    /// n = 3, T = 32: the naive run of every one of the 308,915,776 machines gives the tree
    /// enumeration's counts exactly (and the figures of docs/formalism.md §7).
    func testThreeStatesEqualsTheNaiveEnumeration() throws {
        let naive = GridNaiveEnumerator(states: 3, stepCap: 32, threads: 2).run()
        XCTAssertEqual(UInt128(naive.machines), GridMachine.machineCount(states: 3))
        XCTAssertEqual(naive.halting, 46_407_040)
        XCTAssertEqual(naive.counts.count, 2_087)
        let tree = try GridTreeEnumerator(states: 3, stepCap: 32, threads: 2).run()
        XCTAssertEqual(tree.counts, naive.counts)
        XCTAssertEqual(tree.largeOutputs, naive.largeOutputs)
    }
    #endif

    /// The naive enumeration agrees with the reference simulator's on n = 2.
    func testNaiveEnumeratorOnTwoStates() throws {
        let naive = GridNaiveEnumerator(states: 2, stepCap: 9, threads: 2).run()
        XCTAssertEqual(naive.machines, 104_976)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: naive.counts.map { ($0.key.array, UInt128($0.value)) }),
                       naiveCounts(states: 2, cap: 9))
    }

    /// The detectors, the threads and the shards change the work, never a count: n = 3 at a
    /// cap long enough for the detectors to end many runs, and for runs to outlast the detectors'
    /// budget (`GridWalker.detectingSteps`).
    func testDetectorsThreadsAndShardsChangeNoCount() throws {
        let plain = try GridTreeEnumerator(states: 3, stepCap: 1000, detectNonHalting: false).run()
        var detecting = try GridTreeEnumerator(states: 3, stepCap: 1000, threads: 2)
        let full = detecting.run()
        XCTAssertEqual(full.counts, plain.counts)
        XCTAssertEqual(full.haltingSteps, plain.haltingSteps)
        XCTAssertEqual(full.totalWeight, plain.totalWeight)
        XCTAssertGreaterThan(full.statistics.cyclerLeaves + full.statistics.translatedCyclerLeaves, 0)
        XCTAssertLessThan(full.statistics.cappedLeaves, plain.statistics.cappedLeaves)
        var merged: [PackedGrid: UInt64] = [:]
        var halting: UInt64 = 0, weight: UInt64 = 0
        for i in 1...3 {
            detecting.shard = try Shard(index: i, count: 3)
            let part = detecting.run()
            XCTAssertEqual(part.totalWeight, part.expectedWeight)
            merged.merge(part.counts, uniquingKeysWith: +)
            halting += part.halting
            weight += part.totalWeight
        }
        XCTAssertEqual(merged, full.counts)
        XCTAssertEqual(halting, full.halting)
        XCTAssertEqual(weight, full.totalWeight)
    }
}

/// The bit-matrix symmetries (`PackedGrid.forEachImage`) against the cell-by-cell definitions.
final class PackedGridSymmetryTests: XCTestCase {
    func testFastImagesEqualTheCellByCellImages() {
        var rng = SplitMix64(seed: 7)
        // Every shape of area at most 64: up to 8 x 8 the bit-matrix path, beyond it
        // (1 x 9 ... 64 x 1) the row-major one.
        for rows in 1...64 {
            for columns in 1...64 where rows * columns <= 64 {
                for _ in 0..<20 {
                    let bits = rng.next() & ((1 << UInt64(rows * columns)) &- 1 | (rows * columns == 64 ? ~0 : 0))
                    let a = PackedGrid(rows: rows, columns: columns, bits: bits)
                    var fast: [PackedGrid] = []
                    a.forEachImage { fast.append($0) }
                    // One image per symmetry, so equal as lists up to order, not only as sets.
                    XCTAssertEqual(fast.map(\.raw).sorted(), a.images(rotations: true, flips: true).map(\.raw).sorted(), "\(a)")
                    XCTAssertEqual(GridSymmetry.orbitSize(a), Set(fast).count)
                    let canonical = GridSymmetry.canonical(a)
                    XCTAssertTrue(canonical.rows <= canonical.columns)
                    for image in fast where image.rows <= image.columns {
                        XCTAssertFalse(GridSymmetry.precedes(image, canonical), "\(image) precedes \(canonical)")
                    }
                }
            }
        }
        // Beyond 8 rows or columns the cell-by-cell path answers.
        let long = PackedGrid(rows: 1, columns: 12, bits: 0b1011)
        XCTAssertEqual(GridSymmetry.orbitSize(long), 4)
        XCTAssertEqual(GridSymmetry.canonical(long.rotatedClockwise), GridSymmetry.canonical(long))
    }
}
