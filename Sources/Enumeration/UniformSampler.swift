import TuringMachines

/// The plain reference sampler: draws whole machines uniformly (every entry, read or not) and
/// simulates each from the blank tape to the cap, as the ACSS sampling did. It exists to be
/// compared with `StratifiedSampler` (speed and variance, `acss bench sample`, and tests);
/// it shares nothing with it but the random generator.
public struct UniformSampler: Sendable {
    public let space: MachineSpace
    public let stepCap: Int
    public let samples: UInt64
    public let seed: UInt64

    public init(space: MachineSpace, stepCap: Int, samples: UInt64, seed: UInt64) {
        self.space = space
        self.stepCap = stepCap
        self.samples = samples
        self.seed = seed
    }

    public struct Result: Sendable {
        /// Machines drawn, and how many produced each pattern.
        public var samples: UInt64 = 0
        public var halting: UInt64 = 0
        public var hits: [[UInt8]: UInt64] = [:]
        public var simulatedSteps: UInt64 = 0
    }

    public func run() -> Result {
        let m = space.symbols
        let entries = space.entryCount
        let b = UInt64(space.choicesPerEntry)
        let normal = 2 * space.states * m
        var rng = SplitMix64(seed: seed, stream: 0x5EED)
        var result = Result()
        let width = 2 * stepCap + 3
        var tape = [UInt8](repeating: 0, count: width)
        // `InstructionWord`s, with bit 9 marking a halting instruction (written here only).
        var table = [UInt32](repeating: 0, count: entries)
        for _ in 0..<samples {
            for e in 0..<entries {
                let c = Int(rng.below(b))
                if c >= normal {
                    table[e] = UInt32(c - normal) | 1 << 9
                } else {
                    table[e] = InstructionWord(normalChoice: c, symbols: m).raw
                }
            }
            var head = stepCap + 1, low = head, high = head, row = 0, t = 0
            var halted = false
            while t < stepCap {
                let word = InstructionWord(raw: table[row + Int(tape[head])])
                t += 1
                tape[head] = word.written
                if word.raw & (1 << 9) != 0 { halted = true; break }
                head += word.move
                row = word.nextRow
                low = min(low, head)
                high = max(high, head)
            }
            result.simulatedSteps += UInt64(t)
            if halted {
                result.halting += 1
                result.hits[Patterns.normalize(Array(tape[low...high])), default: 0] += 1
            }
            for p in low...high { tape[p] = 0 }
        }
        result.samples = samples
        return result
    }
}
