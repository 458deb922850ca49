import Foundation

/// The 2017 study's age model: y = b0 + b1·u + b2·u², u = ln(age).
///
/// Peak: where dy/du = 0, u* = -b1/(2·b2), age* = exp(u*) = exp(-b1/(2 b2)); a maximum only
/// when b2 < 0, and a peak of the data only when it falls inside the observed ages.
///
/// Delta-method interval: u* = g(b1, b2) with gradient ∇g = (0, -1/(2b2), b1/(2b2²)), so
/// Var(u*) ≈ ∇gᵀ Cov(b̂) ∇g; the 95% interval u* ± 1.96·SE is computed on the log scale and
/// exponentiated (the peak age is positive and its sampling distribution is skewed on the age
/// scale). The fit uses u centred at the mean log age for conditioning; centring is a linear
/// reparametrisation, under which both the estimate and the delta-method variance are
/// unchanged.
struct QuadraticLogAgeBasis: AgeCurveBasis {
    /// The centring constant (mean ln age of the sample).
    let center: Double

    init(center: Double) { self.center = center }

    var parameterCount: Int { 3 }
    var summary: String { "quadratic in ln(age)" }

    func fill(logAge u: Double, into row: UnsafeMutablePointer<Double>) {
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
        return (exp(u - z * se), exp(u + z * se))
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

enum QuadraticAgeModel {
    /// Fits the quadratic on participants' ages (years, > 0) and outcomes.
    static func fit(ages: [Double], values: [Double]) throws(LeastSquaresError) -> AgeCurveFit {
        let u = ages.map { log($0) }
        let center = SampleSummary.mean(u)
        let basis = QuadraticLogAgeBasis(center: center)
        let fit = try LeastSquaresFit(design: basis.design(logAges: u), response: values)
        let range = u.min()!...u.max()!
        let b = fit.coefficients
        let (uMax, interior) = b.withUnsafeBufferPointer { basis.argmax($0.baseAddress!, in: range) }
        var peak = PeakEstimate(age: exp(uMax), interior: interior, note: nil)
        if !interior {
            peak.note = b[2] >= 0
                ? String(format: "no interior peak: the curve is U-shaped or straight (b2 = %.4g ≥ 0)", b[2])
                : String(format: "no interior peak: the vertex, age %.1f, lies outside the observed ages %.0f-%.0f",
                         exp(basis.vertex(b1: b[1], b2: b[2])), exp(range.lowerBound), exp(range.upperBound))
        } else {
            // Delta method on u* = c - b1/(2 b2) (centred coefficients; c is a constant).
            (peak.deltaLow, peak.deltaHigh) = basis.vertexAgeInterval(b, covariance: fit.covariance)
        }
        return AgeCurveFit(model: .quadratic, basis: basis, fit: fit, logAgeRange: range, peak: peak)
    }
}
