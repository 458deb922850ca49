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
        md += "Two models of z against age: a quadratic in ln(age) (peak exp(-b1/(2 b2)), delta-method CI on the log scale) and a natural cubic spline in ln(age) with df chosen by AIC (peak by grid search). Bootstrap CIs are percentile intervals of the age of the maximum over \(result.options.bootstrapReplicates) case resamples (spline df and knots fixed).\n\n"
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

        md += "\n## Two-part view\n\n"
        md += "Part 1: the probability that a response is degenerate (constant, alternating, counting, cycling, padded with the default symbol), logistic regression on a quadratic in ln(age). Part 2: the composite over non-degenerate responses only (`composite_nondegenerate` above).\n\n"
        md += "| responses of | age where degenerate responses are rarest | note |\n|---|---|---|\n"
        for d in result.degeneracy {
            md += "| \(d.target) | \(d.minimumAge.map { NumberText.fixed($0, 1) } ?? "–") | \(d.note ?? (d.minimumAge == nil && d.fit != nil ? "no interior minimum" : "")) |\n"
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
        - Fits: least squares by Householder QR; AIC as R's `AIC(lm)`; logistic regression by IRLS.
        - Bootstrap: participants resampled with replacement, seeded per replicate (results do not depend on the thread count).

        ## Timings

        | stage | seconds |
        |---|---|

        """
        for t in result.timings { md += "| \(t.stage) | \(NumberText.fixed(t.seconds, 2)) |\n" }
        return md
    }
}
