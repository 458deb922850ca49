import Foundation

extension StudyPipeline {
    /// Both age models for each curve target, over the participants with an age and a value;
    /// a target with too few of them (or too few distinct ages) keeps a note instead of fits.
    static func fitCurves(participants: [ParticipantScores], tasks: [TaskOutcome], options: StudyOptions) -> [CurveResult] {
        var curves: [CurveResult] = []
        for target in curveTargets(tasks) {
            var curve = CurveResult(target: target)
            let points = target.agePoints(participants)
            let ages = points.map(\.age), values = points.map(\.value)
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
            do { curve.quadratic = try QuadraticAgeModel.fit(ages: ages, values: values, scale: options.ageScale) } catch {
                curve.note = "quadratic fit failed: \(error)"
            }
            do {
                curve.spline = try NaturalSplineModel.fit(ages: ages, values: values, maxDegreesOfFreedom: options.splineMaxDegreesOfFreedom,
                                                          degreesOfFreedom: options.splineDegreesOfFreedom, scale: options.ageScale)
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

    /// Runs the case bootstrap over every fitted curve and stores its peak CIs and pointwise
    /// bands in the fits; returns whether the replicates grouped ages to the month.
    static func bootstrap(_ curves: inout [CurveResult], participants: [ParticipantScores], tasks: [TaskOutcome],
                          options: StudyOptions, progress: (@Sendable (String) -> Void)?) -> Bool {
        let withAge = participants.filter { $0.age != nil }
        let targets = curveTargets(tasks)
        var fits: [AgeCurveBootstrap.Curve] = []
        var owners: [(curve: Int, model: AgeCurveFit.Model)] = []
        for (c, curve) in curves.enumerated() {
            guard let t = targets.firstIndex(of: curve.target) else { continue }
            for fit in curve.fits {
                fits.append(AgeCurveBootstrap.Curve(target: t, fit: fit))
                owners.append((c, fit.model))
            }
        }
        guard !fits.isEmpty, !withAge.isEmpty else { return false }
        let boot = AgeCurveBootstrap(ages: withAge.map { $0.age! },
                                     values: targets.map { target in withAge.map(target.value(of:)) },
                                     curves: fits)
        let b = options.bootstrapReplicates
        let every = max(1, b / 10)
        let result = boot.run(replicates: b, seed: options.seed, threads: options.threads) { done in
            if done % every == 0 { progress?("bootstrap \(done)/\(b) replicates") }
        }
        for (k, owner) in owners.enumerated() {
            let peaks = result.peaks[k].filter { !$0.isNaN }
            let interiorShare = Double(result.interior[k].filter { $0 }.count) / Double(max(peaks.count, 1))
            var fit = owner.model == .quadratic ? curves[owner.curve].quadratic! : curves[owner.curve].spline!
            fit.peak.bootstrapReplicates = peaks.count
            fit.peak.bootstrapInteriorShare = interiorShare
            if let ci = SampleSummary.percentileInterval95(peaks) {
                (fit.peak.bootstrapLow, fit.peak.bootstrapHigh) = ci
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
                if let band = SampleSummary.percentileInterval95(column) { (low[g], high[g]) = band }
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
}
