import Foundation
import XCTest
@testable import StudyAnalysis

/// The statistics the pipeline reports, against published or closed-form values. Values
/// marked "R" were computed with R 4.2 (`qt`, `t.test`, `lm`, `splines::ns`, `glm`) on the data
/// written here; they are independent of this code.
final class StatisticsTests: XCTestCase {
    // MARK: Distributions

    func testNormalQuantilesAgainstTables() {
        XCTAssertEqual(Distributions.normalQuantile(0.975), 1.959963984540054, accuracy: 1e-12)
        XCTAssertEqual(Distributions.normalQuantile(0.995), 2.5758293035489, accuracy: 1e-12)
        XCTAssertEqual(Distributions.normalQuantile(0.025), -1.959963984540054, accuracy: 1e-12)
        XCTAssertEqual(Distributions.normalQuantile(1e-10), -6.36134090240406, accuracy: 1e-9)  // R qnorm
        XCTAssertEqual(Distributions.normalCDF(1.959963984540054), 0.975, accuracy: 1e-14)
        XCTAssertEqual(Distributions.normalQuantile(0.5), 0, accuracy: 1e-15)
    }

    func testStudentTQuantilesAgainstTables() {
        // Two-sided 95% critical values of any t table; more digits from R's qt.
        let expected: [(Double, Double)] = [(1, 12.7062047361747), (2, 4.30265272974946), (10, 2.22813885198627),
                                            (30, 2.04227245630124), (100, 1.98397151852355)]
        for (df, t) in expected {
            XCTAssertEqual(Distributions.studentTQuantile(0.975, degreesOfFreedom: df), t, accuracy: 1e-9, "df \(df)")
            XCTAssertEqual(Distributions.studentTQuantile(0.025, degreesOfFreedom: df), -t, accuracy: 1e-9, "df \(df)")
        }
        // R: pt(c(1.3257, -2.5, 0.3), c(9, 4, 1)).
        XCTAssertEqual(Distributions.studentTCDF(1.3257, degreesOfFreedom: 9), 0.89119949710707, accuracy: 1e-12)
        XCTAssertEqual(Distributions.studentTCDF(-2.5, degreesOfFreedom: 4), 0.0333832724059941, accuracy: 1e-12)
        // df 1 is the Cauchy distribution: 1/2 + atan(t)/π.
        XCTAssertEqual(Distributions.studentTCDF(0.3, degreesOfFreedom: 1), 0.5 + atan(0.3) / Double.pi, accuracy: 1e-14)
    }

    func testIncompleteBetaClosedForms() {
        // I_x(1, b) = 1 - (1-x)^b and I_x(a, 1) = x^a.
        XCTAssertEqual(Distributions.regularizedIncompleteBeta(0.3, a: 1, b: 4), 1 - pow(0.7, 4), accuracy: 1e-14)
        XCTAssertEqual(Distributions.regularizedIncompleteBeta(0.8, a: 3.5, b: 1), pow(0.8, 3.5), accuracy: 1e-14)
        // Symmetry I_x(a,b) = 1 - I_(1-x)(b,a).
        let v = Distributions.regularizedIncompleteBeta(0.37, a: 2.5, b: 7)
        XCTAssertEqual(v, 1 - Distributions.regularizedIncompleteBeta(0.63, a: 7, b: 2.5), accuracy: 1e-14)
    }

    // MARK: Summaries

    func testOneSampleTTestOnStudentsSleepData() {
        // Student (1908) / R's `sleep`, group 1: t.test gives t = 1.3257, df = 9, p = 0.2176,
        // 95% CI -0.5298 to 2.0298 (R: more digits below).
        let extra = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
        let s = SampleSummary(extra)
        XCTAssertEqual(s.n, 10)
        XCTAssertEqual(s.mean, 0.75, accuracy: 1e-14)
        XCTAssertEqual(s.t, 1.32571014071382, accuracy: 1e-12)
        XCTAssertEqual(s.degreesOfFreedom, 9)
        XCTAssertEqual(s.p, 0.217597780068449, accuracy: 1e-12)
        XCTAssertEqual(s.meanLow, -0.529780413526232, accuracy: 1e-12)
        XCTAssertEqual(s.meanHigh, 2.02978041352623, accuracy: 1e-12)
        XCTAssertEqual(s.median, 0.35, accuracy: 1e-15)
    }

