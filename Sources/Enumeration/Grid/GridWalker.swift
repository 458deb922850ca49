import Foundation
import TuringMachines

/// One entry of the 2-D run loop's instruction table: only normal instructions are stored (a
/// halting choice is a leaf at once, see `GridTreeEnumerator`).
struct GridWord {
    /// Change of the cell index (x + y * side) of the move.
    var offset: Int32
    var write: UInt8
    /// `GridDirection.rawValue`: 0 up, 1 down, 2 left, 3 right.
    var direction: UInt8
    /// 2 * next state: the row of the table the next read looks up.
    var nextRow: UInt8
    var defined: Bool
    /// The move as (dx, dy), y growing upwards: the run loops add these without branching on
    /// the direction, which is unpredictable.
    var dx: Int8
    var dy: Int8

    static let undefined = GridWord(offset: 0, write: 0, direction: 0, nextRow: 0, defined: false, dx: 0, dy: 0)
}

/// The configuration of a partial 2-D machine where its run (re)starts, and what the tree
/// path to it fixed (see `GridTreeEnumerator`).
struct GridNode: Sendable {
    var x: Int, y: Int
    /// Row of the table of the current state: 2 * state.
    var row: Int
    var steps: Int
    var minX: Int, maxX: Int, minY: Int, maxY: Int
    /// States 0..<used are the start state and those that defined entries point to.
    var used: Int
    var undefined: Int
    /// Product of the unused-state factors along the path.
    var multiplier: UInt64
    /// Below the first move (enumerated RIGHT): each leaf stands for its 4 rotations too.
    var rotations: Bool
    /// Below the first vertical choice (enumerated Up): each leaf also stands for its up/down
    /// mirror image.
    var flipped: Bool
    /// Some defined entry moves vertically.
    var vertical: Bool

    /// Machines per leaf of this node that the symmetries add: 1, 4 or 8.
    var images: UInt64 { (rotations ? 4 : 1) * (flipped ? 2 : 1) }
}

/// A subtree of the 2-D tree: the canonical instruction index of every entry (-1 undefined)
/// and the node where its run restarts. Its grid is rebuilt by replaying the run from the
/// blank grid (every entry read on the way is defined), which is cheap next to the subtree.
struct GridSubtree: Sendable {
    let level: Int
    let node: GridNode
    let entries: [Int8]

    /// Machines the subtree stands for.
    func weight(_ powers: [UInt64]) -> UInt64 { node.multiplier * powers[node.undefined] * node.images }
}

/// Depth-first walker over the tree of partial 2-D machines, one per worker thread (see
/// `GridTreeEnumerator` for the method and why every machine is counted once).
///
/// One grid of side `2T + 3` (the head starts in the middle and cannot leave it within T
/// steps) shared by the whole walk: every write is logged with the cell's previous value, and
/// a node's children each start from the node's grid, restored by undoing the log back to the
/// node's mark. Invariant between calls: the grid is blank, the log empty, every entry undefined.
final class GridWalker {
    let n: Int, cap: Int, b: Int
    let side: Int
    let detect: Bool
    let grid: UnsafeMutablePointer<UInt8>
    /// The write log: `cell << 1 | previous value`, for the writes that changed a cell.
    let undo: UnsafeMutablePointer<UInt32>
    var undoCount = 0
    let table: UnsafeMutablePointer<GridWord>
    /// The canonical index of each entry's instruction (-1 undefined), for subtrees.
    var entryIndex: [Int8]
    let powers: [UInt64]
    /// The detectors' five snapshot buffers (cycle, then records up, down, left, right), each
    /// `snapshotArea` bytes: a box of w x h needs (w - 1) + (h - 1) <= T moves, so its area is
    /// at most ((T + 2) / 2)^2.
    let snapshotBuffers: UnsafeMutablePointer<UInt8>
    let snapshotArea: Int

