import Foundation

/// The natural cubic spline basis with knots ξ1 < ... < ξK (Hastie, Tibshirani & Friedman,
/// The Elements of Statistical Learning, eq. 5.4-5.5): N1 = 1, N2 = x,
/// N(k+2) = d_k - d_(K-1) for k = 1...K-2, where d_k(x) = [(x-ξk)₊³ - (x-ξK)₊³] / (ξK - ξk).
///
/// The functions are cubic between knots, twice continuously differentiable, and linear
/// beyond the boundary knots ξ1 and ξK (the cubic terms of d_k and d_(K-1) cancel there):
/// a natural spline. K knots give K functions, intercept included, so "df" (R's
/// `splines::ns(x, df)` counts columns without the intercept) is K - 1. The space is the one R's
/// `lm(y ~ ns(x, df))` fits when the knots are the same, so fitted values agree with R.
///
/// x is u (ln(age), or age with `--age-scale raw`) rescaled to [0, 1] over the boundary knots, which keeps the cubes of order 1
/// and the design well conditioned.
struct NaturalSplineBasis: AgeCurveBasis {
    /// Knots in u, boundary knots included, strictly increasing.
    let knots: [Double]
    let scale: AgeScale
    private let scaled: [Double]
    private let origin: Double
    private let width: Double

    init?(knots: [Double], scale: AgeScale = .log) {
        guard knots.count >= 2 else { return nil }
        self.scale = scale
        for i in 1..<knots.count where !(knots[i] > knots[i - 1]) { return nil }
        self.knots = knots
        origin = knots.first!
        width = knots.last! - knots.first!
        scaled = knots.map { ($0 - knots.first!) / (knots.last! - knots.first!) }
    }

    /// The knots R's `ns(x, df)` places: the boundary knots at the extremes of x and df - 1
    /// interior knots at the quantiles j/df (j = 1...df-1, type 7) of x. Nil when the
    /// quantiles are not distinct (many tied ages) or fall on a boundary.
    static func quantileKnots(sortedScaledAges x: [Double], degreesOfFreedom df: Int) -> [Double]? {
        guard df >= 1, let first = x.first, let last = x.last, last > first else { return nil }
        var knots = [first]
        for j in 1..<max(df, 1) {
            knots.append(SampleSummary.quantile(sorted: x, Double(j) / Double(df)))
        }
        knots.append(last)
        for i in 1..<knots.count where !(knots[i] > knots[i - 1]) { return nil }
        return knots
    }

    var parameterCount: Int { knots.count }
    var degreesOfFreedom: Int { knots.count - 1 }
    var summary: String { "natural cubic spline in \(scale.variable), df \(degreesOfFreedom)" }

    func fill(scaledAge u: Double, into row: UnsafeMutablePointer<Double>) {
        let x = (u - origin) / width
        let k = scaled.count
        row[0] = 1
        row[1] = x
        guard k > 2 else { return }
        let last = scaled[k - 1]
        @inline(__always) func cube(_ v: Double) -> Double { v > 0 ? v * v * v : 0 }
        let tail = cube(x - last)
        // d_(K-1), the function every other d_k is taken relative to.
        let dLast = (cube(x - scaled[k - 2]) - tail) / (last - scaled[k - 2])
        for j in 0..<(k - 2) {
            row[j + 2] = (cube(x - scaled[j]) - tail) / (last - scaled[j]) - dLast
        }
    }
}

enum NaturalSplineModel {
    /// The fewest participants per spline df when the df is chosen by AICc.
    static let participantsPerDegreeOfFreedom = 10

    /// The largest df AICc may choose for n participants: at most `maxDegreesOfFreedom`, at
    /// most ⌊n/10⌋ (at least 10 participants per df; never below 1), and with n - k - 1 > 0
    /// for the k = df + 2 parameters (df + 1 coefficients and σ), where AICc is defined.
    /// AICc's correction alone still lets a few dozen noisy points pick df 8 or 9 now and then,
    /// whose curve has bumps the data cannot support (a 59-person study "peaking" at 38); ten
    /// participants per df is the usual rule of thumb for regression (Harrell, Regression
    /// Modeling Strategies, §4.4, asks for 10-20 per parameter).
    static func degreesOfFreedomCap(participants n: Int, maxDegreesOfFreedom: Int) -> Int {
        let byRatio = max(1, n / participantsPerDegreeOfFreedom)
        let byAICc = n - 4  // n - (df + 2) - 1 > 0
        return max(1, min(maxDegreesOfFreedom, byRatio, byAICc))
    }

