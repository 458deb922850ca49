import Dispatch
import Foundation
import Synchronization
import TuringMachines

/// Exhaustive enumeration of an (n, m) machine space by a weighted tree of partial machines
/// (Tree Normal Form, as in the busy-beaver literature). It yields exactly the output counts
/// that simulating all `B^(nm)` machines one by one would, without doing so.
///
/// **Method.** Start from the machine with every entry undefined and run it on the blank tape.
/// When the run first reads an undefined (state, symbol) entry, branch over every instruction
/// the entry can hold; each child continues from the parent's configuration (the prefix of the
/// run is never simulated again). A node stands for all machines that agree with its defined
/// entries. Why each reduction loses nothing:
///
/// - **Leaf weights.** Entries that a run never reads cannot change it. A leaf with `u`
///   undefined entries therefore stands for `B^u` machines with identical behaviour, and
///   every machine of the space lies under exactly one leaf: follow its own instructions
///   from the root. So `Σ leaf weights = B^(nm)`, which every run checks.
/// - **Halting children.** A halting instruction ends the run at the step that reads it, so
///   it is a leaf at once (weight `B^(u-1)`), halting at step `t + 1` if `t + 1 <= T`.
///   Consequently every defined entry inside the tree is a normal instruction, and a fully
///   defined node can never halt: it is a non-halting leaf without simulation.
/// - **Unused states.** States that neither were entered nor are targets of a defined entry
///   have no defined entries and nothing points to them. Swapping two of them maps the
///   machines under one child bijectively onto those under the other, with identical runs.
///   So only the lowest unused state is tried, its weight multiplied by the number of unused
///   states.
/// - **Mirror images.** Reversing every move maps a machine to one with the same run on a
///   mirrored tape: same halting step, reversed output. The root only tries first moves to the
///   right; below them every halting output is also recorded reversed, with the same weight.
/// - **Non-halting detection** (optional, `detectNonHalting`): a node whose run provably never
///   reads an undefined entry (it repeats a configuration, or escapes into blank tape in a loop
///   of states) is a leaf, as it would be after running into the cap. It changes no count,
///   only the work; the test suite checks this by comparing runs with and without it.
///
/// **Parallelism.** The top of the tree is expanded serially down to a fixed level; the nodes
/// there are independent subtrees, handed to worker threads from an atomic cursor. Each worker
/// counts into its own table; tables are added after the run. Integer addition is exact and
/// commutative, so the result does not depend on the number of threads or the order of work;
/// so is the minimum that gives each output's fastest halting step.
public struct TreeEnumerator: Sendable {
    public let space: MachineSpace
    public let stepCap: Int
    public var threads: Int
    public var detectNonHalting: Bool
    /// Level (number of defined entries) at which the tree is split into subtrees.
    public var splitLevel: Int
    /// Run only one part of the tree (see `Shard`); nil runs everything.
    public var shard: Shard?

    public init(space: MachineSpace, stepCap: Int, threads: Int = 1, detectNonHalting: Bool = true) throws(EnumerationError) {
        guard stepCap >= 1 else { throw .invalidStepCap(stepCap) }
        guard stepCap <= Self.maxStepCap else { throw .invalidStepCap(stepCap) }
        guard threads >= 1 && threads <= 1024 else { throw .invalidThreads(threads) }
        guard space.machineCount != nil else { throw .spaceTooLarge(space) }
        self.space = space
        self.stepCap = stepCap
        self.threads = threads
        self.detectNonHalting = detectNonHalting
        self.splitLevel = Self.defaultSplitLevel(space)
    }

    /// Deep enough for a few thousand subtrees (work stealing, shards), shallow enough that
    /// the serial top stays negligible.
    public static func defaultSplitLevel(_ space: MachineSpace) -> Int {
        let e = space.entryCount
        return e <= 4 ? 1 : (e >= 12 ? 5 : 4)
    }

    /// Tapes take `2T + 3` bytes per tree level and thread; 10^7 steps keeps that in the
    /// hundreds of megabytes for the spaces that can be enumerated at all.
    public static let maxStepCap = 10_000_000

    /// Memory the walkers need: per thread one tape per tree level plus the detectors' three
    /// snapshot tapes, each `2T + 3` bytes (the output counters come on top and are small
    /// for exhaustive spaces: D(5) has 60,034 strings).
    public var estimatedMemoryBytes: Int {
        let perThread = (space.entryCount + 4) * (2 * stepCap + 3)
        return (threads + 1) * perThread
    }

    /// Progress of a running enumeration, as reported to `progress`.
    public struct Progress: Sendable {
        /// Machines of the space whose subtree is finished.
        public var machinesDone: UInt128
        public var machinesTotal: UInt128
        public var subtreesDone: Int
        public var subtreesTotal: Int
        public var fraction: Double { Double(machinesDone) / Double(machinesTotal) }
    }

