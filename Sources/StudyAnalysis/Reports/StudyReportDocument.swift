import Foundation
import Scoring

/// The study report as one document (`ReportDocument`), rendered as report.md (what a
/// researcher reads first, next to the CSV files) and report.html (one self-contained page
/// with the figures inline). Data accounting, task status (with the reason for tasks that could
/// not be scored), the composite by age band, the age-curve peaks with their CIs, the two-part
/// view, agreement with published scores, scoring failures, the figures, the methods (tool,
/// version, every setting, each table's file and SHA-256) and the references.
enum StudyReportDocument {
    typealias Text = ReportDocument.Text

    static func build(_ result: StudyResult, figures: [StudyPlots.Rendered], settings: StudyReport.Settings) -> ReportDocument {
        let input = result.input
        var doc = ReportDocument(title: "Study report")
        doc.paragraph("Input: \(code: input.source) (\(input.layout.rawValue) layout), task registry \(code: input.registry.name). Written by acss-swift \(ACSSVersion.string) (\(code: "acss study")).")
        doc.table(["", ""], [
            ["rows read", "\(input.rowsRead)"],
            ["rows skipped", "\(result.skippedRows)\(result.skippedRows > 0 ? " (see skipped_rows.csv)" : "")"],
            ["responses measured", "\(result.measurement.responses.count)"],
            ["participants", "\(input.participants.count) (\(input.participants.filter { $0.age != nil }.count) with an age)"],
            ["bootstrap", "B = \(result.options.bootstrapReplicates), seed \(result.options.seed)\(result.bootstrapGroupedToMonths ? ", ages grouped to the month in replicates" : "")"],
        ])
        if let evidence = result.compositePeakEvidence {
            var text: Text = "\(strong: "Composite, quadratic in \(result.options.ageScale.variable): \(evidence).")"
            if let driver = result.ageCurveDriverStatement { text = text + " \(driver.prefix(1).uppercased() + driver.dropFirst())." }
            doc.paragraph(text)
        }
        tasks(result, &doc)
        agreement(result, &doc)
        failures(result, &doc)
        composite(result, &doc)
        ageCurves(result, &doc)
        twoPart(result, &doc)
        covariates(result, &doc)
        groups(result, &doc)
        if !figures.isEmpty {
            doc.heading("Figures")
            for f in figures { doc.blocks.append(.figure(file: f.name, svg: f.svg, caption: "\(f.caption)")) }
        }
        if !result.issues.isEmpty {
            doc.heading("Issues (\(result.issues.count); first 20)")
            doc.list(result.issues.prefix(20).map { "\($0.description)" })
        }
        methods(result, settings, &doc)
        doc.heading("References")
        doc.blocks.append(.numbered(StudyReferences.all.map { "\($0)" }))
        doc.heading("Timings")
        doc.table(["stage", "seconds"], result.timings.map { ["\($0.stage)", "\(NumberText.fixed($0.seconds, 2))"] })
        return doc
    }

    static func tasks(_ result: StudyResult, _ doc: inout ReportDocument) {
        doc.heading("Tasks")
        doc.table(["task", "m", "L", "responses", "with z", "status", "table coverage", "in composite", "uniform reference (mean K, SD)"],
                  result.tasks.map { t in
            let reference = t.references.map { "\($0.table): \(NumberText.fixed($0.mean, 5)), \(NumberText.fixed($0.standardDeviation, 5)) (L = \($0.length), SD: \($0.convention))" }.joined(separator: "; ")
            let coverage = t.references.isEmpty ? "–" : NumberText.fixed(100 * t.coverage, 2) + "%"
            return ["\(t.task.name)", "\(t.task.alphabet)", "\(t.task.length.map(String.init) ?? "any")", "\(t.responses)", "\(t.scored)",
                    "\(t.status)", "\(coverage)", "\(t.inComposite ? "yes" : "no")", "\(reference.isEmpty ? "–" : reference)"]
        })
        doc.paragraph("SD conventions: " + DeviationConvention.allCases.map { "\(code: $0.rawValue) = \($0.explanation)" as Text }.reduce(Text(runs: []), { $0.runs.isEmpty ? $1 : $0 + "; " + $1 })
                      + ". The string tasks use \(code: result.deviation.rawValue) (\(code: "--z-sd")).")
        let unscored = result.tasks.filter { $0.responses > 0 && $0.scored == 0 }
        if !unscored.isEmpty {
            doc.paragraph("Not scored (no K, no z; entropy, RNG indices and quality flags are still in responses.csv):")
            doc.list(unscored.map { "\(strong: $0.task.name): \($0.message ?? $0.status.description)" })
        }
        var notes: [Text] = []
        for t in result.tasks where t.scored > 0 && !t.inComposite { notes.append("\(t.task.name): \(t.message ?? "left out of the composite")") }
        for t in result.tasks where t.bdm > 0 {
            notes.append("\(t.task.name): \(t.bdm) responses are not in the table; their K comes from BDM and they have no z (as ACSS gives NA).")
        }
        for t in result.tasks where t.imputed > 0 {
            notes.append("\(t.task.name): \(t.imputed) responses are not in the table; their K is imputed (\(code: "--fill-missing"): K = \(result.options.fillMissing.complexity(for: t.task.name).map(NumberText.years) ?? "?")) and their z computed from it (method \(code: "imputed") in responses.csv).")
        }
        doc.list(notes)
    }

