import Foundation

/// The reference distributions of the summaries and tests: the standard normal, Student's t,
/// Snedecor's F and the chi-square. Every p value of the study comes from one of these.
///
/// - Normal CDF from `erfc` (C library, accurate to a few ulps in both tails); the quantile by
///   Newton steps on that CDF from a rational first guess, so its accuracy is the CDF's.
/// - Student's t CDF through the regularized incomplete beta function,
///   P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2), evaluated by its continued fraction (modified
///   Lentz). The quantile by safeguarded Newton steps (bisection when a step leaves the
///   bracket).
/// - F upper tail through the same incomplete beta: P(F > f) = I_{ν2/(ν2+ν1 f)}(ν2/2, ν1/2)
///   (Abramowitz & Stegun 26.6.2).
/// - Chi-square upper tail through the regularized upper incomplete gamma Q(k/2, x/2), by its
///   series below a + 1 and its continued fraction above (Numerical Recipes §6.2).
///
/// Each evaluation costs O(100) floating-point operations at most; the summaries call them a
/// few times per table row.
enum Distributions {
    /// Φ(x).
    static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// φ(x).
    static func normalDensity(_ x: Double) -> Double {
        exp(-0.5 * x * x) / (2 * Double.pi).squareRoot()
    }

    /// Φ⁻¹(p) for 0 < p < 1; ±infinity at 0 and 1, NaN outside.
    static func normalQuantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        // Work in the lower tail for accuracy; the upper tail is its mirror.
        if p > 0.5 { return -normalQuantile(1 - p) }
        // First guess: the logistic-like approximation of Abramowitz & Stegun 26.2.23
        // (error below 4.5e-4), then Newton steps on Φ.
        let t = (-2 * log(p)).squareRoot()
        var x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t)
                  / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t))
        for _ in 0..<8 {
            let step = (normalCDF(x) - p) / normalDensity(x)
            x -= step
            if abs(step) < 1e-15 * max(1, abs(x)) { break }
        }
        return x
    }

    /// P(T ≤ t) for Student's t with ν > 0 degrees of freedom.
    static func studentTCDF(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return t > 0 ? 1 : 0 }
        let x = nu / (nu + t * t)
        let tail = 0.5 * regularizedIncompleteBeta(x, a: nu / 2, b: 0.5)
        return t > 0 ? 1 - tail : tail
    }

    /// The t density.
    static func studentTDensity(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let logC = lgamma((nu + 1) / 2) - lgamma(nu / 2) - 0.5 * log(nu * Double.pi)
        return exp(logC - (nu + 1) / 2 * log1p(t * t / nu))
    }

    /// The two-sided p-value of a t statistic: P(|T| ≥ |t|).
    static func studentTTwoSidedP(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        if t.isInfinite { return 0 }
        return regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// The t quantile: the t with P(T ≤ t) = p.
    static func studentTQuantile(_ p: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, p > 0, p < 1 else {
            if nu > 0, p == 0 { return -.infinity }
            if nu > 0, p == 1 { return .infinity }
            return .nan
        }
        if p < 0.5 { return -studentTQuantile(1 - p, degreesOfFreedom: nu) }
        if p == 0.5 { return 0 }
        // Bracket [0, hi] with CDF(hi) > p, then Newton with bisection as the safeguard.
        var lo = 0.0
        var hi = max(1.0, normalQuantile(p))
        while studentTCDF(hi, degreesOfFreedom: nu) < p { lo = hi; hi *= 2 }
        var x = min(max(normalQuantile(p), lo), hi)
        for _ in 0..<200 {
            let f = studentTCDF(x, degreesOfFreedom: nu) - p
            if f > 0 { hi = x } else { lo = x }
            var next = x - f / studentTDensity(x, degreesOfFreedom: nu)
            if !(next > lo && next < hi) { next = (lo + hi) / 2 }
            if abs(next - x) <= 1e-14 * max(1, abs(x)) { return next }
            x = next
        }
        return x
    }

    /// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1.
    ///
    /// The continued fraction converges fast for x < (a+1)/(a+b+2); above that the symmetry
    /// I_x(a,b) = 1 - I_{1-x}(b,a) is used.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        guard a > 0, b > 0, x >= 0, x <= 1 else { return .nan }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * betaContinuedFraction(x, a: a, b: b) / a
        }
        return 1 - exp(logFront) * betaContinuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction 1/(1+ d1/(1+ d2/(1+ ...))) of I_x(a,b), with
    /// d_{2m+1} = -(a+m)(a+b+m)x / ((a+2m)(a+2m+1)) and d_{2m} = m(b-m)x / ((a+2m-1)(a+2m)),
    /// by the modified Lentz algorithm.
    static func betaContinuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        /// One Lentz step with coefficient d_k: updates the two ratios and returns the factor
        /// by which the fraction's value changes.
        func step(_ dk: Double) -> Double {
            d = 1 + dk * d
            if abs(d) < tiny { d = tiny }
            c = 1 + dk / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            return d * c
        }
        for m in 1...10_000 {
            let m = Double(m)
            let m2 = 2 * m
            h *= step(m * (b - m) * x / ((a + m2 - 1) * (a + m2)))
            let delta = step(-(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1)))
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return h
    }

    /// P(F > f) for Snedecor's F with (ν1, ν2) degrees of freedom: the p value of an F test.
    /// F(ν1, ν2) = (χ²_ν1/ν1)/(χ²_ν2/ν2), and ν1F/(ν1F + ν2) is Beta(ν1/2, ν2/2), whence the
    /// incomplete beta form.
    static func fUpperTail(_ f: Double, df1: Double, df2: Double) -> Double {
        guard df1 > 0, df2 > 0, !f.isNaN else { return .nan }
        if f <= 0 { return 1 }
        if f.isInfinite { return 0 }
        return regularizedIncompleteBeta(df2 / (df2 + df1 * f), a: df2 / 2, b: df1 / 2)
    }

    /// P(χ²_k > x): the p value of a Wald or likelihood-ratio test with k degrees of freedom.
    static func chiSquareUpperTail(_ x: Double, degreesOfFreedom k: Double) -> Double {
        guard k > 0, !x.isNaN else { return .nan }
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        return regularizedUpperGamma(k / 2, x / 2)
    }

    /// Q(a, x) = Γ(a, x)/Γ(a), for a > 0, x ≥ 0. Below x = a + 1 the series
    /// P(a, x) = e^-x x^a Σ x^n / Γ(a+n+1) converges fast and Q = 1 - P; above, the continued
    /// fraction of Γ(a, x) by modified Lentz.
    static func regularizedUpperGamma(_ a: Double, _ x: Double) -> Double {
        guard a > 0, x >= 0 else { return .nan }
        if x == 0 { return 1 }
        let logFront = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, ap = a
            for _ in 0..<10_000 {
                ap += 1
                term *= x / ap
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return 1 - sum * exp(logFront)
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return exp(logFront) * h
    }
}
