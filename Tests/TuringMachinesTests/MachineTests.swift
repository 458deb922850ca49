import XCTest
@testable import TuringMachines

final class MachineSpaceTests: XCTestCase {
    func testSizesOfTheSpecSpaces() throws {
        let s2 = try MachineSpace(states: 2, symbols: 2)
        XCTAssertEqual(s2.choicesPerEntry, 10)
        XCTAssertEqual(s2.machineCount, 10_000)
        let s5 = try MachineSpace(states: 5, symbols: 2)
        XCTAssertEqual(s5.choicesPerEntry, 22)
        XCTAssertEqual(s5.machineCount, 26_559_922_791_424)
        let s49 = try MachineSpace(states: 4, symbols: 9)
        XCTAssertEqual(s49.choicesPerEntry, 81)
        XCTAssertNil(s49.machineCount, "81^36 does not fit in 128 bits")
    }

    func testInvalidSizesAreRejectedWithTheValue() {
        XCTAssertThrowsError(try MachineSpace(states: 0, symbols: 2)) { error in
            XCTAssertEqual(error as? MachineSpaceError, .invalidStates(0))
            XCTAssertTrue("\(error)".contains("0"))
        }
        XCTAssertThrowsError(try MachineSpace(states: 2, symbols: 1))
        XCTAssertThrowsError(try MachineSpace(states: 17, symbols: 2))
    }

    func testInstructionIndexRoundTripsAndCoversEveryInstruction() throws {
        for (n, m) in [(1, 2), (2, 2), (3, 3), (4, 9)] {
            let space = try MachineSpace(states: n, symbols: m)
            var seen = Set<Instruction>()
            for i in 0..<space.choicesPerEntry {
                let instruction = Instruction(index: i, in: space)
                XCTAssertEqual(instruction.index(in: space), i)
                seen.insert(instruction)
            }
            XCTAssertEqual(seen.count, space.choicesPerEntry)
            let halts = seen.filter { if case .halt = $0 { return true } else { return false } }
            XCTAssertEqual(halts.count, m)
        }
    }
}

final class SimulatorTests: XCTestCase {
    func testImmediateHaltIsOneStepOnOneCell() throws {
        let space = try MachineSpace(states: 1, symbols: 2)
        let machine = Machine(space: space, instructions: [.halt(write: 1), .halt(write: 0)])
        XCTAssertEqual(Simulator(stepCap: 10).run(machine), .halted(output: [1], steps: 1))
    }

    func testOutputSpansTheVisitedCellsIncludingBlanks() throws {
        // State 0 on 0: write 1, move right, state 1. State 1 on 0: write 0, move right,
        // state 0... a machine that writes 1 0 1 and halts when it reads a 1 in state 1.
        let space = try MachineSpace(states: 2, symbols: 2)
        let machine = Machine(space: space, instructions: [
            .move(write: 1, direction: .right, next: 1), .halt(write: 1),
            .move(write: 0, direction: .left, next: 0), .halt(write: 0),
        ])
        // Step 1: write 1 at cell 0, move to cell 1, state 1.
        // Step 2: read 0 in state 1: write 0, move left to cell 0, state 0.
        // Step 3: read 1 in state 0: halt writing 1. Visited cells 0 and 1.
        XCTAssertEqual(Simulator(stepCap: 10).run(machine), .halted(output: [1, 0], steps: 3))
        XCTAssertEqual(Simulator(stepCap: 2).run(machine), .running(steps: 2))
    }

    func testMirroredMachineReversesTheOutputInTheSameSteps() throws {
        let space = try MachineSpace(states: 2, symbols: 2)
        let simulator = Simulator(stepCap: 50)
        var checked = 0
        for number in stride(from: UInt128(0), to: 10_000, by: 7) {
            let machine = Machine(space: space, number: number)
            let a = simulator.run(machine)
            let b = simulator.run(machine.mirrored)
            switch (a, b) {
            case let (.halted(o1, s1), .halted(o2, s2)):
                XCTAssertEqual(o1, Array(o2.reversed()))
                XCTAssertEqual(s1, s2)
                checked += 1
            case (.running, .running): break
            default: XCTFail("mirror changed halting of \(machine)")
            }
        }
        XCTAssertGreaterThan(checked, 100)
    }

    func testMachineNumberDigitsAreEntries() throws {
        let space = try MachineSpace(states: 2, symbols: 2)
        // number = 3 + 9·10: entry 0 holds index 3, entry 1 holds index 9, others 0.
        let machine = Machine(space: space, number: 3 + 9 * 10)
        XCTAssertEqual(machine.instructions[0].index(in: space), 3)
        XCTAssertEqual(machine.instructions[1], .halt(write: 1))
        XCTAssertEqual(machine.instructions[2], .move(write: 0, direction: .left, next: 0))
    }
}
