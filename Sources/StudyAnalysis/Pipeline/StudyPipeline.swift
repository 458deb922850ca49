import Foundation

/// Settings of one analysis. Defaults follow the 2017 study where it fixed something.
public struct StudyOptions: Sendable {
    /// Bootstrap replicates for the peak CIs and curve bands (0: no bootstrap).
    public var bootstrapReplicates = 1000
    /// A task enters the composite only when its table gives a CTM value to at least this
    /// share of the m^L strings of its length (see `UniformProducerReference.coverage`).
    public var minimumCoverage = 0.99
    public var seed: UInt64 = 2017
    /// Worker threads (scoring and bootstrap); results do not depend on it.
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var ageBands = AgeBands.standard
    /// Covariate columns to summarise by, besides age band.
    public var groupBy: [String] = []
    /// The largest spline df tried by AIC.
    public var splineMaxDegreesOfFreedom = 10
    /// Fewer participants with an age than this: no age curve for that target.
    public var minimumParticipantsForFit = 20

    public init() {}
}

/// What became of each task: scored, or why not, and on what reference.
public struct TaskOutcome: Sendable {
    public let task: StudyTask
    public var responses = 0
    public var distinctPatterns = 0
    /// Responses with a z-score.
    public var scored = 0
    /// Responses with K from BDM (not in the table): K but no z, as in ACSS.
    public var bdm = 0
    /// "scored", or a `ScoringUnavailable.Reason` ("table not built yet", ...).
    public var status = "no responses"
    public var message: String?
    public var references: [UniformProducerReference] = []
    /// The smallest coverage among the task's references (1 when it has none).
    public var coverage: Double { references.map(\.coverage).min() ?? 1 }
    /// Whether the task's z enters the participants' composites.
    public var inComposite = false
    /// Published z (`published_z`, the wide layout's TASK.K) against ours, where both exist.
    public var published: (n: Int, maxAbsoluteDifference: Double, correlation: Double)?
}

/// An age curve target (a task's z, a composite) and its two fits.
public struct CurveResult: Sendable {
    public let target: String
    public var participants = 0
    public var quadratic: AgeCurveFit?
    public var spline: AgeCurveFit?
    public var note: String?
    /// Mean and 95% CI of the target at each whole year of age (for plots).
    public var byAge: [(age: Double, n: Int, mean: Double, low: Double, high: Double)] = []
}

/// The first part of the two-part view: the probability that a response is degenerate, by age,
/// from a logistic regression on a quadratic in ln(age) (all responses of the target's
/// tasks, grouped by distinct age).
public struct DegeneracyCurve: Sendable {
    public let target: String
    public var fit: LogisticFit?
    public var basis: QuadraticLogAgeBasis?
    public var note: String?
    public var gridAges: [Double] = []
    public var probability: [Double] = []
    public var low: [Double] = []
    public var high: [Double] = []
    /// Age where degenerate responses are rarest, when that is inside the ages.
    public var minimumAge: Double?
    /// Observed shares by age band: label, mid age, degenerate, responses.
    public var byBand: [(band: String, age: Double, interval: WilsonInterval)] = []
}

/// Everything one analysis produced; the report writers and plots read only this.
public struct StudyResult: Sendable {
    public let input: StudyInput
    public let options: StudyOptions
    public let measurement: ResponseMeasurement
    public let participants: [ParticipantScores]
    public let tasks: [TaskOutcome]
    public let summaries: [GroupSummaryRow]
    public var curves: [CurveResult]
    public let degeneracy: [DegeneracyCurve]
    /// Input and response issues, in line order.
    public let issues: [InputIssue]
    public var timings: [(stage: String, seconds: Double)]
    public var bootstrapGroupedToMonths = false

    /// The tasks whose z enters the composite.
    public var compositeTasks: [String] { tasks.filter(\.inComposite).map(\.task.name) }
    public var skippedRows: Int { issues.filter(\.skipped).count }
}

