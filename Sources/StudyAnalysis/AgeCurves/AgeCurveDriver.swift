import Foundation

/// Which part of the two-part (hurdle) view drives the composite's age curve: the share of
/// degenerate responses (strategy), the randomness of the engaged, non-degenerate responses
/// (skill), both or neither.
///
/// The composite mixes the two: a participant's composite falls when they answer with a
/// constant or a count, and also when their genuine attempts are less random. The rule, on the
/// quadratic fits:
/// - the engaged part changes with age when the quadratic of `composite_nondegenerate` beats
///   the constant (F test on 2 df, p < 0.05);
/// - the degenerate part changes with age when the logistic curve of all responses' degenerate
///   flag has a significant age term (participant-clustered Wald χ² on 2 df, p < 0.05);
/// - the share r = (range of the engaged curve) / (range of the composite's curve), each the
///   max - min of the fitted quadratic over the observed ages, says how much of the
///   composite's age change the engaged responses reproduce on their own.
/// Verdict: neither when neither part changes; degenerate when it changes and the engaged part
/// does not, or r < 1/2; engaged when it changes and the degenerate part does not; both when
/// both change and r ≥ 1/2. Ranges compare curves on the same z scale, so r is meaningful.
struct AgeCurveDriver: Sendable {
    enum Verdict: String, Sendable {
        case degenerate = "degenerate responses"
        case engaged = "engaged responses"
        case both = "both parts"
        case neither = "neither part"
    }

    let verdict: Verdict
    let compositeRange, engagedRange: Double
    let engagedAgeTest: NestedFTest
    let degenerateAgeTest: WaldTest
    static let level = 0.05

    var rangeShare: Double { compositeRange > 0 ? engagedRange / compositeRange : .nan }

    init?(composite: AgeCurveFit?, engaged: AgeCurveFit?, degeneracy: DegeneracyCurve?) {
        guard let composite, let engaged, let engagedTest = engaged.evidence?.ageEffect,
              let degenerateTest = degeneracy?.ageTest else { return nil }
        func range(_ f: AgeCurveFit) -> Double { (f.gridFitted.max() ?? .nan) - (f.gridFitted.min() ?? .nan) }
        compositeRange = range(composite)
        engagedRange = range(engaged)
        engagedAgeTest = engagedTest
        degenerateAgeTest = degenerateTest
        let e = engagedTest.p < AgeCurveDriver.level, d = degenerateTest.p < AgeCurveDriver.level
        let share = compositeRange > 0 ? engagedRange / compositeRange : 0
        switch (e, d) {
        case (false, false): verdict = .neither
        case (false, true): verdict = .degenerate
        case (true, false): verdict = .engaged
        case (true, true): verdict = share < 0.5 ? .degenerate : .both
        }
    }

    /// One sentence for the headline and the reports.
    var statement: String {
        let tests = "engaged-only curve F(\(engagedAgeTest.df1), \(engagedAgeTest.df2)) = \(NumberText.significant(engagedAgeTest.f)), \(NumberText.pClause(engagedAgeTest.p)), spanning \(NumberText.shown(100 * rangeShare, 0))% of the composite's range; degenerate share by age χ²(\(degenerateAgeTest.degreesOfFreedom)) = \(NumberText.significant(degenerateAgeTest.statistic)), \(NumberText.pClause(degenerateAgeTest.p)), participant-clustered"
        switch verdict {
        case .neither: return "the composite's age curve is driven by neither part: no significant age change in the engaged responses or in the degenerate share (\(tests))"
        default: return "the composite's age curve is driven by \(verdict.rawValue) (\(tests))"
        }
    }
}
