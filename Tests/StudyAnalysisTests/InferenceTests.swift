import Foundation
import XCTest
@testable import StudyAnalysis

/// The tests a reviewer asks for (F tests, AICc, coefficient SEs, cluster-robust logistic SEs,
/// one-way ANOVA, Wald tests), each against a closed form written out here: the sums of squares
/// of hand-solved small designs, (X'X)⁻¹ by the adjugate, the MLE of saturated logistic models
/// (group proportions) and distributions whose tails are elementary for small df.
final class InferenceTests: XCTestCase {
    // MARK: Distributions with elementary tails

    func testFAndChiSquareTailsAgainstElementaryForms() {
        for f in [0.1, 0.8, 2.5, 7.0, 40.0] {
            // F(1, 2) = T₂²; P(|T₂| > t) = 1 - t/√(2 + t²).
            XCTAssertEqual(Distributions.fUpperTail(f, df1: 1, df2: 2), 1 - (f / (2 + f)).squareRoot(), accuracy: 1e-13, "F \(f)")
            // F(2, ν): P(F > f) = (1 + 2f/ν)^(-ν/2).
            for nu in [3.0, 10.0, 57.0] {
                XCTAssertEqual(Distributions.fUpperTail(f, df1: 2, df2: nu), pow(1 + 2 * f / nu, -nu / 2), accuracy: 1e-13, "F \(f), ν \(nu)")
            }
        }
        for x in [0.01, 0.5, 3.0, 9.0, 30.0] {
            XCTAssertEqual(Distributions.chiSquareUpperTail(x, degreesOfFreedom: 2), exp(-x / 2), accuracy: 1e-14, "x \(x)")
            XCTAssertEqual(Distributions.chiSquareUpperTail(x, degreesOfFreedom: 1), erfc((x / 2).squareRoot()), accuracy: 1e-13, "x \(x)")
            XCTAssertEqual(Distributions.chiSquareUpperTail(x, degreesOfFreedom: 4), exp(-x / 2) * (1 + x / 2), accuracy: 1e-13, "x \(x)")
        }
        // Tabulated: the 95% points F(1, 10) = 4.9646, F(3, 20) = 3.0984, χ²(3) = 7.8147.
        XCTAssertEqual(Distributions.fUpperTail(4.9646, df1: 1, df2: 10), 0.05, accuracy: 1e-5)
        XCTAssertEqual(Distributions.fUpperTail(3.0984, df1: 3, df2: 20), 0.05, accuracy: 1e-5)
        XCTAssertEqual(Distributions.chiSquareUpperTail(7.8147, degreesOfFreedom: 3), 0.05, accuracy: 1e-5)
    }

    // MARK: Least squares

    /// x = -2...2 with 1, x, x² - 2 orthogonal: RSS of the linear and quadratic models by hand.
    static let x = [-2.0, -1, 0, 1, 2]
    static let y = [1.0, 3, 4, 4, 2]

