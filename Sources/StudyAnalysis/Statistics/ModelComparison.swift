import Foundation

/// A coefficient's test: estimate, standard error, statistic = estimate / SE and its two-sided
/// p value, from Student's t with the residual df (least squares) or the standard normal
/// (`degreesOfFreedom` infinite: the Wald z of a maximum-likelihood or sandwich estimate).
struct CoefficientTest: Sendable, Equatable {
    let estimate, standardError, statistic: Double
    let degreesOfFreedom: Double
    let p: Double

    init(estimate: Double, standardError: Double, degreesOfFreedom: Double) {
        self.estimate = estimate
        self.standardError = standardError
        self.degreesOfFreedom = degreesOfFreedom
        statistic = standardError > 0 ? estimate / standardError : .nan
        p = degreesOfFreedom.isInfinite
            ? (statistic.isNaN ? .nan : 2 * Distributions.normalCDF(-abs(statistic)))
            : Distributions.studentTTwoSidedP(statistic, degreesOfFreedom: degreesOfFreedom)
    }
}

extension LeastSquaresFit {
    /// The small-sample corrected AIC (Hurvich & Tsai 1989): AIC + 2k(k+1)/(n-k-1), k = p + 1
    /// parameters (the coefficients and σ, as `aic` counts them). The correction is the exact
    /// bias of AIC as an estimate of the expected Kullback-Leibler discrepancy for a Gaussian
    /// linear model; without it AIC picks too many spline df when n is a few dozen. Infinite
    /// (never chosen) when n - k - 1 ≤ 0.
    var aicc: Double {
        let k = Double(parameters + 1), n = Double(observations)
        guard n - k - 1 > 0 else { return .infinity }
        return aic + 2 * k * (k + 1) / (n - k - 1)
    }

    /// The t test of coefficient j = 0: SE from σ̂²(X'X)⁻¹ⱼⱼ, df n - p. Exact under Gaussian
    /// errors; under others it is the usual large-sample approximation.
    func coefficientTest(_ j: Int) -> CoefficientTest {
        CoefficientTest(estimate: coefficients[j], standardError: standardErrors[j],
                        degreesOfFreedom: Double(observations - parameters))
    }
}

/// The F test of a least-squares model against a reduced model nested in it (the reduced
/// model's columns span a subspace of the full model's, on the same observations):
/// F = ((RSS_r - RSS_f)/(p_f - p_r)) / (RSS_f/(n - p_f)), on (p_f - p_r, n - p_f) df.
/// Under Gaussian errors and the reduced model, the numerator and denominator are independent
/// scaled chi-squares (Cochran's theorem), so F has Snedecor's distribution exactly. With one
/// extra column it is the square of that coefficient's t.
struct NestedFTest: Sendable, Equatable {
    let f: Double
    let df1, df2: Int
    let p: Double

    init(reduced: LeastSquaresFit, full: LeastSquaresFit) {
        precondition(reduced.observations == full.observations, "nested models are fitted on the same observations")
        df1 = full.parameters - reduced.parameters
        df2 = full.observations - full.parameters
        guard df1 > 0, df2 > 0 else { f = .nan; p = .nan; return }
        let numerator = max(reduced.residualSumOfSquares - full.residualSumOfSquares, 0) / Double(df1)
        let denominator = full.residualSumOfSquares / Double(df2)
        f = denominator > 0 ? numerator / denominator : (numerator > 0 ? .infinity : .nan)
        p = Distributions.fUpperTail(f, df1: Double(df1), df2: Double(df2))
    }

    /// One-way analysis of variance of `values` across `groups` (labels; at least two groups
    /// with at least one value, and more values than groups): the F test of the model with one
    /// mean per group against the common mean. The usual between/within sums of squares are the
    /// two models' RSS difference and the full RSS, so it needs no routine of its own. Nil when
    /// the test is undefined.
    static func oneWayAnova(values: [Double], groups: [String]) -> NestedFTest? {
        let levels = Array(Set(groups)).sorted()
        guard levels.count >= 2, values.count > levels.count else { return nil }
        let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        let g = levels.count
        let full = Matrix(rows: values.count, columns: g) { i in
            var row = [Double](repeating: 0, count: g)
            row[0] = 1
            let level = index[groups[i]]!
            if level > 0 { row[level] = 1 }
            return row
        }
        let reduced = Matrix(rows: values.count, columns: 1, values: [Double](repeating: 1, count: values.count))
        guard let f = try? LeastSquaresFit(design: full, response: values),
              let r = try? LeastSquaresFit(design: reduced, response: values) else { return nil }
        return NestedFTest(reduced: r, full: f)
    }
}
