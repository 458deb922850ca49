import TuringMachines

/// The reference: every machine of the space, simulated from scratch, one by one.
///
/// Only usable for tiny spaces (it is what the tree enumerator must agree with). It uses
/// nothing of the tree enumerator: the plain `Simulator` and machine numbers `0..<B^(nm)`.
public struct NaiveEnumerator: Sendable {
    public let space: MachineSpace
    public let stepCap: Int

    public init(space: MachineSpace, stepCap: Int) {
        self.space = space
        self.stepCap = stepCap
    }

    /// Machines `range` of the space (by machine number), or all of them.
    public func run(range: Range<UInt128>? = nil) -> EnumerationResult {
        let total = space.machineCount!
        let range = range ?? 0..<total
        let simulator = Simulator(stepCap: stepCap)
        var counts: [[UInt8]: UInt128] = [:]
        var fastest: [[UInt8]: Int] = [:]
        var halting: UInt128 = 0
        var nonHalting: UInt128 = 0
        var haltingSteps = [UInt128](repeating: 0, count: stepCap + 1)
        var tape = [UInt8](repeating: 0, count: 2 * stepCap + 1)
        tape.withUnsafeMutableBufferPointer { tape in
            var number = range.lowerBound
            while number < range.upperBound {
                let machine = Machine(space: space, number: number)
                switch simulator.run(machine, tape: tape) {
                case .halted(let output, let steps):
                    counts[output, default: 0] += 1
                    fastest[output] = min(fastest[output] ?? steps, steps)
                    halting += 1
                    haltingSteps[steps] += 1
                case .running:
                    nonHalting += 1
                }
                number += 1
            }
        }
        return EnumerationResult(space: space, stepCap: stepCap, counts: counts, fastestHalt: fastest,
                                 halting: halting, nonHalting: nonHalting,
                                 haltingSteps: haltingSteps, statistics: EnumerationStatistics())
    }
}
