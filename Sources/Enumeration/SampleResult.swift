import TuringMachines

/// Per-pattern estimate, counts in units (see `StratifiedSampler`): the estimated `count`
/// (exact part included) and its `exact` part, counted in the enumerated top of the tree; the
/// `variance` of `count / unitsTotal` and its `covariance` with `halting / unitsTotal`, both
/// times `2^VarianceScale.bits` (the standard error of K = log2(class · H) − log2(count) needs
/// the covariance: H is estimated too); the `hits`, sample outputs with this pattern (mirror
/// images included) or, for the Rao-Blackwellised estimator, samples that contributed.
public struct PatternEstimate: Sendable, Equatable {
    public var count: UInt128 = 0, exact: UInt128 = 0, variance: UInt128 = 0
    public var covariance: Int128 = 0
    public var hits: UInt64 = 0

    public init(count: UInt128 = 0, exact: UInt128 = 0, variance: UInt128 = 0, covariance: Int128 = 0, hits: UInt64 = 0) {
        self.count = count
        self.exact = exact
        self.variance = variance
        self.covariance = covariance
        self.hits = hits
    }

    public static func + (a: Self, b: Self) -> Self {
        Self(count: a.count + b.count, exact: a.exact + b.exact, variance: a.variance + b.variance,
             covariance: a.covariance + b.covariance, hits: a.hits + b.hits)
    }

    public static func += (a: inout Self, b: Self) { a = a + b }
}

/// What a sampling run estimated: its figures and the estimate of every pattern seen.
@dynamicMemberLookup
public struct SampleResult: Sendable {
    public var figures: SampleFigures
    public var stratumSamples: [UInt64] = []
    public var patterns: [[UInt8]: PatternEstimate] = [:]
    public var nonHaltingExact: UInt128 = 0
    public var simulatedSteps: UInt64 = 0

    init(figures: SampleFigures) { self.figures = figures }

    public subscript<T>(dynamicMember keyPath: KeyPath<SampleFigures, T>) -> T { figures[keyPath: keyPath] }

    mutating func addExact(pattern: [UInt8], units: UInt128) {
        if let limit = figures.keepLength, pattern.count > limit {
            figures.longerCounts[pattern.count, default: 0] += units
        } else {
            patterns[pattern, default: PatternEstimate()] += PatternEstimate(count: units, exact: units)
        }
    }

    mutating func add(_ walker: SampleWalker) {
        let e = walker.estimates
        for p in 0..<e.count {
            patterns[walker.packing.unpack(UInt128(e.keys[p])), default: PatternEstimate()] += e.values[p]
        }
        for (length, count) in walker.longer.enumerated() where count > 0 {
            figures.longerCounts[length, default: 0] += count
        }
        figures.halting += walker.halting
        figures.haltingVariance += walker.haltingVariance
        figures.haltingAtCap += walker.haltingAtCap
        figures.haltingAfterHalfCap = (figures.haltingAfterHalfCap ?? 0) + walker.haltingAfterHalfCap
        figures.latestHalt = max(figures.latestHalt, walker.latestHalt)
        simulatedSteps += walker.steps
    }
}