    static func agreement(_ result: StudyResult, _ doc: inout ReportDocument) {
        guard !result.agreement.isEmpty else { return }
        doc.heading("Agreement with the published scores")
        doc.paragraph("Our z against the z published with the data (per task: \(code: "TASK.K") or \(code: "published_z"); composite: the file's \(code: "K"), \(code: "published_K")), where both exist; dz = ours - published (agreement.csv).")
        doc.table(["measure", "n", "mean |dz|", "max |dz|", "Spearman", "Pearson"], result.agreement.measures.map { m in
            ["\(m.measure)", "\(m.n)", "\(NumberText.shown(m.meanAbsoluteDifference, 6))", "\(NumberText.shown(m.maxAbsoluteDifference, 6))",
             "\(NumberText.shown(m.spearman, 4))", "\(NumberText.shown(m.pearson, 4))"]
        })
        doc.paragraph("Worst rows:")
        doc.table(["measure", "participant", "line", "response", "published", "ours", "dz"], result.agreement.measures.flatMap { m in
            m.worst.map { w -> [Text] in
                ["\(m.measure)", "\(w.participant)", "\(w.line)", w.response.isEmpty ? "–" : "\(code: w.response)",
                 "\(NumberText.fixed(w.published, 6))", "\(NumberText.fixed(w.ours, 6))", "\(NumberText.fixed(w.difference, 6))"]
            }
        })
    }

    static func failures(_ result: StudyResult, _ doc: inout ReportDocument) {
        let failures = result.scoringFailures
        guard !failures.isEmpty else { return }
        doc.heading("Scoring failures")
        doc.paragraph("Responses without K or z, by task and message (each response's message is in responses.csv):")
        doc.table(["task", "reason", "responses", "first line", "message"], failures.map { f in
            ["\(f.task)", "\(f.reason.rawValue)", "\(f.responses)", "\(f.firstLine)", "\(f.message)"]
        })
    }

    static func composite(_ result: StudyResult, _ doc: inout ReportDocument) {
        doc.heading("Composite by age band")
        doc.paragraph("\(strong: result.compositeCoverage + ".") Composite = mean of each participant's task z over the scored tasks (\(result.compositeTasks.isEmpty ? "none" : result.compositeTasks.joined(separator: ", "))). z = (K - mean K of all strings) / SD: 0 is what a uniformly random producer scores. The test is a one-sample t test of mean z = 0.")
        var rows: [[Text]] = []
        for row in result.summaries where (row.grouping == .ageBand || row.grouping == .all) && row.measure == .composite {
            let s = row.summary, d = row.degenerate
            guard d.trials > 0 || s.n > 0 else { continue }
            rows.append(["\(row.group)", "\(s.n)", "\(NumberText.shown(s.mean, 3)) [\(NumberText.shown(s.meanLow, 3)), \(NumberText.shown(s.meanHigh, 3))]",
                         "\(NumberText.shown(s.median, 3))", "\(NumberText.shown(s.trimmedMean, 3))", "\(s.p.isNaN ? "–" : NumberText.pValue(s.p))",
                         "\(NumberText.shown(100 * d.proportion, 1))% [\(NumberText.shown(100 * d.low, 1)), \(NumberText.shown(100 * d.high, 1))]"])
        }
        doc.table(["age band", "n", "mean z [95% CI]", "median", "20% trimmed mean", "p (z = 0)", "degenerate responses [95% CI]"], rows)
    }

