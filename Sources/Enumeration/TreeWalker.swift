import Foundation
import TuringMachines

/// Depth-first walker over the tree of partial machines (see `TreeEnumerator` for the method
/// and the argument why it counts every machine of the space exactly once).
///
/// One walker per worker thread. All buffers are allocated once: a tape of `2T + 3` cells per
/// tree level (a child continues from a copy of its parent's tape, so the parent's run is never
/// repeated) and one instruction table that is edited in place as the walk goes down and up.
///
/// Invariant: outside a running `explore` call, every tape buffer is entirely blank (0); each
/// call clears the cells it visited before it returns.
final class TreeWalker {
    /// The configuration of a partial machine at the moment its run (re)starts.
    struct Node {
        var head: Int
        var rowOffset: Int
        var steps: Int
        var low: Int
        var high: Int
        /// States 0..<used are the start state and those that defined entries point to.
        var used: Int
        var undefined: Int
        /// Product of the state-relabelling factors along the path.
        var multiplier: UInt128
        /// True below a first move to the right: the mirror subtree (first move left) is
        /// counted by recording the reversed output with the same weight.
        var mirrored: Bool
    }

    let space: MachineSpace
    /// States, symbols, the step cap, and the head's start cell (the middle of a tape).
    let n: Int, m: Int, cap: Int, origin: Int
    let detect: Bool
    /// The run loop, with the non-halting detectors, and the buffers: the instruction table
    /// and one tape per tree level.
    let runner: PartialMachineRunner
    var table: UnsafeMutablePointer<InstructionWord> { runner.table }
    var tapes: UnsafeMutablePointer<UInt8> { runner.tapes }
    var tapeStride: Int { runner.tapeStride }
    let powers: [UInt128]
    let counter: OutputCounter
    var haltingSteps: [UInt128]
    var halting: UInt128 = 0
    var nonHalting: UInt128 = 0
    var stats = EnumerationStatistics()

    /// Frontier collection: when set, nodes that reach this level are stored, not explored.
    var collectLevel: Int? = nil
    var collected: [Subtree] = []

    /// `unitPowers[u]` is the weight of a node with `u` undefined entries and multiplier 1; by
    /// default `B^u` machines. The sampler passes weights in its own units (and only needs the
    /// levels above its strata), which also keeps spaces beyond 2^128 machines representable.
    init(space: MachineSpace, stepCap: Int, detectNonHalting: Bool, unitPowers: [UInt128]? = nil) {
        self.space = space
        n = space.states
        m = space.symbols
        cap = stepCap
        detect = detectNonHalting
        origin = stepCap + 1
        runner = PartialMachineRunner(space: space, stepCap: stepCap, tapes: space.entryCount + 1)
        if let unitPowers {
            powers = unitPowers
        } else {
            let b = UInt128(space.choicesPerEntry)
            var p: [UInt128] = [1]
            for _ in 0..<space.entryCount { p.append(p.last! * b) }
            powers = p
        }
        counter = OutputCounter(symbols: space.symbols, tracksFastest: true)
        haltingSteps = Array(repeating: 0, count: stepCap + 1)
    }

    deinit {
        runner.deallocate()
    }

    /// Forgets everything counted so far (a shard other than the first drops the top leaves).
    func discardCounts() {
        counter.removeAll()
        halting = 0
        nonHalting = 0
        for t in haltingSteps.indices { haltingSteps[t] = 0 }
    }

    /// The root: the blank machine reads entry (0, 0) at step 0.
    func exploreRoot() {
        let root = Node(head: origin, rowOffset: 0, steps: 0, low: origin, high: origin,
                        used: 1, undefined: space.entryCount, multiplier: 1, mirrored: false)
        branch(level: 0, node: root, entry: 0, isRoot: true)
    }

