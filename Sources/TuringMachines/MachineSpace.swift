/// The space of (n, m) Turing machines of the Coding Theorem Method (docs/formalism.md §1).
///
/// `n` working states plus one halting state, `m` symbols `0..<m` (blank 0), a two-way tape.
/// Every (state, read symbol) entry holds exactly one of `B = 2nm + m` instructions:
/// `2nm` normal ones (write, move left or right, go to a working state) and `m` halting ones
/// (write and stop without moving). The space therefore holds `B^(nm)` machines.
public struct MachineSpace: Hashable, Sendable, CustomStringConvertible {
    /// Number of working states `n` (the halting state is not counted).
    public let states: Int
    /// Number of symbols `m`; symbol 0 is the blank.
    public let symbols: Int

    /// Largest supported sizes. States and symbols are packed into one byte each in the
    /// simulator's instruction words, and output strings use at most 4 bits per symbol.
    public static let maxStates = 16
    public static let maxSymbols = 16

    public init(states: Int, symbols: Int) throws(MachineSpaceError) {
        guard (1...Self.maxStates).contains(states) else {
            throw .invalidStates(states)
        }
        guard (2...Self.maxSymbols).contains(symbols) else {
            throw .invalidSymbols(symbols)
        }
        self.states = states
        self.symbols = symbols
    }

    /// `B = 2nm + m`, the number of instructions an entry can hold.
    public var choicesPerEntry: Int { 2 * states * symbols + symbols }

    /// `nm`, the number of (state, symbol) entries of a machine.
    public var entryCount: Int { states * symbols }

    /// `B^(nm)`, or nil when it does not fit in 128 bits (e.g. the sampled (4,9) space).
    public var machineCount: UInt128? {
        UInt128(choicesPerEntry).checkedPower(entryCount)
    }

    public var description: String { "(\(states),\(symbols))" }
}

public enum MachineSpaceError: Error, Equatable, CustomStringConvertible {
    case invalidStates(Int)
    case invalidSymbols(Int)

    public var description: String {
        switch self {
        case .invalidStates(let n): "invalid number of states \(n): expected 1...\(MachineSpace.maxStates)"
        case .invalidSymbols(let m): "invalid number of symbols \(m): expected 2...\(MachineSpace.maxSymbols)"
        }
    }
}

extension UInt128 {
    /// `self^exponent`, or nil on overflow.
    public func checkedPower(_ exponent: Int) -> UInt128? {
        var result: UInt128 = 1
        for _ in 0..<exponent {
            let (product, overflow) = result.multipliedReportingOverflow(by: self)
            if overflow { return nil }
            result = product
        }
        return result
    }
}
