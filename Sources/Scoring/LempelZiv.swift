/// Lempel-Ziv complexity (Lempel & Ziv 1976, IEEE Trans. Inf. Theory 22:75), computed with
/// Kaspar & Schuster's algorithm (1987, Phys. Rev. A 36:842): a classical comparator of
/// CTM/BDM, reported by `acss score` as `lz76`.
extension Pattern {
    /// The number of components of the exhaustive history of the string: reading left to
    /// right, each new component is the shortest piece that cannot be copied from the text
    /// before it (the copy may overlap the piece itself); the last component counts even when
    /// it could be copied. "0001101001000101" = 0·001·10·100·1000·101: 6 (Lempel & Ziv's
    /// example); "1001111011000010" = 1·0·01·1110·1100·0010: 6 (Kaspar & Schuster's).
    ///
    /// Why the loop is that definition: `l` is where the current component starts, `i` runs
    /// over the starts of candidate copies in the text before it, and `k` is the length
    /// matched from `i`; `kmax` keeps the longest match over all `i`. When no start copies
    /// further, the component is `kmax` symbols long (the longest copy plus its one new
    /// symbol), so the next starts at `l + kmax`. A match that runs to the end of the string
    /// closes the last component. O(n²) in the worst case, O(n) memory-free otherwise.
    /// Only equality of symbols matters, so the pattern gives the same value as the text.
    public var lempelZiv76: Int {
        let s = symbols
        let n = s.count
        guard n > 1 else { return n }
        var i = 0, k = 1, l = 1, c = 1, kmax = 1
        while true {
            if s[i + k - 1] == s[l + k - 1] {
                k += 1
                if l + k > n { c += 1; break }
            } else {
                if k > kmax { kmax = k }
                i += 1
                if i == l {
                    c += 1
                    l += kmax
                    if l + 1 > n { break }
                    i = 0; k = 1; kmax = 1
                } else {
                    k = 1
                }
            }
        }
        return c
    }
}
