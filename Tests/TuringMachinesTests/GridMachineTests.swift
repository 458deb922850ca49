import XCTest
@testable import TuringMachines

/// The 2-D formalism (docs/formalism.md §7) through the reference simulator: every (2,2) 2-D
/// machine run naively reproduces the published figures, the 1-row outputs are the 1-D outputs,
/// and the counts are invariant under the 8 symmetries of the square.
final class GridMachineTests: XCTestCase {
    func testInstructionIndicesRoundTrip() {
        for n in 1...5 {
            let all = (0..<GridMachine.choicesPerEntry(states: n)).map { GridInstruction(index: $0, states: n) }
            XCTAssertEqual(Set(all).count, 8 * n + 2)
            for (i, instruction) in all.enumerated() { XCTAssertEqual(instruction.index(states: n), i) }
        }
        XCTAssertEqual(GridMachine.machineCount(states: 2), 104_976)
        XCTAssertEqual(GridMachine.machineCount(states: 3), 308_915_776)
        XCTAssertEqual(GridMachine.machineCount(states: 4), 1_785_793_904_896)
        XCTAssertEqual(GridMachine.machineCount(states: 5), 17_080_198_121_677_824)
    }

    func testSimulatorOnNamedMachines() {
        // Halt at once writing 1: one step, a 1x1 output "1".
        let halt = GridMachine(states: 1, instructions: [.halt(write: 1), .halt(write: 0)])
        XCTAssertEqual(GridSimulator(stepCap: 5).run(halt), .halted(output: GridArray(rows: 1, columns: 1, cells: [1]), steps: 1))
        // Write 1 and go up; reading 0 there, halt writing 0: a 2x1 output, top row first.
        let up = GridMachine(states: 2, instructions: [.move(write: 1, direction: .up, next: 1), .halt(write: 0),
                                                       .halt(write: 0), .halt(write: 0)])
        XCTAssertEqual(GridSimulator(stepCap: 5).run(up), .halted(output: GridArray(rows: 2, columns: 1, cells: [0, 1]), steps: 2))
        XCTAssertEqual(GridArray(rows: 2, columns: 2, cells: [0, 1, 1, 0]).description, "01/10")
        // Right forever never halts.
        let right = GridMachine(states: 1, instructions: [.move(write: 0, direction: .right, next: 0), .halt(write: 0)])
        XCTAssertEqual(GridSimulator(stepCap: 7).run(right), .running(steps: 7))
    }

    /// Every (2,2) 2-D machine: H = 17,688 and 48 distinct arrays (58 with complements), latest
    /// halt 6 (docs/formalism.md §7); the 1-row arrays are exactly the outputs of the 1-D (2,2)
    /// machines at the same cap; the counts are invariant under rotations and reflections.
    func testEveryTwoStateMachineReproducesThePublishedFigures() {
        let simulator = GridSimulator(stepCap: 6)
        var counts: [GridArray: Int] = [:]
        var latest = 0
        for number in 0..<GridMachine.machineCount(states: 2)! {
            if case .halted(let output, let steps) = simulator.run(GridMachine(number: number, states: 2)) {
                counts[output, default: 0] += 1
                latest = max(latest, steps)
            }
        }
        XCTAssertEqual(counts.values.reduce(0, +), 17_688)
        XCTAssertEqual(counts.count, 48)
        XCTAssertEqual(Set(counts.keys).union(counts.keys.map(\.complemented)).count, 58)
        XCTAssertEqual(latest, 6)

        var oneDimensional = Set<[UInt8]>()
        let space = try! MachineSpace(states: 2, symbols: 2)
        for number in 0..<space.machineCount! {
            if case .halted(let output, _) = Simulator(stepCap: 6).run(Machine(space: space, number: number)) { oneDimensional.insert(output) }
        }
        XCTAssertEqual(Set(counts.keys.filter { $0.rows == 1 }.map(\.cells)), oneDimensional)

        func rotated(_ a: GridArray) -> GridArray { // a quarter turn clockwise
            var cells: [UInt8] = []
            for c in 0..<a.columns { for r in stride(from: a.rows - 1, through: 0, by: -1) { cells.append(a.cells[r * a.columns + c]) } }
            return GridArray(rows: a.columns, columns: a.rows, cells: cells)
        }
        func reflected(_ a: GridArray) -> GridArray { // left-right
            GridArray(rows: a.rows, columns: a.columns,
                      cells: (0..<a.rows).flatMap { r in (0..<a.columns).reversed().map { a.cells[r * a.columns + $0] } })
        }
        for (array, count) in counts {
            XCTAssertEqual(counts[rotated(array)], count, "\(array)")
            XCTAssertEqual(counts[reflected(array)], count, "\(array)")
        }
    }
}