    /// Fits natural splines and keeps one. With `degreesOfFreedom` nil ("auto"), df = 1...the
    /// cap (`degreesOfFreedomCap`) are tried (df 1 is a straight line in u) and the smallest
    /// AICc wins; with a number, that df is fitted (it must leave n - k - 1 > 0). The peak is
    /// the argmax over a grid of 401 points in u spanning the observed ages, refined by a
    /// parabola.
    static func fit(ages: [Double], values: [Double], maxDegreesOfFreedom: Int, degreesOfFreedom fixed: Int? = nil,
                    scale: AgeScale = .log) throws(LeastSquaresError) -> AgeCurveFit {
        let u = ages.map(scale.scaled)
        let sorted = u.sorted()
        let range = sorted.first!...sorted.last!
        var best: (fit: LeastSquaresFit, basis: NaturalSplineBasis)?
        var aics: [(df: Int, aic: Double?, aicc: Double?)] = []
        var firstError: LeastSquaresError?
        let cap = degreesOfFreedomCap(participants: u.count, maxDegreesOfFreedom: maxDegreesOfFreedom)
        let tried: ClosedRange<Int>
        if let fixed {
            guard u.count - (fixed + 2) - 1 > 0 else {
                throw .tooFewObservations(observations: u.count, parameters: fixed + 1)
            }
            tried = fixed...fixed
        } else {
            tried = 1...cap
        }
        for df in 1...max(maxDegreesOfFreedom, tried.upperBound) {
            guard tried.contains(df),
                  let knots = NaturalSplineBasis.quantileKnots(sortedScaledAges: sorted, degreesOfFreedom: df),
                  let basis = NaturalSplineBasis(knots: knots, scale: scale), basis.parameterCount <= u.count else {
                aics.append((df, nil, nil))
                continue
            }
            do {
                let fit = try LeastSquaresFit(design: basis.design(scaledAges: u), response: values)
                aics.append((df, fit.aic, fit.aicc))
                if best == nil || fit.aicc < best!.fit.aicc { best = (fit, basis) }
            } catch {
                firstError = firstError ?? error
                aics.append((df, nil, nil))
            }
        }
        guard let best else { throw firstError ?? .tooFewObservations(observations: u.count, parameters: 2) }
        let peak = peakOnGrid(best.basis, coefficients: best.fit.coefficients, range: range)
        var result = AgeCurveFit(model: .spline, basis: best.basis, fit: best.fit, scaledAgeRange: range, peak: peak)
        result.aicByDegreesOfFreedom = aics
        result.degreesOfFreedomRule = fixed != nil ? "df \(fixed!) (--spline-df)"
            : "df by AICc among 1...\(cap) (at most --spline-max-df \(maxDegreesOfFreedom) and n/\(participantsPerDegreeOfFreedom) = \(u.count / participantsPerDegreeOfFreedom))"
        return result
    }

    static let peakGridPoints = 401

    static func peakOnGrid(_ basis: any AgeCurveBasis, coefficients: [Double], range: ClosedRange<Double>) -> PeakEstimate {
        let grid = AgeCurveFit.scaledAgeGrid(range, points: peakGridPoints)
        let values = grid.map { u in zip(basis.row(scaledAge: u), coefficients).reduce(0) { $0 + $1.0 * $1.1 } }
        let step = (range.upperBound - range.lowerBound) / Double(peakGridPoints - 1)
        let (uMax, interior) = values.withUnsafeBufferPointer {
            AgeCurveFit.gridArgmax($0, grid: { grid[$0] }, step: step)
        }
        let age = basis.scale.age(uMax)
        var peak = PeakEstimate(age: age, interior: interior, note: nil)
        if !interior {
            peak.note = String(format: "no interior peak: the curve is highest at the %@ end of the ages (%.0f)",
                               uMax == range.lowerBound ? "youngest" : "oldest", age)
        }
        return peak
    }
}