    static func ageCurves(_ result: StudyResult, _ doc: inout ReportDocument) {
        doc.heading("Age curves")
        doc.paragraph("Two models of z against age: a quadratic in ln(age) (peak exp(-b1/(2 b2)), delta-method CI on the log scale) and a natural cubic spline in ln(age) with df chosen by AICc (peak by grid search). Bootstrap CIs are percentile intervals of the age of the maximum over \(result.options.bootstrapReplicates) case resamples (spline df and knots fixed).")
        var rows: [[Text]] = []
        for c in result.curves {
            if c.fits.isEmpty { rows.append(["\(c.target)", "\(c.participants)", "–", "–", "–", "–", "–", "\(c.note ?? "")"]) }
            for fit in c.fits {
                let p = fit.peak
                let ci = { (lo: Double, hi: Double) in lo.isNaN ? "–" : "\(NumberText.fixed(lo, 1))–\(NumberText.fixed(hi, 1))" }
                rows.append(["\(c.target)", "\(c.participants)", "\(fit.basis.summary)", "\(p.interior ? NumberText.fixed(p.age, 1) : "no interior peak")",
                             "\(ci(p.deltaLow, p.deltaHigh))", "\(ci(p.bootstrapLow, p.bootstrapHigh))",
                             "\(p.bootstrapReplicates > 0 ? NumberText.fixed(100 * p.bootstrapInteriorShare, 1) + "%" : "–")", "\(p.note ?? "")"])
            }
        }
        doc.table(["target", "n", "model", "peak age", "delta-method 95% CI", "bootstrap 95% CI", "interior in bootstrap", "note"], rows)
        doc.paragraph("Tests of the quadratics (b2 is the curvature; \"no evidence of an interior peak\" unless b2 < 0 with p < 0.05 and the vertex inside the observed ages; F against the straight line and against the constant). Spline df: chosen by AICc among 1...min(--spline-max-df, n/10), or fixed with --spline-df.")
        doc.table(["target", "n", "b2", "SE", "t", "p", "F vs linear (df)", "p", "F vs constant (df)", "p", "spline df rule"], result.curves.compactMap { c in
            guard let e = c.quadratic?.evidence else { return nil }
            let f1 = e.versusLinear, f0 = e.ageEffect
            return ["\(c.target)", "\(c.participants)", "\(NumberText.significant(e.b2.estimate, 4))", "\(NumberText.significant(e.b2.standardError))",
                    "\(NumberText.shown(e.b2.statistic, 2))", "\(NumberText.pValue(e.b2.p))", "\(NumberText.shown(f1.f, 2)) (\(f1.df1), \(f1.df2))",
                    "\(NumberText.pValue(f1.p))", "\(NumberText.shown(f0.f, 2)) (\(f0.df1), \(f0.df2))", "\(NumberText.pValue(f0.p))",
                    "\(c.spline?.degreesOfFreedomRule ?? "–")"]
        })
    }

    static func twoPart(_ result: StudyResult, _ doc: inout ReportDocument) {
        doc.heading("Two-part view")
        doc.paragraph("Part 1: the probability that a response is degenerate (constant, alternating, counting, cycling, padded with the default symbol), logistic regression on a quadratic in ln(age). Part 2: the composite over non-degenerate responses only (\(code: "composite_nondegenerate") above).")
        doc.paragraph("Standard errors of the logistic curve are clustered by participant (CR1 sandwich: each participant gives several responses); the age test is the Wald χ² of both age terms.")
        doc.table(["responses of", "age where degenerate responses are rarest", "participants", "b2 [clustered SE]", "age χ²(2)", "p", "note"], result.degeneracy.map { d in
            let b2 = d.robustCoefficientTests.count == 3 ? d.robustCoefficientTests[2] : nil
            return ["\(d.target)", "\(d.minimumAge.map { NumberText.fixed($0, 1) } ?? "–")", "\(d.clusters)",
                    "\(b2.map { "\(NumberText.significant($0.estimate)) [\(NumberText.significant($0.standardError))]" } ?? "–")",
                    "\(d.ageTest.map { NumberText.shown($0.statistic, 2) } ?? "–")", "\(d.ageTest.map { NumberText.pValue($0.p) } ?? "–")",
                    "\(d.note ?? (d.minimumAge == nil && d.fit != nil ? "no interior minimum" : ""))"]
        })
        if let driver = result.ageCurveDriver {
            doc.paragraph("Which part drives the composite's age curve: \(strong: driver.verdict.rawValue). \(driver.statement.prefix(1).uppercased() + driver.statement.dropFirst()). Rule: the engaged part changes with age when the quadratic of \(code: "composite_nondegenerate") beats the constant (F, p < 0.05); the degenerate part when the logistic curve's age terms are significant (clustered Wald, p < 0.05); when both do, degenerate responses drive it if the engaged curve spans less than half the composite's range (max - min of the fitted quadratics over the observed ages), otherwise both parts do.")
        }
    }

