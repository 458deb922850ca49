/// First-appearance relabelling, the pattern of a string: the first symbol becomes 0, the next
/// new symbol 1, and so on ("HTHHE" -> 0,1,0,0,2). All strings of one pattern have the same D
/// (a machine's symbols can be renamed, the blank aside, by a bijection of the space), so
/// sampled tables are kept per pattern and scoring looks patterns up. This is the one
/// implementation: the sampler, the tables and the scoring API all call it.
public enum Patterns {
    /// Relabels the `count` symbols `symbol(0)`, `symbol(1)`, ... into `pattern` (emptied
    /// first) without allocating beyond `pattern`'s capacity. `labels` must hold 256 entries,
    /// all 0xFF on entry; they are 0xFF again on return. Returns the number of distinct
    /// symbols, or nil when there are more than `maxDistinct` (at most 255); `pattern` then
    /// holds only the part read so far.
    @inlinable
    public static func relabel(count: Int, into pattern: inout [UInt8], labels: UnsafeMutablePointer<UInt8>,
                               maxDistinct: Int = 255, symbol: (Int) -> UInt8) -> Int? {
        pattern.removeAll(keepingCapacity: true)
        return forEachLabel(count: count, labels: labels, maxDistinct: maxDistinct, symbol: symbol) { pattern.append($0) }
    }

    /// The packed key (`SymbolPacking.packInWord` of `packing`) of the pattern of the `count`
    /// symbols `symbol(0)`, ...: the same relabelling as `relabel`, built in one word without a
    /// buffer (the sampler's hot path). The caller guarantees `count · bitsPerSymbol < 63` and
    /// at most `2^bitsPerSymbol` distinct symbols; `labels` as for `relabel`.
    @inlinable @inline(__always)
    public static func packedKey(count: Int, packing: SymbolPacking, labels: UnsafeMutablePointer<UInt8>,
                                 symbol: (Int) -> UInt8) -> UInt64 {
        let bits = UInt64(packing.bitsPerSymbol)
        if packing.bitsPerSymbol <= 4 { return packedKeyInRegisters(count: count, bits: bits, symbol: symbol) }
        var key: UInt64 = 1
        _ = forEachLabel(count: count, labels: labels, maxDistinct: 255, symbol: symbol) { key = key &<< bits | UInt64($0) }
        return key
    }

    /// `packedKey` for symbols below 16, with the relabelling table in one register: nibble s of
    /// `table` holds the label of symbol s once `seen` has bit s. No memory traffic and no
    /// data-dependent branch (the sampler calls it for every halting choice of every read).
    @inlinable @inline(__always)
    static func packedKeyInRegisters(count: Int, bits: UInt64, symbol: (Int) -> UInt8) -> UInt64 {
        var key: UInt64 = 1, table: UInt64 = 0, seen: UInt64 = 0, next: UInt64 = 0
        for i in 0..<count {
            let s = UInt64(symbol(i) & 15)
            let known = (seen &>> s) & 1
            let label = known == 1 ? (table &>> (4 &* s)) & 15 : next
            table |= (label &<< (4 &* s))
            seen |= 1 &<< s
            next &+= 1 &- known
            key = key &<< bits | label
        }
        return key
    }

    /// The relabelling itself, label by label: hands the label of every symbol read to `emit`.
    /// Returns the number of distinct symbols, or nil when there are more than `maxDistinct`
    /// (reading stops there).
    @inlinable @inline(__always)
    static func forEachLabel(count: Int, labels: UnsafeMutablePointer<UInt8>, maxDistinct: Int,
                             symbol: (Int) -> UInt8, emit: (UInt8) -> Void) -> Int? {
        var next = 0
        var read = 0
        while read < count {
            let s = Int(symbol(read))
            var label = labels[s]
            if label == 0xFF {
                if next == maxDistinct { break }
                label = UInt8(truncatingIfNeeded: next)
                labels[s] = label
                next += 1
            }
            emit(label)
            read += 1
        }
        for i in 0..<read { labels[Int(symbol(i))] = 0xFF }
        return read == count ? next : nil
    }

    /// The pattern of a byte string.
    public static func normalize(_ s: [UInt8]) -> [UInt8] {
        var pattern: [UInt8] = []
        pattern.reserveCapacity(s.count)
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { labels in
            labels.initialize(repeating: 0xFF)
            s.withUnsafeBufferPointer { bytes in
                _ = relabel(count: bytes.count, into: &pattern, labels: labels.baseAddress!) { bytes[$0] }
            }
        }
        return pattern
    }

    /// Number of distinct symbols of a pattern (its largest label + 1).
    public static func distinctSymbols(_ p: [UInt8]) -> Int { Int(p.max() ?? 0) + 1 }
}
