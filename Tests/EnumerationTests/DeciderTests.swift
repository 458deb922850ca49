import XCTest
@testable import Enumeration
import TuringMachines

/// The non-halting detectors of `PartialMachineRunner` on named machines in the standard text
/// format, both ways (as bbchallenge tests its deciders): machines that provably cycle or
/// translate forever must be stopped as such, and long halters must never be, whatever the cap.
final class DeciderTests: XCTestCase {
    struct Run {
        var stop: PartialMachineRunner.Stop
        var steps: Int
    }

    /// Runs a machine from the blank tape with the runner; halting transitions stand in the
    /// table as undefined entries (the tree branches there), so a halter stops at
    /// `.undefinedEntry` after one step less than its halting step.
    func run(_ text: String, cap: Int, detect: Bool = true) throws -> Run {
        let (space, entries) = try MachineText.parse(text)
        let runner = PartialMachineRunner(space: space, stepCap: cap, tapes: 1)
        defer { runner.deallocate() }
        for (i, entry) in entries.enumerated() {
            guard case .move(let w, let d, let q)? = entry else { continue }
            runner.table[i] = InstructionWord(write: w, right: d == .right, next: q, symbols: space.symbols)
        }
        var head = cap + 1, row = 0, steps = 0, low = head, high = head
        let stop = runner.advance(table: runner.table, tape: runner.tapes, cap: cap, detect: detect,
                                  head: &head, row: &row, steps: &steps, low: &low, high: &high)
        return Run(stop: stop, steps: steps)
    }

    /// Cyclers, each checked by hand: the configuration after the listed steps repeats.
    func testCyclersAreStoppedAsCyclers() throws {
        // A0 -> B at cell 1, B0 -> A at cell 0 on a blank tape: period 2 from the start.
        XCTAssertEqual(try run("0RB---_0LA---", cap: 1000).stop, .cycler)
        // Writes 1 at cell 0, then (A, cell 0, tape 1) -> (B, cell 1) -> (A, cell 0) again.
        XCTAssertEqual(try run("1RB1RB_0LA0LA", cap: 1000).stop, .cycler)
        // A three-state loop over two cells that rewrites what it reads: from step 4 on,
        // (C, cell 0, tape 0 1) comes back every 2 steps.
        XCTAssertEqual(try run("1RB---_1LC1LC_0RB0RB", cap: 1000).stop, .cycler)
    }

    /// Translated cyclers, each checked by hand: the same steps repeat shifted over blank tape.
    func testTranslatedCyclersAreStoppedAsSuch() throws {
        // Escapees: run off into blank tape, to the right and to the left.
        XCTAssertEqual(try run("1RB---_1RA---", cap: 1000).stop, .translatedCycler)
        XCTAssertEqual(try run("1LB---_1LA---", cap: 1000).stop, .translatedCycler)
        // Every 4 steps the same 4 steps, 2 cells further right (it leaves 0s behind).
        XCTAssertEqual(try run("1RB0RB_1LA0RA", cap: 1000).stop, .translatedCycler)
        // The mirror image is caught on the left.
        XCTAssertEqual(try run("1LB0LB_1RA0LA", cap: 1000).stop, .translatedCycler)
    }

    /// The busy-beaver champions halt at their published step counts (BB(2) = 6, BB(3) = 21,
    /// BB(4) = 107): no detector may stop them before, and the plain loop must agree.
    func testChampionsAreNotDecided() throws {
        for (text, halt) in [("1RB1LB_1LA1RZ", 6), ("1RB1RZ_1LB0RC_1LC1LA", 21), ("1RB1LB_1LA0LC_1RZ1LD_1RD0RA", 107)] {
            for detect in [true, false] {
                let r = try run(text, cap: 5000, detect: detect)
                XCTAssertEqual(r.stop, .undefinedEntry, text)
                XCTAssertEqual(r.steps, halt - 1, text)
            }
            // The plain reference simulator agrees on the halting step.
            let (space, entries) = try MachineText.parse(text)
            let machine = Machine(space: space, instructions: entries.map { $0! })
            guard case .halted(_, let steps) = Simulator(stepCap: 5000).run(machine) else {
                return XCTFail("\(text) does not halt in the reference simulator")
            }
            XCTAssertEqual(steps, halt, text)
        }
    }

    /// The 5-state champion halts after 47,176,870 steps: up to any cap below that it must run
    /// into the cap, never be called a cycler.
    func testTheFiveStateChampionRunsIntoTheCap() throws {
        let r = try run("1RB1LC_1RC1RB_1RD0LE_1LA1LD_1RZ0LA", cap: 20_000)
        XCTAssertEqual(r.stop, .cap)
        XCTAssertEqual(r.steps, 20_000)
    }

    func testMalformedTextIsRefusedWithTheValue() {
        XCTAssertThrowsError(try MachineText.parse("1RB1LB_1LA")) { XCTAssertTrue("\($0)".contains("1RB1LB_1LA")) }
        XCTAssertThrowsError(try MachineText.parse("1XB1LB_1LA1RZ")) { XCTAssertTrue("\($0)".contains("1XB")) }
    }
}