    static func covariates(_ result: StudyResult, _ doc: inout ReportDocument) {
        guard !result.covariateFits.isEmpty else { return }
        doc.heading("Covariates")
        doc.paragraph("The quadratic age model with \(code: "--covariates") \(result.options.covariates.joined(separator: ", ")) (complete cases; a categorical covariate is coded against its first level in sorted order). Coefficients with SE, t and p (df n - p); each covariate's F test compares the model without it.")
        for c in result.covariateFits {
            doc.paragraph("\(strong: c.target.description) (n = \(c.participants))\(c.note.map { ": \($0)" } ?? "")")
            guard !c.terms.isEmpty else { continue }
            doc.table(["term", "estimate", "SE", "t", "p"], c.terms.map { t in
                ["\(t.name)", "\(NumberText.significant(t.test.estimate, 4))", "\(NumberText.significant(t.test.standardError))",
                 "\(NumberText.shown(t.test.statistic, 2))", "\(NumberText.pValue(t.test.p))"]
            })
            doc.table(["covariate", "reference", "F (df)", "p"], c.covariateTests.map { t in
                ["\(t.covariate)", "\(t.reference ?? "numeric")", "\(NumberText.shown(t.test.f, 2)) (\(t.test.df1), \(t.test.df2))", "\(NumberText.pValue(t.test.p))"]
            })
        }
    }

    static func groups(_ result: StudyResult, _ doc: inout ReportDocument) {
        guard !result.groupComparisons.isEmpty else { return }
        doc.heading("Tests between groups")
        doc.paragraph("One-way ANOVA of each measure across the groups of each \(code: "--group-by") column (participants with the measure; group NA left out); summaries in summary_by_COLUMN.csv.")
        doc.table(["column", "measure", "groups", "n", "F (df)", "p"], result.groupComparisons.map { g in
            ["\(g.column)", "\(g.measure)", "\(g.groups)", "\(g.participants)",
             "\(g.test.map { "\(NumberText.shown($0.f, 2)) (\($0.df1), \($0.df2))" } ?? "–")", "\(g.test.map { NumberText.pValue($0.p) } ?? "–")"]
        })
    }

    /// Every setting of the run, defaults included, as (option, value): what a reader needs
    /// to run it again.
    static func settingRows(_ result: StudyResult, _ settings: StudyReport.Settings) -> [(String, String)] {
        let o = result.options
        let fill = result.fillMissingSettings.map { "\($0.task == "*" ? "" : $0.task + ":")K=\(NumberText.years($0.complexity))" }
        return [
            ("INPUT", result.input.source), ("--layout", result.input.layout.rawValue), ("registry", result.input.registry.name),
            ("--bootstrap", String(o.bootstrapReplicates)), ("--seed", String(o.seed)), ("--threads", String(o.threads)),
            ("--age-bands", o.ageBands.breaks.map(NumberText.years).joined(separator: ",")),
            ("--group-by", o.groupBy.isEmpty ? "none" : o.groupBy.joined(separator: ", ")),
            ("--covariates", o.covariates.isEmpty ? "none" : o.covariates.joined(separator: ",")),
            ("--spline-max-df", String(o.splineMaxDegreesOfFreedom)), ("--spline-df", o.splineDegreesOfFreedom.map(String.init) ?? "auto"),
            ("--age-scale", o.ageScale.rawValue), ("--min-participants", String(o.minimumParticipantsForFit)),
            ("--min-coverage", NumberText.exact(o.minimumCoverage)), ("--z-sd", result.deviation.rawValue),
            ("--fill-missing", fill.isEmpty ? "none" : fill.joined(separator: " ")),
            ("--no-plots", settings.plots ? "no" : "yes"),
            ("--figure-width", NumberText.years(settings.figureWidthMillimetres) + " mm"),
        ]
    }

