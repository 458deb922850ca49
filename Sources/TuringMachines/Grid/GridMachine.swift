/// Two-dimensional Turing machines ("turmites", docs/formalism.md §7): n working states plus a
/// halting state, symbols {0, 1}, blank 0, an unbounded grid, the head at (0, 0) in the first
/// state. Each (state, read symbol) entry holds one instruction: a normal one writes, moves one
/// cell Up, Down, Left or Right (never stays) and goes to a working state (8n choices); a halting
/// one writes and stops without moving (2 choices). B = 8n + 2 choices per entry, B^(2n) machines.
///
/// What is shared with the 1-D formalism is the idea, not the types: the 1-D `Instruction`,
/// `MachineSpace` and `Simulator` stay as they are, and the 2-D ones sit beside them.
public enum GridDirection: Int, Hashable, Sendable, CaseIterable {
    case up, down, left, right

    /// The head's move: (dx, dy), y growing upwards (the top row has the largest y).
    public var offset: (dx: Int, dy: Int) {
        switch self {
        case .up: return (0, 1)
        case .down: return (0, -1)
        case .left: return (-1, 0)
        case .right: return (1, 0)
        }
    }
}

/// One (state, symbol) entry of a 2-D machine.
public enum GridInstruction: Hashable, Sendable, CustomStringConvertible {
    /// Write `write`, move one cell, go to working state `next`.
    case move(write: Int, direction: GridDirection, next: Int)
    /// Write `write` and stop without moving. Executing it is a step.
    case halt(write: Int)

    /// The instruction with canonical index `index` in `0..<8n + 2`: indices `0..<8n` are normal
    /// instructions ordered by (next state, direction up/down/left/right, write); the last two
    /// halt writing 0 and 1.
    public init(index: Int, states n: Int) {
        precondition(index >= 0 && index < 8 * n + 2, "2-D instruction index out of range")
        if index >= 8 * n {
            self = .halt(write: index - 8 * n)
        } else {
            self = .move(write: index % 2, direction: GridDirection(rawValue: (index / 2) % 4)!, next: index / 8)
        }
    }

    /// The canonical index (inverse of `init(index:states:)`).
    public func index(states n: Int) -> Int {
        switch self {
        case .halt(let w): return 8 * n + w
        case .move(let w, let d, let q): return q * 8 + d.rawValue * 2 + w
        }
    }

    public var description: String {
        switch self {
        case .halt(let w): return "\(w)-H"
        case .move(let w, let d, let q): return "\(w)\(["U", "D", "L", "R"][d.rawValue])\(q)"
        }
    }
}

/// A 2-D machine with `states` working states: entry `2 q + s` is the instruction for state q
/// reading s.
public struct GridMachine: Hashable, Sendable {
    public let states: Int
    public let instructions: [GridInstruction]

    public init(states: Int, instructions: [GridInstruction]) {
        precondition(states >= 1 && instructions.count == 2 * states, "a 2-D machine has 2n entries")
        for case .move(_, _, let q) in instructions { precondition((0..<states).contains(q), "next state out of range") }
        self.states = states
        self.instructions = instructions
    }

    /// Choices per entry, B = 8n + 2.
    public static func choicesPerEntry(states n: Int) -> Int { 8 * n + 2 }

    /// B^(2n), the number of machines with n states (nil when it overflows UInt128).
    public static func machineCount(states n: Int) -> UInt128? {
        var total: UInt128 = 1
        for _ in 0..<(2 * n) {
            let (next, overflow) = total.multipliedReportingOverflow(by: UInt128(choicesPerEntry(states: n)))
            if overflow { return nil }
            total = next
        }
        return total
    }

    /// Machine number `number` in `0..<B^(2n)`: its base-B digits, entry 0 the most significant.
    public init(number: UInt128, states n: Int) {
        let b = UInt128(Self.choicesPerEntry(states: n))
        var rest = number
        var digits = [Int](repeating: 0, count: 2 * n)
        for e in stride(from: 2 * n - 1, through: 0, by: -1) {
            digits[e] = Int(rest % b)
            rest /= b
        }
        self.init(states: n, instructions: digits.map { GridInstruction(index: $0, states: n) })
    }
}

/// A halting run's output: the smallest rectangle holding every cell the head visited, blanks
/// included, `rows` x `columns`, its cells row-major with the top row (largest y) first.
public struct GridArray: Hashable, Sendable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    public let cells: [UInt8]

    public init(rows: Int, columns: Int, cells: [UInt8]) {
        precondition(rows >= 1 && columns >= 1 && cells.count == rows * columns, "cells must fill the shape")
        self.rows = rows
        self.columns = columns
        self.cells = cells
    }

    /// The complemented array (0 <-> 1).
    public var complemented: GridArray { GridArray(rows: rows, columns: columns, cells: cells.map { 1 - $0 }) }

    /// Rows separated by "/": "000/010/000".
    public var description: String {
        (0..<rows).map { r in cells[(r * columns)..<((r + 1) * columns)].map(String.init).joined() }.joined(separator: "/")
    }
}

/// How a 2-D run from a blank grid ended.
public enum GridRunOutcome: Hashable, Sendable {
    case halted(output: GridArray, steps: Int)
    case running(steps: Int)
}

/// A plain reference simulator for 2-D machines, deliberately simple (a dictionary for the
/// grid), for tests to compare a fast enumerator with.
public struct GridSimulator: Sendable {
    public let stepCap: Int

    public init(stepCap: Int) {
        precondition(stepCap >= 1)
        self.stepCap = stepCap
    }

    public func run(_ machine: GridMachine) -> GridRunOutcome {
        struct Cell: Hashable { let x: Int, y: Int }
        var grid: [Cell: UInt8] = [:]
        var x = 0, y = 0, state = 0
        var box = (minX: 0, maxX: 0, minY: 0, maxY: 0)
        var steps = 0
        while steps < stepCap {
            let here = Cell(x: x, y: y)
            let read = Int(grid[here] ?? 0)
            steps += 1
            switch machine.instructions[2 * state + read] {
            case .halt(let w):
                grid[here] = UInt8(w)
                let rows = box.maxY - box.minY + 1, columns = box.maxX - box.minX + 1
                var cells: [UInt8] = []
                cells.reserveCapacity(rows * columns)
                for row in stride(from: box.maxY, through: box.minY, by: -1) {
                    for column in box.minX...box.maxX { cells.append(grid[Cell(x: column, y: row)] ?? 0) }
                }
                return .halted(output: GridArray(rows: rows, columns: columns, cells: cells), steps: steps)
            case .move(let w, let d, let q):
                grid[here] = UInt8(w)
                x += d.offset.dx
                y += d.offset.dy
                box = (min(box.minX, x), max(box.maxX, x), min(box.minY, y), max(box.maxY, y))
                state = q
            }
        }
        return .running(steps: steps)
    }
}
