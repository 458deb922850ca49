import Foundation
import TuringMachines

/// The run loop of partial machines, shared by the exhaustive tree walker and the stratified
/// sampler: it runs a partially defined machine from a configuration until it reads an
/// undefined entry (where the tree branches or the sampler draws), reaches the step cap, or
/// is proved by the sound non-halting detectors never to read an undefined entry again (and
/// so never to halt), whatever the step cap.
///
/// The run loop reads `InstructionWord` tables (`InstructionWord.undefined` marks an
/// undefined entry). The runner also owns the buffers its walker runs in, allocated once: the
/// instruction table of the partial machine (all undefined between runs), `tapeCount` tapes
/// of `2T + 3` cells (the head starts at `T + 1` and cannot leave them within T steps; blank
/// between runs) and three snapshot tapes for the detectors (blank between calls).
struct PartialMachineRunner {
    let tapeStride: Int
    let tapeCount: Int
    let entries: Int
    let table: UnsafeMutablePointer<InstructionWord>
    let tapes: UnsafeMutablePointer<UInt8>
    let cycleSnapshot: UnsafeMutablePointer<UInt8>
    let rightSnapshot: UnsafeMutablePointer<UInt8>
    let leftSnapshot: UnsafeMutablePointer<UInt8>

    init(space: MachineSpace, stepCap: Int, tapes tapeCount: Int) {
        tapeStride = 2 * stepCap + 3
        self.tapeCount = tapeCount
        entries = space.entryCount
        table = .allocate(capacity: entries)
        table.initialize(repeating: InstructionWord.undefined, count: entries)
        tapes = .allocate(capacity: tapeStride * tapeCount)
        tapes.initialize(repeating: 0, count: tapeStride * tapeCount)
        func blank(_ length: Int) -> UnsafeMutablePointer<UInt8> {
            let p = UnsafeMutablePointer<UInt8>.allocate(capacity: length)
            p.initialize(repeating: 0, count: length)
            return p
        }
        cycleSnapshot = blank(tapeStride)
        rightSnapshot = blank(tapeStride)
        leftSnapshot = blank(tapeStride)
    }

    func deallocate() {
        table.deallocate()
        tapes.deallocate()
        cycleSnapshot.deallocate()
        rightSnapshot.deallocate()
        leftSnapshot.deallocate()
    }

    #if ACSS_INTERNAL_CHECKS
    /// The invariants between runs (compiled in with -DACSS_INTERNAL_CHECKS, which CI's
    /// long-test run turns on): every tape and snapshot cell is blank and every entry
    /// undefined. A run starts from a copy of a tape and the detectors compare snapshots, so
    /// a stray symbol or entry left behind would corrupt whatever runs next.
    func checkInvariants(_ who: String) {
        for i in 0..<(tapeStride * tapeCount) { precondition(tapes[i] == 0, "\(who): tape cell \(i) not blank between runs") }
        for i in 0..<entries { precondition(table[i].isUndefined, "\(who): entry \(i) still defined between runs") }
        for i in 0..<tapeStride {
            precondition(cycleSnapshot[i] == 0 && rightSnapshot[i] == 0 && leftSnapshot[i] == 0,
                         "\(who): snapshot cell \(i) not blank between runs")
        }
    }
    #endif

    /// Steps a run makes with the plain loop before the detectors start. Most runs of the tree
    /// read an undefined entry within a few steps; the detectors cost extra work per step and
    /// only pay off on long runs.
    static let plainSteps = 24

    /// Runs the partial machine `table` from the given configuration until it reads an
    /// undefined entry, reaches the cap, or (when `detect`) is proved never to halt: first
    /// `plainSteps` plain steps, then `run` with the detectors. The one run loop of the tree
    /// walker and the samplers.
    @inline(__always)
    func advance(table: UnsafePointer<InstructionWord>, tape: UnsafeMutablePointer<UInt8>, cap: Int, detect: Bool,
                 head: inout Int, row: inout Int, steps: inout Int, low: inout Int, high: inout Int) -> Stop {
        var h = head, r = row, t = steps, lo = low, hi = high
        var word = InstructionWord.undefined
        let plainEnd = detect ? min(cap, t &+ Self.plainSteps) : cap
        while t < plainEnd {
            word = table[r &+ Int(tape[h])]
            if word.isUndefined { break }
            tape[h] = word.written
            h = h &+ word.move
            r = word.nextRow
            t &+= 1
            lo = min(lo, h)
            hi = max(hi, h)
        }
        var stop = Stop.cap
        if word.isUndefined && t < plainEnd {
            stop = .undefinedEntry
        } else if t < cap {
            stop = run(table: table, tape: tape, cap: cap, head: &h, row: &r, steps: &t, low: &lo, high: &hi)
        }
        head = h; row = r; steps = t; low = lo; high = hi
        return stop
    }

