import Enumeration
import Foundation
import TuringMachines

/// An exhaustive 2-D output table (docs/formalism.md §7): c0 of every array of area up to the
/// run's keep area, listed once per class of the 8 symmetries of the square.
///
/// **Why one line per symmetry class is lossless.** Rotating or reflecting every move of a
/// machine is a bijection of the space that rotates or reflects its run and output, so c0 is
/// the same for every image of an array. The table keeps the class's canonical array (its least
/// image, by shape with rows <= columns and then by cells) and the count of each member;
/// `count(of:)` canonicalizes its argument. Building a table checks the invariance on the
/// enumerator's counts (every image counted equally), which would catch a symmetry reduction
/// gone wrong.
public struct GridOutputTable: Sendable, Equatable {
    public struct Figures: Sendable, Equatable {
        public var states: Int
        public var stepCap: Int
        public var machines: UInt64
        public var halting: UInt64
        public var latestHalt: Int
        public var haltingAtCap: UInt64
        public var haltingLateHalf: UInt64
        /// Outputs of area up to this are counted individually; larger ones only in total.
        public var keepArea: Int
        /// Machines halting with an output of area above `keepArea`.
        public var largeOutputs: UInt64
        /// Distinct arrays (every image) of area up to `keepArea` in the whole run.
        public var distinct: Int
        /// A trimmed table lists only the arrays up to this area (nil: everything kept).
        public var listedMaxArea: Int?
        public var part: OutputTable.Part?
        public var timing: RunTiming

        public var nonHalting: UInt64 { machines - halting }
    }

    public var figures: Figures
    /// c0 of each member of a symmetry class, keyed by the class's canonical array.
    public private(set) var classes: [PackedGrid: UInt64]

    public init(figures: Figures, classes: [PackedGrid: UInt64]) {
        self.figures = figures
        self.classes = classes
    }

    /// The table of an enumeration. Throws when a class total does not divide evenly among
    /// its members (the counts would not be invariant under the symmetries: an enumerator bug).
    public init(_ result: GridTreeEnumerator.Result, timing: RunTiming = .zero) throws(GridTableError) {
        if let bad = result.symmetryViolations.first {
            throw .notSymmetric(bad.description, result.symmetryViolations.count)
        }
        let halting = result.halting
        let late = result.haltingSteps.enumerated().filter { $0.offset > result.stepCap / 2 }.reduce(UInt64(0)) { $0 + $1.element }
        figures = Figures(states: result.states, stepCap: result.stepCap, machines: result.totalWeight, halting: halting,
                          latestHalt: result.latestHalt, haltingAtCap: result.haltingSteps[result.stepCap],
                          haltingLateHalf: late, keepArea: result.keepArea, largeOutputs: result.largeOutputs,
                          distinct: result.distinct, listedMaxArea: nil,
                          part: result.shard.map { OutputTable.Part(shard: $0, splitLevel: result.splitLevel) },
                          timing: timing)
        classes = result.classes
    }

    /// c0 of `array` on blank 0 (0 when no machine outputs it, or it lies beyond the listing).
    public func count(of array: PackedGrid) -> UInt64 { classes[GridSymmetry.canonical(array)] ?? 0 }

    /// Whether the table answers for arrays of this area (it is within the listing).
    public func lists(area: Int) -> Bool { area <= (figures.listedMaxArea ?? figures.keepArea) }

    /// The listed classes in file order: by rows, columns, then cells as a string.
    public var sortedClasses: [(PackedGrid, UInt64)] {
        classes.sorted { GridSymmetry.precedes($0.key, $1.key) }
    }

    /// Listed arrays (every image) and the sum of their counts.
    public var listedFigures: (arrays: Int, countSum: UInt64) {
        classes.reduce((0, 0)) { acc, entry in
            let size = GridSymmetry.orbit(entry.key).count
            return (acc.0 + size, acc.1 + UInt64(size) * entry.value)
        }
    }

    /// The table restricted to arrays of area at most `maxArea`; the figures of the full run stay.
    public func trimmed(maxArea: Int) -> GridOutputTable {
        var t = self
        t.classes = classes.filter { $0.key.area <= maxArea }
        t.figures.listedMaxArea = min(maxArea, figures.listedMaxArea ?? figures.keepArea)
        return t
    }
}

