import Synchronization
import TuringMachines

/// Exact output distribution of the 2-D (n,2) machines (docs/formalism.md §7) by a walk over the
/// tree of partial machines, as `TreeEnumerator` does for 1-D: a run goes on until it reads an
/// entry no machine of the node has defined yet; there the node splits into one child per
/// choice of that entry. A leaf (a halting choice, a run that reaches the cap or is proved
/// never to halt) stands for all `B^u` machines that agree with it (u entries still undefined:
/// they cannot change the run). Every machine lies under exactly one leaf (follow its own
/// instructions from the root).
///
/// Reductions, each a bijection of the space that maps runs onto runs:
/// - **Rotations.** Rotating every move of a machine by a quarter turn rotates its run and its
///   output. The first entry read is (state 0, blank); its normal choices are enumerated moving
///   RIGHT only, and each output below them stands for its 4 rotations.
/// - **Up/down mirror.** While no defined entry moves vertically, swapping Up and Down in every
///   entry maps the machines whose next vertical choice is Up onto those where it is Down,
///   flipping the output upside down (the defined entries do not change). So the first vertical
///   choice is enumerated Up only, and every output below it also stands for its mirror image.
/// - **Unused states.** States no defined entry points to (other than state 0) are
///   interchangeable: a choice going to one of them is enumerated for the lowest only, with
///   weight times their number.
/// - **Fully defined nodes.** A halting choice is a leaf at once, so every defined entry in
///   the tree is a normal instruction and a node with no undefined entry never halts.
/// - **Non-halting detectors** (`detectNonHalting`): cyclers and translated cyclers (escapees
///   included), argued in `GridWalker.runDetecting`. They end runs that would otherwise go to
///   the cap as non-halting, so they change the work, never a count (tested both ways).
/// The images of a leaf are distinct machines (one per group element), so every machine is
/// counted once: halting plus non-halting weights add up to B^(2n), checked on every run.
///
/// Outputs are counted as recorded, separately for the leaves that stand for 4 and for 8
/// symmetric images. At the end each recorded output adds weight × |group| to its symmetry
/// class (`GridSymmetry.canonical`): a leaf standing for the images g(s), g in a group G,
/// puts |G| machines into the class of s, and since c0 is the same for every member of a
/// class (the symmetries are bijections of the space), each member's c0 is the class total
/// divided by the class size. A total that does not divide is a bug of the reductions and is
/// reported (`symmetryViolations`). Outputs of area above `keepArea` (at most 64) are only
/// counted in total (`largeOutputs`).
///
/// **Parallelism and shards** as in `TreeEnumerator`: the tree is cut at `splitLevel`
/// defined entries into independent subtrees, taken by worker threads from an atomic cursor
/// and dealt to shards by index; every count is an integer sum, so the result depends on
/// neither the thread count, nor the scheduling, nor the sharding.
///
/// Counts are `UInt64`: B^(2n) < 2^64 for n <= 5, the largest space enumerable.
public struct GridTreeEnumerator: Sendable {
    public let states: Int
    public let stepCap: Int
    public var threads: Int
    public var detectNonHalting: Bool
    public var splitLevel: Int
    public var shard: Shard?
    public var keepArea: Int

    public static let maxStates = 5
    public static let maxStepCap = 100_000

    public init(states: Int, stepCap: Int, threads: Int = 1, detectNonHalting: Bool = true,
                keepArea: Int = PackedGrid.maxArea) throws(EnumerationError) {
        guard (1...Self.maxStates).contains(states) else { throw .invalidStates(states, Self.maxStates) }
        guard stepCap >= 1, stepCap <= Self.maxStepCap else { throw .invalidStepCap(stepCap) }
        guard threads >= 1 && threads <= 1024 else { throw .invalidThreads(threads) }
        guard (1...PackedGrid.maxArea).contains(keepArea) else { throw .invalidKeepArea(keepArea) }
        self.states = states
        self.stepCap = stepCap
        self.threads = threads
        self.detectNonHalting = detectNonHalting
        self.keepArea = keepArea
        splitLevel = Self.defaultSplitLevel(states: states)
    }

    /// Thousands of subtrees for n >= 4 (work balance, shards); the serial top is negligible.
    public static func defaultSplitLevel(states: Int) -> Int { states >= 4 ? 4 : min(2, 2 * states) }

    /// The grid (`(2T + 3)^2` bytes) and the detectors' five snapshots per thread.
    public var estimatedMemoryBytes: Int {
        let side = 2 * stepCap + 3, half = (stepCap + 2) / 2 + 1
        return threads * (side * side + 5 * half * half)
    }

