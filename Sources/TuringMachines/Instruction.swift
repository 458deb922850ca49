/// A head move. Normal instructions always move; halting instructions never do.
public enum Direction: Int, Hashable, Sendable {
    case left = -1
    case right = 1

    public var mirrored: Direction { self == .left ? .right : .left }
}

/// The content of one (state, symbol) entry of a machine (docs/formalism.md §1).
public enum Instruction: Hashable, Sendable, CustomStringConvertible {
    /// Write `write`, move the head, go to working state `next`.
    case move(write: Int, direction: Direction, next: Int)
    /// Write `write` and stop without moving. Executing it is a step.
    case halt(write: Int)

    /// The instruction with canonical index `index` in `0..<space.choicesPerEntry`.
    ///
    /// Indices `0..<2nm` are normal instructions ordered by (next state, direction, write);
    /// the last `m` indices are the halting instructions ordered by the written symbol.
    public init(index: Int, in space: MachineSpace) {
        let m = space.symbols
        let normal = 2 * space.states * m
        precondition(index >= 0 && index < space.choicesPerEntry, "instruction index out of range")
        if index >= normal {
            self = .halt(write: index - normal)
        } else {
            self = .move(
                write: index % m,
                direction: (index / m) % 2 == 0 ? .left : .right,
                next: index / (2 * m))
        }
    }

    /// The canonical index of this instruction (inverse of `init(index:in:)`).
    public func index(in space: MachineSpace) -> Int {
        let m = space.symbols
        switch self {
        case .halt(let w):
            return 2 * space.states * m + w
        case .move(let w, let d, let q):
            return q * 2 * m + (d == .left ? 0 : m) + w
        }
    }

    public var description: String {
        switch self {
        case .halt(let w): return "\(w)-H"
        case .move(let w, let d, let q): return "\(w)\(d == .left ? "L" : "R")\(q)"
        }
    }
}