    /// Why a run stopped.
    enum Stop {
        /// It read an undefined entry: branch.
        case undefinedEntry
        /// It reached the step cap.
        case cap
        /// Proved to repeat a configuration (state, head, whole tape) forever.
        case cycler
        /// Proved to repeat a shifted configuration forever, moving away over blank tape
        /// (escapees, which run off into blank tape, are the simplest case).
        case translatedCycler
    }

    /// The run loop with the non-halting detectors. Both are sound: they stop a run only when
    /// it provably never reads an undefined entry (and so never halts), whatever the cap.
    ///
    /// **Cyclers.** If (state, head, tape) at step t1 equals the configuration at an earlier
    /// step t0, the run repeats the steps t0..t1 forever. Snapshots are taken at steps
    /// s, s+1, s+2, s+4, ... (Brent's doubling), so a cycle of period p that starts by step t
    /// is found by about 2·max(t, p) steps.
    ///
    /// **Translated cyclers.** Consider two steps t0 < t1 at which the head stands on a new
    /// rightmost visited cell, p0 then p1 = p0 + d, in the same state, and let L be the
    /// leftmost head position between them. If the tape on [L, p0] at t0 equals the tape on
    /// [L + d, p1] at t1, the run repeats forever shifted by d cells every t1 - t0 steps:
    /// the steps t0..t1 read only cells of [L, p1], which at t0 held the compared content and
    /// blanks right of p0; at t1 the cells [L + d, p1 + d] hold the same content shifted by d
    /// (blanks right of p1), so the next t1 - t0 steps are the same steps shifted by d, and
    /// they leave the tape on [L + 2d, p1 + d] equal to the tape on [L + d, p1] at t1 shifted:
    /// the hypothesis holds again for (t1, 2·t1 - t0), and by induction for ever. Every entry
    /// read in the repeats was read between t0 and t1, so none is undefined. Mirrored for new
    /// leftmost cells. Record snapshots use the same doubling over record events.
    ///
    /// Snapshot buffers are indexed like the tape and are blank outside what was copied; since
    /// the visited range only grows, each snapshot overwrites every cell copied before, and a
    /// snapshot reads as blank wherever the tape was blank at its step.
    @inline(never)
    func run(table: UnsafePointer<InstructionWord>, tape: UnsafeMutablePointer<UInt8>, cap: Int,
             head: inout Int, row: inout Int, steps: inout Int, low: inout Int, high: inout Int) -> Stop {
        let cycleSnap = cycleSnapshot
        let rightSnap = rightSnapshot
        let leftSnap = leftSnapshot
        var h = head, r = row, t = steps, lo = low, hi = high
        // Exact cycles.
        var cRow = r, cHead = h, cNext = t &+ 1, cPower = 1
        (cycleSnap + lo).update(from: tape + lo, count: hi - lo + 1)
        // Right records: no snapshot yet (rRow < 0).
        var rRow = -1, rHead = 0, rMin = 0, rEvents = 0, rLimit = 1
        var lRow = -1, lHead = 0, lMax = 0, lEvents = 0, lLimit = 1
        var result = Stop.cap
        defer {
            head = h; row = r; steps = t; low = lo; high = hi
            let count = hi - lo + 1
            (cycleSnap + lo).update(repeating: 0, count: count)
            (rightSnap + lo).update(repeating: 0, count: count)
            (leftSnap + lo).update(repeating: 0, count: count)
        }
        while t < cap {
            let word = table[r &+ Int(tape[h])]
            if word.isUndefined { result = .undefinedEntry; break }
            tape[h] = word.written
            h = h &+ word.move
            r = word.nextRow
            t &+= 1
            if h > hi {
                hi = h
                if r == rRow {
                    let d = h - rHead
                    if memcmp(rightSnap + rMin, tape + rMin + d, rHead - rMin + 1) == 0 {
                        result = .translatedCycler; break
                    }
                }
                rEvents &+= 1
                if rEvents >= rLimit {
                    (rightSnap + lo).update(from: tape + lo, count: hi - lo + 1)
                    rRow = r; rHead = h; rMin = h; rEvents = 0; rLimit &*= 2
                }
            } else if h < lo {
                lo = h
                if r == lRow {
                    if memcmp(leftSnap + lHead, tape + h, lMax - lHead + 1) == 0 {
                        result = .translatedCycler; break
                    }
                }
                lEvents &+= 1
                if lEvents >= lLimit {
                    (leftSnap + lo).update(from: tape + lo, count: hi - lo + 1)
                    lRow = r; lHead = h; lMax = h; lEvents = 0; lLimit &*= 2
                }
            }
            rMin = min(rMin, h)
            lMax = max(lMax, h)
            if r == cRow && h == cHead && memcmp(cycleSnap + lo, tape + lo, hi - lo + 1) == 0 {
                result = .cycler; break
            }
            if t == cNext {
                (cycleSnap + lo).update(from: tape + lo, count: hi - lo + 1)
                cRow = r; cHead = h; cPower &*= 2; cNext = t &+ cPower
            }
        }
        return result
    }
}
