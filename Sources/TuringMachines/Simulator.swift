/// How a run from a blank tape ended.
public enum RunOutcome: Hashable, Sendable {
    /// The halting instruction was step number `steps` (<= the step cap); `output` is every
    /// cell from the leftmost to the rightmost cell the head visited, blanks included.
    case halted(output: [UInt8], steps: Int)
    /// The machine had not halted after `steps` steps (the cap).
    case running(steps: Int)
}

/// A plain reference simulator: one machine, one run, no tricks.
///
/// The enumerator has its own incremental simulator; this one is deliberately simple so that
/// tests can compare the two. The tape is a flat buffer of `2T + 1` cells centred on cell 0,
/// which a head that moves one cell per step cannot leave within `T` steps.
public struct Simulator: Sendable {
    public let stepCap: Int
    public let blank: UInt8

    public init(stepCap: Int, blank: UInt8 = 0) {
        precondition(stepCap >= 1)
        self.stepCap = stepCap
        self.blank = blank
    }

    public func run(_ machine: Machine) -> RunOutcome {
        var tape = [UInt8](repeating: blank, count: 2 * stepCap + 1)
        return tape.withUnsafeMutableBufferPointer { run(machine, tape: $0) }
    }

    /// Runs on a caller-provided tape of at least `2T + 1` cells, which it fills with the blank.
    public func run(_ machine: Machine, tape: UnsafeMutableBufferPointer<UInt8>) -> RunOutcome {
        precondition(tape.count >= 2 * stepCap + 1)
        tape.update(repeating: blank)
        let m = machine.space.symbols
        var head = stepCap
        var low = head
        var high = head
        var state = 0
        var steps = 0
        while steps < stepCap {
            let instruction = machine.instructions[state * m + Int(tape[head])]
            steps += 1
            switch instruction {
            case .halt(let w):
                tape[head] = UInt8(w)
                return .halted(output: Array(tape[low...high]), steps: steps)
            case .move(let w, let d, let q):
                tape[head] = UInt8(w)
                head += d.rawValue
                low = min(low, head)
                high = max(high, head)
                state = q
            }
        }
        return .running(steps: steps)
    }
}