    /// Runs a stored subtree (its table and tape are loaded into this walker first).
    func explore(_ subtree: Subtree) {
        for (i, w) in subtree.table.enumerated() { table[i] = w }
        let tape = tapes + subtree.level * tapeStride
        for (i, s) in subtree.tape.enumerated() { tape[subtree.node.low + i] = s }
        explore(level: subtree.level, node: subtree.node)
        for i in 0..<space.entryCount { table[i] = InstructionWord.undefined }
        #if ACSS_INTERNAL_CHECKS
        runner.checkInvariants("TreeWalker")
        #endif
    }


    /// Simulates the partial machine of `level` from `node` until it reads an undefined entry
    /// (then branches), reaches the step cap, or is proved never to read an undefined entry.
    func explore(level: Int, node start: Node) {
        let tape = tapes + level * tapeStride
        var node = start
        if node.undefined == 0 {
            // Every defined entry is a normal instruction (a halting one ends its run at once
            // and is a leaf), so a fully defined machine in the tree can never halt.
            stats.fullyDefinedLeaves += 1
            leafNonHalting(node, weight: node.multiplier)
            clear(tape, node)
            return
        }
        var head = node.head
        var row = node.rowOffset
        var steps = node.steps
        var low = node.low
        var high = node.high
        let stop = runner.advance(table: table, tape: tape, cap: cap, detect: detect,
                                    head: &head, row: &row, steps: &steps, low: &low, high: &high)
        stats.simulatedSteps &+= UInt64(steps - node.steps)
        node.head = head
        node.rowOffset = row
        node.steps = steps
        node.low = low
        node.high = high
        switch stop {
        case .undefinedEntry:
            branch(level: level, node: node, entry: row + Int(tape[head]), isRoot: false)
        case .cap:
            stats.cappedLeaves += 1
            leafNonHalting(node, weight: node.multiplier * powers[node.undefined])
        case .cycler:
            stats.cyclerLeaves += 1
            leafNonHalting(node, weight: node.multiplier * powers[node.undefined])
        case .translatedCycler:
            stats.translatedCyclerLeaves += 1
            leafNonHalting(node, weight: node.multiplier * powers[node.undefined])
        }
        clear(tape, node)
    }


    @inline(__always)
    private func clear(_ tape: UnsafeMutablePointer<UInt8>, _ node: Node) {
        (tape + node.low).update(repeating: 0, count: node.high - node.low + 1)
    }

    @inline(__always)
    private func leafNonHalting(_ node: Node, weight: UInt128) {
        nonHalting &+= node.mirrored ? 2 * weight : weight
    }

    /// The machine of `level`, in configuration `node`, reads the undefined `entry`: one child
    /// per instruction that entry can hold, up to the relabelling of unused states.
    func branch(level: Int, node: Node, entry: Int, isRoot: Bool) {
        stats.branchNodes &+= 1
        let tape = tapes + level * tapeStride
        let childUndefined = node.undefined - 1
        let leafWeight = node.multiplier * powers[childUndefined]
        let mirrorFactor: UInt128 = node.mirrored ? 2 : 1

        // Halting children: the halting instruction is step `steps + 1`.
        if node.steps + 1 <= cap {
            recordHalts(tape: tape, node: node, weight: leafWeight)
        } else {
            nonHalting &+= leafWeight * UInt128(m) * mirrorFactor
        }

        // Normal children. Unused states are interchangeable: only the lowest one is tried,
        // standing for all `n - used` of them.
        let targets = min(node.used + 1, n)
        if childUndefined == 0 && collectLevel == nil {
            // Every child is fully defined, so none can halt (see `explore`): count them all
            // as non-halting leaves without running them.
            let directions = isRoot ? 1 : 2
            var weight: UInt128 = 0
            for next in 0..<targets {
                weight += next == node.used ? node.multiplier * UInt128(n - node.used) : node.multiplier
            }
            let childMirror: UInt128 = (node.mirrored || isRoot) ? 2 : 1
            nonHalting &+= weight * UInt128(directions * m) * childMirror
            stats.fullyDefinedLeaves &+= UInt64(targets * directions * m)
            table[entry] = InstructionWord.undefined
            return
        }
        let childTape = tapes + (level + 1) * tapeStride
        let saved = tape[node.head]
        for next in 0..<targets {
            let fresh = next == node.used
            let multiplier = fresh ? node.multiplier * UInt128(n - node.used) : node.multiplier
            for direction in 0..<2 {
                let right = direction == 0
                // At the root only first moves to the right are explored; the left ones are
                // their mirror images (see `Node.mirrored`).
                if isRoot && !right { continue }
                for w in 0..<m {
                    let word = InstructionWord(write: w, right: right, next: next, symbols: m)
                    table[entry] = word
                    let head = node.head + (right ? 1 : -1)
                    let child = Node(
                        head: head, rowOffset: next * m, steps: node.steps + 1,
                        low: min(node.low, head), high: max(node.high, head),
                        used: fresh ? node.used + 1 : node.used, undefined: childUndefined,
                        multiplier: multiplier, mirrored: node.mirrored || isRoot)
                    tape[node.head] = UInt8(w)
                    if let collectLevel, level + 1 == collectLevel {
                        collected.append(Subtree(
                            level: level + 1, node: child,
                            table: Array(UnsafeBufferPointer(start: table, count: space.entryCount)),
                            tape: Array(UnsafeBufferPointer(start: tape + child.low,
                                                            count: child.high - child.low + 1))))
                    } else {
                        (childTape + node.low).update(from: tape + node.low, count: node.high - node.low + 1)
                        explore(level: level + 1, node: child)
                    }
                }
            }
        }
        tape[node.head] = saved
        table[entry] = InstructionWord.undefined
    }