    /// Runs the whole enumeration. `progress` is called from a monitoring thread about every
    /// `progressInterval` seconds while workers run.
    public func run(progressInterval: Double = 1.0,
                    progress: (@Sendable (Progress) -> Void)? = nil) -> EnumerationResult {
        let total = space.machineCount!

        // Serial top of the tree: leaves above the split level, and the subtrees below it.
        let top = TreeWalker(space: space, stepCap: stepCap, detectNonHalting: detectNonHalting)
        top.collectLevel = splitLevel
        top.exploreRoot()
        var subtrees = top.collected
        top.collected = []
        if let shard {
            subtrees = shard.part(of: subtrees)
            if !shard.holdsTop { top.discardCounts() }
        }

        let state = SharedRun(subtrees: subtrees, workers: threads, make: {
            TreeWalker(space: space, stepCap: stepCap, detectNonHalting: detectNonHalting)
        })
        let topWeight = top.halting + top.nonHalting
        WorkerPool.run(workers: threads, jobs: subtrees.count, progressInterval: progressInterval,
                       tick: progress.map { progress in { count in
            progress(Progress(machinesDone: topWeight + state.weightDone(), machinesTotal: total,
                              subtreesDone: count, subtreesTotal: state.subtrees.count))
        } }) { worker, i in state.explore(subtree: i, worker: worker) }

        // Merge in worker order (any order gives the same sums).
        var stats = top.stats
        stats.subtrees = subtrees.count
        var halting = top.halting
        var nonHalting = top.nonHalting
        var steps = top.haltingSteps
        let merged = top.counter
        for walker in state.walkers {
            merged.merge(walker.counter)
            halting += walker.halting
            nonHalting += walker.nonHalting
            for (t, c) in walker.haltingSteps.enumerated() { steps[t] += c }
            stats = stats + walker.stats
        }
        let expected = topWeight + subtrees.reduce(UInt128(0)) { $0 + $1.weight(state.powers) }
        return EnumerationResult(space: space, stepCap: stepCap, counts: merged.allCounts(), fastestHalt: merged.allFastest(),
                                 halting: halting, nonHalting: nonHalting,
                                 haltingSteps: steps, statistics: stats, shard: shard, splitLevel: splitLevel,
                                 expectedWeight: shard == nil ? total : expected)
    }
}

/// Part `index` of `count` (1-based) of an enumeration, for runs split over processes or
/// cluster jobs. The split is a fixed function of the space, the step cap and the split level,
/// so shards run anywhere, in any order, add up exactly to the whole run.
public struct Shard: Sendable, Equatable, Hashable, CustomStringConvertible {
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(EnumerationError) {
        guard count >= 1, count <= 1_000_000, (1...count).contains(index) else {
            throw .invalidShard("\(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `i/k`.
    public init(parsing text: String) throws(EnumerationError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let k = Int(parts[1]) else {
            throw .invalidShard(text)
        }
        try self.init(index: i, count: k)
    }

    public var description: String { "\(index)/\(count)" }

    /// The shard's subtrees: shard i of k takes those with index ≡ i - 1 (mod k), in the fixed
    /// order of the serial walk that cut them (1-D and 2-D trees alike). With `holdsTop` (the
    /// leaves above the cut belong to shard 1) every leaf of the tree is in exactly one shard,
    /// so the shards' counts add up to the whole run's.
    public func part<T>(of subtrees: [T]) -> [T] {
        subtrees.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }

    /// Whether the leaves of the serial top of the tree are this shard's: shard 1's.
    public var holdsTop: Bool { index == 1 }
}

/// The shards of one split that a merge has taken in: the one place that refuses a repeated
/// shard and names the missing ones, for every merger of partial tables (exhaustive, 2-D,
/// sampled, logical depths).
public struct ShardSet: Sendable {
    /// Shards in the split.
    public let count: Int
    private var seen = Set<Int>()

    public init(count: Int) { self.count = count }

    /// Takes in a shard of this split; false when it was taken in already.
    public mutating func insert(_ shard: Shard) -> Bool { seen.insert(shard.index).inserted }

    /// The shards not taken in, as `i/k`, in order (at most `limit`).
    public func missing(limit: Int = 20) -> [String] {
        (1...count).lazy.filter { !seen.contains($0) }.prefix(limit).map { "\($0)/\(count)" }
    }
}

/// What the worker threads share: the subtree list and the per-worker walkers (each touched
/// only by its own worker until the pool is done), and the weight done for progress lines.
private final class SharedRun: @unchecked Sendable {
    let subtrees: [Subtree]
    let walkers: [TreeWalker]
    let finishedWeightLow = Atomic<UInt64>(0)
    let powers: [UInt128]

    init(subtrees: [Subtree], workers: Int, make: () -> TreeWalker) {
        self.subtrees = subtrees
        self.walkers = (0..<workers).map { _ in make() }
        self.powers = walkers[0].powers
    }

    func explore(subtree i: Int, worker: Int) {
        walkers[worker].explore(subtrees[i])
        // Progress only: a 64-bit running total is plenty for a share of the space.
        finishedWeightLow.wrappingAdd(UInt64(clamping: subtrees[i].weight(powers)), ordering: .relaxed)
    }

    func weightDone() -> UInt128 { UInt128(finishedWeightLow.load(ordering: .relaxed)) }
}

public enum EnumerationError: Error, Equatable, CustomStringConvertible {
    case invalidStepCap(Int)
    case invalidThreads(Int)
    case spaceTooLarge(MachineSpace)
    case invalidShard(String)
    case invalidDepth(Int, Int)
    case invalidSamples(UInt64)
    case invalidStates(Int, Int)
    case invalidKeepArea(Int)

    public var description: String {
        switch self {
        case .invalidStepCap(let t): "invalid step cap \(t): expected 1...\(TreeEnumerator.maxStepCap)"
        case .invalidThreads(let k): "invalid thread count \(k): expected 1...1024"
        case .invalidDepth(let d, let entries): "invalid depth \(d): expected 1...\(entries) (the number of entries of a machine)"
        case .invalidSamples(let n): "invalid sample count \(n): expected at least 1"
        case .invalidStates(let n, let most): "invalid number of states \(n): expected 1...\(most)"
        case .invalidKeepArea(let a): "invalid keep area \(a): expected 1...\(PackedGrid.maxArea) cells"
        case .invalidShard(let text): "invalid shard '\(text)': expected i/k with 1 <= i <= k, e.g. 3/16"
        case .spaceTooLarge(let s): "the space \(s) has more than 2^128 machines and cannot be enumerated exhaustively; sample it instead"
        }
    }
}
