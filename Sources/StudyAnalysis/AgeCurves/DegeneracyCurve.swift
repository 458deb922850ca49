import Foundation

/// The first part of the two-part view: the probability that a response is degenerate, by age,
/// from a logistic regression on a quadratic in ln(age) (all responses of the target's
/// tasks, grouped by distinct age).
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
    var basis: QuadraticLogAgeBasis?
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
            var byBand: [String: (Int, Int, Double, Int)] = [:]  // degenerate, responses, age sum, count
            for r in measurement.responses where target.includes(task: Int(r.task)) {
                guard let age = input.participants[input.responses[Int(r.response)].participant].age else { continue }
                var entry = byAge[age] ?? (0, 0)
                entry.1 += 1
                if r.flags.degenerate { entry.0 += 1 }
                byAge[age] = entry
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
            let u = ages.map { log($0) }
            let basis = QuadraticLogAgeBasis(center: u.reduce(0, +) / Double(u.count))
            do {
                let fit = try LogisticFit(design: basis.design(logAges: u), successes: ages.map { byAge[$0]!.0 },
                                          trials: ages.map { byAge[$0]!.1 })
                curve.fit = fit
                curve.basis = basis
                let range = u.first!...u.last!
                for v in AgeCurveFit.logAgeGrid(range, points: AgeCurveFit.gridPoints) {
                    let row = basis.row(logAge: v)
                    curve.gridAges.append(exp(v))
                    curve.probability.append(fit.probability(row))
                    let band = fit.probabilityInterval(row)
                    curve.low.append(band.low)
                    curve.high.append(band.high)
                }
                let b = fit.coefficients
                if b[2] > 0 {
                    let vertex = basis.vertex(b1: b[1], b2: b[2])
                    if range.contains(vertex) { curve.minimumAge = exp(vertex) }
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