    /// Counts of the outputs as recorded, by the symmetries their leaves stand for: index 0
    /// none (the root's halting children), 1 the 4 rotations, 2 the 8 symmetries.
    let counters: [OutputCounter]
    var haltingSteps: [UInt64]
    var halting: UInt64 = 0
    var nonHalting: UInt64 = 0
    /// Machines whose output has an area above `keepArea` (not kept individually).
    var largeOutputs: UInt64 = 0
    let keepArea: Int
    var stats = EnumerationStatistics()

    /// Frontier collection: nodes reaching this level are stored, not explored.
    var collectLevel: Int? = nil
    var collected: [GridSubtree] = []

    init(states: Int, stepCap: Int, detectNonHalting: Bool, keepArea: Int) {
        n = states
        cap = stepCap
        b = 8 * states + 2
        side = 2 * stepCap + 3
        detect = detectNonHalting
        self.keepArea = keepArea
        grid = .allocate(capacity: side * side)
        grid.initialize(repeating: 0, count: side * side)
        undo = .allocate(capacity: stepCap + 2)
        table = .allocate(capacity: 2 * states)
        table.initialize(repeating: .undefined, count: 2 * states)
        entryIndex = Array(repeating: -1, count: 2 * states)
        var p: [UInt64] = [1]
        for _ in 0..<(2 * states) { p.append(p.last! * UInt64(8 * states + 2)) }
        powers = p
        let half = (stepCap + 2) / 2 + 1
        snapshotArea = half * half
        snapshotBuffers = .allocate(capacity: 5 * half * half)
        snapshotBuffers.initialize(repeating: 0, count: 5 * half * half)
        counters = (0..<3).map { _ in OutputCounter(symbols: 2) }
        haltingSteps = Array(repeating: 0, count: stepCap + 1)
    }

    deinit {
        grid.deallocate()
        undo.deallocate()
        table.deallocate()
        snapshotBuffers.deallocate()
    }

    func discardCounts() {
        for c in counters { c.removeAll() }
        halting = 0
        nonHalting = 0
        largeOutputs = 0
        for t in haltingSteps.indices { haltingSteps[t] = 0 }
    }

    var origin: Int { cap + 1 }

    func exploreRoot() {
        let c = origin
        let root = GridNode(x: c, y: c, row: 0, steps: 0, minX: c, maxX: c, minY: c, maxY: c, used: 1,
                            undefined: 2 * n, multiplier: 1, rotations: false, flipped: false, vertical: false)
        explore(level: 0, node: root)
    }

    /// Runs a stored subtree: loads its entries, replays its run to rebuild the grid, explores.
    func explore(_ subtree: GridSubtree) {
        for (e, index) in subtree.entries.enumerated() where index >= 0 { define(entry: e, index: Int(index)) }
        var x = origin, y = origin, row = 0
        for _ in 0..<subtree.node.steps {
            let cell = y * side + x
            let word = table[row + Int(grid[cell])]
            precondition(word.defined, "GridWalker: a subtree's replay read an undefined entry")
            write(cell, word.write)
            let (dx, dy) = GridDirection(rawValue: Int(word.direction))!.offset
            x += dx
            y += dy
            row = Int(word.nextRow)
        }
        precondition(x == subtree.node.x && y == subtree.node.y && row == subtree.node.row,
                     "GridWalker: a subtree's replay did not reach its node")
        explore(level: subtree.level, node: subtree.node)
        rollback(to: 0)
        for e in 0..<(2 * n) { table[e] = .undefined; entryIndex[e] = -1 }
        #if ACSS_INTERNAL_CHECKS
        checkInvariants()
        #endif
    }

    #if ACSS_INTERNAL_CHECKS
    func checkInvariants() {
        for i in 0..<(side * side) { precondition(grid[i] == 0, "GridWalker: grid cell \(i) not blank between subtrees") }
        precondition(undoCount == 0, "GridWalker: write log not empty between subtrees")
        for e in 0..<(2 * n) { precondition(!table[e].defined, "GridWalker: entry \(e) still defined between subtrees") }
    }
    #endif

