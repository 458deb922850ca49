/// Correlation coefficients of paired samples, for the modules that compare two sets of
/// numbers: the table comparison (K of two tables) and the study pipeline (published z
/// against ours). A module of its own because neither of those may depend on the other.
public enum Correlation {
    /// Pearson's r = Σ(x-x̄)(y-ȳ) / √(Σ(x-x̄)²·Σ(y-ȳ)²), two passes (means first). Nil when
    /// the samples differ in size, have fewer than 2 pairs, or either is constant (r is
    /// undefined). O(n).
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2 else { return nil }
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}