    static func methods(_ result: StudyResult, _ settings: StudyReport.Settings, _ doc: inout ReportDocument) {
        doc.heading("Methods")
        doc.paragraph("Tool: acss-swift \(ACSSVersion.string), \(code: "acss study") (the Coding Theorem Method; Gauvrit et al. 2016, 2017).")
        if let command = settings.commandLine {
            doc.paragraph("Command: \(code: command.joined(separator: " "))")
        }
        doc.paragraph("Settings (every option of the run, defaults included):")
        doc.table(["option", "value"], settingRows(result, settings).map { ["\(code: $0.0)", "\($0.1)"] })
        if result.tables.isEmpty {
            doc.paragraph("Tables: none read from files (tables in memory, or no task could be scored).")
        } else {
            doc.paragraph("Tables (from each file's header; SHA-256 of the whole file):")
            doc.table(["table", "file", "machines (states, symbols)", "step cap", "machines / samples", "H (halting)", "SHA-256"], result.tables.map { t in
                ["\(t.name)", "\(code: t.file)", "\(t.space)", "\(t.stepCap.map(String.init) ?? "–")",
                 "\(t.machines.map { "\($0) machines" } ?? t.samples.map { "\($0) samples" } ?? "–")", "\(t.halting ?? "–")", "\(code: t.sha256)"]
            })
        }
        doc.list([
            "K: Coding Theorem Method, K = -log2 D, from the table of the task's possible alphabet (docs/formalism.md §2, §6); strings the table lacks get BDM K and no z.",
            "z: (K - mean)/SD, mean of K over all m^L strings of the task's alphabet and length, computed exactly from the table, SD by the convention in the task table (\(code: "--z-sd")); percentile: share of random strings with lower K (ties half).",
            "Degenerate: constant, stereotyped (alternation, counting in the listed symbol order, cycling a permutation), or ending in a run of the default symbol with chance ≤ 1% under a random producer. Impossible times (≤ 0 s, below 0.2 s per symbol or the task's minimum) are flagged, not counted as degenerate.",
            "Summaries: mean with t interval, median, 20% trimmed mean, one-sample t test of z = 0; degenerate share with the Wilson score interval.",
            "Fits: least squares by Householder QR; AIC as R's \(code: "AIC(lm)"), AICc = AIC + 2k(k+1)/(n-k-1); logistic regression by IRLS with participant-clustered (CR1) standard errors; F tests of nested models; one-way ANOVA between groups.",
            "Bootstrap: participants resampled with replacement, seeded per replicate (results do not depend on the thread count).",
        ])
    }
}

/// The works a study report cites: the papers of CITATION.cff (a test checks that each is
/// there) and this tool.
enum StudyReferences {
    static let all: [String] = [
        "Gauvrit, N., Zenil, H., Delahaye, J.-P., & Soler-Toscano, F. (2014). Algorithmic complexity for short binary strings applied to psychology: a primer. Behavior Research Methods.",
        "Zenil, H., Soler-Toscano, F., Delahaye, J.-P., & Gauvrit, N. (2015). Two-dimensional Kolmogorov complexity and an empirical validation of the Coding Theorem Method by compressibility. PeerJ Computer Science, 1.",
        "Gauvrit, N., Singmann, H., Soler-Toscano, F., & Zenil, H. (2016). Algorithmic complexity for psychology: a user-friendly implementation of the coding theorem method. Behavior Research Methods, 48.",
        "Gauvrit, N., Zenil, H., Soler-Toscano, F., Delahaye, J.-P., & Brugger, P. (2017). Human behavioral complexity peaks at age 25. PLoS Computational Biology, 13.",
        "Zenil, H., Hernández-Orozco, S., Kiani, N. A., Soler-Toscano, F., Rueda-Toicen, A., & Tegnér, J. (2018). A decomposition method for global evaluation of Shannon entropy and local estimations of algorithmic complexity. Entropy, 20.",
        "The acss-swift developers (2026). acss-swift: algorithmic complexity of short strings and small arrays with the Coding Theorem Method, version \(ACSSVersion.string).",
    ]

    /// The titles of the papers, as CITATION.cff spells them.
    static let paperTitles = [
        "Algorithmic complexity for short binary strings applied to psychology: a primer",
        "Two-dimensional Kolmogorov complexity and an empirical validation of the Coding Theorem Method by compressibility",
        "Algorithmic complexity for psychology: a user-friendly implementation of the coding theorem method",
        "Human behavioral complexity peaks at age 25",
        "A decomposition method for global evaluation of Shannon entropy and local estimations of algorithmic complexity",
    ]
}