    private func define(entry: Int, index: Int) {
        let instruction = GridInstruction(index: index, states: n)
        guard case .move(let w, let d, let q) = instruction else { preconditionFailure("halting entries are leaves") }
        let (dx, dy) = d.offset
        table[entry] = GridWord(offset: Int32(dx + dy * side), write: UInt8(w), direction: UInt8(d.rawValue),
                                nextRow: UInt8(2 * q), defined: true, dx: Int8(dx), dy: Int8(dy))
        entryIndex[entry] = Int8(index)
    }

    @inline(__always)
    private func write(_ cell: Int, _ value: UInt8) {
        let old = grid[cell]
        if old != value {
            undo[undoCount] = UInt32(truncatingIfNeeded: cell << 1) | UInt32(old)
            undoCount &+= 1
            grid[cell] = value
        }
    }

    @inline(__always)
    private func rollback(to mark: Int) {
        while undoCount > mark {
            undoCount &-= 1
            let e = undo[undoCount]
            grid[Int(e >> 1)] = UInt8(e & 1)
        }
    }

    /// Simulates the partial machine from `start` until it reads an undefined entry (then
    /// branches), reaches the cap, or is proved never to halt; undoes its writes on return.
    func explore(level: Int, node start: GridNode) {
        var node = start
        let weight = node.multiplier * powers[node.undefined] * node.images
        if node.undefined == 0 {
            // Every defined entry is a normal instruction (a halting choice is a leaf at once),
            // so a fully defined machine of the tree never halts.
            stats.fullyDefinedLeaves &+= 1
            nonHalting &+= weight
            return
        }
        let mark = undoCount
        let stop = advance(&node)
        switch stop {
        case .undefinedEntry:
            branch(level: level, node: node)
        case .cap:
            stats.cappedLeaves &+= 1
            nonHalting &+= weight
        case .cycler:
            stats.cyclerLeaves &+= 1
            nonHalting &+= weight
        case .translatedCycler:
            stats.translatedCyclerLeaves &+= 1
            nonHalting &+= weight
        }
        rollback(to: mark)
    }

    enum Stop { case undefinedEntry, cap, cycler, translatedCycler }

    /// Runs the partial machine `entries` (canonical instruction indices, -1 undefined; only
    /// normal instructions) from the blank grid, with this walker's detectors and cap: how the
    /// run stopped, and after how many steps. For the detector tests.
    func classify(entries: [Int]) -> (stop: Stop, steps: Int) {
        precondition(entries.count == 2 * n)
        for (e, index) in entries.enumerated() where index >= 0 { define(entry: e, index: index) }
        let c = origin
        var node = GridNode(x: c, y: c, row: 0, steps: 0, minX: c, maxX: c, minY: c, maxY: c, used: 1,
                            undefined: 2 * n, multiplier: 1, rotations: false, flipped: false, vertical: false)
        let stop = advance(&node)
        rollback(to: 0)
        for e in 0..<(2 * n) { table[e] = .undefined; entryIndex[e] = -1 }
        return (stop, node.steps)
    }

    /// Steps run with the plain loop before the detectors start: most runs of the tree read an
    /// undefined entry within a few steps, and the detectors only pay off on long runs.
    static let plainSteps = 4

    /// Steps a run is watched by the detectors before it goes on with the plain loop, which is
    /// about 2.5 times faster per step. Stopping the checks is always sound (the run then ends
    /// at the cap or at an undefined entry, as without detectors). Nearly every cycler and
    /// translated cycler of the tree is caught well within 300 steps; the runs still going
    /// then are mostly bouncers and spirals that no detector here catches. Measured on a
    /// (5,2) shard: 300 steps cost 20% less CPU than watching to the cap (docs/benchmarks.md).
    static let detectingSteps = 300

