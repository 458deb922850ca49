import Foundation

/// Perturbation analysis of a sequence: the change of BDM when one symbol is set to another
/// or deleted (docs/aid.md §1), computed from the blocks the change touches, as pybdm's
/// `PerturbationExperiment` does, instead of a new BDM of the whole string.
///
/// Why it is exact: BDM = Σ over distinct blocks b of [K(b) + cost(n_b)] depends on the
/// string only through the multiset of its blocks. Setting position p changes exactly the
/// blocks whose range contains p; each leaves the multiset (n_b -> n_b - 1: -K(b) when it was
/// the last, else cost(n_b - 1) - cost(n_b)) and its new version joins it (+K(b') when new,
/// else cost(n_b' + 1) - cost(n_b')). The delta is the sum of those terms; the multiset is
/// restored afterwards, so every delta is relative to the original string.
///
/// Deleting p shifts everything after it, so the blocks of the shorter string are those of
/// `decomposition.blocks(length: n - 1)`: a block ending at or before p reads the original
/// symbols (phase 0), one starting at or after p reads them one further on (phase 1), and the
/// few straddling p mix both. Sweeping p from 0 to n - 1, blocks move from phase 1 to phase
/// 0 one at a time, so the multiset of the shorter string is kept up to date with O(1)
/// changes per position plus the straddling blocks: O(n · blockSize/step) in all.
///
/// Symbols are the pattern's labels (0..<alphabet): blocks are told apart by their symbols
/// and scored by their pattern, as `bdm` does.
public struct SequencePerturbation {
    public let decomposition: BlockDecomposition
    public let alphabet: Alphabet
    /// BDM of the original string (as `ComplexityEstimator.bdm` computes it).
    public let value: Double
    public private(set) var symbols: [UInt8]
    let table: any ComplexityTable
    let estimator: ComplexityEstimator
    let ranges: [Range<Int>]
    /// The leading blocks of full size at 0, step, 2·step, ...; a last shorter block is the tail.
    let regular: Int
    var counts: [UInt64: Int] = [:]
    var complexities: [UInt64: Double?] = [:]

    public init(_ sequence: SymbolSequence, alphabet: Alphabet, decomposition: BlockDecomposition,
                estimator: ComplexityEstimator) throws(ScoringError) {
        let result = try estimator.bdm(of: sequence, alphabet: alphabet, decomposition: decomposition)
        self.decomposition = decomposition
        self.alphabet = alphabet
        self.estimator = estimator
        value = result.value
        symbols = sequence.pattern.symbols
        table = try estimator.registry.table(forTableAlphabet: alphabet.tableSize)
        ranges = decomposition.blocks(length: symbols.count)
        regular = ranges.prefix { $0.count == decomposition.blockSize }.count
        for r in ranges { counts[Self.key(symbols[r]), default: 0] += 1 }
    }

    /// A block as one word: its length in bits 48..., 4 bits a symbol (labels are below 10).
    static func key(_ block: ArraySlice<UInt8>) -> UInt64 {
        var k = UInt64(block.count) << 48
        var shift: UInt64 = 0
        for s in block { k |= UInt64(s) << shift; shift += 4 }
        return k
    }

    static func symbols(of key: UInt64) -> [UInt8] {
        let n = Int(key >> 48)
        return (0..<n).map { UInt8((key >> UInt64(4 * $0)) & 0xF) }
    }

    mutating func complexity(_ key: UInt64) -> Double? {
        if let known = complexities[key] { return known }
        let k = estimator.lookup(Self.symbols(of: key)[...], in: table)
        complexities[key] = k
        return k
    }

    func cost(_ n: Int) -> Double { decomposition.multiplicityCost(n, alphabet: alphabet.size) }

    /// A pending change of the multiset: removing or adding one block; the originals are
    /// kept to restore.
    struct Edit {
        var delta = 0.0
        var failed = false
        var saved: [(UInt64, Int)] = []
    }

    mutating func remove(_ key: UInt64, _ edit: inout Edit) {
        let n = counts[key] ?? 0
        edit.saved.append((key, n))
        if n == 1 {
            guard let k = complexity(key) else { edit.failed = true; return }
            edit.delta -= k
        } else {
            edit.delta += cost(n - 1) - cost(n)
        }
        counts[key] = n - 1
    }

    mutating func add(_ key: UInt64, _ edit: inout Edit) {
        let n = counts[key] ?? 0
        edit.saved.append((key, n))
        if n == 0 {
            guard let k = complexity(key) else { edit.failed = true; counts[key] = 1; return }
            edit.delta += k
        } else {
            edit.delta += cost(n + 1) - cost(n)
        }
        counts[key] = n + 1
    }

    mutating func restore(_ edit: Edit) {
        for (key, n) in edit.saved.reversed() { counts[key] = n }
    }

