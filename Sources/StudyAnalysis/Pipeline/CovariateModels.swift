import Foundation
import TextInput

/// A participant covariate as it enters a linear model (`--covariates`): numeric when every
/// non-missing value is a decimal number (one column, its value), otherwise categorical with
/// one 0/1 column per level but the reference, the first level in sorted order (R's default
/// for a factor), so each coefficient is that level's difference from the reference. Missing
/// values (empty, `NA`) leave the participant out of the adjusted models (complete cases).
struct CovariateEncoding: Sendable {
    let name: String
    let column: Int
    /// Nil for a numeric covariate.
    let levels: [String]?

    var reference: String? { levels?.first }
    /// Names of the model columns: "education" or "sex=M" (level against the reference).
    var columnNames: [String] { levels.map { $0.dropFirst().map { "\(name)=\($0)" } } ?? [name] }

    static func isMissing(_ v: String) -> Bool { v.isEmpty || v == "NA" }

    init(name: String, column: Int, values: [String]) {
        self.name = name
        self.column = column
        let present = values.filter { !CovariateEncoding.isMissing($0) }
        levels = present.allSatisfy({ DecimalNumber.parse($0) != nil }) ? nil : Array(Set(present)).sorted()
    }

    /// The covariate's columns for one participant's value; nil when missing.
    func encode(_ v: String) -> [Double]? {
        if CovariateEncoding.isMissing(v) { return nil }
        guard let levels else { return DecimalNumber.parse(v).map { [$0] } }
        return levels.dropFirst().map { $0 == v ? 1 : 0 }
    }
}

/// The quadratic age model of one target with covariates: y = b0 + b1 u + b2 u² + Σ γ_j c_j,
/// u = ln(age) (or age), uncentred, over the participants with an age, the target and every
/// covariate. Reported: every coefficient with its SE, t and p (least squares, df n - p), and
/// for each covariate the F test of the model without it against the full model (for a
/// categorical covariate with several levels, all its columns at once; for one column it is
/// t²). These are the usual tests of an adjusted age effect: exact under Gaussian errors.
struct CovariateAdjustedFit: Sendable {
    let target: StudyMeasure
    var participants = 0
    var terms: [(name: String, test: CoefficientTest)] = []
    var covariateTests: [(covariate: String, reference: String?, test: NestedFTest)] = []
    var note: String?

    init(target: StudyMeasure) { self.target = target }

    static func fit(target: StudyMeasure, participants: [ParticipantScores], input: StudyInput,
                    encodings: [CovariateEncoding], scale: AgeScale) -> CovariateAdjustedFit {
        let points = target.agePoints(participants)
        return fit(target: target, ages: points.map(\.age), values: points.map(\.value),
                   covariates: points.map { input.participants[$0.participant.participant].covariates },
                   encodings: encodings, scale: scale)
    }

    /// The model on participants' ages, values and covariate rows (as `StudyInput`'s, indexed
    /// by `CovariateEncoding.column`).
    static func fit(target: StudyMeasure, ages: [Double], values: [Double], covariates: [[String]],
                    encodings: [CovariateEncoding], scale: AgeScale) -> CovariateAdjustedFit {
        var result = CovariateAdjustedFit(target: target)
        var rows: [[Double]] = [], y: [Double] = []
        for (i, age) in ages.enumerated() {
            let u = scale.scaled(age)
            var row = [1, u, u * u]
            var complete = true
            for e in encodings {
                guard let columns = e.encode(covariates[i][e.column]) else { complete = false; break }
                row += columns
            }
            if complete { rows.append(row); y.append(values[i]) }
        }
        result.participants = rows.count
        let p = rows.first?.count ?? 0
        guard rows.count > p + 1, p > 3 else {
            result.note = "only \(rows.count) participants with an age, this score and every covariate"
            return result
        }
        let full: LeastSquaresFit
        do { full = try LeastSquaresFit(design: Matrix(rows: rows.count, columns: p) { rows[$0] }, response: y) } catch {
            result.note = "covariate model failed: \(error) (a covariate constant among these participants, or one level only)"
            return result
        }
        let names = ["intercept", scale.variable, "\(scale.variable)^2"] + encodings.flatMap(\.columnNames)
        result.terms = names.indices.map { (names[$0], full.coefficientTest($0)) }
        var start = 3
        for e in encodings {
            let width = e.columnNames.count
            let kept = (0..<p).filter { $0 < start || $0 >= start + width }
            if let reduced = try? LeastSquaresFit(design: Matrix(rows: rows.count, columns: kept.count) { i in kept.map { rows[i][$0] } }, response: y) {
                result.covariateTests.append((e.name, e.reference, NestedFTest(reduced: reduced, full: full)))
            }
            start += width
        }
        return result
    }
}

/// The test between the groups of a `--group-by` column for one measure: one-way ANOVA of the
/// participants' values across the groups (missing group `NA` left out), F on
/// (groups - 1, n - groups) df. ANOVA rather than Kruskal-Wallis because the composite is a
/// mean of several z and close to normal, and ANOVA's F is robust to moderate non-normality
/// with groups of the sizes a study has; its assumption of equal variances is what the SDs in
/// the summary table let a reader check.
struct GroupComparison: Sendable {
    let column: String
    let measure: StudyMeasure
    let groups: Int
    let participants: Int
    let test: NestedFTest?

    static func compute(input: StudyInput, participants: [ParticipantScores], column: String, measures: [StudyMeasure]) -> [GroupComparison] {
        guard let c = input.covariateNames.firstIndex(of: column) else { return [] }
        return measures.map { measure in
            var values: [Double] = [], groups: [String] = []
            for p in participants {
                let g = input.participants[p.participant].covariates[c]
                let v = measure.value(of: p)
                if CovariateEncoding.isMissing(g) || v.isNaN { continue }
                values.append(v)
                groups.append(g)
            }
            return GroupComparison(column: column, measure: measure, groups: Set(groups).count, participants: values.count,
                                   test: NestedFTest.oneWayAnova(values: values, groups: groups))
        }
    }
}