    @inline(__always)
    private func advance(_ node: inout GridNode) -> Stop {
        var x = node.x, y = node.y, row = node.row, t = node.steps
        var minX = node.minX, maxX = node.maxX, minY = node.minY, maxY = node.maxY
        var cell = y &* side &+ x
        let plainEnd = detect ? min(cap, t &+ Self.plainSteps) : cap
        var stop = Stop.cap
        var undefinedRead = false
        let grid = self.grid, table = self.table, undo = self.undo
        var u = undoCount
        while t < plainEnd {
            let word = table[row &+ Int(grid[cell])]
            if !word.defined { undefinedRead = true; break }
            let old = grid[cell]
            if old != word.write {
                undo[u] = UInt32(truncatingIfNeeded: cell << 1) | UInt32(old)
                u &+= 1
                grid[cell] = word.write
            }
            cell &+= Int(word.offset)
            x &+= Int(word.dx)
            y &+= Int(word.dy)
            minX = min(minX, x); maxX = max(maxX, x)
            minY = min(minY, y); maxY = max(maxY, y)
            row = Int(word.nextRow)
            t &+= 1
        }
        if undefinedRead {
            stop = .undefinedEntry
        } else if t < cap {
            stop = runDetecting(x: &x, y: &y, row: &row, steps: &t, minX: &minX, maxX: &maxX, minY: &minY, maxY: &maxY,
                                undoCount: &u)
        }
        undoCount = u
        stats.simulatedSteps &+= UInt64(t - node.steps)
        node.x = x; node.y = y; node.row = row; node.steps = t
        node.minX = minX; node.maxX = maxX; node.minY = minY; node.maxY = maxY
        return stop
    }

