import Enumeration
import Foundation

/// The distribution of K over all 2^(h·w) binary arrays of one shape: what a uniformly random
/// producer would score (the grid task of the 2017 study: z over the 512 3x3 arrays).
///
/// Exact: every array of the shape is looked up. Arrays the table does not have (for (5,2) at
/// 4x5, 40 of the 2^20) get no value; the statistics are over the covered ones and
/// `coverage` says how many that is. `sampleStandardDeviation` divides by n - 1 (R's `sd()`,
/// the 2017 study's convention for the grid task: mean 17.00777, SD 1.08340 with the exact
/// (5,2) table); `standardDeviation` by n.
public struct GridReference: Sendable {
    /// Shapes up to 2^20 arrays (4x5) are enumerated.
    public static let maxArea = 20

    public let rows: Int
    public let columns: Int
    public let arrays: Int
    public let coveredArrays: Int
    public var coverage: Double { Double(coveredArrays) / Double(arrays) }
    public let mean: Double
    public let standardDeviation: Double
    public let sampleStandardDeviation: Double
    /// Σ D over the covered arrays (the normaliser of likelihood_d).
    public let probabilitySum: Double
    /// K of the covered arrays, ascending.
    let sorted: [Double]

    init(rows: Int, columns: Int, table: GridComplexityTable) {
        self.rows = rows
        self.columns = columns
        let area = rows * columns
        arrays = 1 << area
        var values: [Double] = []
        values.reserveCapacity(arrays)
        for bits in 0..<UInt64(arrays) {
            if let k = table.complexity(of: PackedGrid(rows: rows, columns: columns, bits: bits)) { values.append(k) }
        }
        coveredArrays = values.count
        // Sums in a fixed order (by array), then the spread around the mean.
        let n = Double(values.count)
        let m = values.reduce(0, +) / n
        mean = m
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        standardDeviation = (squares / n).squareRoot()
        sampleStandardDeviation = values.count > 1 ? (squares / (n - 1)).squareRoot() : .nan
        probabilitySum = values.reduce(0) { $0 + exp2(-$1) }
        sorted = values.sorted()
    }

    /// z = (K - mean) / SD, with the n - 1 SD when `sample` (the published convention).
    public func z(_ k: Double, sample: Bool = true) -> Double {
        (k - mean) / (sample ? sampleStandardDeviation : standardDeviation)
    }

    /// Percentage of the covered arrays with K strictly below `k`, plus half of those equal
    /// (the mid-rank percentile).
    public func percentile(_ k: Double) -> Double {
        var lo = 0, hi = sorted.count
        while lo < hi { let mid = (lo + hi) / 2; if sorted[mid] < k { lo = mid + 1 } else { hi = mid } }
        var equalEnd = lo
        while equalEnd < sorted.count && sorted[equalEnd] == k { equalEnd += 1 }
        return 100 * (Double(lo) + Double(equalEnd - lo) / 2) / Double(sorted.count)
    }
}
