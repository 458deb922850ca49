/// A normal instruction (write, move, go to a state) packed into one 32-bit word: the form the
/// run loops of the tree walker and the samplers read from their instruction tables.
///
/// Layout: bits 0-7 the written symbol, bit 8 the direction (1 = right), bits 16-31 the row
/// offset `next · m` of the next state (its first entry in a table of `n · m` entries, so
/// that the entry read next is `nextRow + symbol under the head`). `undefined` (every bit
/// set) marks an entry the partial machine has not defined yet. Halting instructions never
/// stand in a table: the walker and the samplers handle them where the choice is made.
struct InstructionWord: Equatable {
    var raw: UInt32

    static let undefined = InstructionWord(raw: .max)

    @inline(__always)
    init(raw: UInt32) { self.raw = raw }

    @inline(__always)
    init(write: Int, right: Bool, next: Int, symbols: Int) {
        raw = UInt32(write) | (right ? 1 << 8 : 0) | (UInt32(next * symbols) << 16)
    }

    /// The normal instruction with index `index` in `0..<2nm` of an entry's choices:
    /// write `index % m`, move right when `(index / m)` is odd, go to state `index / 2m`.
    @inline(__always)
    init(normalChoice index: Int, symbols m: Int) {
        self.init(write: index % m, right: (index / m) % 2 == 1, next: index / (2 * m), symbols: m)
    }

    @inline(__always) var isUndefined: Bool { raw == .max }
    /// The symbol written.
    @inline(__always) var written: UInt8 { UInt8(truncatingIfNeeded: raw) }
    /// The head move: +1 (right) or -1 (left).
    @inline(__always) var move: Int { Int((raw >> 8) & 1) &* 2 &- 1 }
    /// The next state's first entry in the instruction table.
    @inline(__always) var nextRow: Int { Int(raw >> 16) }
}