    public struct Result: Sendable, Equatable {
        public let states: Int
        public let stepCap: Int
        /// c0 of each member of every symmetry class of outputs of area at most `keepArea`,
        /// keyed by the class's canonical member (`GridSymmetry.canonical`).
        public var classes: [PackedGrid: UInt64]
        /// Distinct outputs of area at most `keepArea` (every member of every class).
        public var distinct: Int
        /// Classes whose total is not a multiple of their size (always empty unless the
        /// symmetry reductions are wrong).
        public var symmetryViolations: [PackedGrid]
        public var halting: UInt64
        public var nonHalting: UInt64
        /// Machines halting with an output of area above `keepArea`.
        public var largeOutputs: UInt64
        public var keepArea: Int
        public var haltingSteps: [UInt64]
        public var statistics: EnumerationStatistics
        public var shard: Shard?
        public var splitLevel: Int
        /// B^(2n), or the weight of the shard's subtrees: every run checks `totalWeight` against it.
        public var expectedWeight: UInt64

        public var totalWeight: UInt64 { halting + nonHalting }
        public var latestHalt: Int { haltingSteps.lastIndex(where: { $0 != 0 }) ?? 0 }

        /// c0 of every output (each class expanded into its members): for tests and small runs.
        public var counts: [PackedGrid: UInt64] {
            var all: [PackedGrid: UInt64] = [:]
            for (canonical, count) in classes { for member in GridSymmetry.orbit(canonical) { all[member] = count } }
            return all
        }
    }

    public struct Progress: Sendable {
        public var machinesDone: UInt64
        public var machinesTotal: UInt64
        public var subtreesDone: Int
        public var subtreesTotal: Int
        public var fraction: Double { Double(machinesDone) / Double(machinesTotal) }
    }

    public func run(progressInterval: Double = 1.0, progress: (@Sendable (Progress) -> Void)? = nil) -> Result {
        let total = UInt64(GridMachine.machineCount(states: states)!)
        let make = { GridWalker(states: states, stepCap: stepCap, detectNonHalting: detectNonHalting, keepArea: keepArea) }
        let top = make()
        top.collectLevel = splitLevel
        top.exploreRoot()
        var subtrees = top.collected
        top.collected = []
        if let shard {
            subtrees = shard.part(of: subtrees)
            if !shard.holdsTop { top.discardCounts() }
        }
        let topWeight = top.halting + top.nonHalting
        let shared = GridSharedRun(subtrees: subtrees, walkers: (0..<threads).map { _ in make() })
        WorkerPool.run(workers: threads, jobs: subtrees.count, progressInterval: progressInterval,
                       tick: progress.map { progress in { count in
            progress(Progress(machinesDone: topWeight + shared.weightDone.load(ordering: .relaxed), machinesTotal: total,
                              subtreesDone: count, subtreesTotal: subtrees.count))
        } }) { worker, i in shared.explore(subtree: i, worker: worker) }

        var stats = top.stats
        stats.subtrees = subtrees.count
        var halting = top.halting, nonHalting = top.nonHalting, large = top.largeOutputs
        var steps = top.haltingSteps
        // Class totals: each recorded output adds weight × |group| to its class.
        let totals = OutputCounter(symbols: 2, initialCapacity: 1 << 16)
        for walker in [top] + shared.walkers {
            for (index, counter) in walker.counters.enumerated() {
                let group: UInt128 = [1, 4, 8][index]
                counter.forEach { key, weight in
                    totals.add(packed: GridSymmetry.canonical(PackedGrid(raw: key)).raw, weight: weight * group)
                }
            }
            if walker !== top {
                halting += walker.halting
                nonHalting += walker.nonHalting
                large += walker.largeOutputs
                for (t, c) in walker.haltingSteps.enumerated() { steps[t] += c }
                stats = stats + walker.stats
            }
        }
        var classes: [PackedGrid: UInt64] = [:]
        classes.reserveCapacity(totals.count)
        var distinct = 0
        var violations: [PackedGrid] = []
        totals.forEach { key, total in
            let canonical = PackedGrid(raw: key)
            let size = GridSymmetry.orbitSize(canonical)
            if total % UInt128(size) != 0 { violations.append(canonical) }
            classes[canonical] = UInt64(total / UInt128(size))
            distinct += size
        }
        let expected = shard == nil ? total : topWeight + subtrees.reduce(UInt64(0)) { $0 + $1.weight(shared.powers) }
        return Result(states: states, stepCap: stepCap, classes: classes, distinct: distinct, symmetryViolations: violations,
                      halting: halting, nonHalting: nonHalting,
                      largeOutputs: large, keepArea: keepArea, haltingSteps: steps, statistics: stats, shard: shard,
                      splitLevel: splitLevel, expectedWeight: expected)
    }
}

/// What the worker threads share: the subtrees, one walker per worker (each touched only by
/// its own worker until the pool is done), and the weight done for progress lines.
private final class GridSharedRun: @unchecked Sendable {
    let subtrees: [GridSubtree]
    let walkers: [GridWalker]
    let powers: [UInt64]
    let weightDone = Atomic<UInt64>(0)

    init(subtrees: [GridSubtree], walkers: [GridWalker]) {
        self.subtrees = subtrees
        self.walkers = walkers
        powers = walkers[0].powers
    }

    func explore(subtree i: Int, worker: Int) {
        walkers[worker].explore(subtrees[i])
        weightDone.wrappingAdd(subtrees[i].weight(powers), ordering: .relaxed)
    }
}
