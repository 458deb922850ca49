import TuringMachines

/// Exact output distribution of the 2-D (n,2) machines (docs/formalism.md §7) by a walk over the
/// tree of partial machines, as `TreeEnumerator` does for 1-D: a run goes on until it reads an
/// entry no machine of the node has defined yet; there the node splits into one child per
/// choice of that entry. A leaf (a halting choice, a run that reaches the cap) stands for all
/// `B^u` machines that agree with it (u entries still undefined: they cannot change the run).
///
/// Reductions, each a bijection of the space that maps runs onto runs:
/// - **Rotations.** Rotating every move of a machine by a quarter turn rotates its run and its
///   output. The first entry read is (state 0, blank); its normal choices are enumerated moving
///   RIGHT only, and each output below them is recorded with its 4 rotations.
/// - **Up/down mirror.** While no defined entry moves vertically, swapping Up and Down in every
///   entry maps the machines whose next vertical choice is Up onto those where it is Down,
///   flipping the output upside down (the defined entries do not change). So the first vertical
///   choice is enumerated Up only, and every output below it is also recorded flipped.
/// - **Unused states.** States no defined entry points to (other than state 0) are
///   interchangeable: a choice going to one of them is enumerated for the lowest only, with
///   weight times their number.
/// The recorded images of a leaf are distinct machines' outputs (one per group element), so
/// every machine is counted once: the weights of all leaves, times their images, add up to
/// B^(2n) (`totalWeight`, checked by the tests and on every run).
///
/// The plain reference version, for tests of `GridTreeEnumerator` (the fast one): one thread,
/// no non-halting detectors (a run that does not halt goes to the cap), outputs kept in a
/// dictionary of `GridArray`s.
public struct GridReferenceEnumerator: Sendable {
    public let states: Int
    public let stepCap: Int

    public init(states: Int, stepCap: Int) throws(EnumerationError) {
        guard (1...5).contains(states) else { throw .invalidDepth(states, 5) }
        guard stepCap >= 1, stepCap <= 100_000 else { throw .invalidStepCap(stepCap) }
        self.states = states
        self.stepCap = stepCap
    }

    public struct Result: Sendable {
        public var counts: [GridArray: UInt128] = [:]
        public var halting: UInt128 = 0
        public var nonHalting: UInt128 = 0
        /// Sum over leaves of weight times images: B^(2n) when every machine was counted once.
        public var totalWeight: UInt128 { halting + nonHalting }
        public var latestHalt = 0
    }

    public func run() -> Result {
        let walker = GridReferenceWalker(states: states, stepCap: stepCap)
        walker.explore()
        return walker.result
    }
}

/// The depth-first walk of `GridReferenceEnumerator`: one grid, an undo log of the cells written
/// below each node, one instruction table edited in place.
final class GridReferenceWalker {
    let n: Int, cap: Int, b: Int
    let side: Int
    var grid: [UInt8]
    /// (cell index, previous value) of every write, so a child's writes can be undone.
    var undo: [(Int, UInt8)] = []
    /// Entry 2q + s: the instruction's canonical index, or -1 while undefined.
    var table: [Int]
    var powers: [UInt128] = [1]
    var result = GridReferenceEnumerator.Result()

    struct Node {
        var x: Int, y: Int, state: Int, steps: Int
        var minX: Int, maxX: Int, minY: Int, maxY: Int
        var used: Int
        var undefined: Int
        var multiplier: UInt128
        /// Rotations to add: 4 below a first move RIGHT, 1 before.
        var rotations: Bool
        /// Below the first vertical choice (enumerated Up): add the flipped output too.
        var flipped: Bool
        /// Whether some defined entry moves vertically.
        var vertical: Bool
    }

    init(states: Int, stepCap: Int) {
        n = states
        cap = stepCap
        b = 8 * states + 2
        side = 2 * stepCap + 3
        grid = Array(repeating: 0, count: side * side)
        table = Array(repeating: -1, count: 2 * states)
        for _ in 0..<(2 * states) { powers.append(powers.last! * UInt128(b)) }
    }

    func explore() {
        let c = cap + 1
        explore(Node(x: c, y: c, state: 0, steps: 0, minX: c, maxX: c, minY: c, maxY: c, used: 1,
                     undefined: 2 * n, multiplier: 1, rotations: false, flipped: false, vertical: false))
    }

