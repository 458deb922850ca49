import Foundation

/// Shannon entropies of a sequence, as ACSS's `entropy` and `entropy2`. O(length).
extension Pattern {
    /// `entropy`: the Shannon entropy, in bits, of the symbol frequencies,
    /// -Σ p_i log2 p_i. 0 for a constant string; at most log2(k).
    public var entropy: Double {
        var counts = [Int](repeating: 0, count: Pattern.maxDistinct)
        for s in symbols { counts[Int(s)] += 1 }
        return Pattern.shannon(counts, total: symbols.count)
    }

    /// `entropy2`: the Shannon entropy, in bits, of the frequencies of the length-1
    /// overlapping bigrams (a sliding window of two symbols). This is not the conditional
    /// (second-order) entropy; it follows ACSS so that values can be compared. Nil for a
    /// single symbol, which has no bigram.
    public var bigramEntropy: Double? {
        guard symbols.count >= 2 else { return nil }
        var counts = [Int](repeating: 0, count: Pattern.maxDistinct * Pattern.maxDistinct)
        for i in 0..<(symbols.count - 1) {
            counts[Int(symbols[i]) * Pattern.maxDistinct + Int(symbols[i + 1])] += 1
        }
        return Pattern.shannon(counts, total: symbols.count - 1)
    }

    /// Sums in bin order, so the value never depends on anything but the counts.
    static func shannon(_ counts: [Int], total: Int) -> Double {
        let n = Double(total)
        var h = 0.0
        for c in counts where c > 0 {
            let p = Double(c) / n
            h -= p * log2(p)
        }
        return h == 0 ? 0 : h
    }
}