/// The whole analysis: measure → aggregate → summarise → fit → bootstrap.
public enum StudyPipeline {
    public static func run(input: StudyInput, scorer: any ResponseScorer, options: StudyOptions,
                           progress: (@Sendable (String) -> Void)? = nil) -> StudyResult {
        var timings: [(String, Double)] = []
        var clock = Date()
        func lap(_ stage: String) {
            let now = Date()
            timings.append((stage, now.timeIntervalSince(clock)))
            clock = now
        }
        let measurement = ResponseMeasurement(input: input, scorer: scorer, threads: options.threads, progress: progress)
        lap("measure and score responses")
        var tasks = taskOutcomes(input: input, measurement: measurement)
        for t in tasks.indices {
            tasks[t].inComposite = tasks[t].scored > 0 && tasks[t].coverage >= options.minimumCoverage
            if tasks[t].scored > 0 && !tasks[t].inComposite {
                let note = String(format: "its table gives CTM values to %.1f%% of the strings of this length (< %.1f%%): z is on a truncated scale, so the task is left out of the composite",
                                  100 * tasks[t].coverage, 100 * options.minimumCoverage)
                tasks[t].message = tasks[t].message.map { $0 + "; " + note } ?? note
            }
        }
        let participants = ParticipantScores.aggregate(input: input, measurement: measurement,
                                                       compositeTasks: Set(tasks.indices.filter { tasks[$0].inComposite }))
        lap("aggregate participants")
        progress?("summarising \(participants.count) participants")
        let summaries = GroupSummaries.compute(input: input, measurement: measurement, participants: participants,
                                               bands: options.ageBands, groupBy: options.groupBy,
                                               taskStatus: tasks.map { $0.scored > 0 ? "" : $0.status })
        lap("group summaries")
        progress?("fitting age curves")
        var curves = fitCurves(input: input, participants: participants, tasks: tasks, options: options)
        let degeneracy = degeneracyCurves(input: input, measurement: measurement, options: options)
        lap("age curve fits")
        var grouped = false
        if options.bootstrapReplicates > 0 {
            grouped = bootstrap(&curves, participants: participants, tasks: tasks, options: options, progress: progress)
            lap("bootstrap (B = \(options.bootstrapReplicates))")
        }
        let issues = (input.issues + measurement.issues).sorted { $0.line < $1.line }
        var result = StudyResult(input: input, options: options, measurement: measurement, participants: participants,
                                 tasks: tasks, summaries: summaries, curves: curves, degeneracy: degeneracy,
                                 issues: issues, timings: timings)
        result.bootstrapGroupedToMonths = grouped
        return result
    }

    static func taskOutcomes(input: StudyInput, measurement: ResponseMeasurement) -> [TaskOutcome] {
        var outcomes = input.registry.tasks.map { TaskOutcome(task: $0) }
        var publishedPairs = [[(Double, Double)]](repeating: [], count: outcomes.count)
        for r in measurement.responses {
            let t = Int(r.task)
            outcomes[t].responses += 1
            let p = measurement.patterns[t][Int(r.slot)]
            if case .success(let s) = p.score {
                if s.method == .bdm { outcomes[t].bdm += 1 }
                if !s.zScore.isNaN {
                    outcomes[t].scored += 1
                    let published = input.responses[Int(r.response)].publishedZ
                    if !published.isNaN { publishedPairs[t].append((published, s.zScore)) }
                }
            }
        }
        for t in outcomes.indices {
            outcomes[t].distinctPatterns = measurement.patterns[t].count
            outcomes[t].references = measurement.references[t].keys.sorted().compactMap { try? measurement.references[t][$0]!.get() }
            if outcomes[t].responses == 0 { continue }
            if outcomes[t].scored > 0 {
                outcomes[t].status = "scored"
            } else {
                // The reason every pattern shares (the first failure met, in pattern order).
                let failure = measurement.patterns[t].lazy.compactMap { p -> ScoringUnavailable? in
                    if case .failure(let e) = p.score { return e }
                    return nil
                }.first
                let referenceFailure = measurement.references[t].values.lazy.compactMap { r -> ScoringUnavailable? in
                    if case .failure(let e) = r { return e }
                    return nil
                }.first
                let reason = referenceFailure ?? failure
                outcomes[t].status = reason?.reason.rawValue ?? "not scored"
                outcomes[t].message = reason?.message
            }
            let pairs = publishedPairs[t]
            if !pairs.isEmpty {
                let maxDiff = pairs.map { abs($0.0 - $0.1) }.max()!
                outcomes[t].published = (pairs.count, maxDiff, correlation(pairs))
            }
        }
        return outcomes
    }

