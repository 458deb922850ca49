import Foundation

/// The summaries a results table of a random-generation study reports for one group.
///
/// - `mean` with its 95% confidence interval mean ± t(0.975, n-1)·s/√n;
/// - `median` and the 20% trimmed mean (as R's `mean(x, trim = 0.2)`: drop ⌊0.2·n⌋ values at
///   each end of the sorted sample), robust to the extreme low z of constant responses
///   (docs/formalism.md §6);
/// - a one-sample t test of "this group produces as a uniformly random source does" (mean z = 0),
///   two-sided.
///
/// NaN values are missing and left out. O(n log n) for the sort.
struct SampleSummary: Sendable, Equatable {
    let n: Int
    let mean, standardDeviation: Double
    /// The confidence interval of the mean.
    let meanLow, meanHigh: Double
    let median, trimmedMean: Double
    /// The one-sample t statistic against `reference` and its two-sided p-value.
    let t: Double
    let degreesOfFreedom: Int
    let p: Double

    /// The trimming proportion of `trimmedMean`.
    static let trim = 0.2

    init(_ values: [Double], reference: Double = 0, level: Double = 0.95) {
        var x = values.filter { !$0.isNaN }
        x.sort()
        n = x.count
        guard n > 0 else {
            mean = .nan; standardDeviation = .nan; meanLow = .nan; meanHigh = .nan
            median = .nan; trimmedMean = .nan; t = .nan; degreesOfFreedom = 0; p = .nan
            return
        }
        let m = SampleSummary.mean(x)
        mean = m
        median = SampleSummary.quantile(sorted: x, 0.5)
        let cut = Int((SampleSummary.trim * Double(n)).rounded(.down))
        trimmedMean = SampleSummary.mean(x[cut..<(n - cut)])
        degreesOfFreedom = n - 1
        guard n > 1 else {
            standardDeviation = .nan; meanLow = .nan; meanHigh = .nan; t = .nan; p = .nan
            return
        }
        var squares = 0.0
        for v in x { squares += (v - m) * (v - m) }
        let sd = (squares / Double(n - 1)).squareRoot()
        standardDeviation = sd
        let se = sd / Double(n).squareRoot()
        let q = Distributions.studentTQuantile(0.5 + level / 2, degreesOfFreedom: Double(n - 1))
        meanLow = m - q * se
        meanHigh = m + q * se
        if se > 0 {
            t = (m - reference) / se
            p = Distributions.studentTTwoSidedP(t, degreesOfFreedom: Double(n - 1))
        } else {
            t = m == reference ? .nan : (m > reference ? .infinity : -.infinity)
            p = m == reference ? .nan : 0
        }
    }

    /// Two-pass mean (the second pass corrects the rounding of the first).
    static func mean<C: Collection>(_ x: C) -> Double where C.Element == Double {
        guard !x.isEmpty else { return .nan }
        var sum = 0.0
        for v in x { sum += v }
        let first = sum / Double(x.count)
        var correction = 0.0
        for v in x { correction += v - first }
        return first + correction / Double(x.count)
    }

    /// The 2.5% and 97.5% quantiles (type 7) of a sample with no NaN: the bootstrap's percentile
    /// intervals. Nil below 2 values.
    static func percentileInterval95(_ values: [Double]) -> (low: Double, high: Double)? {
        guard values.count >= 2 else { return nil }
        let sorted = values.sorted()
        return (quantile(sorted: sorted, 0.025), quantile(sorted: sorted, 0.975))
    }

    /// The sample quantile of R's default (type 7): linear interpolation between order
    /// statistics at h = (n-1)·p.
    static func quantile(sorted x: [Double], _ p: Double) -> Double {
        guard !x.isEmpty else { return .nan }
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, x.count - 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }
}

/// The Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3):
/// the set of p whose score test does not reject at the given level,
/// (p̂ + z²/2n ± z·√(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n).
/// Unlike the Wald interval it stays inside [0, 1] and behaves at 0 and n successes, which is
/// where the share of degenerate responses in a small age band often is.
struct WilsonInterval: Sendable, Equatable {
    let successes, trials: Int
    /// successes / trials and its interval.
    let proportion, low, high: Double

    init(successes: Int, trials: Int, level: Double = 0.95) {
        self.successes = successes
        self.trials = trials
        guard trials > 0, successes >= 0, successes <= trials else {
            proportion = .nan; low = .nan; high = .nan
            return
        }
        let n = Double(trials)
        let p = Double(successes) / n
        let z = Distributions.normalQuantile(0.5 + level / 2)
        let z2 = z * z
        let denominator = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        proportion = p
        // At 0 and n successes the interval touches the boundary exactly.
        low = successes == 0 ? 0 : max(0, centre - half)
        high = successes == trials ? 1 : min(1, centre + half)
    }
}