public enum GridTableError: Error, Equatable, CustomStringConvertible {
    case notSymmetric(String, Int)

    public var description: String {
        switch self {
        case .notSymmetric(let a, let n):
            "internal error: the counts are not invariant under the symmetries of the square: the class of \(a) (and \(n - 1) more) has a total that does not divide among its members"
        }
    }
}

extension GridOutputTable {
    /// The shards of one 2-D run added into the table a single run gives, one shard at a time
    /// (as `OutputTable.Merger`): refuses tables of other runs, trimmed ones, repeated and
    /// missing shards, and checks that the shards account for every machine of the space.
    public struct Merger {
        private var sum: Figures?
        private var shards: ShardSet?
        private var classes: [PackedGrid: UInt64] = [:]
        private var added = 0
        private var spent = false

        public init() {}

        public mutating func add(_ t: GridOutputTable) throws(TableMergeError) {
            guard !spent else { throw .spent }
            spent = true
            let i = added
            added += 1
            let f = t.figures
            guard let p = f.part else { throw .notAShard(index: i) }
            guard f.listedMaxArea == nil else { throw .trimmed(index: i) }
            if var s = sum {
                let first = s.part!
                guard f.states == s.states, f.stepCap == s.stepCap, f.keepArea == s.keepArea, p.shard.count == first.shard.count,
                      p.splitLevel == first.splitLevel else {
                    throw .differentRuns(index: i, expected: "2-D (\(s.states),2) T=\(s.stepCap) keep area \(s.keepArea), shards of \(first.shard.count) split at level \(first.splitLevel)",
                                         found: "2-D (\(f.states),2) T=\(f.stepCap) keep area \(f.keepArea), shards of \(p.shard.count) split at level \(p.splitLevel)")
                }
                guard shards!.insert(p.shard) else { throw .duplicateShard("\(p.shard)") }
                s.machines += f.machines
                s.halting += f.halting
                s.haltingAtCap += f.haltingAtCap
                s.haltingLateHalf += f.haltingLateHalf
                s.largeOutputs += f.largeOutputs
                s.latestHalt = max(s.latestHalt, f.latestHalt)
                s.timing = s.timing + f.timing
                sum = s
            } else {
                sum = f
                shards = ShardSet(count: p.shard.count)
                _ = shards!.insert(p.shard)
            }
            for (array, count) in t.classes { classes[array, default: 0] += count }
            spent = false
        }

        public func finish() throws(TableMergeError) -> GridOutputTable {
            guard !spent else { throw .spent }
            guard var figures = sum, let shards else { throw .nothingToMerge }
            let missing = shards.missing()
            guard missing.isEmpty else { throw .missingShards(missing) }
            let total = UInt64(GridMachine.machineCount(states: figures.states)!)
            guard figures.machines == total else { throw .weightMismatch(found: UInt128(figures.machines), expected: UInt128(total)) }
            figures.part = nil
            var merged = GridOutputTable(figures: figures, classes: classes)
            merged.figures.distinct = merged.listedFigures.arrays
            return merged
        }
    }
}

extension GridOutputTable {
    /// c0(s) + c0(~s): the machines, over both blanks, that output `array` (running a machine
    /// on blank 1 is running its complemented twin on blank 0).
    public func completedCount(of array: PackedGrid) -> UInt64 { count(of: array) + count(of: array.complemented) }

    /// D(s) = (c0(s) + c0(~s)) / (2H), or nil when no machine outputs the array or its complement.
    public func probability(of array: PackedGrid) -> Double? {
        let c = completedCount(of: array)
        return c == 0 ? nil : CodingTheorem.probability(count: UInt128(c), classSize: 2, halting: UInt128(figures.halting))
    }

    /// K(s) = -log2 D(s) in bits, or nil when no machine outputs the array or its complement.
    public func complexity(of array: PackedGrid) -> Double? {
        let c = completedCount(of: array)
        return c == 0 ? nil : CodingTheorem.complexity(count: UInt128(c), classSize: 2, log2Halting: CodingTheorem.log2(UInt128(figures.halting)))
    }
}
