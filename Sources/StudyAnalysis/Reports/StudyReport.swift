import Foundation
import TextInput

/// Writes a study's results into one folder:
///
/// | file | one row per |
/// |---|---|
/// | responses.csv | response: pattern, table, K, D, z, percentile, prob_random, entropies, indices, flags, status, the scoring failure's message |
/// | participants.csv | participant: task z, composites, degenerate count, covariates |
/// | summary_by_ageband.csv | (age band or "all", measure): n, mean + 95% CI, median, 20% trimmed mean, t test vs 0, degenerate share + Wilson CI |
/// | summary_by_COLUMN.csv | the same for each `--group-by` column |
/// | model_fits.csv | (target, model): coefficients, AIC (spline: AIC and AICc by df), peak age with delta-method and bootstrap CIs; logistic fits of degeneracy |
/// | skipped_rows.csv | input line skipped or warned about, with the reason |
/// | agreement.csv | measure (task, composite), when the input has published scores: n, mean and max |dz|, Spearman, Pearson, the worst pair |
/// | report.json, report.md | everything above in summary, with the settings, the tables' files and SHA-256, the version |
/// | report.html | report.md's content as one self-contained page, the figures inline (`ReportDocument`) |
/// | *.svg | the figures (`StudyPlots`) |
public enum StudyReport {
    /// How the report is written (not what is analysed: that is `StudyOptions`).
    public struct Settings: Sendable {
        /// Write the SVG figures (and put them in report.md and report.html).
        public var plots = true
        /// Printed width of every figure (`--figure-width`).
        public var figureWidthMillimetres = Settings.defaultFigureWidthMillimetres
        /// The command as run, quoted in the methods; nil when not run from a command line.
        public var commandLine: [String]?

        public init(plots: Bool = true, figureWidthMillimetres: Double = Settings.defaultFigureWidthMillimetres, commandLine: [String]? = nil) {
            self.plots = plots
            self.figureWidthMillimetres = figureWidthMillimetres
            self.commandLine = commandLine
        }

        /// One journal column.
        public static let defaultFigureWidthMillimetres = 85.0
        /// The narrowest and widest figures (millimetres) `--figure-width` accepts: below 40 mm
        /// a panel has no room for its axes at 7 pt; 500 mm is a poster.
        public static let figureWidths: ClosedRange<Double> = 40...500
    }

    public static func write(_ result: StudyResult, to directory: String, plots: Bool = true) throws -> [String] {
        try write(result, to: directory, settings: Settings(plots: plots))
    }

    public static func write(_ result: StudyResult, to directory: String, settings: Settings) throws -> [String] {
        var written: [String] = []
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        try writeResponses(result, path("responses.csv")); written.append("responses.csv")
        try writeParticipants(result, path("participants.csv")); written.append("participants.csv")
        try writeSummaries(result, groupings: [.all, .ageBand], path("summary_by_ageband.csv")); written.append("summary_by_ageband.csv")
        for column in result.options.groupBy where result.input.covariateNames.contains(column) {
            let name = "summary_by_\(safeFileName(column)).csv"
            try writeSummaries(result, groupings: [.covariate(column)], path(name))
            written.append(name)
        }
        try writeModelFits(result, path("model_fits.csv")); written.append("model_fits.csv")
        try writeIssues(result, path("skipped_rows.csv")); written.append("skipped_rows.csv")
        if !result.agreement.isEmpty {
            try writeAgreement(result, path("agreement.csv")); written.append("agreement.csv")
        }
        var figures: [StudyPlots.Rendered] = []
        if settings.plots {
            figures = StudyPlots.render(result, widthMillimetres: settings.figureWidthMillimetres)
            for figure in figures { try save(figure.svg, path(figure.name)) }
        }
        written += figures.map(\.name)
        let reports = ["report.json", "report.md", "report.html"]
        try save(StudyJSONReport.render(result, files: written + reports, settings: settings), path("report.json"))
        let document = StudyReportDocument.build(result, figures: figures, settings: settings)
        try save(document.markdown(), path("report.md"))
        try save(document.html(), path("report.html"))
        return written + reports
    }

