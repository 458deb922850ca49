import XCTest
@testable import Enumeration
import TuringMachines

/// The 2-D non-halting detectors on named machines: each kind of non-halting run is caught,
/// and runs that do halt, read an undefined entry, or grow without repeating are not.
final class GridDetectorTests: XCTestCase {
    /// "0R1" = write 0, move Right, go to state 1; "--" = undefined. Entries in the order
    /// (state 0, read 0), (state 0, read 1), (state 1, read 0), ...
    private func classify(_ machine: String, cap: Int = 2000) -> (stop: GridWalker.Stop, steps: Int) {
        let entries = machine.split(separator: " ").map { text -> Int in
            if text == "--" { return -1 }
            let c = Array(text)
            let d = ["U": 0, "D": 1, "L": 2, "R": 3][String(c[1])]!
            return Int(String(c[2]))! * 8 + d * 2 + Int(String(c[0]))!
        }
        let walker = GridWalker(states: entries.count / 2, stepCap: cap, detectNonHalting: true, keepArea: 64)
        return walker.classify(entries: entries)
    }

    func testEscapeesAreTranslatedCyclers() {
        // Straight right on blanks, writing nothing, then writing 1s.
        XCTAssertEqual(classify("0R0 --").stop, .translatedCycler)
        XCTAssertEqual(classify("1R0 --").stop, .translatedCycler)
        // A diagonal staircase: right, up, right, up, ...
        XCTAssertEqual(classify("1R1 -- 1U0 --").stop, .translatedCycler)
        // Down-left, leaving a pattern of period 3.
        XCTAssertEqual(classify("1D1 -- 0L2 -- 1L0 --").stop, .translatedCycler)
        // They are caught early, not at the cap.
        XCTAssertLessThan(classify("1R1 -- 1U0 --").steps, 50)
    }

    /// A translated cycler that keeps re-reading its own trail: it walks right writing 1, and
    /// on each 1 it steps back left once before going on (the trail behind it is fixed).
    func testTranslatedCyclerOverItsTrail() {
        // State 0 on blank: write 1, right, state 1. State 1 on blank: write 1, left, state 2.
        // State 2 on 1: write 1, right, state 3. State 3 on 1: write 1, right, state 0.
        let r = classify("1R1 -- 1L2 -- -- 1R3 -- 1R0")
        XCTAssertEqual(r.stop, .translatedCycler)
        XCTAssertLessThan(r.steps, 100)
    }

    func testCyclersRepeatAConfiguration() {
        // Two cells, back and forth, on blanks.
        XCTAssertEqual(classify("0R1 -- 0L0 --").stop, .cycler)
        // Round a 2x2 square, flipping each cell twice per lap.
        XCTAssertEqual(classify("1R1 0R1 1U2 0U2 1L3 0L3 1D0 0D0").stop, .cycler)
    }

    func testRunsThatReachAnUndefinedEntryAreNotStopped() {
        // Right, then back onto the written 1: entry (0, 1) is undefined.
        let r = classify("1R1 -- 0L0 --")
        XCTAssertEqual(r.stop, .undefinedEntry)
        XCTAssertEqual(r.steps, 2)
    }

    /// A run that keeps growing without repeating itself shifted (a binary counter sweeping a
    /// row back and forth) runs to the cap: the detectors do not guess.
    func testGrowingRunsGoToTheCap() {
        // A 1-D-style bouncer that widens its sweep each pass (found among the capped (4,2) runs).
        let r = classify("0R1 -- 1L0 1R2 1L3 0R2 1L2 1L1", cap: 500)
        XCTAssertEqual(r.stop, .cap)
        XCTAssertEqual(r.steps, 500)
    }
}
