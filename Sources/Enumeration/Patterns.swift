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
            pattern.append(label)
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