    static func handRSS() -> (constant: Double, linear: Double, quadratic: Double) {
        let n = Double(x.count)
        let ybar = y.reduce(0, +) / n
        let total = y.reduce(0) { $0 + ($1 - ybar) * ($1 - ybar) }
        let sxy = zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }, sxx = x.reduce(0) { $0 + $1 * $1 }
        let q = x.map { $0 * $0 - 2 }
        let sqy = zip(q, y).reduce(0) { $0 + $1.0 * $1.1 }, sqq = q.reduce(0) { $0 + $1 * $1 }
        let linear = total - sxy * sxy / sxx
        return (total, linear, linear - sqy * sqy / sqq)
    }

    func testNestedFTestAgainstHandSolvedDesign() throws {
        let (_, rss1, rss2) = Self.handRSS()
        let linear = try LeastSquaresFit(design: Matrix(rows: 5, columns: 2) { [1, Self.x[$0]] }, response: Self.y)
        let quadratic = try LeastSquaresFit(design: Matrix(rows: 5, columns: 3) { [1, Self.x[$0], Self.x[$0] * Self.x[$0]] }, response: Self.y)
        XCTAssertEqual(linear.residualSumOfSquares, rss1, accuracy: 1e-12)
        XCTAssertEqual(quadratic.residualSumOfSquares, rss2, accuracy: 1e-12)
        let test = NestedFTest(reduced: linear, full: quadratic)
        let f = (rss1 - rss2) / (rss2 / 2)
        XCTAssertEqual(test.df1, 1)
        XCTAssertEqual(test.df2, 2)
        XCTAssertEqual(test.f, f, accuracy: 1e-10)
        XCTAssertEqual(test.p, 1 - (f / (2 + f)).squareRoot(), accuracy: 1e-12)
        // With one extra column F = t² of that coefficient, and the p values agree.
        let b2 = quadratic.coefficientTest(2)
        XCTAssertEqual(b2.statistic * b2.statistic, f, accuracy: 1e-9)
        XCTAssertEqual(b2.p, test.p, accuracy: 1e-12)
    }

    func testAICcAgainstItsDefinition() throws {
        let (_, _, rss2) = Self.handRSS()
        let quadratic = try LeastSquaresFit(design: Matrix(rows: 5, columns: 3) { [1, Self.x[$0], Self.x[$0] * Self.x[$0]] }, response: Self.y)
        // n = 5, k = 4 (three coefficients and σ): n - k - 1 = 0, AICc undefined: never chosen.
        XCTAssertEqual(quadratic.aicc, .infinity)
        let linear = try LeastSquaresFit(design: Matrix(rows: 5, columns: 2) { [1, Self.x[$0]] }, response: Self.y)
        let n = 5.0, k = 3.0, rss1 = Self.handRSS().linear
        let aic = n * (log(2 * Double.pi * rss1 / n) + 1) + 2 * k
        XCTAssertEqual(linear.aicc, aic + 2 * k * (k + 1) / (n - k - 1), accuracy: 1e-10)
        XCTAssertEqual(linear.aicc, aic + 24, accuracy: 1e-10)
        _ = rss2
    }

    func testCoefficientStandardErrorAgainstTheInverseOfXtX() throws {
        // An uncentred design: (X'X)⁻¹ by the adjugate, β = (X'X)⁻¹X'y, σ̂² = RSS/(n - 3).
        let xs = [1.0, 2, 3, 4, 6, 7]
        let ys = [2.0, 4.5, 5.1, 5.3, 4.0, 2.2]
        let rows = xs.map { [1, $0, $0 * $0] }
        var xtx = [[Double]](repeating: [0, 0, 0], count: 3), xty = [0.0, 0, 0]
        for (r, yv) in zip(rows, ys) { for i in 0..<3 { xty[i] += r[i] * yv; for j in 0..<3 { xtx[i][j] += r[i] * r[j] } } }
        let a = xtx
        func minor(_ i: Int, _ j: Int) -> Double {
            let r = (0..<3).filter { $0 != i }, c = (0..<3).filter { $0 != j }
            return a[r[0]][c[0]] * a[r[1]][c[1]] - a[r[0]][c[1]] * a[r[1]][c[0]]
        }
        let det = a[0][0] * minor(0, 0) - a[0][1] * minor(0, 1) + a[0][2] * minor(0, 2)
        let inverse = (0..<3).map { i in (0..<3).map { j in ((i + j) % 2 == 0 ? 1 : -1) * minor(j, i) / det } }
        let beta = (0..<3).map { i in (0..<3).reduce(0) { $0 + inverse[i][$1] * xty[$1] } }
        let rss = zip(rows, ys).reduce(0) { s, ry in
            let e = ry.1 - (0..<3).reduce(0) { $0 + ry.0[$1] * beta[$1] }
            return s + e * e
        }
        let se2 = (rss / 3 * inverse[2][2]).squareRoot()
        let fit = try LeastSquaresFit(design: Matrix(rows: 6, columns: 3) { rows[$0] }, response: ys)
        let test = fit.coefficientTest(2)
        XCTAssertEqual(test.estimate, beta[2], accuracy: 1e-10)
        XCTAssertEqual(test.standardError, se2, accuracy: 1e-10)
        XCTAssertEqual(test.statistic, beta[2] / se2, accuracy: 1e-8)
        XCTAssertEqual(test.degreesOfFreedom, 3)
        // A t with 3 df: P(|T| > t) = 1 - (2/π)(atan(t/√3) + (t/√3)/(1 + t²/3)).
        let t = abs(beta[2] / se2), s = t / 3.0.squareRoot()
        XCTAssertEqual(test.p, 1 - 2 / Double.pi * (atan(s) + s / (1 + s * s)), accuracy: 1e-10)
    }

    func testOneWayAnovaAgainstBetweenAndWithinSumsOfSquares() throws {
        let groups = ["a", "a", "a", "b", "b", "b", "b", "c", "c"]
        let values = [1.0, 2, 3, 2, 4, 5, 5, 7, 9]
        let levels = ["a", "b", "c"]
        let grand = values.reduce(0, +) / Double(values.count)
        var ssb = 0.0, ssw = 0.0
        for level in levels {
            let v = zip(groups, values).filter { $0.0 == level }.map(\.1)
            let m = v.reduce(0, +) / Double(v.count)
            ssb += Double(v.count) * (m - grand) * (m - grand)
            ssw += v.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        }
        let f = (ssb / 2) / (ssw / 6)
        let test = try XCTUnwrap(NestedFTest.oneWayAnova(values: values, groups: groups))
        XCTAssertEqual(test.df1, 2)
        XCTAssertEqual(test.df2, 6)
        XCTAssertEqual(test.f, f, accuracy: 1e-10)
        XCTAssertEqual(test.p, pow(1 + 2 * f / 6, -3), accuracy: 1e-12)
        XCTAssertNil(NestedFTest.oneWayAnova(values: [1, 2], groups: ["a", "a"]))
    }

    // MARK: Logistic regression with participant-clustered SEs

    func testClusterRobustInterceptOnlyAgainstTheSandwichWrittenOut() throws {
        // Four participants (clusters), one row each: degenerate d_g of n_g responses.
        let d = [0.0, 2, 3, 1], n = [3.0, 3, 3, 2]
        let fit = try LogisticFit(design: Matrix(rows: 4, columns: 1, values: [1, 1, 1, 1]), successes: d, trials: n)
        let mu = 6.0 / 11  // the MLE of the common probability
        XCTAssertEqual(fit.coefficients[0], log(mu / (1 - mu)), accuracy: 1e-9)
        // Bread 1/(N μ(1-μ)); meat Σ (d_g - n_g μ)²; CR1 factor G/(G-1) = 4/3.
        let bread = 1 / (11 * mu * (1 - mu))
        let meat = zip(d, n).reduce(0) { $0 + ($1.0 - $1.1 * mu) * ($1.0 - $1.1 * mu) }
        let v = fit.clusterRobustCovariance(design: Matrix(rows: 4, columns: 1, values: [1, 1, 1, 1]), successes: d, trials: n, clusters: [0, 1, 2, 3])
        XCTAssertEqual(v[0, 0], 4.0 / 3 * bread * meat * bread, accuracy: 1e-9)
        // Rows of one cluster are summed before squaring: two rows of participant 0.
        let split = try LogisticFit(design: Matrix(rows: 5, columns: 1, values: [1, 1, 1, 1, 1]), successes: [0, 0, 2, 3, 1], trials: [1, 2, 3, 3, 2])
        let vs = split.clusterRobustCovariance(design: Matrix(rows: 5, columns: 1, values: [1, 1, 1, 1, 1]), successes: [0, 0, 2, 3, 1],
                                               trials: [1, 2, 3, 3, 2], clusters: [0, 0, 1, 2, 3])
        XCTAssertEqual(vs[0, 0], v[0, 0], accuracy: 1e-9)
    }

    func testClusterRobustTwoGroupsAgainstClosedForm() throws {
        // Participants in group x = 0 and x = 1; the MLE is each group's proportion, and the
        // sandwich reduces to Var(β0) = c·A0/W0², Var(β1) = c·(A0/W0² + A1/W1²),
        // W_k = N_k μ_k(1-μ_k), A_k = Σ_{g in k} (d_g - n_g μ_k)², c = G/(G-1).
        let x = [0.0, 0, 0, 1, 1, 1, 1]
        let d = [1.0, 0, 3, 2, 4, 4, 1], n = [4.0, 2, 4, 4, 5, 4, 3]
        let design = Matrix(rows: 7, columns: 2) { [1, x[$0]] }
        let fit = try LogisticFit(design: design, successes: d, trials: n)
        let mu0 = 4.0 / 10, mu1 = 11.0 / 16
        XCTAssertEqual(fit.coefficients[1], log(mu1 / (1 - mu1)) - log(mu0 / (1 - mu0)), accuracy: 1e-9)
        let w0 = 10 * mu0 * (1 - mu0), w1 = 16 * mu1 * (1 - mu1)
        var a0 = 0.0, a1 = 0.0
        for g in 0..<7 {
            if x[g] == 0 { a0 += (d[g] - n[g] * mu0) * (d[g] - n[g] * mu0) } else { a1 += (d[g] - n[g] * mu1) * (d[g] - n[g] * mu1) }
        }
        let c = 7.0 / 6
        let v = fit.clusterRobustCovariance(design: design, successes: d, trials: n, clusters: Array(0..<7))
        XCTAssertEqual(v[0, 0], c * a0 / (w0 * w0), accuracy: 1e-9)
        XCTAssertEqual(v[1, 1], c * (a0 / (w0 * w0) + a1 / (w1 * w1)), accuracy: 1e-9)
        XCTAssertEqual(v[0, 1], -c * a0 / (w0 * w0), accuracy: 1e-9)
    }

    func testWaldTestAgainstIndependentComponents() {
        // A diagonal covariance: W = Σ b²/v, χ²(2) tail exp(-W/2).
        var v = Matrix(rows: 3, columns: 3)
        v[0, 0] = 1; v[1, 1] = 1e-8; v[2, 2] = 4e-8
        let b = [5.0, 2e-4, -3e-4]
        let test = WaldTest(coefficients: b, covariance: v, indices: [1, 2])
        let w = 4e-8 / 1e-8 + 9e-8 / 4e-8
        XCTAssertEqual(test.statistic, w, accuracy: 1e-9)
        XCTAssertEqual(test.degreesOfFreedom, 2)
        XCTAssertEqual(test.p, exp(-w / 2), accuracy: 1e-12)
    }
}