    /// Records the `m` halting children (write w, stop) of a node, and their mirror images,
    /// with their halting step (a mirror image halts at the same step).
    private func recordHalts(tape: UnsafeMutablePointer<UInt8>, node: Node, weight: UInt128) {
        let length = node.high - node.low + 1
        let step = node.steps + 1
        let weightAll = weight * UInt128(m) * (node.mirrored ? 2 : 1)
        halting &+= weightAll
        haltingSteps[step] &+= weightAll
        let packing = counter.packing
        let t = UInt32(step)
        if length > packing.capacity {
            for w in 0..<m {
                var symbols = Array(UnsafeBufferPointer(start: tape + node.low, count: length))
                symbols[node.head - node.low] = UInt8(w)
                counter.add(symbols: symbols, weight: weight, step: t)
                if node.mirrored { counter.add(symbols: symbols.reversed(), weight: weight, step: t) }
            }
            return
        }
        // Pack with the head cell as 0, then add each written symbol at its place.
        let bits = packing.bitsPerSymbol
        var forward = SymbolPacking.empty
        var backward = SymbolPacking.empty
        var p = node.low
        while p <= node.high {
            forward = packing.appending(p == node.head ? 0 : tape[p], to: forward)
            p += 1
        }
        let forwardShift = (node.high - node.head) * bits
        counter.add(packed: forward, weight: weight, step: t)
        for w in 1..<m { counter.add(packed: forward | (UInt128(w) << forwardShift), weight: weight, step: t) }
        if node.mirrored {
            p = node.high
            while p >= node.low {
                backward = packing.appending(p == node.head ? 0 : tape[p], to: backward)
                p -= 1
            }
            let backwardShift = (node.head - node.low) * bits
            counter.add(packed: backward, weight: weight, step: t)
            for w in 1..<m { counter.add(packed: backward | (UInt128(w) << backwardShift), weight: weight, step: t) }
        }
    }
}

/// An independent subtree of the enumeration: a partial machine and its configuration just
/// after the instruction that created it.
struct Subtree: Sendable {
    let level: Int
    let node: TreeWalker.Node
    let table: [InstructionWord]
    let tape: [UInt8]

    /// Number of machines the subtree stands for.
    func weight(_ powers: [UInt128]) -> UInt128 {
        node.multiplier * powers[node.undefined] * (node.mirrored ? 2 : 1)
    }
}

extension TreeWalker.Node: Sendable {}
