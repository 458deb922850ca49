import Foundation

/// The first part of the two-part (hurdle) view: the probability that a response is
/// degenerate, by age, from a logistic regression on a quadratic in u = ln(age) (or age) of
/// all responses of the target's tasks (fitted on rows grouped by distinct age, which gives the
/// same maximum-likelihood estimate as one row per response, since rows of equal age share
/// their design row).
///
/// Standard errors are clustered by participant (CR1 sandwich, `LogisticFit.clusterRobustCovariance`):
/// each participant gives several responses, and one person's strategy (a child who pads every
/// answer) makes them correlated, which the binomial model's SEs ignore. The age effect is the
/// Wald test of b1 = b2 = 0 with that covariance (chi-square, 2 df).
struct DegeneracyCurve: Sendable {
    /// Whose responses: every task's, or one task's. The description is the reports' name.
    enum Responses: Hashable, Sendable, CustomStringConvertible {
        case allTasks
        case task(index: Int, name: String)

        var description: String {
            switch self {
            case .allTasks: return "all tasks"
            case .task(_, let name): return name
            }
        }

        func includes(task t: Int) -> Bool {
            switch self {
            case .allTasks: return true
            case .task(let index, _): return index == t
            }
        }
    }

    let target: Responses
    var fit: LogisticFit?
    var basis: QuadraticAgeBasis?
    /// Participant-clustered (CR1) covariance of the centred coefficients, and the Wald test of
    /// the age terms with it.
    var robustCovariance: Matrix?
    var ageTest: WaldTest?
    /// Participants (clusters) with a response of the target and an age.
    var clusters = 0

    /// The coefficients of 1, u, u² with their participant-clustered SEs and Wald z tests.
    var robustCoefficientTests: [CoefficientTest] {
        guard let fit, let basis, let v = robustCovariance else { return [] }
        let b = basis.uncentered(fit.coefficients), cov = basis.uncenteredCovariance(v)
        return (0..<3).map { CoefficientTest(estimate: b[$0], standardError: max(cov[$0, $0], 0).squareRoot(), degreesOfFreedom: .infinity) }
    }
    var note: String?
    var gridAges: [Double] = []
    var probability: [Double] = []
    var low: [Double] = []
    var high: [Double] = []
    /// Age where degenerate responses are rarest, when that is inside the ages.
    var minimumAge: Double?
    /// Observed shares by age band: label, mid age, degenerate, responses.
    var byBand: [(band: String, age: Double, interval: WilsonInterval)] = []
}

extension StudyPipeline {
    /// The degeneracy curve of all responses, then of each task's.
    static func degeneracyCurves(input: StudyInput, measurement: ResponseMeasurement, options: StudyOptions) -> [DegeneracyCurve] {
        let targets = [DegeneracyCurve.Responses.allTasks]
            + input.registry.tasks.enumerated().map { DegeneracyCurve.Responses.task(index: $0, name: $1.name) }
        var result: [DegeneracyCurve] = []
        for target in targets {
            var curve = DegeneracyCurve(target: target)
            var byAge: [Double: (Double, Double)] = [:]
            var byParticipant: [Int: (Double, Double)] = [:]
            var byBand: [String: (Int, Int, Double, Int)] = [:]  // degenerate, responses, age sum, count
            for r in measurement.responses where target.includes(task: Int(r.task)) {
                guard let age = input.participants[input.responses[Int(r.response)].participant].age else { continue }
                var entry = byAge[age] ?? (0, 0)
                entry.1 += 1
                if r.flags.degenerate { entry.0 += 1 }
                byAge[age] = entry
                var own = byParticipant[input.responses[Int(r.response)].participant] ?? (0, 0)
                own.1 += 1
                if r.flags.degenerate { own.0 += 1 }
                byParticipant[input.responses[Int(r.response)].participant] = own
                let band = options.ageBands.label(for: age)
                var b = byBand[band] ?? (0, 0, 0, 0)
                if r.flags.degenerate { b.0 += 1 }
                b.1 += 1
                b.2 += age
                b.3 += 1
                byBand[band] = b
            }
            curve.byBand = options.ageBands.labels.compactMap { label in
                guard let b = byBand[label] else { return nil }
                return (label, b.2 / Double(b.3), WilsonInterval(successes: b.0, trials: b.1))
            }
            let ages = byAge.keys.sorted()
            let responses = ages.reduce(0.0) { $0 + byAge[$1]!.1 }
            let degenerate = ages.reduce(0.0) { $0 + byAge[$1]!.0 }
            guard ages.count >= 4, responses >= Double(options.minimumParticipantsForFit) else {
                curve.note = "too few responses with an age (\(Int(responses)) at \(ages.count) distinct ages)"
                result.append(curve)
                continue
            }
            guard degenerate > 0, degenerate < responses else {
                curve.note = degenerate == 0 ? "no degenerate response: nothing to model" : "every response is degenerate"
                result.append(curve)
                continue
            }
            let scale = options.ageScale
            let u = ages.map(scale.scaled)
            let basis = QuadraticAgeBasis(center: u.reduce(0, +) / Double(u.count), scale: scale)
            do {
                let fit = try LogisticFit(design: basis.design(scaledAges: u), successes: ages.map { byAge[$0]!.0 },
                                          trials: ages.map { byAge[$0]!.1 })
                curve.fit = fit
                curve.basis = basis
                let people = byParticipant.keys.sorted()
                curve.clusters = people.count
                if people.count > 1 {
                    let rows = basis.design(scaledAges: people.map { scale.scaled(input.participants[$0].age!) })
                    let v = fit.clusterRobustCovariance(design: rows, successes: people.map { byParticipant[$0]!.0 },
                                                        trials: people.map { byParticipant[$0]!.1 }, clusters: Array(people.indices))
                    curve.robustCovariance = v
                    curve.ageTest = WaldTest(coefficients: fit.coefficients, covariance: v, indices: [1, 2])
                }
                let range = u.first!...u.last!
                for v in AgeCurveFit.scaledAgeGrid(range, points: AgeCurveFit.gridPoints) {
                    let row = basis.row(scaledAge: v)
                    curve.gridAges.append(scale.age(v))
                    curve.probability.append(fit.probability(row))
                    let band = fit.probabilityInterval(row)
                    curve.low.append(band.low)
                    curve.high.append(band.high)
                }
                let b = fit.coefficients
                if b[2] > 0 {
                    let vertex = basis.vertex(b1: b[1], b2: b[2])
                    if range.contains(vertex) { curve.minimumAge = scale.age(vertex) }
                }
                if !fit.converged { curve.note = "logistic fit did not converge in \(fit.iterations) iterations" }
            } catch {
                curve.note = "logistic fit failed: \(error)"
            }
            result.append(curve)
        }
        return result
    }
}