    /// The run loop with the non-halting detectors, both sound: a run is stopped only when it
    /// provably never reads an undefined entry again (so never halts), whatever the cap.
    ///
    /// **The criterion.** Let t0 < t1 be two steps with the same state, head p0 then
    /// p1 = p0 + v, grid f0 then f1, and let S be the cells the head reads at steps t0..<t1.
    /// Suppose there is a half-plane H (one side of a horizontal or vertical line) with
    /// S ⊆ H, H + v ⊆ H, and f1(c + v) = f0(c) for every cell c of H. Then steps t1..<t1 + P
    /// (P = t1 - t0) repeat steps t0..<t1 shifted by v: they start in the same state, and read
    /// cells of S + v, which at t1 hold what S held at t0; so they make the same moves and
    /// writes, shifted. After them (t2 = t1 + P), for c in H + v: if c ∈ S, f2(c + v) = f1(c)
    /// (the shifted writes); if c ∉ S, f1(c) = f0(c) (not read in t0..<t1) and c + v ∉ S + v,
    /// so f2(c + v) = f1(c + v) = f0(c) (the hypothesis, c ∈ H) = f1(c). So the hypothesis
    /// holds again for (t1, t2) with H + v, and by induction forever: the run repeats the
    /// entries read in t0..<t1, all defined, and never halts. Outside the bounding boxes both
    /// grids are blank, so the check compares the cells of H in the box at t0 or in the box at
    /// t1 shifted back by v.
    ///
    /// **Cyclers** are the case v = 0, H the whole plane: same state, head and grid (the box
    /// is required to be equal too, which only makes the test stricter). Snapshots at steps
    /// s, s+1, s+2, s+4, ... (Brent's doubling) find a cycle of period p starting by step t
    /// by about 2·max(t, p).
    ///
    /// **Translated cyclers** (escapees are the simplest) are tested when the head reaches a
    /// new extreme of the box in a direction d (a record), against a snapshot taken at an
    /// earlier record in the same direction: v then points into d, H = {c : c·d >= the
    /// smallest c·d the head had since the snapshot}, which holds S and H + v. Snapshots are
    /// retaken after 1, 2, 4, ... record events, so a translated cycle is caught within a
    /// few periods of its start.
    private func runDetecting(x: inout Int, y: inout Int, row: inout Int, steps t: inout Int,
                              minX: inout Int, maxX: inout Int, minY: inout Int, maxY: inout Int,
                              undoCount u: inout Int) -> Stop {
        let grid = self.grid, table = self.table, undo = self.undo, side = self.side, cap = self.cap
        let area = snapshotArea
        var cell = y &* side &+ x
        var box = GridBox(minX: minX, maxX: maxX, minY: minY, maxY: maxY)
        // The cycle snapshot, and one record tracker per direction (no snapshot yet).
        var cycle = GridSnapshot(buffer: snapshotBuffers)
        cycle.take(grid: grid, side: side, x: x, y: y, row: row, box: box)
        var cNext = t &+ 1, cPower = 1
        var up = GridRecords(direction: 0, buffer: snapshotBuffers + area, since: y)
        var down = GridRecords(direction: 1, buffer: snapshotBuffers + 2 * area, since: y)
        var left = GridRecords(direction: 2, buffer: snapshotBuffers + 3 * area, since: x)
        var right = GridRecords(direction: 3, buffer: snapshotBuffers + 4 * area, since: x)
        var result = Stop.cap
        let detectEnd = min(cap, t &+ Self.detectingSteps)
        while t < detectEnd {
            let word = table[row &+ Int(grid[cell])]
            if !word.defined { result = .undefinedEntry; break }
            let old = grid[cell]
            if old != word.write {
                undo[u] = UInt32(truncatingIfNeeded: cell << 1) | UInt32(old)
                u &+= 1
                grid[cell] = word.write
            }
            cell &+= Int(word.offset)
            row = Int(word.nextRow)
            t &+= 1
            x &+= Int(word.dx)
            y &+= Int(word.dy)
            if x > box.maxX || x < box.minX || y > box.maxY || y < box.minY {
                // A record (rare): the box grows in the move's direction.
                var translated: Bool
                switch word.direction {
                case 0: box.maxY = y; translated = up.event(grid: grid, side: side, x: x, y: y, row: row, box: box)
                case 1: box.minY = y; translated = down.event(grid: grid, side: side, x: x, y: y, row: row, box: box)
                case 2: box.minX = x; translated = left.event(grid: grid, side: side, x: x, y: y, row: row, box: box)
                default: box.maxX = x; translated = right.event(grid: grid, side: side, x: x, y: y, row: row, box: box)
                }
                if translated { result = .translatedCycler; break }
            }
            // The half-planes: up keeps y >= the least y since its snapshot, down y <= the
            // greatest, left x <= the greatest, right x >= the least.
            up.since = min(up.since, y); down.since = max(down.since, y)
            left.since = max(left.since, x); right.since = min(right.since, x)
            if row == cycle.row && x == cycle.x && y == cycle.y && cycle.box == box
                && cycle.sameContent(grid: grid, side: side) {
                result = .cycler
                break
            }
            if t == cNext {
                cycle.take(grid: grid, side: side, x: x, y: y, row: row, box: box)
                cPower &*= 2
                cNext = t &+ cPower
            }
        }
        if result == .cap && t < cap {
            // Past the detectors' budget: the plain loop to the cap.
            while t < cap {
                let word = table[row &+ Int(grid[cell])]
                if !word.defined { result = .undefinedEntry; break }
                let old = grid[cell]
                if old != word.write {
                    undo[u] = UInt32(truncatingIfNeeded: cell << 1) | UInt32(old)
                    u &+= 1
                    grid[cell] = word.write
                }
                cell &+= Int(word.offset)
                x &+= Int(word.dx)
                y &+= Int(word.dy)
                box.minX = min(box.minX, x); box.maxX = max(box.maxX, x)
                box.minY = min(box.minY, y); box.maxY = max(box.maxY, y)
                row = Int(word.nextRow)
                t &+= 1
            }
        }
        minX = box.minX; maxX = box.maxX; minY = box.minY; maxY = box.maxY
        return result
    }