    /// BDM(string with position p set to `symbol`) - BDM(string); nil when a new block is
    /// not in the table. 0 when the symbol is already there.
    public mutating func substitution(at p: Int, to symbol: UInt8) -> Double? {
        precondition(symbols.indices.contains(p) && Int(symbol) < alphabet.size)
        let old = symbols[p]
        guard old != symbol else { return 0 }
        // The blocks holding p: regular ones first...last, and the tail.
        let size = decomposition.blockSize, step = decomposition.step
        var first = p - size + 1 <= 0 ? 0 : (p - size + 1 + step - 1) / step
        var last = min(p / step, regular - 1)
        if first > last { first = 0; last = -1 }
        let tail = ranges.count > regular && ranges[ranges.count - 1].contains(p)
        let touched = last - first + 1 + (tail ? 1 : 0)
        if touched == 0 { return 0 }
        if touched == 1 {
            // One block changes (disjoint blocks): its old and new keys differ in one symbol,
            // so the two terms need only the two multiplicities.
            let r = tail ? ranges[ranges.count - 1] : ranges[first]
            let oldKey = Self.key(symbols[r])
            let newKey = oldKey ^ (UInt64(old ^ symbol) << UInt64(4 * (p - r.lowerBound)))
            let n = counts[oldKey] ?? 0, m = counts[newKey] ?? 0
            return BlockReplacement.delta(leaving: n, oldK: n == 1 ? complexity(oldKey) : nil,
                                          joining: m, newK: m == 0 ? complexity(newKey) : nil, cost: cost)
        }
        var blocks: [Int] = Array(first...max(first, last)).filter { $0 <= last }
        if tail { blocks.append(ranges.count - 1) }
        var edit = Edit()
        for b in blocks { remove(Self.key(symbols[ranges[b]]), &edit) }
        symbols[p] = symbol
        for b in blocks { add(Self.key(symbols[ranges[b]]), &edit) }
        symbols[p] = old
        restore(edit)
        return edit.failed ? nil : edit.delta
    }

    /// BDM(string without position p) - BDM(string) for every p, in one sweep (see the type's
    /// comment); nil where the shorter string has no block (or a block missing from the table).
    public mutating func deletions() -> [Double?] {
        let n = symbols.count
        let shorter = decomposition.blocks(length: n - 1)
        guard n > 1, !shorter.isEmpty else { return [Double?](repeating: nil, count: n) }
        let x = symbols
        // The multiset of the shorter string's phase-0 and phase-1 blocks, kept in `state`.
        var state = SequencePerturbation.State()
        var failed = false
        for r in shorter {
            if !state.add(Self.key(x[(r.lowerBound + 1)..<(r.upperBound + 1)]), &self) { failed = true }
        }
        var out: [Double?] = []
        out.reserveCapacity(n)
        var i0 = 0, i1 = 0
        var mixed: [UInt8] = []
        for p in 0..<n {
            while i1 < shorter.count && shorter[i1].lowerBound < p {
                let r = shorter[i1]
                if !state.remove(Self.key(x[(r.lowerBound + 1)..<(r.upperBound + 1)]), &self) { failed = true }
                i1 += 1
            }
            while i0 < i1 && shorter[i0].upperBound <= p {
                if !state.add(Self.key(x[shorter[i0]]), &self) { failed = true }
                i0 += 1
            }
            var saved: [(UInt64, Int)] = []
            var value = state.value
            var ok = !failed
            for j in i0..<i1 {
                let r = shorter[j]
                mixed.removeAll(keepingCapacity: true)
                for t in r { mixed.append(t < p ? x[t] : x[t + 1]) }
                let key = Self.key(mixed[...])
                let c = state.counts[key] ?? 0
                saved.append((key, c))
                if c == 0 {
                    if let k = complexity(key) { value += k } else { ok = false }
                } else {
                    value += cost(c + 1) - cost(c)
                }
                state.counts[key] = c + 1
            }
            for (key, c) in saved.reversed() { state.counts[key] = c }
            out.append(ok ? value - self.value : nil)
        }
        return out
    }

    /// A multiset of blocks with its BDM, updated one block at a time. The BDM is a
    /// Neumaier-compensated sum: it takes O(n) updates, and a plain sum would drift by
    /// ~1e-10 over 100,000 symbols.
    struct State {
        var counts: [UInt64: Int] = [:]
        private var sum = 0.0
        private var compensation = 0.0
        var value: Double { sum + compensation }

        mutating func accumulate(_ x: Double) {
            let t = sum + x
            compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
            sum = t
        }

        mutating func add(_ key: UInt64, _ owner: inout SequencePerturbation) -> Bool {
            let n = counts[key] ?? 0
            counts[key] = n + 1
            if n == 0 {
                guard let k = owner.complexity(key) else { return false }
                accumulate(k)
            } else {
                accumulate(owner.cost(n + 1) - owner.cost(n))
            }
            return true
        }

        mutating func remove(_ key: UInt64, _ owner: inout SequencePerturbation) -> Bool {
            let n = counts[key] ?? 0
            counts[key] = n - 1
            if n == 1 {
                guard let k = owner.complexity(key) else { return false }
                accumulate(-k)
            } else {
                accumulate(owner.cost(n - 1) - owner.cost(n))
            }
            return true
        }
    }
}
