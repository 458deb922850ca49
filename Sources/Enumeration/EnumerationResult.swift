import TuringMachines

/// What an exhaustive enumeration (or a part of one) found, with exact integer counts.
public struct EnumerationResult: Sendable, Equatable {
    public let space: MachineSpace
    public let stepCap: Int
    /// c0(s): the number of machines that halt within the cap on blank tape 0 with output s.
    public var counts: [[UInt8]: UInt128]
    /// For every output s of `counts`, the halting step of the fastest machine that outputs s
    /// (the smallest `t` such that some machine halts at step `t` with output s): the
    /// CTM logical-depth estimate of s (Soler-Toscano, Zenil, Delahaye & Gauvrit 2014).
    /// Empty for results that do not track it.
    public var fastestHalt: [[UInt8]: Int]
    /// Sum of the weights of halting leaves: the number of halting machines, H.
    public var halting: UInt128
    /// Sum of the weights of the other leaves: machines that have not halted by the cap.
    public var nonHalting: UInt128
    /// `haltingSteps[t]` = number of machines whose halting instruction is step `t`.
    public var haltingSteps: [UInt128]
    public var statistics: EnumerationStatistics
    /// The part of the tree this result covers (nil: all of it), for a tree split at
    /// `splitLevel` defined entries.
    public var shard: Shard?
    public var splitLevel: Int
    /// Machines the run had to account for: `B^(nm)`, or the weight of the shard's subtrees.
    /// Every run checks `totalWeight == expectedWeight`.
    public var expectedWeight: UInt128

    public init(space: MachineSpace, stepCap: Int, counts: [[UInt8]: UInt128], fastestHalt: [[UInt8]: Int] = [:], halting: UInt128,
                nonHalting: UInt128, haltingSteps: [UInt128], statistics: EnumerationStatistics,
                shard: Shard? = nil, splitLevel: Int = 0, expectedWeight: UInt128? = nil) {
        self.space = space
        self.stepCap = stepCap
        self.counts = counts
        self.fastestHalt = fastestHalt
        self.halting = halting
        self.nonHalting = nonHalting
        self.haltingSteps = haltingSteps
        self.statistics = statistics
        self.shard = shard
        self.splitLevel = splitLevel
        self.expectedWeight = expectedWeight ?? space.machineCount ?? 0
    }

    /// Machines accounted for; equals `B^(nm)` after a complete run.
    public var totalWeight: UInt128 { halting + nonHalting }
    public var distinct: Int { counts.count }
    public var longestOutput: Int { counts.keys.map(\.count).max() ?? 0 }
    public var latestHalt: Int { haltingSteps.lastIndex(where: { $0 != 0 }) ?? 0 }
}

/// Work counters of a run, for benchmarks and for checking what the reductions saved.
public struct EnumerationStatistics: Sendable, Equatable {
    /// Partial machines at which the tree branched (an undefined entry was read).
    public var branchNodes: UInt64 = 0
    /// Steps simulated by the incremental simulator.
    public var simulatedSteps: UInt64 = 0
    /// Leaves that ran into the step cap.
    public var cappedLeaves: UInt64 = 0
    /// Leaves known to be non-halting without reaching the cap: fully defined machines, and
    /// runs the detectors proved to be cyclers or translated cyclers (escapees included).
    public var fullyDefinedLeaves: UInt64 = 0
    public var cyclerLeaves: UInt64 = 0
    public var translatedCyclerLeaves: UInt64 = 0
    /// Independent subtrees the work was split into.
    public var subtrees: Int = 0

    public init() {}

    public static func + (a: Self, b: Self) -> Self {
        var r = Self()
        r.branchNodes = a.branchNodes + b.branchNodes
        r.simulatedSteps = a.simulatedSteps + b.simulatedSteps
        r.cappedLeaves = a.cappedLeaves + b.cappedLeaves
        r.fullyDefinedLeaves = a.fullyDefinedLeaves + b.fullyDefinedLeaves
        r.cyclerLeaves = a.cyclerLeaves + b.cyclerLeaves
        r.translatedCyclerLeaves = a.translatedCyclerLeaves + b.translatedCyclerLeaves
        r.subtrees = a.subtrees + b.subtrees
        return r
    }
}