    /// The node reads an undefined entry: one child per instruction it can hold, up to the
    /// reductions (see `GridTreeEnumerator`).
    private func branch(level: Int, node: GridNode) {
        stats.branchNodes &+= 1
        let cell = node.y * side + node.x
        let entry = node.row + Int(grid[cell])
        let isRoot = node.undefined == 2 * n
        let childUndefined = node.undefined - 1
        let leafWeight = node.multiplier * powers[childUndefined]

        // Halting children (write 0 or 1, stop): step `steps + 1`.
        if node.steps + 1 <= cap {
            recordHalts(node: node, weight: leafWeight)
        } else {
            nonHalting &+= leafWeight * 2 * node.images
        }

        let targets = min(node.used + 1, n)
        if childUndefined == 0 && collectLevel == nil {
            // Every normal child is fully defined and never halts: count them without running.
            // Per target, the 4 moves and 2 writes with this node's images (at a first
            // vertical choice Up stands for Up and Down, the same total).
            var sum: UInt64 = 0
            for q in 0..<targets { sum += q == node.used ? node.multiplier * UInt64(n - node.used) : node.multiplier }
            precondition(!isRoot)
            nonHalting &+= sum * 8 * node.images
            stats.fullyDefinedLeaves &+= UInt64(targets * 8)
            return
        }
        for q in 0..<targets {
            let fresh = q == node.used
            let multiplier = fresh ? node.multiplier * UInt64(n - node.used) : node.multiplier
            for d in 0..<4 {
                var child = node
                child.undefined = childUndefined
                child.multiplier = multiplier
                if fresh { child.used += 1 }
                if isRoot {
                    guard d == GridDirection.right.rawValue else { continue }
                    child.rotations = true
                }
                if d <= 1 && !node.vertical {
                    guard d == GridDirection.up.rawValue else { continue }
                    child.flipped = true
                    child.vertical = true
                }
                for w in 0..<2 {
                    define(entry: entry, index: q * 8 + d * 2 + w)
                    // The child's run restarts at this read, now defined.
                    if let collectLevel, level + 1 == collectLevel {
                        collected.append(GridSubtree(level: level + 1, node: child, entries: entryIndex))
                    } else {
                        explore(level: level + 1, node: child)
                    }
                }
            }
        }
        table[entry] = .undefined
        entryIndex[entry] = -1
    }

    /// Records the two halting children of a node (write 0 or 1 at the head, stop): the output
    /// is the box with the written cell.
    private func recordHalts(node: GridNode, weight: UInt64) {
        let all = weight * 2 * node.images
        halting &+= all
        haltingSteps[node.steps + 1] &+= all
        let rows = node.maxY - node.minY + 1, columns = node.maxX - node.minX + 1
        guard rows * columns <= keepArea else {
            largeOutputs &+= all
            return
        }
        var bits: UInt64 = 0
        var i: UInt64 = 0
        var y = node.maxY
        while y >= node.minY {
            let p = grid + y * side + node.minX
            for c in 0..<columns {
                bits |= UInt64(p[c]) << i
                i &+= 1
            }
            y -= 1
        }
        let headBit = UInt64((node.maxY - node.y) * columns + (node.x - node.minX))
        bits &= ~(1 << headBit)
        let key = UInt128(rows) << 72 | UInt128(columns) << 64 | UInt128(bits)
        let counter = counters[node.flipped ? 2 : (node.rotations ? 1 : 0)]
        counter.add(packed: key, weight: UInt128(weight))
        counter.add(packed: key | UInt128(1) << headBit, weight: UInt128(weight))
    }
}

/// A bounding box of visited cells.
struct GridBox: Equatable {
    var minX: Int, maxX: Int, minY: Int, maxY: Int
}

/// A detector snapshot: the state row, head, bounding box and the box's cells (row-major
/// from the bottom row) in `buffer`, which holds the largest box a run of T steps can have.
struct GridSnapshot {
    var row = -1
    var x = 0, y = 0
    var box = GridBox(minX: 0, maxX: 0, minY: 0, maxY: 0)
    let buffer: UnsafeMutablePointer<UInt8>

    init(buffer: UnsafeMutablePointer<UInt8>) { self.buffer = buffer }