    static func correlation(_ pairs: [(Double, Double)]) -> Double {
        let n = Double(pairs.count)
        guard n > 1 else { return .nan }
        let mx = pairs.reduce(0) { $0 + $1.0 } / n, my = pairs.reduce(0) { $0 + $1.1 } / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in pairs {
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) * (x - mx)
            syy += (y - my) * (y - my)
        }
        return sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : .nan
    }

    /// The curve targets: each scored task, then the composites.
    static func targets(participants: [ParticipantScores], tasks: [TaskOutcome]) -> [(name: String, value: (ParticipantScores) -> Double)] {
        var list: [(String, (ParticipantScores) -> Double)] = []
        for (t, outcome) in tasks.enumerated() where outcome.scored > 0 {
            list.append((outcome.task.name, { $0.taskZ[t] }))
        }
        list.append(("composite", \.composite))
        list.append(("composite_nondegenerate", \.compositeNonDegenerate))
        return list
    }

    static func fitCurves(input: StudyInput, participants: [ParticipantScores], tasks: [TaskOutcome], options: StudyOptions) -> [CurveResult] {
        var curves: [CurveResult] = []
        for target in targets(participants: participants, tasks: tasks) {
            var curve = CurveResult(target: target.name)
            var ages: [Double] = [], values: [Double] = []
            for p in participants {
                guard let age = p.age else { continue }
                let v = target.value(p)
                if v.isNaN { continue }
                ages.append(age)
                values.append(v)
            }
            curve.participants = ages.count
            curve.byAge = byAge(ages: ages, values: values)
            let distinctAges = Set(ages).count
            if ages.count < options.minimumParticipantsForFit || distinctAges < 4 {
                curve.note = ages.isEmpty
                    ? "no participant has both an age and this score"
                    : "only \(ages.count) participants with an age and this score at \(distinctAges) distinct ages (need \(options.minimumParticipantsForFit) at 4 or more ages)"
                curves.append(curve)
                continue
            }
            do { curve.quadratic = try QuadraticAgeModel.fit(ages: ages, values: values) } catch {
                curve.note = "quadratic fit failed: \(error)"
            }
            do {
                curve.spline = try NaturalSplineModel.fit(ages: ages, values: values, maxDegreesOfFreedom: options.splineMaxDegreesOfFreedom)
            } catch {
                curve.note = (curve.note.map { $0 + "; " } ?? "") + "spline fit failed: \(error)"
            }
            curves.append(curve)
        }
        return curves
    }

    /// Mean and t-interval of the values at each whole year (ages rounded down).
    static func byAge(ages: [Double], values: [Double]) -> [(age: Double, n: Int, mean: Double, low: Double, high: Double)] {
        var groups: [Int: [Double]] = [:]
        for (a, v) in zip(ages, values) { groups[Int(a.rounded(.down)), default: []].append(v) }
        return groups.keys.sorted().map { year in
            let s = SampleSummary(groups[year]!)
            return (Double(year) + 0.5, s.n, s.mean, s.meanLow, s.meanHigh)
        }
    }

    static func bootstrap(_ curves: inout [CurveResult], participants: [ParticipantScores], tasks: [TaskOutcome],
                          options: StudyOptions, progress: (@Sendable (String) -> Void)?) -> Bool {
        let withAge = participants.filter { $0.age != nil }
        let targets = self.targets(participants: participants, tasks: tasks)
        var fits: [AgeCurveBootstrap.Curve] = []
        var owners: [(curve: Int, model: AgeCurveFit.Model)] = []
        for (c, curve) in curves.enumerated() {
            guard let t = targets.firstIndex(where: { $0.name == curve.target }) else { continue }
            for fit in [curve.quadratic, curve.spline].compactMap({ $0 }) {
                fits.append(AgeCurveBootstrap.Curve(target: t, fit: fit))
                owners.append((c, fit.model))
            }
        }
        guard !fits.isEmpty, !withAge.isEmpty else { return false }
        let boot = AgeCurveBootstrap(ages: withAge.map { $0.age! },
                                     values: targets.map { target in withAge.map(target.value) },
                                     curves: fits)
        let b = options.bootstrapReplicates
        let every = max(1, b / 10)
        let result = boot.run(replicates: b, seed: options.seed, threads: options.threads) { done in
            if done % every == 0 { progress?("bootstrap \(done)/\(b) replicates") }
        }
        for (k, owner) in owners.enumerated() {
            let peaks = result.peaks[k].filter { !$0.isNaN }.sorted()
            let interiorShare = Double(result.interior[k].filter { $0 }.count) / Double(max(peaks.count, 1))
            var fit = owner.model == .quadratic ? curves[owner.curve].quadratic! : curves[owner.curve].spline!
            fit.peak.bootstrapReplicates = peaks.count
            fit.peak.bootstrapInteriorShare = interiorShare
            if peaks.count >= 2 {
                fit.peak.bootstrapLow = SampleSummary.quantile(sorted: peaks, 0.025)
                fit.peak.bootstrapHigh = SampleSummary.quantile(sorted: peaks, 0.975)
            }
            // Pointwise percentile band of the refitted curves.
            let points = AgeCurveFit.gridPoints
            var low = [Double](repeating: .nan, count: points), high = low
            let reps = result.bands[k].count / points
            for g in 0..<points {
                var column: [Double] = []
                column.reserveCapacity(reps)
                for r in 0..<reps {
                    let v = result.bands[k][r * points + g]
                    if !v.isNaN { column.append(v) }
                }
                column.sort()
                if column.count >= 2 {
                    low[g] = SampleSummary.quantile(sorted: column, 0.025)
                    high[g] = SampleSummary.quantile(sorted: column, 0.975)
                }
            }
            if !low.contains(where: \.isNaN) {
                fit.gridLow = low
                fit.gridHigh = high
                fit.bandMethod = "bootstrap percentile (B = \(b))"
            }
            if owner.model == .quadratic { curves[owner.curve].quadratic = fit } else { curves[owner.curve].spline = fit }
        }
        return result.groupedToMonths
    }

    static func degeneracyCurves(input: StudyInput, measurement: ResponseMeasurement, options: StudyOptions) -> [DegeneracyCurve] {
        let tasks = input.registry.tasks
        var targets: [(String, Int?)] = [("all tasks", nil)]
        for (t, task) in tasks.enumerated() { targets.append((task.name, t)) }
        var result: [DegeneracyCurve] = []
        for (name, task) in targets {
            var curve = DegeneracyCurve(target: name)
            var byAge: [Double: (Double, Double)] = [:]
            var byBand: [String: (Int, Int, Double, Int)] = [:]  // degenerate, responses, age sum, count
            for r in measurement.responses where task == nil || Int(r.task) == task {
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
                    let vertex = basis.center - b[1] / (2 * b[2])
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
