import Foundation
import XCTest
@testable import StudyAnalysis

/// The age models' reported tests against closed forms: ages exp(-2)...exp(2) put u = ln(age)
/// at -2...2, where 1, u and u² - 2 are orthogonal and every sum of squares is a short sum.
final class AgeModelInferenceTests: XCTestCase {
    static let u = [-2.0, -1, 0, 1, 2]

    func testQuadraticReportsB2AndTheFTestsOfTheHandSolvedDesign() throws {
        let y = InferenceTests.y
        let (total, rss1, rss2) = InferenceTests.handRSS()
        let curve = try QuadraticAgeModel.fit(ages: Self.u.map { exp($0) }, values: y)
        let e = try XCTUnwrap(curve.evidence)
        // b2 = Σ q y / Σ q², q = u² - 2; SE² = σ̂²/Σq² (the (X'X)⁻¹ entry of an orthogonal column).
        let q = Self.u.map { $0 * $0 - 2 }
        let sqq = q.reduce(0) { $0 + $1 * $1 }
        let b2 = zip(q, y).reduce(0) { $0 + $1.0 * $1.1 } / sqq
        XCTAssertEqual(e.b2.estimate, b2, accuracy: 1e-12)
        XCTAssertEqual(e.b2.standardError, (rss2 / 2 / sqq).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(e.b2.degreesOfFreedom, 2)
        let f = (rss1 - rss2) / (rss2 / 2)
        XCTAssertEqual(e.versusLinear.f, f, accuracy: 1e-10)
        XCTAssertEqual(e.versusLinear.p, 1 - (f / (2 + f)).squareRoot(), accuracy: 1e-12)
        // Against the constant: F(2, 2) = ((TSS - RSS)/2)/(RSS/2), P(F > f) = 1/(1 + f).
        let f0 = ((total - rss2) / 2) / (rss2 / 2)
        XCTAssertEqual(e.ageEffect.f, f0, accuracy: 1e-10)
        XCTAssertEqual(e.ageEffect.p, 1 / (1 + f0), accuracy: 1e-12)
        // b2 = -9/14 with t = -10.1 on 2 df (p = 0.0098) and the vertex inside: evidence.
        XCTAssertTrue(curve.peak.interior)
        XCTAssertTrue(e.interiorPeak)
        XCTAssertTrue(e.statement.hasPrefix("interior peak"), e.statement)
        // y = 1 3 4 2 3: b2 = -5/14, t = -1.19 on 2 df, p = 0.356 (1 - s/√(1+s²), s = |t|/√2):
        // a vertex inside the ages, yet no evidence of an interior peak.
        let flat = try QuadraticAgeModel.fit(ages: Self.u.map { exp($0) }, values: [1, 3, 4, 2, 3])
        let fe = try XCTUnwrap(flat.evidence)
        XCTAssertEqual(fe.b2.estimate, -5.0 / 14, accuracy: 1e-12)
        let s = abs(fe.b2.statistic) / 2.0.squareRoot()
        XCTAssertEqual(fe.b2.p, 1 - s / (1 + s * s).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(fe.b2.p, 0.35557592221691603, accuracy: 1e-9)  // numpy lstsq, same formula
        XCTAssertTrue(flat.peak.interior)
        XCTAssertFalse(fe.interiorPeak)
        XCTAssertTrue(fe.statement.hasPrefix("no evidence of an interior peak (b2 not significantly negative"), fe.statement)
    }

    func testClearPeakIsEvidenceAndRawScaleUsesYears() throws {
        // y = -(u - 0.3)² exactly plus a small alternating wobble: b2 ≈ -1 with a tiny SE.
        let ages = (0..<40).map { 5.0 + 2 * Double($0) }
        let y = ages.enumerated().map { i, a in -pow(log(a) - log(25), 2) + (i % 2 == 0 ? 0.01 : -0.01) }
        let curve = try QuadraticAgeModel.fit(ages: ages, values: y)
        XCTAssertTrue(try XCTUnwrap(curve.evidence).interiorPeak)
        XCTAssertEqual(curve.peak.age, 25, accuracy: 0.5)
        XCTAssertTrue(curve.evidence!.statement.hasPrefix("interior peak"))
        // On the raw scale the vertex is -b1/(2 b2) in years: y = -(age - 40)² has its top at 40.
        let raw = try QuadraticAgeModel.fit(ages: ages, values: ages.map { -($0 - 40) * ($0 - 40) }, scale: .raw)
        XCTAssertEqual(raw.peak.age, 40, accuracy: 1e-6)
        XCTAssertEqual(raw.basis.summary, "quadratic in age")
    }

    func testSplineDegreesOfFreedomAreCappedByTheSampleAndChosenByAICc() throws {
        XCTAssertEqual(NaturalSplineModel.degreesOfFreedomCap(participants: 59, maxDegreesOfFreedom: 10), 5)
        XCTAssertEqual(NaturalSplineModel.degreesOfFreedomCap(participants: 3429, maxDegreesOfFreedom: 10), 10)
        XCTAssertEqual(NaturalSplineModel.degreesOfFreedomCap(participants: 8, maxDegreesOfFreedom: 10), 1)
        XCTAssertEqual(NaturalSplineModel.degreesOfFreedomCap(participants: 5, maxDegreesOfFreedom: 10), 1)
        // 59 noisy participants: df 6 and above are never fitted, and the kept df has the
        // smallest AICc among those that were.
        var rng = SeededGenerator(seed: 59, stream: 0)
        let ages = (0..<59).map { _ in 5 + Double(rng.index(below: 800)) / 10 }
        let y = ages.map { _ in Double(rng.index(below: 1000)) / 500 - 1 }
        let spline = try NaturalSplineModel.fit(ages: ages, values: y, maxDegreesOfFreedom: 10)
        let basis = try XCTUnwrap(spline.basis as? NaturalSplineBasis)
        XCTAssertLessThanOrEqual(basis.degreesOfFreedom, 5)
        XCTAssertTrue(spline.aicByDegreesOfFreedom.filter { $0.df > 5 }.allSatisfy { $0.aicc == nil })
        let best = spline.aicByDegreesOfFreedom.compactMap { $0.aicc.map { a in (df: 0, a: a) } }.map(\.a).min()!
        XCTAssertEqual(spline.fit.aicc, best)
        // Each AICc is its AIC plus 2k(k+1)/(n-k-1), k = df + 2.
        for entry in spline.aicByDegreesOfFreedom {
            guard let aic = entry.aic, let aicc = entry.aicc else { continue }
            let k = Double(entry.df + 2)
            XCTAssertEqual(aicc, aic + 2 * k * (k + 1) / (59 - k - 1), accuracy: 1e-9, "df \(entry.df)")
        }
        // A fixed df is honoured, even above the cap, and refused when n - k - 1 ≤ 0.
        let fixed = try NaturalSplineModel.fit(ages: ages, values: y, maxDegreesOfFreedom: 10, degreesOfFreedom: 7)
        XCTAssertEqual((fixed.basis as? NaturalSplineBasis)?.degreesOfFreedom, 7)
        XCTAssertThrowsError(try NaturalSplineModel.fit(ages: Array(ages.prefix(9)), values: Array(y.prefix(9)), maxDegreesOfFreedom: 10, degreesOfFreedom: 6))
    }

    func testCovariateModelAgainstOrthogonalClosedForm() throws {
        // Every age once among F and once among M: the centred dummy d - 1/2 is orthogonal to
        // any function of age, so its coefficient is ȳ_M - ȳ_F and it lowers the RSS of the
        // quadratic by (Σ(d - 1/2)y)²/(n/4).
        let u = Self.u + Self.u
        let sex = Array(repeating: "F", count: 5) + Array(repeating: "M", count: 5)
        let y = [1.0, 3, 4, 4, 2, 2.5, 3.1, 5.2, 4.4, 2.9]
        let n = 10.0
        let ybar = y.reduce(0, +) / n
        let q = u.map { $0 * $0 - 2 }
        let dot = { (a: [Double], b: [Double]) in zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        let reducedRSS = y.reduce(0) { $0 + ($1 - ybar) * ($1 - ybar) } - pow(dot(u, y), 2) / dot(u, u) - pow(dot(q, y), 2) / dot(q, q)
        let d = sex.map { $0 == "M" ? 0.5 : -0.5 }
        let fullRSS = reducedRSS - pow(dot(d, y), 2) / (n / 4)
        let encoding = CovariateEncoding(name: "sex", column: 0, values: sex)
        XCTAssertEqual(encoding.columnNames, ["sex=M"])
        let fit = CovariateAdjustedFit.fit(target: .composite, ages: u.map { exp($0) }, values: y, covariates: sex.map { [$0] },
                                           encodings: [encoding], scale: .log)
        XCTAssertEqual(fit.participants, 10)
        let term = try XCTUnwrap(fit.terms.first { $0.name == "sex=M" })
        let meanM = y[5...].reduce(0, +) / 5, meanF = y[..<5].reduce(0, +) / 5
        XCTAssertEqual(term.test.estimate, meanM - meanF, accuracy: 1e-12)
        let test = try XCTUnwrap(fit.covariateTests.first)
        XCTAssertEqual(test.reference, "F")
        XCTAssertEqual(test.test.df1, 1)
        XCTAssertEqual(test.test.df2, 6)
        XCTAssertEqual(test.test.f, (reducedRSS - fullRSS) / (fullRSS / 6), accuracy: 1e-9)
        XCTAssertEqual(term.test.statistic * term.test.statistic, test.test.f, accuracy: 1e-9)
        // A numeric covariate is one column; a missing value drops the participant.
        let numeric = CovariateEncoding(name: "education", column: 0, values: ["3", "NA", "2.5", ""])
        XCTAssertNil(numeric.levels)
        XCTAssertEqual(numeric.encode("2.5"), [2.5])
        XCTAssertNil(numeric.encode("NA"))
    }
}
