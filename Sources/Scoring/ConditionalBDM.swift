import Foundation

/// Conditional BDM and the BDM estimate of mutual information of two strings (docs/aid.md §3).
///
/// `conditional` is the coarse conditional BDM of Hernández-Orozco, Zenil et al. (2021, Front.
/// Artif. Intell. 3:567356, supplementary; pybdm's open pull request #16): with X and Y the
/// distinct blocks of x and y (told apart by their symbols) and n_x(b), n_y(b) multiplicities,
///   K(x|y) = Σ_{b ∈ X \ Y} [K(b) + log n_x(b)] + Σ_{b ∈ X ∩ Y} f(n_x(b), n_y(b)),
///   f(a, c) = 0 when a = c, log a otherwise:
/// a block y already has is free (its K is known from y), and only a differing count costs
/// the bits to say it. K(x|x) = 0; K(x|y) ≤ BDM(x). It is coarse: it ignores where the
/// blocks are, so any shuffle of x's blocks has the same K(x|y).
///
/// `mutualInformation` is BDM(x) + BDM(y) - BDM(xy), xy the concatenation. Caveats: BDM is
/// not exactly subadditive, so it can be negative; when |x| is not a multiple of the block
/// size the blocks of y in xy are shifted, so it is not symmetric in x and y; it is an
/// estimate of the algorithmic mutual information only up to the same additive constants as
/// BDM itself.
public struct ConditionalBDM: Sendable, Equatable {
    public let conditional: Double
    public let bdmX: Double
    public let bdmY: Double
    /// BDM of the concatenation xy.
    public let bdmJoint: Double
    public var mutualInformation: Double { bdmX + bdmY - bdmJoint }
}

extension ComplexityEstimator {
    /// K(x|y), BDM(x), BDM(y), BDM(xy) with one decomposition (see `ConditionalBDM`). The two
    /// strings share their symbols by text: "HT" and "TH" have the same blocks with the
    /// symbols swapped, not the same blocks.
    public func conditionalBDM(of x: SymbolSequence, given y: SymbolSequence, alphabet: Alphabet,
                               decomposition: BlockDecomposition) throws(ScoringError) -> ConditionalBDM {
        try check(x.pattern, x.text, alphabet)
        try check(y.pattern, y.text, alphabet)
        // y's labels in x's numbering (new symbols after x's).
        var codes: [String: UInt8] = [:]
        for (i, s) in x.symbols.enumerated() { codes[s] = UInt8(i) }
        for s in y.symbols where codes[s] == nil { codes[s] = UInt8(codes.count) }
        let joinedText = x.text + (x.separated || y.separated ? " " : "") + y.text
        guard codes.count <= alphabet.size else {
            throw .moreSymbolsThanAlphabet(joinedText, distinct: codes.count, alphabet: alphabet.size)
        }
        let xs = x.pattern.symbols
        let ys = y.pattern.symbols.map { codes[y.symbols[Int($0)]]! }
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        let bx = try bdm(pattern: x.pattern, text: x.text, alphabet: alphabet, table: table, decomposition: decomposition)
        let by = try bdm(pattern: y.pattern, text: y.text, alphabet: alphabet, table: table, decomposition: decomposition)
        let joint = Pattern(normalizing: xs + ys)!
        let bxy = try bdm(pattern: joint, text: joinedText, alphabet: alphabet, table: table, decomposition: decomposition)

        func counts(_ s: [UInt8]) -> [ArraySlice<UInt8>: Int] {
            var c: [ArraySlice<UInt8>: Int] = [:]
            for r in decomposition.blocks(length: s.count) { c[s[r], default: 0] += 1 }
            return c
        }
        let inY = counts(ys)
        var conditional = 0.0
        // x's blocks in order of first occurrence, so the sum's order is fixed.
        for block in bx.blocks {
            let b = xs[block.firstOccurrence]
            let n = block.multiplicity
            if let ny = inY[b] {
                if ny != n { conditional += decomposition.multiplicityCost(n, alphabet: alphabet.size) }
            } else {
                conditional += block.complexity + decomposition.multiplicityCost(n, alphabet: alphabet.size)
            }
        }
        return ConditionalBDM(conditional: conditional, bdmX: bx.value, bdmY: by.value, bdmJoint: bxy.value)
    }
}