    func testTrimmedMeanAndMedianAreRobust() {
        // n = 12, trim 0.2: drop ⌊2.4⌋ = 2 at each end of the sorted sample
        // (-50, 1 | 2 3 3.5 4 5 6 7 8 | 9 100): mean of the middle eight = 38.5/8 = 4.8125
        // (R: mean(x, trim = 0.2) = 4.8125; median 4.5).
        let x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100, -50, 3.5]
        let s = SampleSummary(x)
        XCTAssertEqual(s.trimmedMean, 4.8125, accuracy: 1e-14)
        XCTAssertEqual(s.median, 4.5, accuracy: 1e-14)
        // NaN are missing, not numbers.
        XCTAssertEqual(SampleSummary(x + [.nan]).n, 12)
    }

    func testWilsonIntervalAgainstNewcombe1998() {
        // Newcombe (1998), Statistics in Medicine 17:857, Table I, method 3 (score interval):
        // 81/263 -> 0.2553-0.3662; 15/148 -> 0.0624-0.1605; 0/20 -> 0-0.1611; 1/29 -> 0.0061-0.1718.
        let cases: [(Int, Int, Double, Double)] = [(81, 263, 0.2553, 0.3662), (15, 148, 0.0624, 0.1605),
                                                   (0, 20, 0.0, 0.1611), (1, 29, 0.0061, 0.1718)]
        for (x, n, lo, hi) in cases {
            let w = WilsonInterval(successes: x, trials: n)
            XCTAssertEqual(w.low, lo, accuracy: 5e-5, "\(x)/\(n)")
            XCTAssertEqual(w.high, hi, accuracy: 5e-5, "\(x)/\(n)")
        }
        XCTAssertEqual(WilsonInterval(successes: 20, trials: 20).high, 1)
        XCTAssertTrue(WilsonInterval(successes: 0, trials: 0).low.isNaN)
    }

    // MARK: Least squares

    func testAnscombesFirstDataSet() {
        // Anscombe (1973): every set has y = 3.00 + 0.500 x, R² = 0.667, residual SE 1.237.
        // More digits, the standard errors and AIC from R's lm.
        let x: [Double] = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
        let y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]
        let fit = try! LeastSquaresFit(design: Matrix(rows: 11, columns: 2) { [1, x[$0]] }, response: y)
        XCTAssertEqual(fit.coefficients[0], 3.00009090909091, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1], 0.500090909090909, accuracy: 1e-12)
        XCTAssertEqual(fit.rSquared, 0.666542459508775, accuracy: 1e-12)
        XCTAssertEqual(fit.residualVariance.squareRoot(), 1.23660332272632, accuracy: 1e-12)
        XCTAssertEqual(fit.aic, 39.6813741131529, accuracy: 1e-10)
        XCTAssertEqual(fit.standardErrors[0], 1.12474679080864, accuracy: 1e-11)
        XCTAssertEqual(fit.standardErrors[1], 0.117905500595634, accuracy: 1e-12)
    }

    func testClosedFormSimpleRegression() {
        // slope = Sxy/Sxx, intercept = ȳ - slope·x̄, for data computed by hand.
        let x: [Double] = [1, 2, 3, 4]
        let y: [Double] = [2, 3, 5, 6]       // x̄ 2.5, ȳ 4, Sxy 7, Sxx 5
        let fit = try! LeastSquaresFit(design: Matrix(rows: 4, columns: 2) { [1, x[$0]] }, response: y)
        XCTAssertEqual(fit.coefficients[1], 1.4, accuracy: 1e-14)
        XCTAssertEqual(fit.coefficients[0], 0.5, accuracy: 1e-14)
        // Residuals 0.1, -0.3, 0.3, -0.1: RSS 0.2.
        XCTAssertEqual(fit.residualSumOfSquares, 0.2, accuracy: 1e-14)
    }

    func testExactPolynomialIsRecoveredAndWeightsActAsReplication() {
        let x = (0..<9).map { Double($0) / 2 }
        let y = x.map { 1 + 2 * $0 - 3 * $0 * $0 }
        let design = Matrix(rows: 9, columns: 3) { [1, x[$0], x[$0] * x[$0]] }
        let fit = try! LeastSquaresFit(design: design, response: y)
        XCTAssertEqual(fit.coefficients[0], 1, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[1], 2, accuracy: 1e-12)
        XCTAssertEqual(fit.coefficients[2], -3, accuracy: 1e-12)
        XCTAssertEqual(fit.residualSumOfSquares, 0, accuracy: 1e-20)
        // A weight of 2 is the row given twice.
        let noisy = zip(y, [0.3, -0.2, 0.1, 0, 0.4, -0.1, 0.2, -0.3, 0.1]).map { $0 + $1 }
        var w = [Double](repeating: 1, count: 9)
        w[3] = 2
        let weighted = try! LeastSquaresFit(design: design, response: noisy, weights: w)
        let doubled = try! LeastSquaresFit(design: Matrix(rows: 10, columns: 3) { i in
            let j = i < 9 ? i : 3
            return [1, x[j], x[j] * x[j]]
        }, response: noisy + [noisy[3]])
        for j in 0..<3 { XCTAssertEqual(weighted.coefficients[j], doubled.coefficients[j], accuracy: 1e-12) }
    }

    func testRankDeficientDesignIsAnError() {
        let design = Matrix(rows: 4, columns: 3) { i in [1, Double(i), 2 * Double(i) + 1] }
        XCTAssertThrowsError(try LeastSquaresFit(design: design, response: [1, 2, 3, 5])) { error in
            XCTAssertEqual(error as? LeastSquaresError, .rankDeficient(column: 2))
        }
    }

    func testCholeskySolveMatchesHandSolution() {
        // [4 2; 2 3] x = [2; 1] -> x = [0.5, 0].
        var a: [Double] = [4, 2, 2, 3]
        var b: [Double] = [2, 1]
        let ok = a.withUnsafeMutableBufferPointer { pa in b.withUnsafeMutableBufferPointer { pb in choleskySolve(pa.baseAddress!, pb.baseAddress!, 2) } }
        XCTAssertTrue(ok)
        XCTAssertEqual(b[0], 0.5, accuracy: 1e-15)
        XCTAssertEqual(b[1], 0, accuracy: 1e-15)
        var singular: [Double] = [1, 1, 1, 1]
        var rhs: [Double] = [1, 1]
        XCTAssertFalse(singular.withUnsafeMutableBufferPointer { pa in rhs.withUnsafeMutableBufferPointer { pb in choleskySolve(pa.baseAddress!, pb.baseAddress!, 2) } })
    }

    // MARK: Age curves

    /// 27 ages 5-90 and y = 2 - 0.8 (ln age - ln 25)² + fixed noise.
    static let ages: [Double] = [5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 22, 25, 28, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]
    static let noise = [0.1, -0.2, 0.05, 0.3, -0.1, 0.2, -0.3, 0.15, 0, -0.05, 0.1, 0.2, -0.1, 0.05, 0.3, -0.2, 0.1, -0.15, 0.05, 0, 0.1, -0.1, 0.2, -0.2, 0.1, 0, -0.05]
    static var values: [Double] {
        zip(ages, noise).map { 2 - 0.8 * (log($0) - log(25)) * (log($0) - log(25)) + $1 }
    }

    func testQuadraticPeakAndDeltaMethodAgainstR() throws {
        let curve = try QuadraticAgeModel.fit(ages: Self.ages, values: Self.values)
        let basis = curve.basis as! QuadraticAgeBasis
        let b = basis.uncentered(curve.fit.coefficients)
        // R: lm(y ~ u + I(u^2)).
        XCTAssertEqual(b[0], -6.3753774129836, accuracy: 1e-9)
        XCTAssertEqual(b[1], 5.23990734495747, accuracy: 1e-9)
        XCTAssertEqual(b[2], -0.816287288785318, accuracy: 1e-10)
        XCTAssertEqual(curve.fit.aic, -16.8509185003509, accuracy: 1e-9)
        // Peak exp(-b1/(2 b2)), delta-method SE of -b1/(2b2) = 0.0220541221035726 (R, from vcov).
        XCTAssertTrue(curve.peak.interior)
        XCTAssertEqual(curve.peak.age, 24.7691155933351, accuracy: 1e-8)
        XCTAssertEqual(curve.peak.deltaLow, 23.721273298877, accuracy: 1e-7)
        XCTAssertEqual(curve.peak.deltaHigh, 25.8632443354143, accuracy: 1e-7)
        // The formula by hand from the uncentred coefficients.
        XCTAssertEqual(curve.peak.age, exp(-b[1] / (2 * b[2])), accuracy: 1e-9)
    }

    func testQuadraticWithoutInteriorPeakSaysSo() throws {
        // Rising all the way: the vertex of a concave fit lies beyond the oldest age.
        let ages: [Double] = [5, 10, 20, 40, 60, 80]
        let rising = ages.map { log($0) - 0.01 * log($0) * log($0) }
        let up = try QuadraticAgeModel.fit(ages: ages, values: rising)
        XCTAssertFalse(up.peak.interior)
        XCTAssertEqual(up.peak.age, 80, accuracy: 1e-9)
        XCTAssertTrue(up.peak.note!.contains("no interior peak"), up.peak.note!)
        // U-shaped: b2 > 0.
        let valley = ages.map { (log($0) - 3) * (log($0) - 3) }
        let u = try QuadraticAgeModel.fit(ages: ages, values: valley)
        XCTAssertFalse(u.peak.interior)
        XCTAssertTrue(u.peak.note!.contains("U-shaped"), u.peak.note!)
        XCTAssertTrue(u.peak.deltaLow.isNaN)
    }

    func testNaturalSplineMatchesRsNs() throws {
        let u = Self.ages.map { log($0) }.sorted()
        // R: ns(u, df = 3) puts its interior knots at 2.8511107460107, 3.84178266165626.
        let knots = NaturalSplineBasis.quantileKnots(sortedScaledAges: u, degreesOfFreedom: 3)!
        XCTAssertEqual(knots.count, 4)
        XCTAssertEqual(knots[1], 2.8511107460107, accuracy: 1e-12)
        XCTAssertEqual(knots[2], 3.84178266165626, accuracy: 1e-12)
        // R: AIC(lm(y ~ ns(u, df))) and predictions at ages 4.5, 25, 33, 95 (4.5 and 95 lie
        // beyond the boundary knots, where the spline is linear).
        let expected: [(df: Int, aic: Double, predictions: [Double])] = [
            (1, 52.2781180648953, [1.20144284681982, 1.39576148176512, 1.42722233406675, 1.54704199420797]),
            (2, -14.9457045931877, [-0.111286731718571, 2.08811074728973, 2.00951334600668, 0.630736386506371]),
            (3, -13.7022153033471, [-0.167371931646051, 2.06635356452754, 1.98083211860063, 0.636760074838902]),
            (4, -12.2340634308018, [-0.213200242196085, 2.04189242124975, 1.96779821871667, 0.601731120337084]),
        ]
        for e in expected {
            let basis = NaturalSplineBasis(knots: NaturalSplineBasis.quantileKnots(sortedScaledAges: u, degreesOfFreedom: e.df)!)!
            let fit = try LeastSquaresFit(design: basis.design(scaledAges: Self.ages.map { log($0) }), response: Self.values)
            XCTAssertEqual(fit.aic, e.aic, accuracy: 1e-8, "df \(e.df)")
            for (age, p) in zip([4.5, 25, 33, 95], e.predictions) {
                XCTAssertEqual(fit.predict(basis.row(scaledAge: log(age))), p, accuracy: 1e-9, "df \(e.df), age \(age)")
            }
        }
        // AIC picks df 2 (the smallest of the four above), and its peak is interior, near 25.
        let chosen = try NaturalSplineModel.fit(ages: Self.ages, values: Self.values, maxDegreesOfFreedom: 4)
        XCTAssertEqual((chosen.basis as! NaturalSplineBasis).degreesOfFreedom, 2)
        XCTAssertTrue(chosen.peak.interior)
        XCTAssertEqual(chosen.peak.age, 25, accuracy: 4)
    }

    /// The natural cubic interpolating spline by the textbook algorithm (Burden & Faires,
    /// Numerical Analysis, Algorithm 3.4): solve the tridiagonal system for the second
    /// derivatives with M0 = Mn = 0, then evaluate the cubic of the interval.
    static func textbookNaturalSpline(_ x: [Double], _ y: [Double], at t: Double) -> Double {
        let n = x.count - 1
        let h = (0..<n).map { x[$0 + 1] - x[$0] }
        var alpha = [Double](repeating: 0, count: n + 1)
        for i in 1..<n { alpha[i] = 3 / h[i] * (y[i + 1] - y[i]) - 3 / h[i - 1] * (y[i] - y[i - 1]) }
        var l = [Double](repeating: 1, count: n + 1), mu = [Double](repeating: 0, count: n + 1), z = [Double](repeating: 0, count: n + 1)
        for i in 1..<n {
            l[i] = 2 * (x[i + 1] - x[i - 1]) - h[i - 1] * mu[i - 1]
            mu[i] = h[i] / l[i]
            z[i] = (alpha[i] - h[i - 1] * z[i - 1]) / l[i]
        }
        var c = [Double](repeating: 0, count: n + 1), b = [Double](repeating: 0, count: n), d = [Double](repeating: 0, count: n)
        for j in stride(from: n - 1, through: 0, by: -1) {
            c[j] = z[j] - mu[j] * c[j + 1]
            b[j] = (y[j + 1] - y[j]) / h[j] - h[j] * (c[j + 1] + 2 * c[j]) / 3
            d[j] = (c[j + 1] - c[j]) / (3 * h[j])
        }
        let j = max(0, min(n - 1, (x.lastIndex { $0 <= t } ?? 0)))
        let s = t - x[j]
        return y[j] + b[j] * s + c[j] * s * s + d[j] * s * s * s
    }

    func testNaturalSplineThroughEveryKnotIsTheInterpolatingSpline() throws {
        // With as many knots as points the least squares spline interpolates, and the natural
        // interpolating spline is unique: it must equal the textbook construction everywhere.
        let x = [1.0, 1.5, 2.2, 2.6, 3.1, 3.9, 4.4]
        let y = [0.2, 1.1, 0.7, 1.9, 1.4, 0.3, 0.8]
        let basis = NaturalSplineBasis(knots: x)!
        let fit = try LeastSquaresFit(design: basis.design(scaledAges: x), response: y)
        XCTAssertEqual(fit.residualSumOfSquares, 0, accuracy: 1e-18)
        for t in stride(from: 1.0, through: 4.4, by: 0.05) {
            XCTAssertEqual(fit.predict(basis.row(scaledAge: t)), Self.textbookNaturalSpline(x, y, at: t), accuracy: 1e-10, "at \(t)")
        }
    }

    func testNaturalSplineIsLinearBeyondTheBoundaryKnots() {
        let basis = NaturalSplineBasis(knots: [1, 2, 2.5, 4])!
        for j in 0..<basis.parameterCount {
            func f(_ u: Double) -> Double { basis.row(scaledAge: u)[j] }
            // Second differences vanish outside [1, 4].
            for u in [4.5, 6.0, -1.0, 0.2] {
                XCTAssertEqual(f(u - 0.3) - 2 * f(u) + f(u + 0.3), 0, accuracy: 1e-12, "column \(j) at \(u)")
            }
        }
    }

    // MARK: Logistic regression

    func testLogisticRegressionAgainstRGlm() throws {
        // R: glm(cbind(s, n - s) ~ la + I(la^2), family = binomial).
        let s: [Double] = [3, 5, 2, 8, 12], n: [Double] = [40, 50, 60, 45, 30]
        let la = [5.0, 10, 20, 40, 80].map { log($0) }
        let fit = try LogisticFit(design: Matrix(rows: 5, columns: 3) { [1, la[$0], la[$0] * la[$0]] }, successes: s, trials: n)
        XCTAssertTrue(fit.converged)
        XCTAssertEqual(fit.coefficients[0], 0.872709018991087, accuracy: 1e-7)
        XCTAssertEqual(fit.coefficients[1], -2.97749690600889, accuracy: 1e-7)
        XCTAssertEqual(fit.coefficients[2], 0.614734722589766, accuracy: 1e-7)
        // R evaluates the information at its last iteration's weights (convergence 1e-8), one
        // step before the optimum: agreement to about 1e-5 relative.
        XCTAssertEqual(fit.standardErrors[0], 2.34128786882194, accuracy: 2e-5)
        XCTAssertEqual(fit.standardErrors[1], 1.625420735587, accuracy: 2e-5)
        XCTAssertEqual(fit.standardErrors[2], 0.261435497547316, accuracy: 3e-6)
        XCTAssertEqual(fit.deviance, 3.26300465451135, accuracy: 1e-7)
    }

    func testLogisticTwoGroupsGiveTheLogOdds() throws {
        // Closed form: with one binary covariate the MLE reproduces each group's proportion,
        // intercept = logit(p0), slope = logit(p1) - logit(p0). Here p0 = 3/10, p1 = 12/20.
        let fit = try LogisticFit(design: Matrix(rows: 2, columns: 2, values: [1, 0, 1, 1]), successes: [3, 12], trials: [10, 20])
        XCTAssertEqual(fit.coefficients[0], log(0.3 / 0.7), accuracy: 1e-10)
        XCTAssertEqual(fit.coefficients[1], log(0.6 / 0.4) - log(0.3 / 0.7), accuracy: 1e-10)
        // Var of a log odds is 1/(n p (1-p)): SE of the intercept √(1/(10·0.3·0.7)).
        XCTAssertEqual(fit.standardErrors[0], (1 / (10 * 0.3 * 0.7)).squareRoot(), accuracy: 1e-10)
    }

    // MARK: Random numbers

    func testSeededGeneratorIsReproducibleAndStreamsDiffer() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        for _ in 0..<100 { XCTAssertEqual(a.next(), b.next()) }
        var s1 = SeededGenerator(seed: 42, stream: 1), s2 = SeededGenerator(seed: 42, stream: 2)
        XCTAssertNotEqual(s1.next(), s2.next())
        // Uniform indices: each of 10 values about 10% of 100,000 draws (binomial SD ≈ 95).
        var g = SeededGenerator(seed: 7)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 { counts[g.index(below: 10)] += 1 }
        for c in counts { XCTAssertEqual(Double(c), 10_000, accuracy: 500) }
    }
}
