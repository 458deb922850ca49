import TuringMachines

/// The figures of a sampling run (`StratifiedSampler`): everything of a sampled table but its
/// patterns, and what the header of its file says. Counts are exact integers in units of
/// `machines / unitsTotal`; variances are those of `count / unitsTotal`, stored in fixed point
/// times `2^varianceScaleBits` so that shards add up exactly. Equality compares every figure
/// but the timing (`RunTiming`'s rule).
public struct SampleFigures: Sendable, Equatable {
    public var space: MachineSpace
    public var stepCap: Int
    /// Tree level of the strata: everything above it was enumerated exactly.
    public var depth: Int
    public var seed: UInt64
    public var samplesRequested: UInt64
    /// Samples drawn (the strata's sizes add up to this; a shard counts its own).
    public var samples: UInt64
    public var strata: Int
    public var unitScale: UInt128
    public var unitsTotal: UInt128
    public var halting: UInt128
    /// The part of `halting` counted exactly in the enumerated top of the tree.
    public var haltingExact: UInt128
    public var haltingVariance: UInt128
    public var haltingAtCap: UInt128
    /// Estimated machines whose halting step lies in (T/2, T]: the tail that tells whether the
    /// cap is large enough (nil in tables written before it was kept).
    public var haltingAfterHalfCap: UInt128?
    public var latestHalt: Int
    public var varianceScaleBits: Int
    /// Set for one shard of a split run (shard i takes every k-th stratum; the exact top
    /// belongs to shard 1).
    public var shard: Shard?
    /// How the samples were drawn (written in the file only when not `plain`).
    public var estimator: StratifiedSampler.Estimator
    /// Patterns up to this length are estimated one by one; a longer output only adds to the
    /// count of its length in `longerCounts` (nil: every pattern is kept, as in tables written
    /// before the limit existed).
    public var keepLength: Int?
    /// Per output length above `keepLength`, the estimated count in units; the patterns'
    /// counts and these add up to `halting`.
    public var longerCounts: [Int: UInt128] = [:]
    public var timing: RunTiming

    public init(space: MachineSpace, stepCap: Int, depth: Int, seed: UInt64, samplesRequested: UInt64,
                samples: UInt64 = 0, strata: Int, unitScale: UInt128, unitsTotal: UInt128, halting: UInt128 = 0,
                haltingExact: UInt128 = 0, haltingVariance: UInt128 = 0, haltingAtCap: UInt128 = 0, haltingAfterHalfCap: UInt128? = nil,
                latestHalt: Int = 0, varianceScaleBits: Int = VarianceScale.bits, shard: Shard? = nil,
                estimator: StratifiedSampler.Estimator = .plain, keepLength: Int? = nil,
                longerCounts: [Int: UInt128] = [:], timing: RunTiming = .zero) {
        self.space = space
        self.stepCap = stepCap
        self.depth = depth
        self.seed = seed
        self.samplesRequested = samplesRequested
        self.samples = samples
        self.strata = strata
        self.unitScale = unitScale
        self.unitsTotal = unitsTotal
        self.halting = halting
        self.haltingExact = haltingExact
        self.haltingVariance = haltingVariance
        self.haltingAtCap = haltingAtCap
        self.haltingAfterHalfCap = haltingAfterHalfCap
        self.latestHalt = latestHalt
        self.varianceScaleBits = varianceScaleBits
        self.shard = shard
        self.estimator = estimator
        self.keepLength = keepLength
        self.longerCounts = longerCounts
        self.timing = timing
    }
}

/// The fixed point of sampled variances and covariances: stored as the value times
/// `2^bits`, so that the per-stratum contributions are integers that add up exactly
/// (shards and threads in any order give the same sums).
public enum VarianceScale {
    public static let bits = 100
    /// `2^bits` as a Double.
    public static let factor = Double(sign: .plus, exponent: bits, significand: 1)

    /// The real value of a stored variance (or covariance) written with `bits` fractional bits.
    public static func value(_ stored: Double, bits: Int = VarianceScale.bits) -> Double {
        stored / Double(sign: .plus, exponent: bits, significand: 1)
    }
}
