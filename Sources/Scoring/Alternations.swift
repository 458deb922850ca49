/// Alternations, as ACSS's `alternations`: the number of places where a symbol differs from
/// the one before it (runs - 1). O(length).
extension Pattern {
    public var alternations: Int {
        var count = 0
        var previous = symbols.first
        for s in symbols {
            if s != previous { count += 1 }
            previous = s
        }
        return count
    }

    /// The proportion of the l-1 adjacent pairs that alternate (`proportion = TRUE`); nil for
    /// a single symbol.
    public var alternationRate: Double? {
        symbols.count >= 2 ? Double(alternations) / Double(symbols.count - 1) : nil
    }
}