    mutating func take(grid: UnsafeMutablePointer<UInt8>, side: Int, x: Int, y: Int, row: Int, box: GridBox) {
        self.row = row
        self.x = x
        self.y = y
        self.box = box
        let w = box.maxX - box.minX + 1
        var out = buffer
        for yy in box.minY...box.maxY {
            out.update(from: grid + yy * side + box.minX, count: w)
            out += w
        }
    }

    func sameContent(grid: UnsafeMutablePointer<UInt8>, side: Int) -> Bool {
        let w = box.maxX - box.minX + 1
        var p = buffer
        for yy in box.minY...box.maxY {
            if memcmp(p, grid + yy * side + box.minX, w) != 0 { return false }
            p += w
        }
        return true
    }

    /// The translated-cycler criterion (see `GridWalker.runDetecting`) against this snapshot
    /// (taken at a record in `direction`), the head now at (x, y), the box `now`:
    /// f1(c + v) = f0(c) for every cell c of the half-plane given by `bound`, within
    /// box0 ∪ (box1 − v) (both grids are blank elsewhere).
    func translatedMatch(direction: Int, bound: Int, grid: UnsafeMutablePointer<UInt8>, side: Int,
                         x: Int, y: Int, now: GridBox) -> Bool {
        let vx = x - self.x, vy = y - self.y
        var loX = min(box.minX, now.minX - vx), hiX = max(box.maxX, now.maxX - vx)
        var loY = min(box.minY, now.minY - vy), hiY = max(box.maxY, now.maxY - vy)
        switch direction {
        case 0: loY = max(loY, bound)
        case 1: hiY = min(hiY, bound)
        case 2: hiX = min(hiX, bound)
        default: loX = max(loX, bound)
        }
        guard loX <= hiX && loY <= hiY else { return true }
        let w0 = box.maxX - box.minX + 1
        for cy in loY...hiY {
            let in0Y = cy >= box.minY && cy <= box.maxY
            let ty = cy + vy
            let in1Y = ty >= now.minY && ty <= now.maxY
            if !in0Y && !in1Y { continue }
            for cx in loX...hiX {
                let a: UInt8 = in0Y && cx >= box.minX && cx <= box.maxX ? buffer[(cy - box.minY) * w0 + (cx - box.minX)] : 0
                let tx = cx + vx
                let b: UInt8 = in1Y && tx >= now.minX && tx <= now.maxX ? grid[ty * side + tx] : 0
                if a != b { return false }
            }
        }
        return true
    }
}

/// The record events of one direction: the snapshot taken at the last chosen record, the
/// events since, the doubling limit, and `since`, the bound of the half-plane (the least, or
/// greatest, coordinate the head had along the direction since the snapshot).
struct GridRecords {
    let direction: Int
    var snapshot: GridSnapshot
    var events = 0
    var limit = 1
    var since: Int

    init(direction: Int, buffer: UnsafeMutablePointer<UInt8>, since: Int) {
        self.direction = direction
        snapshot = GridSnapshot(buffer: buffer)
        self.since = since
    }

    /// A record in this direction: true when the run is proved a translated cycler; else
    /// counts the event and retakes the snapshot after 1, 2, 4, ... events.
    @inline(__always)
    mutating func event(grid: UnsafeMutablePointer<UInt8>, side: Int, x: Int, y: Int, row: Int, box: GridBox) -> Bool {
        // The bound includes the head's current cell (`since` is updated after the event).
        let b: Int
        switch direction {
        case 0: b = min(since, y)
        case 1: b = max(since, y)
        case 2: b = max(since, x)
        default: b = min(since, x)
        }
        if snapshot.row == row
            && snapshot.translatedMatch(direction: direction, bound: b, grid: grid, side: side, x: x, y: y, now: box) {
            return true
        }
        events &+= 1
        if events >= limit {
            snapshot.take(grid: grid, side: side, x: x, y: y, row: row, box: box)
            events = 0
            limit &*= 2
            since = direction <= 1 ? y : x
        }
        return false
    }
}
