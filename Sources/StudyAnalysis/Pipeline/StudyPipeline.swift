import Foundation

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
        let measurement = ResponseMeasurement(input: input, scorer: scorer, threads: options.threads,
                                              convention: options.deviation ?? input.registry.deviation,
                                              fill: options.fillMissing, progress: progress)
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
                                               unscored: tasks.map { $0.scored > 0 ? nil : $0.status })
        lap("group summaries")
        progress?("fitting age curves")
        var curves = fitCurves(participants: participants, tasks: tasks, options: options)
        let degeneracy = degeneracyCurves(input: input, measurement: measurement, options: options)
        lap("age curve fits")
        var grouped = false
        if options.bootstrapReplicates > 0 {
            grouped = bootstrap(&curves, participants: participants, tasks: tasks, options: options, progress: progress)
            lap("bootstrap (B = \(options.bootstrapReplicates))")
        }
        let issues = (input.issues + measurement.issues).sorted { $0.line < $1.line }
        let agreement = PublishedAgreement.compute(input: input, measurement: measurement, participants: participants)
        var result = StudyResult(input: input, options: options, measurement: measurement, participants: participants,
                                 tasks: tasks, summaries: summaries, curves: curves, degeneracy: degeneracy,
                                 agreement: agreement, issues: issues, timings: timings)
        result.bootstrapGroupedToMonths = grouped
        result.tables = scorer.provenance(ofTables: tasks.flatMap { $0.references.map(\.table) })
        let encodings = options.covariates.compactMap { name in
            input.covariateNames.firstIndex(of: name).map { c in
                CovariateEncoding(name: name, column: c, values: input.participants.map { $0.covariates[c] })
            }
        }
        if !encodings.isEmpty {
            result.covariateFits = curveTargets(tasks).map {
                CovariateAdjustedFit.fit(target: $0, participants: participants, input: input, encodings: encodings, scale: options.ageScale)
            }
        }
        let measures = tasks.indices.filter { tasks[$0].scored > 0 }.map { StudyMeasure.task(index: $0, name: tasks[$0].task.name) }
            + StudyMeasure.composites
        result.groupComparisons = options.groupBy.flatMap {
            GroupComparison.compute(input: input, participants: participants, column: $0, measures: measures)
        }
        return result
    }

    static func taskOutcomes(input: StudyInput, measurement: ResponseMeasurement) -> [TaskOutcome] {
        var outcomes = input.registry.tasks.map { TaskOutcome(task: $0) }
        for r in measurement.responses {
            let t = Int(r.task)
            outcomes[t].responses += 1
            let p = measurement.patterns[t][Int(r.slot)]
            if case .success(let s) = p.score {
                if s.method == .bdm { outcomes[t].bdm += 1 }
                if s.method == .imputed { outcomes[t].imputed += 1 }
                if !s.zScore.isNaN { outcomes[t].scored += 1 }
            }
        }
        for t in outcomes.indices {
            outcomes[t].distinctPatterns = measurement.patterns[t].count
            outcomes[t].references = measurement.references[t].keys.sorted().compactMap { try? measurement.references[t][$0]!.get() }
            if outcomes[t].responses == 0 { continue }
            if outcomes[t].scored > 0 {
                outcomes[t].status = .scored
            } else {
                // The reason every pattern shares (the first failure met, in pattern order).
                let failure = measurement.patterns[t].lazy.compactMap(\.score.error).first
                let referenceFailure = measurement.references[t].values.lazy.compactMap(\.error).first
                let reason = referenceFailure ?? failure
                outcomes[t].status = reason.map { .unavailable($0.reason) } ?? .notScored
                outcomes[t].message = reason?.message
            }
        }
        return outcomes
    }

    /// The curve targets: each scored task, then the composites.
    static func curveTargets(_ tasks: [TaskOutcome]) -> [StudyMeasure] {
        tasks.indices.filter { tasks[$0].scored > 0 }.map { StudyMeasure.task(index: $0, name: tasks[$0].task.name) }
            + [.composite, .compositeNonDegenerate]
    }
}
