/// The change of BDM when one occurrence of a block becomes another block (the other blocks
/// unchanged), from the two multiplicities alone: BDM sums, over distinct blocks, K(b) +
/// cost(n_b). The old block's term goes from cost(n) to cost(n - 1), or vanishes with its K when
/// it was the only occurrence (n = 1); the new block's goes from cost(m) to cost(m + 1), or
/// appears with its K when it was absent (m = 0). The one formula of the one-block fast paths of
/// `SequencePerturbation` (cost of the flavour) and `GridPerturbation` (log2).
enum BlockReplacement {
    /// `oldK` is needed only when n = 1 and `newK` only when m = 0; nil there (a block the table
    /// lacks) gives nil.
    static func delta(leaving n: Int, oldK: Double?, joining m: Int, newK: Double?, cost: (Int) -> Double) -> Double? {
        var delta: Double
        if n == 1 {
            guard let oldK else { return nil }
            delta = -oldK
        } else {
            delta = cost(n - 1) - cost(n)
        }
        if m == 0 {
            guard let newK else { return nil }
            delta += newK
        } else {
            delta += cost(m + 1) - cost(m)
        }
        return delta
    }
}
