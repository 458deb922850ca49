/// A fully defined machine: one instruction per (state, symbol) entry,
/// stored at index `state * m + symbol`.
public struct Machine: Hashable, Sendable, CustomStringConvertible {
    public let space: MachineSpace
    public let instructions: [Instruction]

    public init(space: MachineSpace, instructions: [Instruction]) {
        precondition(instructions.count == space.entryCount, "one instruction per entry")
        self.space = space
        self.instructions = instructions
    }

    /// The machine whose entries hold the instruction indices given by the base-B digits of
    /// `number` (entry 0 is the least significant digit). Numbers `0..<B^(nm)` cover the space.
    public init(space: MachineSpace, number: UInt128) {
        let base = UInt128(space.choicesPerEntry)
        var rest = number
        var instructions: [Instruction] = []
        instructions.reserveCapacity(space.entryCount)
        for _ in 0..<space.entryCount {
            instructions.append(Instruction(index: Int(rest % base), in: space))
            rest /= base
        }
        self.init(space: space, instructions: instructions)
    }

    public func instruction(state: Int, reading symbol: Int) -> Instruction {
        instructions[state * space.symbols + symbol]
    }

    /// The machine with every move reversed. It produces the reversed output in the same number
    /// of steps, which is why the enumerator only explores machines whose first move is right.
    public var mirrored: Machine {
        Machine(space: space, instructions: instructions.map {
            if case .move(let w, let d, let q) = $0 { return .move(write: w, direction: d.mirrored, next: q) }
            return $0
        })
    }

    public var description: String {
        (0..<space.states).map { q in
            (0..<space.symbols).map { s in instruction(state: q, reading: s).description }
                .joined(separator: ",")
        }.joined(separator: " | ")
    }
}
