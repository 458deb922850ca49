import Foundation

/// report.md: what a researcher reads first. Data accounting, task status (with the reason for
/// tasks that could not be scored), the composite by age band, the age-curve peaks with their
/// CIs, the two-part view, the figures, the first issues, and how every number was computed.
enum StudyMarkdownReport {
    static func render(_ result: StudyResult, figures: [String]) -> String {
        let input = result.input
        var md = "# Study report\n\n"
        md += "Input: `\(input.source)` (\(input.layout.rawValue) layout), task registry `\(input.registry.name)`.\n\n"
        md += "| | |\n|---|---|\n"
        md += "| rows read | \(input.rowsRead) |\n"
        md += "| rows skipped | \(result.skippedRows)\(result.skippedRows > 0 ? " (see skipped_rows.csv)" : "") |\n"
        md += "| responses measured | \(result.measurement.responses.count) |\n"
        md += "| participants | \(input.participants.count) (\(input.participants.filter { $0.age != nil }.count) with an age) |\n"
        md += "| bootstrap | B = \(result.options.bootstrapReplicates), seed \(result.options.seed)\(result.bootstrapGroupedToMonths ? ", ages grouped to the month in replicates" : "") |\n\n"
        if let evidence = result.compositePeakEvidence {
            md += "**Composite, quadratic in \(result.options.ageScale.variable): \(evidence).**"
            if let driver = result.ageCurveDriverStatement { md += " " + driver.prefix(1).uppercased() + driver.dropFirst() + "." }
            md += "\n\n"
        }

        md += "## Tasks\n\n| task | m | L | responses | with z | status | table coverage | in composite | uniform reference (mean K, SD) |\n|---|---|---|---|---|---|---|---|---|\n"
        for t in result.tasks {
            let reference = t.references.map { "\($0.table): \(NumberText.fixed($0.mean, 5)), \(NumberText.fixed($0.standardDeviation, 5)) (L = \($0.length), SD: \($0.convention))" }.joined(separator: "; ")
            let coverage = t.references.isEmpty ? "–" : NumberText.fixed(100 * t.coverage, 2) + "%"
            md += "| \(t.task.name) | \(t.task.alphabet) | \(t.task.length.map(String.init) ?? "any") | \(t.responses) | \(t.scored) | \(t.status) | \(coverage) | \(t.inComposite ? "yes" : "no") | \(reference.isEmpty ? "–" : reference) |\n"
        }
        md += "\nSD conventions: " + DeviationConvention.allCases.map { "`\($0)` = \($0.explanation)" }.joined(separator: "; ")
        md += ". The string tasks use `\(result.deviation)` (`--z-sd`).\n"
        let unscored = result.tasks.filter { $0.responses > 0 && $0.scored == 0 }
        if !unscored.isEmpty {
            md += "\nNot scored (no K, no z; entropy, RNG indices and quality flags are still in responses.csv):\n\n"
            for t in unscored { md += "- **\(t.task.name)**: \(t.message ?? t.status.description)\n" }
        }
        for t in result.tasks where t.scored > 0 && !t.inComposite {
            md += "\n- \(t.task.name): \(t.message ?? "left out of the composite")\n"
        }
        for t in result.tasks where t.bdm > 0 {
            md += "\n- \(t.task.name): \(t.bdm) responses are not in the table; their K comes from BDM and they have no z (as ACSS gives NA).\n"
        }
        for t in result.tasks where t.imputed > 0 {
            md += "\n- \(t.task.name): \(t.imputed) responses are not in the table; their K is imputed (`--fill-missing`: K = \(result.options.fillMissing.complexity(for: t.task.name).map(NumberText.years) ?? "?")) and their z computed from it (method `imputed` in responses.csv).\n"
        }
        if !result.agreement.isEmpty {
            md += "\n## Agreement with the published scores\n\n"
            md += "Our z against the z published with the data (per task: `TASK.K` or `published_z`; composite: the file's `K`, `published_K`), where both exist; dz = ours - published (agreement.csv).\n\n"
            md += "| measure | n | mean \\|dz\\| | max \\|dz\\| | Spearman | Pearson |\n|---|---|---|---|---|---|\n"
            for m in result.agreement.measures {
                md += "| \(m.measure) | \(m.n) | \(NumberText.shown(m.meanAbsoluteDifference, 6)) | \(NumberText.shown(m.maxAbsoluteDifference, 6)) | \(NumberText.shown(m.spearman, 4)) | \(NumberText.shown(m.pearson, 4)) |\n"
            }
            md += "\nWorst rows:\n\n| measure | participant | line | response | published | ours | dz |\n|---|---|---|---|---|---|---|\n"
            for m in result.agreement.measures {
                for w in m.worst {
                    md += "| \(m.measure) | \(w.participant) | \(w.line) | \(w.response.isEmpty ? "–" : "`\(w.response)`") | \(NumberText.fixed(w.published, 6)) | \(NumberText.fixed(w.ours, 6)) | \(NumberText.fixed(w.difference, 6)) |\n"
                }
            }
        }

        let failures = result.scoringFailures
        if !failures.isEmpty {
            md += "\n## Scoring failures\n\nResponses without K or z, by task and message (each response's message is in responses.csv):\n\n| task | reason | responses | first line | message |\n|---|---|---|---|---|\n"
            for f in failures {
                md += "| \(f.task) | \(f.reason.rawValue) | \(f.responses) | \(f.firstLine) | \(f.message.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }

        md += "\n## Composite by age band\n\n"
        md += "**\(result.compositeCoverage).** "
        md += "Composite = mean of each participant's task z over the scored tasks (\(result.compositeTasks.isEmpty ? "none" : result.compositeTasks.joined(separator: ", "))). "
        md += "z = (K - mean K of all strings) / SD: 0 is what a uniformly random producer scores. The test is a one-sample t test of mean z = 0.\n\n"
        md += "| age band | n | mean z [95% CI] | median | 20% trimmed mean | p (z = 0) | degenerate responses [95% CI] |\n|---|---|---|---|---|---|---|\n"
        for row in result.summaries where (row.grouping == .ageBand || row.grouping == .all) && row.measure == .composite {
            let s = row.summary, d = row.degenerate
            guard d.trials > 0 || s.n > 0 else { continue }
            md += "| \(row.group) | \(s.n) | \(NumberText.shown(s.mean, 3)) [\(NumberText.shown(s.meanLow, 3)), \(NumberText.shown(s.meanHigh, 3))] | \(NumberText.shown(s.median, 3)) | \(NumberText.shown(s.trimmedMean, 3)) | \(s.p.isNaN ? "–" : NumberText.pValue(s.p)) | \(NumberText.shown(100 * d.proportion, 1))% [\(NumberText.shown(100 * d.low, 1)), \(NumberText.shown(100 * d.high, 1))] |\n"
        }

        md += "\n## Age curves\n\n"
        md += "Two models of z against age: a quadratic in ln(age) (peak exp(-b1/(2 b2)), delta-method CI on the log scale) and a natural cubic spline in ln(age) with df chosen by AICc (peak by grid search). Bootstrap CIs are percentile intervals of the age of the maximum over \(result.options.bootstrapReplicates) case resamples (spline df and knots fixed).\n\n"
        md += "| target | n | model | peak age | delta-method 95% CI | bootstrap 95% CI | interior in bootstrap | note |\n|---|---|---|---|---|---|---|---|\n"
        for c in result.curves {
            let fits = c.fits
            if fits.isEmpty { md += "| \(c.target) | \(c.participants) | – | – | – | – | – | \(c.note ?? "") |\n" }
            for fit in fits {
                let p = fit.peak
                let ci = { (lo: Double, hi: Double) in lo.isNaN ? "–" : "\(NumberText.fixed(lo, 1))–\(NumberText.fixed(hi, 1))" }
                md += "| \(c.target) | \(c.participants) | \(fit.basis.summary) | \(p.interior ? NumberText.fixed(p.age, 1) : "no interior peak") | \(ci(p.deltaLow, p.deltaHigh)) | \(ci(p.bootstrapLow, p.bootstrapHigh)) | \(p.bootstrapReplicates > 0 ? NumberText.fixed(100 * p.bootstrapInteriorShare, 1) + "%" : "–") | \(p.note ?? "") |\n"
            }
        }

        md += "\nTests of the quadratics (b2 is the curvature; \"no evidence of an interior peak\" unless b2 < 0 with p < 0.05 and the vertex inside the observed ages; F against the straight line and against the constant). Spline df: chosen by AICc among 1...min(--spline-max-df, n/10), or fixed with --spline-df.\n\n"
        md += "| target | n | b2 | SE | t | p | F vs linear (df) | p | F vs constant (df) | p | spline df rule |\n|---|---|---|---|---|---|---|---|---|---|---|\n"
        for c in result.curves {
            guard let e = c.quadratic?.evidence else { continue }
            let f1 = e.versusLinear, f0 = e.ageEffect
            md += "| \(c.target) | \(c.participants) | \(NumberText.significant(e.b2.estimate, 4)) | \(NumberText.significant(e.b2.standardError)) | \(NumberText.shown(e.b2.statistic, 2)) | \(NumberText.pValue(e.b2.p)) | \(NumberText.shown(f1.f, 2)) (\(f1.df1), \(f1.df2)) | \(NumberText.pValue(f1.p)) | \(NumberText.shown(f0.f, 2)) (\(f0.df1), \(f0.df2)) | \(NumberText.pValue(f0.p)) | \(c.spline?.degreesOfFreedomRule ?? "–") |\n"
        }

        md += "\n## Two-part view\n\n"
        md += "Part 1: the probability that a response is degenerate (constant, alternating, counting, cycling, padded with the default symbol), logistic regression on a quadratic in ln(age). Part 2: the composite over non-degenerate responses only (`composite_nondegenerate` above).\n\n"
        md += "Standard errors of the logistic curve are clustered by participant (CR1 sandwich: each participant gives several responses); the age test is the Wald χ² of both age terms.\n\n"
        md += "| responses of | age where degenerate responses are rarest | participants | b2 [clustered SE] | age χ²(2) | p | note |\n|---|---|---|---|---|---|---|\n"
        for d in result.degeneracy {
            let b2 = d.robustCoefficientTests.count == 3 ? d.robustCoefficientTests[2] : nil
            md += "| \(d.target) | \(d.minimumAge.map { NumberText.fixed($0, 1) } ?? "–") | \(d.clusters) | \(b2.map { "\(NumberText.significant($0.estimate)) [\(NumberText.significant($0.standardError))]" } ?? "–") | \(d.ageTest.map { NumberText.shown($0.statistic, 2) } ?? "–") | \(d.ageTest.map { NumberText.pValue($0.p) } ?? "–") | \(d.note ?? (d.minimumAge == nil && d.fit != nil ? "no interior minimum" : "")) |\n"
        }
        if let driver = result.ageCurveDriver {
            md += "\nWhich part drives the composite's age curve: **\(driver.verdict.rawValue)**. \(driver.statement.prefix(1).uppercased() + driver.statement.dropFirst()). Rule: the engaged part changes with age when the quadratic of `composite_nondegenerate` beats the constant (F, p < 0.05); the degenerate part when the logistic curve's age terms are significant (clustered Wald, p < 0.05); when both do, degenerate responses drive it if the engaged curve spans less than half the composite's range (max - min of the fitted quadratics over the observed ages), otherwise both parts do.\n"
        }
        if !result.covariateFits.isEmpty {
            md += "\n## Covariates\n\n"
            md += "The quadratic age model with `--covariates` \(result.options.covariates.joined(separator: ", ")) (complete cases; a categorical covariate is coded against its first level in sorted order). Coefficients with SE, t and p (df n - p); each covariate's F test compares the model without it.\n\n"
            for c in result.covariateFits {
                md += "**\(c.target)** (n = \(c.participants))\(c.note.map { ": \($0)" } ?? "")\n\n"
                guard !c.terms.isEmpty else { continue }
                md += "| term | estimate | SE | t | p |\n|---|---|---|---|---|\n"
                for t in c.terms {
                    md += "| \(t.name) | \(NumberText.significant(t.test.estimate, 4)) | \(NumberText.significant(t.test.standardError)) | \(NumberText.shown(t.test.statistic, 2)) | \(NumberText.pValue(t.test.p)) |\n"
                }
                md += "\n| covariate | reference | F (df) | p |\n|---|---|---|---|\n"
                for t in c.covariateTests {
                    md += "| \(t.covariate) | \(t.reference ?? "numeric") | \(NumberText.shown(t.test.f, 2)) (\(t.test.df1), \(t.test.df2)) | \(NumberText.pValue(t.test.p)) |\n"
                }
                md += "\n"
            }
        }
        if !result.groupComparisons.isEmpty {
            md += "\n## Tests between groups\n\nOne-way ANOVA of each measure across the groups of each `--group-by` column (participants with the measure; group NA left out); summaries in summary_by_COLUMN.csv.\n\n"
            md += "| column | measure | groups | n | F (df) | p |\n|---|---|---|---|---|---|\n"
            for g in result.groupComparisons {
                md += "| \(g.column) | \(g.measure) | \(g.groups) | \(g.participants) | \(g.test.map { "\(NumberText.shown($0.f, 2)) (\($0.df1), \($0.df2))" } ?? "–") | \(g.test.map { NumberText.pValue($0.p) } ?? "–") |\n"
            }
        }

        if !figures.isEmpty {
            md += "\n## Figures\n\n"
            for f in figures { md += "![\(f)](\(f))\n\n" }
        }
        if !result.issues.isEmpty {
            md += "## Issues (\(result.issues.count); first 20)\n\n"
            for i in result.issues.prefix(20) { md += "- \(i.description)\n" }
            md += "\n"
        }
        md += """
        ## Methods

        - K: Coding Theorem Method, K = -log2 D, from the table of the task's possible alphabet (docs/formalism.md §2, §6); strings the table lacks get BDM K and no z.
        - z: (K - mean)/SD, mean of K over all m^L strings of the task's alphabet and length, computed exactly from the table, SD by the convention in the task table (`--z-sd`); percentile: share of random strings with lower K (ties half).
        - Degenerate: constant, stereotyped (alternation, counting in the listed symbol order, cycling a permutation), or ending in a run of the default symbol with chance ≤ 1% under a random producer. Impossible times (≤ 0 s, below 0.2 s per symbol or the task's minimum) are flagged, not counted as degenerate.
        - Summaries: mean with t interval, median, 20% trimmed mean, one-sample t test of z = 0; degenerate share with the Wilson score interval.
        - Fits: least squares by Householder QR; AIC as R's `AIC(lm)`, AICc = AIC + 2k(k+1)/(n-k-1); logistic regression by IRLS with participant-clustered (CR1) standard errors; F tests of nested models; one-way ANOVA between groups.
        - Bootstrap: participants resampled with replacement, seeded per replicate (results do not depend on the thread count).

        ## Timings

        | stage | seconds |
        |---|---|

        """
        for t in result.timings { md += "| \(t.stage) | \(NumberText.fixed(t.seconds, 2)) |\n" }
        return md
    }
}
