import Foundation

/// The 2017 study's age model: y = b0 + b1·u + b2·u², u = ln(age) (or age, `--age-scale raw`).
///
/// Peak: where dy/du = 0, u* = -b1/(2·b2), age* = exp(u*) = exp(-b1/(2 b2)); a maximum only
/// when b2 < 0, and a peak of the data only when it falls inside the observed ages.
///
/// Delta-method interval: u* = g(b1, b2) with gradient ∇g = (0, -1/(2b2), b1/(2b2²)), so
/// Var(u*) ≈ ∇gᵀ Cov(b̂) ∇g; the 95% interval u* ± 1.96·SE is computed on the scale of u and
/// transformed to years (on the log scale: the peak age is positive and its sampling
/// distribution is skewed on the age scale). The fit uses u centred at its mean for
/// conditioning; centring is a linear reparametrisation, under which the estimate, b2, its SE
/// and the delta-method variance are unchanged.
///
/// The evidence for a peak (`QuadraticEvidence`): a vertex inside the ages is not enough, since
/// a flat or noisy curve has one half the time. A reviewer asks that b2 be significantly
/// negative (t test, two-sided p < 0.05) and the vertex inside the observed ages; the F test
/// of the quadratic against the straight line in u is reported beside it (with one extra
/// column it is t², so they agree).
struct QuadraticAgeBasis: AgeCurveBasis {
    /// The centring constant (mean ln age of the sample).
    let center: Double
    let scale: AgeScale

    init(center: Double, scale: AgeScale = .log) {
        self.center = center
        self.scale = scale
    }

    var parameterCount: Int { 3 }
    var summary: String { "quadratic in \(scale.variable)" }

    func fill(scaledAge u: Double, into row: UnsafeMutablePointer<Double>) {
        let v = u - center
        row[0] = 1
        row[1] = v
        row[2] = v * v
    }

    /// Coefficients of 1, u, u² from those of 1, (u-c), (u-c)².
    func uncentered(_ b: [Double]) -> [Double] {
        let c = center
        return [b[0] - b[1] * c + b[2] * c * c, b[1] - 2 * b[2] * c, b[2]]
    }

    /// The covariance of the uncentred coefficients from that of the centred ones: b = T b_c
    /// with T = [[1, -c, c²], [0, 1, -2c], [0, 0, 1]], so Cov(b) = T Cov(b_c) Tᵀ.
    func uncenteredCovariance(_ v: Matrix) -> Matrix {
        let c = center
        let t: [[Double]] = [[1, -c, c * c], [0, 1, -2 * c], [0, 0, 1]]
        var result = Matrix(rows: 3, columns: 3)
        for i in 0..<3 { for j in 0..<3 {
            var s = 0.0
            for k in 0..<3 { for l in 0..<3 { s += t[i][k] * v[k, l] * t[j][l] } }
            result[i, j] = s
        } }
        return result
    }

    /// Where dy/du = 0, u* = c - b1/(2·b2), from centred coefficients.
    func vertex(b1: Double, b2: Double) -> Double { center - b1 / (2 * b2) }

    /// The delta-method 95% interval of the age at the vertex, exp(u* ± 1.96·SE(u*)), from
    /// centred coefficients `b` and their covariance (least squares or logistic).
    func vertexAgeInterval(_ b: [Double], covariance c: Matrix) -> (low: Double, high: Double) {
        let u = vertex(b1: b[1], b2: b[2])
        let g1 = -1 / (2 * b[2])
        let g2 = b[1] / (2 * b[2] * b[2])
        let variance = g1 * g1 * c[1, 1] + 2 * g1 * g2 * c[1, 2] + g2 * g2 * c[2, 2]
        let se = max(variance, 0).squareRoot()
        let z = Distributions.normalQuantile(0.975)
        return (scale.age(u - z * se), scale.age(u + z * se))
    }

    /// The argmax of the quadratic over [lo, hi] (in u), from centred coefficients: the
    /// vertex when it is a maximum inside, otherwise the higher end.
    func argmax(_ b: UnsafePointer<Double>, in range: ClosedRange<Double>) -> (u: Double, interior: Bool) {
        if b[2] < 0 {
            let vertex = vertex(b1: b[1], b2: b[2])
            if vertex > range.lowerBound && vertex < range.upperBound { return (vertex, true) }
        }
        func value(_ u: Double) -> Double { let v = u - center; return b[0] + b[1] * v + b[2] * v * v }
        return value(range.upperBound) >= value(range.lowerBound) ? (range.upperBound, false) : (range.lowerBound, false)
    }
}

