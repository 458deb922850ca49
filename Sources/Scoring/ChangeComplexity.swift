/// Change complexity (Aksentijevic & Gibson 2012, "Complexity equals change"), a measure of
/// the perceived complexity of binary strings.
///
/// Both readings start from the change triangle: level 1 marks, for each adjacent pair,
/// whether the symbol changes (l-1 entries); level i+1 marks where level i changes (one entry
/// fewer). Level i therefore speaks of the l-i windows of length i+1.
///
/// - `aksentijevicGibson` (the default): the sum over levels of the proportion of change at
///   that level, Σ_i (changes at level i)/(l-i). Each level weighs the same whatever its
///   number of windows, which is the definition's "weighted by the number of subsequences".
///   It is invariant under complement and reversal, as a complexity of a pattern must be.
///   O(l²/64): the levels are bit rows, 64 entries a word. No linear form is known (level i
///   depends on all binomial coefficients of order i mod 2), so it is computed up to
///   `maxLength` symbols (100,000: about 0.2 s; a 10 MB line would take hours).
/// - `acss`: what the R package acss 0.3-2 computes. Its loop `for (i in 1:l-1)` sums the
///   triangle's COLUMNS (the changes of all orders starting at one position) with the same
///   weights 1/(l-i). That is not reversal invariant ("0001" gives 1.8333, its mirror "1000"
///   gives 1.0); we keep it for parity with published acss numbers, not as the definition.
///   O(l²), so it is computed up to `maxLength` symbols, 10,000 (acss itself builds an
///   (l-1)x(l-1) matrix of doubles, 800 MB at that length).
///
/// The rationale is for binary strings; with more symbols level 1 marks any change, as acss.
public enum ChangeComplexityReading: String, Sendable, CaseIterable {
    case aksentijevicGibson = "ag"
    case acss = "acss"

    /// Longest string the reading is computed for (both are quadratic in the length); longer
    /// strings get no change complexity and a note.
    public var maxLength: Int {
        switch self {
        case .aksentijevicGibson: return 100_000
        case .acss: return 10_000
        }
    }
}

extension Pattern {
    /// Nil when the string is too short (2 symbols for the Aksentijevic-Gibson reading, 3 for
    /// the acss reading, which rejects shorter strings) or longer than `reading.maxLength`.
    public func changeComplexity(_ reading: ChangeComplexityReading = .aksentijevicGibson) -> Double? {
        guard symbols.count <= reading.maxLength else { return nil }
        switch reading {
        case .aksentijevicGibson: return symbols.count >= 2 ? levelChangeComplexity() : nil
        case .acss: return symbols.count >= 3 ? columnChangeComplexity() : nil
        }
    }

    /// Σ over levels of (changes at the level)/(entries at the level). Level bits live in
    /// words, bit j of the row at word j/64, bit j%64; entries past the row's width are zero.
    private func levelChangeComplexity() -> Double {
        let l = symbols.count
        var width = l - 1
        var words = [UInt64](repeating: 0, count: (width + 63) / 64)
        for j in 0..<width where symbols[j] != symbols[j + 1] {
            words[j >> 6] |= 1 << UInt64(j & 63)
        }
        var total = 0.0
        while width > 0 {
            let count = (width + 63) / 64
            var changes = 0
            for k in 0..<count { changes += words[k].nonzeroBitCount }
            total += Double(changes) / Double(width)
            // Next level: entry j = entry j XOR entry j+1, for j < width - 1.
            for k in 0..<count {
                let next = k + 1 < count ? words[k + 1] : 0
                words[k] ^= (words[k] >> 1) | (next << 63)
            }
            width -= 1
            if width > 0 {
                // Clear bits at positions >= width (the last entry of the old row went).
                let last = (width - 1) >> 6
                let used = width - last * 64
                if used < 64 { words[last] &= (1 << UInt64(used)) - 1 }
                for k in (last + 1)..<count { words[k] = 0 }
            }
        }
        return total
    }

    /// acss 0.3-2: Σ over columns c of (changes in column c)/(entries in column c).
    private func columnChangeComplexity() -> Double {
        let l = symbols.count
        var level = [Bool](repeating: false, count: l - 1)
        for j in 0..<(l - 1) { level[j] = symbols[j] != symbols[j + 1] }
        var columns = [Int](repeating: 0, count: l - 1)
        var width = l - 1
        while width > 0 {
            for j in 0..<width where level[j] { columns[j] += 1 }
            for j in 0..<(width - 1) { level[j] = level[j] != level[j + 1] }
            width -= 1
        }
        // Column c (0-based) has l-1-c entries; acss weighs it 1/(l-1-c).
        var total = 0.0
        for c in 0..<(l - 1) { total += Double(columns[c]) / Double(l - 1 - c) }
        return total
    }
}