    private func write(_ cell: Int, _ value: UInt8) {
        undo.append((cell, grid[cell]))
        grid[cell] = value
    }

    private func explore(_ start: Node) {
        var node = start
        while true {
            let cell = node.y * side + node.x
            let entry = 2 * node.state + Int(grid[cell])
            let index = table[entry]
            if index < 0 { break }
            node.steps += 1
            let instruction = GridInstruction(index: index, states: n)
            switch instruction {
            case .halt(let w):
                write(cell, UInt8(w))
                record(node, weight: node.multiplier * powers[node.undefined])
                return
            case .move(let w, let d, let q):
                if node.steps == cap {
                    result.nonHalting += node.multiplier * powers[node.undefined] * images(node)
                    return
                }
                write(cell, UInt8(w))
                node.x += d.offset.dx
                node.y += d.offset.dy
                node.minX = min(node.minX, node.x); node.maxX = max(node.maxX, node.x)
                node.minY = min(node.minY, node.y); node.maxY = max(node.maxY, node.y)
                node.state = q
            }
        }
        // An undefined entry: one child per choice (up to the reductions).
        let cell = node.y * side + node.x
        let entry = 2 * node.state + Int(grid[cell])
        let first = node.undefined == 2 * n
        for index in 0..<b {
            let instruction = GridInstruction(index: index, states: n)
            var child = node
            child.undefined -= 1
            child.steps += 1
            switch instruction {
            case .halt(let w):
                guard child.steps <= cap else { continue }
                let mark = undo.count
                write(cell, UInt8(w))
                record(child, weight: child.multiplier * powers[child.undefined])
                rollback(to: mark)
                continue
            case .move(_, let d, let q):
                if first {
                    guard d == .right else { continue }
                    child.rotations = true
                }
                if d == .up || d == .down {
                    if !node.vertical {
                        guard d == .up else { continue }
                        child.flipped = true
                        child.vertical = true
                    }
                }
                if q >= node.used {
                    guard q == node.used else { continue }
                    child.multiplier *= UInt128(n - node.used)
                    child.used += 1
                }
            }
            // The choice is made: its run restarts at this read.
            child.steps -= 1
            table[entry] = index
            let mark = undo.count
            explore(child)
            rollback(to: mark)
            table[entry] = -1
        }
    }

    private func rollback(to mark: Int) {
        while undo.count > mark {
            let (cell, value) = undo.removeLast()
            grid[cell] = value
        }
    }

    /// Distinct machines a leaf stands for per counted machine: 4 rotations, times 2 below the
    /// up/down choice.
    private func images(_ node: Node) -> UInt128 { (node.rotations ? 4 : 1) * (node.flipped ? 2 : 1) }

    private func record(_ node: Node, weight: UInt128) {
        let rows = node.maxY - node.minY + 1, columns = node.maxX - node.minX + 1
        var cells: [UInt8] = []
        cells.reserveCapacity(rows * columns)
        for row in stride(from: node.maxY, through: node.minY, by: -1) {
            for column in node.minX...node.maxX { cells.append(grid[row * side + column]) }
        }
        let output = GridArray(rows: rows, columns: columns, cells: cells)
        var base = [output]
        if node.flipped { base.append(output.flippedUpsideDown) }
        for array in base {
            var image = array
            for _ in 0..<(node.rotations ? 4 : 1) {
                result.counts[image, default: 0] += weight
                image = image.rotatedClockwise
            }
        }
        result.halting += weight * images(node)
        result.latestHalt = max(result.latestHalt, node.steps)
    }
}

extension GridArray {
    /// A quarter turn clockwise.
    var rotatedClockwise: GridArray {
        var cells: [UInt8] = []
        cells.reserveCapacity(self.cells.count)
        for c in 0..<columns {
            for r in stride(from: rows - 1, through: 0, by: -1) { cells.append(self.cells[r * columns + c]) }
        }
        return GridArray(rows: columns, columns: rows, cells: cells)
    }

    /// The rows in reverse order.
    var flippedUpsideDown: GridArray {
        GridArray(rows: rows, columns: columns, cells: (0..<rows).reversed().flatMap { r in cells[(r * columns)..<((r + 1) * columns)] })
    }
}
