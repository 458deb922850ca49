import Foundation

/// The distribution of K over all m^L strings of length L: what a uniformly random producer
/// (a fair coin, a fair die) would score. The cognitive-study literature standardizes a
/// response as z = (K - mean)/SD against it (docs/formalism.md §6).
///
/// Computed exactly, not by sampling: every string of a pattern p has the same K, and p
/// stands for count_class(p, m) = m!/(m-k)! strings, so the mean is
/// Σ_p count_class(p, m)·K(p) / m^L over the table's patterns of length L with at most m
/// distinct symbols, and likewise the variance. Sums run in a fixed order (by pattern key).
///
/// Strings the table does not contain (for D(5) at length 12, the pattern 000110100111 and
/// its complement: 2 of 4,096 strings) have no CTM value; the statistics are over the strings
/// the table covers, and `coveredStrings` says how many that is. This reproduces the study's
/// coin mean (docs/formalism.md §6: 32.50209); its SD 1.5608 is a slightly different statistic, see
/// `patternSampleStandardDeviation`. Beyond the table's lengths there is
/// no exact reference (BDM values of long strings are not a CTM distribution), and asking for
/// one is an error.
public struct UniformReference: Sendable {
    public let length: Int
    public let alphabet: Int
    /// m^L.
    public let strings: Double
    /// How many of the m^L strings the table scores.
    public let coveredStrings: Double
    /// The share of the m^L strings the table scores. Below 1 the mean and SD are those of
    /// the covered strings only, and the uncovered (rare, random-looking) strings get no
    /// CTM value: z is on a truncated scale. (4,m) tables sampled to length 12 cover as little
    /// as 0.15% at lengths 11-12.
    public var coverage: Double { coveredStrings / strings }

    /// The coverage below which z and percentile are not shown (`ScoreOptions.minimumCoverage`)
    /// and a study task stays out of the composite (`StudyOptions.minimumCoverage`).
    public static let minimumCoverage = 0.99
    public let mean: Double
    /// Population standard deviation (over all covered strings, divided by their number).
    public let standardDeviation: Double
    /// The sample standard deviation (n - 1) of K over the table's distinct patterns of this
    /// length, unweighted: R's `sd()` over the rows of the ACSS table. The cognitive study's
    /// published coin constant (docs/formalism.md §6: 1.5608) is this figure (1.56079 for D(5) at
    /// length 12); the exact SD over all strings is 1.56041. For binary strings every pattern
    /// stands for 2 strings, so the means agree exactly and only the divisor differs. Kept for
    /// parity; z-scores use `standardDeviation`.
    public let patternSampleStandardDeviation: Double
    /// Number of the table's patterns of this length (with at most m distinct symbols).
    public let patterns: Int
    /// K values ascending, with the number of strings at each.
    let distribution: [(complexity: Double, strings: Double)]
    /// Prefix sums of `distribution`'s weights, for percentiles by binary search.
    let cumulative: [Double]

    init(length: Int, alphabet: Int, entries: [PatternEntry]) {
        self.length = length
        self.alphabet = alphabet
        strings = pow(Double(alphabet), Double(length))
        var weighted: [(complexity: Double, strings: Double)] = []
        for e in entries where e.distinct <= alphabet {
            weighted.append((e.complexity, Double(Pattern.countClass(distinct: e.distinct, alphabet: alphabet)!)))
        }
        var covered = 0.0
        var sum = 0.0
        for w in weighted { covered += w.strings; sum += w.strings * w.complexity }
        let mean = covered > 0 ? sum / covered : .nan
        var squares = 0.0
        for w in weighted { squares += w.strings * (w.complexity - mean) * (w.complexity - mean) }
        coveredStrings = covered
        patterns = weighted.count
        var patternMean = 0.0
        for w in weighted { patternMean += w.complexity }
        patternMean /= Double(weighted.count)
        var patternSquares = 0.0
        for w in weighted { patternSquares += (w.complexity - patternMean) * (w.complexity - patternMean) }
        patternSampleStandardDeviation = weighted.count > 1 ? (patternSquares / Double(weighted.count - 1)).squareRoot() : .nan
        self.mean = mean
        standardDeviation = covered > 0 ? (squares / covered).squareRoot() : .nan
        // Equal K values come from equal counts, which give bit-identical doubles.
        weighted.sort { $0.complexity < $1.complexity }
        var merged: [(complexity: Double, strings: Double)] = []
        for w in weighted {
            if let last = merged.last, last.complexity == w.complexity {
                merged[merged.count - 1].strings += w.strings
            } else {
                merged.append(w)
            }
        }
        distribution = merged
        var running = 0.0
        cumulative = merged.map { running += $0.strings; return running }
    }

    /// (K - mean) / SD; nil when every string of this length has the same K (binary lengths
    /// 1 and 2: K(0) = K(1), and K(00) = K(01) because c0(00) + c0(11) = c0(01) + c0(10)),
    /// where no string is more or less typical than another.
    public func zScore(_ complexity: Double) -> Double? {
        standardDeviation > 0 ? (complexity - mean) / standardDeviation : nil
    }

    /// The percentage of random strings of this length that are simpler (lower K), counting
    /// strings with exactly the same K as half simpler (the mid-rank): 50 is the median
    /// random string, a constant string is near 0.
    public func percentile(_ complexity: Double) -> Double {
        // First index with K >= complexity.
        var low = 0, high = distribution.count
        while low < high {
            let mid = (low + high) / 2
            if distribution[mid].complexity < complexity { low = mid + 1 } else { high = mid }
        }
        let below = low > 0 ? cumulative[low - 1] : 0
        let tied = low < distribution.count && distribution[low].complexity == complexity
            ? distribution[low].strings : 0
        return 100 * (below + tied / 2) / coveredStrings
    }
}