    static func safeFileName(_ s: String) -> String {
        String(s.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? $0 : "_" })
    }

    static func save(_ text: String, _ path: String) throws {
        do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw StudyReportError("cannot write '\(path)': \(error.localizedDescription)")
        }
    }

    static func status(_ score: Result<ComplexityScore, ScoringUnavailable>) -> String {
        switch score {
        case .success(let s):
            switch s.method {
            case .ctm: return "scored"
            case .bdm: return "K by BDM (not in table): no z"
            case .imputed: return "K imputed (not in table): --fill-missing"
            }
        case .failure(let e): return e.reason.rawValue
        }
    }

    static func ageText(_ age: Double?) -> String {
        age.map(NumberText.years) ?? ""
    }

    static func writeResponses(_ result: StudyResult, _ path: String) throws {
        var file = try BufferedFile(path: path)
        try file.row(["line", "participant_id", "age", "task", "trial", "response", "length", "pattern", "table", "method",
                      "K", "D", "z", "percentile", "prob_random", "entropy", "entropy2", "alternation_rate", "longest_run",
                      "rng_evans", "redundancy", "turning_points", "tp_index", "adjacency", "flag_constant", "flag_stereotype",
                      "flag_default_padding", "flag_impossible_rt", "degenerate", "rt_s", "published_z", "status", "message"])
        let input = result.input
        let tasks = input.registry.tasks
        // Per task and pattern: the fixed part of the row, formatted once.
        var patternFields: [[String]] = []
        var offsets: [Int] = []
        for t in tasks.indices {
            offsets.append(patternFields.count)
            for p in result.measurement.patterns[t] {
                var f: [String] = [p.pattern]
                switch p.score {
                case .success(let s):
                    f += [s.table, s.method.rawValue, NumberText.fixed(s.complexity, 6), NumberText.exact(s.probability),
                          NumberText.fixed(s.zScore, 6), NumberText.fixed(s.percentile, 3), NumberText.exact(s.probRandom)]
                case .failure:
                    f += ["", "", "", "", "", "", ""]
                }
                f += [NumberText.fixed(p.entropy, 6), NumberText.fixed(p.bigramEntropy, 6), NumberText.fixed(p.alternationRate, 6),
                      String(p.longestRun), NumberText.fixed(p.evansRNG, 6), NumberText.fixed(p.redundancy, 4)]
                patternFields.append([f.joined(separator: ","), DelimitedText.csvField(status(p.score)),
                                      DelimitedText.csvField(p.score.error?.message ?? "")])
            }
        }
        for r in result.measurement.responses {
            let raw = input.responses[Int(r.response)]
            let participant = input.participants[raw.participant]
            let t = Int(r.task)
            let fixed = patternFields[offsets[t] + Int(r.slot)]
            let flags = r.flags
            let row = [String(raw.line), DelimitedText.csvField(participant.id), ageText(participant.age), tasks[t].name,
                       DelimitedText.csvField(raw.trial), DelimitedText.csvField(raw.text.trimmedField),
                       String(r.length), fixed[0],
                       r.turningPoints >= 0 ? String(r.turningPoints) : "", NumberText.fixed(r.turningPointIndex, 3),
                       NumberText.fixed(r.adjacency, 3), flags.constant ? "1" : "0", flags.stereotype?.rawValue ?? "",
                       flags.defaultPadding ? "1" : "0", flags.impossibleTime ? "1" : "0", flags.degenerate ? "1" : "0",
                       NumberText.exact(raw.responseSeconds), NumberText.exact(raw.publishedZ), fixed[1], fixed[2]]
            try file.write(row.joined(separator: ",") + "\n")
        }
        try file.close()
    }

    static func writeParticipants(_ result: StudyResult, _ path: String) throws {
        var file = try BufferedFile(path: path)
        let input = result.input
        let tasks = input.registry.tasks
        try file.row(["participant_id", "age", "age_band"] + input.covariateNames.map(DelimitedText.csvField)
                     + ["responses", "tasks_scored"] + tasks.map { "z_\($0.name)" }
                     + StudyMeasure.composites.map(\.description) + ["degenerate_responses", "impossible_rt", "published_K", "published_RT"])
        for p in result.participants {
            let info = input.participants[p.participant]
            try file.row([DelimitedText.csvField(info.id), ageText(info.age), result.options.ageBands.label(for: info.age)]
                         + info.covariates.map(DelimitedText.csvField)
                         + [String(p.responses), String(p.tasksScored)] + p.taskZ.map { NumberText.fixed($0, 6) }
                         + StudyMeasure.composites.map { NumberText.fixed($0.value(of: p), 6) }
                         + [String(p.degenerate), String(p.impossibleTimes),
                            NumberText.exact(info.publishedComposite), NumberText.exact(info.publishedResponseSeconds)])
        }
        try file.close()
    }

    static func writeSummaries(_ result: StudyResult, groupings: [Grouping], _ path: String) throws {
        var file = try BufferedFile(path: path)
        try file.row(["grouping", "group", "measure", "n", "mean", "ci_low", "ci_high", "sd", "median", "trimmed_mean_20",
                      "t", "df", "p_value", "responses", "degenerate", "degenerate_share", "degenerate_ci_low",
                      "degenerate_ci_high", "mean_entropy", "status"])
        for row in result.summaries where groupings.contains(row.grouping) {
            let s = row.summary, d = row.degenerate
            try file.row([DelimitedText.csvField(row.grouping.description), DelimitedText.csvField(row.group), row.measure.description, String(s.n),
                          NumberText.fixed(s.mean, 6), NumberText.fixed(s.meanLow, 6), NumberText.fixed(s.meanHigh, 6),
                          NumberText.fixed(s.standardDeviation, 6), NumberText.fixed(s.median, 6), NumberText.fixed(s.trimmedMean, 6),
                          NumberText.fixed(s.t, 4), s.n > 1 ? String(s.degreesOfFreedom) : "", NumberText.pValue(s.p),
                          String(d.trials), String(d.successes), NumberText.fixed(d.proportion, 6), NumberText.fixed(d.low, 6),
                          NumberText.fixed(d.high, 6), NumberText.fixed(row.meanEntropy, 6), DelimitedText.csvField(row.statusText)])
        }
        try file.close()
    }

    static let modelFitColumns = ["target", "model", "n", "parameters", "aic", "r_squared", "sigma", "b0", "b1", "b2",
                                  "extremum", "peak_age", "interior", "delta_ci_low", "delta_ci_high",
                                  "bootstrap_ci_low", "bootstrap_ci_high", "bootstrap_replicates", "bootstrap_interior_share", "note"]

    static func writeModelFits(_ result: StudyResult, _ path: String) throws {
        var file = try BufferedFile(path: path)
        try file.row(modelFitColumns)
        for curve in result.curves {
            let fits = curve.fits
            if fits.isEmpty {
                try file.row([curve.target.description, "", String(curve.participants)] + [String](repeating: "", count: modelFitColumns.count - 4)
                             + [DelimitedText.csvField(curve.note ?? "")])
                continue
            }
            for fit in fits {
                var coefficients = ["", "", ""]
                var parameters = String(fit.fit.parameters)
                if let q = fit.basis as? QuadraticAgeBasis {
                    coefficients = q.uncentered(fit.fit.coefficients).map { NumberText.exact($0) }
                } else if let s = fit.basis as? NaturalSplineBasis {
                    parameters = "df \(s.degreesOfFreedom); AIC by df: " + fit.aicByDegreesOfFreedom.map { "\($0.df):\($0.aic.map { NumberText.fixed($0, 2) } ?? "NA")" }.joined(separator: " ")
                        + "; AICc by df: " + fit.aicByDegreesOfFreedom.map { "\($0.df):\($0.aicc.map { NumberText.fixed($0, 2) } ?? "NA")" }.joined(separator: " ")
                }
                let p = fit.peak
                try file.row([curve.target.description, fit.model.rawValue, String(fit.fit.observations), DelimitedText.csvField(parameters),
                              NumberText.fixed(fit.fit.aic, 4), NumberText.fixed(fit.fit.rSquared, 6),
                              NumberText.fixed(fit.fit.residualVariance.squareRoot(), 6)] + coefficients
                             + ["maximum", NumberText.fixed(p.age, 3), p.interior ? "1" : "0", NumberText.fixed(p.deltaLow, 3),
                                NumberText.fixed(p.deltaHigh, 3), NumberText.fixed(p.bootstrapLow, 3), NumberText.fixed(p.bootstrapHigh, 3),
                                p.bootstrapReplicates > 0 ? String(p.bootstrapReplicates) : "", NumberText.fixed(p.bootstrapInteriorShare, 4),
                                DelimitedText.csvField(p.note ?? curve.note ?? "")])
            }
        }
        for d in result.degeneracy {
            let target = "degenerate: \(d.target)"
            guard let fit = d.fit, let basis = d.basis else {
                try file.row([DelimitedText.csvField(target), "logistic_quadratic_log_age"] + [String](repeating: "", count: modelFitColumns.count - 3)
                             + [DelimitedText.csvField(d.note ?? "")])
                continue
            }
            let b = basis.uncentered(fit.coefficients)
            let trials = d.byBand.reduce(0) { $0 + $1.interval.trials }
            // The same delta-method interval as the quadratic peak, with the logistic covariance.
            let ci = fit.coefficients[2] > 0 ? basis.vertexAgeInterval(fit.coefficients, covariance: fit.covariance) : (low: .nan, high: .nan)
            try file.row([DelimitedText.csvField(target), "logistic_quadratic_log_age", String(trials), "3",
                          "", "", ""] + b.map { NumberText.exact($0) }
                         + ["minimum", NumberText.fixed(d.minimumAge ?? .nan, 3), d.minimumAge != nil ? "1" : "0",
                            NumberText.fixed(ci.low, 3), NumberText.fixed(ci.high, 3), "", "", "", "",
                            DelimitedText.csvField(d.note ?? (d.minimumAge == nil ? "no interior minimum of the degenerate share" : "age where degenerate responses are rarest; deviance \(NumberText.fixed(fit.deviance, 3))"))])
        }
        try file.close()
    }

    static func writeAgreement(_ result: StudyResult, _ path: String) throws {
        var file = try BufferedFile(path: path)
        try file.row(["measure", "n", "mean_abs_dz", "max_abs_dz", "spearman", "pearson",
                      "worst_participant_id", "worst_line", "worst_response", "worst_published", "worst_ours"])
        for m in result.agreement.measures {
            let w = m.worst.first
            try file.row([DelimitedText.csvField(m.measure.description), String(m.n), NumberText.exact(m.meanAbsoluteDifference),
                          NumberText.exact(m.maxAbsoluteDifference), NumberText.exact(m.spearman), NumberText.exact(m.pearson),
                          DelimitedText.csvField(w?.participant ?? ""), w.map { String($0.line) } ?? "",
                          DelimitedText.csvField(w?.response ?? ""), NumberText.exact(w?.published ?? .nan), NumberText.exact(w?.ours ?? .nan)])
        }
        try file.close()
    }

    static func writeIssues(_ result: StudyResult, _ path: String) throws {
        var file = try BufferedFile(path: path)
        try file.row(["line", "skipped", "reason"])
        for issue in result.issues {
            try file.row([String(issue.line), issue.skipped ? "1" : "0", DelimitedText.csvField(issue.message)])
        }
        try file.close()
    }
}