/// Whether the quadratic shows an interior peak, with the tests behind the answer.
public struct QuadraticEvidence: Sendable {
    /// b2 (the curvature; the same centred or not) with its SE, t and two-sided p.
    let b2: CoefficientTest
    /// The quadratic against the straight line in u.
    let versusLinear: NestedFTest
    /// The quadratic against the constant: does the outcome change with age at all (F on 2 df)?
    let ageEffect: NestedFTest
    /// b2 < 0 with p < `level` and the vertex inside the observed ages.
    public let interiorPeak: Bool
    /// The vertex in years (NaN when b2 = 0).
    let vertexAge: Double
    static let level = 0.05

    /// "interior peak (b2 = -0.41, SE 0.05, p < 0.001)" or "no evidence of an interior peak
    /// (b2 = -0.012, SE 0.02, p = 0.54; vertex 38.4 y)".
    public var statement: String {
        let tests = "b2 = \(NumberText.significant(b2.estimate)), SE \(NumberText.significant(b2.standardError)), t = \(NumberText.significant(b2.statistic)), \(NumberText.pClause(b2.p)); F(\(versusLinear.df1), \(versusLinear.df2)) vs linear = \(NumberText.significant(versusLinear.f))"
        if interiorPeak { return "interior peak (\(tests))" }
        let why: String
        if !(b2.estimate < 0) { why = "b2 ≥ 0: U-shaped or straight" }
        else if !(b2.p < QuadraticEvidence.level) { why = "b2 not significantly negative at \(QuadraticEvidence.level)" + (vertexAge.isFinite ? "; vertex \(NumberText.fixed(vertexAge, 1)) y" : "") }
        else { why = "the vertex, \(NumberText.fixed(vertexAge, 1)) y, lies outside the observed ages" }
        return "no evidence of an interior peak (\(why); \(tests))"
    }
}

enum QuadraticAgeModel {
    /// Fits the quadratic on participants' ages (years, > 0) and outcomes.
    static func fit(ages: [Double], values: [Double], scale: AgeScale = .log) throws(LeastSquaresError) -> AgeCurveFit {
        let u = ages.map(scale.scaled)
        let center = SampleSummary.mean(u)
        let basis = QuadraticAgeBasis(center: center, scale: scale)
        let design = basis.design(scaledAges: u)
        let fit = try LeastSquaresFit(design: design, response: values)
        // The straight line in u: the first two columns of the same design.
        let linear = try LeastSquaresFit(design: Matrix(rows: design.rows, columns: 2) { [design[$0, 0], design[$0, 1]] }, response: values)
        let constant = try LeastSquaresFit(design: Matrix(rows: design.rows, columns: 1) { _ in [1] }, response: values)
        let range = u.min()!...u.max()!
        let b = fit.coefficients
        let (uMax, interior) = b.withUnsafeBufferPointer { basis.argmax($0.baseAddress!, in: range) }
        var peak = PeakEstimate(age: scale.age(uMax), interior: interior, note: nil)
        if !interior {
            peak.note = b[2] >= 0
                ? String(format: "no interior peak: the curve is U-shaped or straight (b2 = %.4g ≥ 0)", b[2])
                : String(format: "no interior peak: the vertex, age %.1f, lies outside the observed ages %.0f-%.0f",
                         scale.age(basis.vertex(b1: b[1], b2: b[2])), scale.age(range.lowerBound), scale.age(range.upperBound))
        } else {
            // Delta method on u* = c - b1/(2 b2) (centred coefficients; c is a constant).
            (peak.deltaLow, peak.deltaHigh) = basis.vertexAgeInterval(b, covariance: fit.covariance)
        }
        var result = AgeCurveFit(model: .quadratic, basis: basis, fit: fit, scaledAgeRange: range, peak: peak)
        let b2 = fit.coefficientTest(2)
        result.evidence = QuadraticEvidence(b2: b2, versusLinear: NestedFTest(reduced: linear, full: fit),
                                            ageEffect: NestedFTest(reduced: constant, full: fit),
                                            interiorPeak: interior && b2.estimate < 0 && b2.p < QuadraticEvidence.level,
                                            vertexAge: b[2] != 0 ? scale.age(basis.vertex(b1: b[1], b2: b[2])) : .nan)
        return result
    }
}
