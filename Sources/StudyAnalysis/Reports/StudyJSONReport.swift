import Foundation
import JSONOutput
import Scoring

/// report.json: the settings, the input accounting, each task's status and reference, the
/// summaries of the "all" and age-band groupings, every fit with its peak and CIs, the
/// two-part view, the issues (the first 1,000) and the timings. Missing numbers are null.
enum StudyJSONReport {
    static func test(_ t: NestedFTest) -> JSON {
        .object([("f", .num(t.f)), ("df1", .int(t.df1)), ("df2", .int(t.df2)), ("p_value", .num(t.p))])
    }

    static func test(_ t: CoefficientTest) -> JSON { .object(coefficientMembers(t)) }

    static func coefficientMembers(_ t: CoefficientTest) -> [(String, JSON)] {
        [("estimate", .num(t.estimate)), ("se", .num(t.standardError)), (t.degreesOfFreedom.isInfinite ? "z" : "t", .num(t.statistic)),
         ("df", t.degreesOfFreedom.isInfinite ? .null : .num(t.degreesOfFreedom)), ("p_value", .num(t.p))]
    }

    static func render(_ result: StudyResult, files: [String], settings: StudyReport.Settings = StudyReport.Settings()) -> String {
        let input = result.input
        let o = result.options
        var root: [(String, JSON)] = []
        root.append(("tool", .string("acss study")))
        root.append(("version", .string(ACSSVersion.string)))
        root.append(("command_line", settings.commandLine.map { .array($0.map(JSON.string)) } ?? .null))
        root.append(("tables", .array(result.tables.map { t in
            .object([("name", .string(t.name)), ("file", .string(t.file)), ("sha256", .string(t.sha256)), ("space", .string(t.space)),
                     ("step_cap", t.stepCap.map(JSON.int) ?? .null), ("machines", t.machines.map { JSON.number($0) } ?? .null),
                     ("samples", t.samples.map { JSON.number($0) } ?? .null), ("halting", t.halting.map { JSON.number($0) } ?? .null)])
        })))
        root.append(("input", .object([
            ("source", .string(input.source)), ("layout", .string(input.layout.rawValue)), ("registry", .string(input.registry.name)),
            ("rows_read", .int(input.rowsRead)), ("responses_read", .int(input.responses.count)),
            ("responses_measured", .int(result.measurement.responses.count)),
            ("participants", .int(input.participants.count)),
            ("participants_with_age", .int(input.participants.filter { $0.age != nil }.count)),
            ("rows_skipped", .int(result.skippedRows)), ("warnings", .int(result.issues.count - result.skippedRows)),
            ("covariates", .array(input.covariateNames.map(JSON.string))),
        ])))
        root.append(("settings", .object([
            ("bootstrap_replicates", .int(o.bootstrapReplicates)), ("seed", .number(String(o.seed))), ("threads", .int(o.threads)),
            ("age_breaks", .array(o.ageBands.breaks.map { JSON.num($0) })), ("group_by", .array(o.groupBy.map(JSON.string))),
            ("spline_max_df", .int(o.splineMaxDegreesOfFreedom)), ("minimum_participants_for_fit", .int(o.minimumParticipantsForFit)),
            ("bootstrap_ages_grouped_to_months", .bool(result.bootstrapGroupedToMonths)),
            ("z_sd", .string(result.deviation.rawValue)),
            ("fill_missing_K", .object(result.fillMissingSettings.map { ($0.task, JSON.num($0.complexity)) })),
            ("spline_df", o.splineDegreesOfFreedom.map(JSON.int) ?? .string("auto")),
            ("age_scale", .string(o.ageScale.rawValue)),
            ("covariates", .array(o.covariates.map(JSON.string))),
            ("plots", .bool(settings.plots)),
            ("figure_width_mm", .num(settings.figureWidthMillimetres)),
        ])))
        root.append(("tasks", .array(result.tasks.map { t in
            var members: [(String, JSON)] = [
                ("name", .string(t.task.name)), ("alphabet", .int(t.task.alphabet)), ("symbols", .array(t.task.symbols.map(JSON.string))),
                ("length", t.task.length.map(JSON.int) ?? .null), ("ordinal", .bool(t.task.ordinal)),
                ("default_symbol", .str(t.task.defaultSymbol)), ("grid", .str(t.task.grid.map { "\($0)" })),
                ("status", .string(t.status.description)), ("message", .str(t.message)),
                ("coverage", .num(t.coverage, 6)), ("in_composite", .bool(t.inComposite)),
                ("responses", .int(t.responses)), ("distinct_patterns", .int(t.distinctPatterns)),
                ("responses_with_z", .int(t.scored)), ("responses_k_by_bdm", .int(t.bdm)), ("responses_k_imputed", .int(t.imputed)),
                ("uniform_reference", .array(t.references.map { r in
                    .object([("table", .string(r.table)), ("length", .int(r.length)), ("alphabet", .int(r.alphabet)),
                             ("mean_K", .num(r.mean)), ("sd_K", .num(r.standardDeviation)),
                             ("sd_convention", .string(r.convention.rawValue)), ("sd_definition", .string(r.convention.explanation))])
                })),
            ]
            if let p = result.agreement.measures.first(where: { $0.measure.description == t.task.name && $0.measure != .composite }) {
                members.append(("published_z_agreement", .object([("n", .int(p.n)), ("max_abs_difference", .num(p.maxAbsoluteDifference)),
                                                                  ("correlation", .num(p.pearson))])))
            }
            return .object(members)
        })))
        root.append(("composite", .object([
            ("definition", .string("mean of the participant's task z-scores (Gauvrit et al. 2017); composite_median: their median; composite_nondegenerate: mean over tasks of the z of non-degenerate responses")),
            ("tasks", .array(result.compositeTasks.map(JSON.string))),
            ("tasks_in_registry", .int(result.tasks.count)),
            ("coverage", .string(result.compositeCoverage)),
        ])))
        root.append(("scoring_failures", .array(result.scoringFailures.map { f in
            .object([("task", .string(f.task)), ("reason", .string(f.reason.rawValue)), ("message", .string(f.message)),
                     ("responses", .int(f.responses)), ("first_line", .int(f.firstLine))])
        })))
        root.append(("agreement", .array(result.agreement.measures.map { m in
            .object([("measure", .string(m.measure.description)), ("n", .int(m.n)),
                     ("mean_abs_dz", .num(m.meanAbsoluteDifference)), ("max_abs_dz", .num(m.maxAbsoluteDifference)),
                     ("spearman", .num(m.spearman)), ("pearson", .num(m.pearson)),
                     ("worst", .array(m.worst.map { w in
                         .object([("participant_id", .string(w.participant)), ("line", .int(w.line)), ("response", .string(w.response)),
                                  ("published", .num(w.published)), ("ours", .num(w.ours)), ("dz", .num(w.difference))])
                     }))])
        })))
        root.append(("summaries", .array(result.summaries.filter { $0.grouping == .all || $0.grouping == .ageBand }.map { row in
            let s = row.summary, d = row.degenerate
            return .object([
                ("grouping", .string(row.grouping.description)), ("group", .string(row.group)), ("measure", .string(row.measure.description)),
                ("n", .int(s.n)), ("mean", .num(s.mean, 6)), ("ci_low", .num(s.meanLow, 6)), ("ci_high", .num(s.meanHigh, 6)),
                ("median", .num(s.median, 6)), ("trimmed_mean_20", .num(s.trimmedMean, 6)), ("t", .num(s.t, 4)), ("p_value", .num(s.p)),
                ("responses", .int(d.trials)), ("degenerate_share", .num(d.proportion, 6)),
                ("degenerate_ci", .array([.num(d.low, 6), .num(d.high, 6)])), ("status", .string(row.statusText)),
            ])
        })))
        root.append(("age_curves", .array(result.curves.map { c in
            var members: [(String, JSON)] = [("target", .string(c.target.description)), ("participants", .int(c.participants)), ("note", .str(c.note))]
            for fit in c.fits {
                let p = fit.peak
                var f: [(String, JSON)] = [("model", .string(fit.basis.summary)), ("aic", .num(fit.fit.aic, 4)),
                                           ("r_squared", .num(fit.fit.rSquared, 6))]
                if let q = fit.basis as? QuadraticAgeBasis {
                    f.append(("coefficients_1_lnage_lnage2", .array(q.uncentered(fit.fit.coefficients).map { JSON.num($0) })))
                }
                if !fit.aicByDegreesOfFreedom.isEmpty {
                    f.append(("aic_by_df", .object(fit.aicByDegreesOfFreedom.map { ("\($0.df)", $0.aic.map { JSON.num($0, 4) } ?? .null) })))
                }
                f += [("peak_age", .num(p.age, 3)), ("interior_peak", .bool(p.interior)), ("note", .str(p.note)),
                      ("delta_ci", .array([.num(p.deltaLow, 3), .num(p.deltaHigh, 3)])),
                      ("bootstrap_ci", .array([.num(p.bootstrapLow, 3), .num(p.bootstrapHigh, 3)])),
                      ("bootstrap_replicates", .int(p.bootstrapReplicates)),
                      ("bootstrap_interior_share", .num(p.bootstrapInteriorShare, 4)), ("band", .string(fit.bandMethod))]
                if let e = fit.evidence {
                    f += [("b2", test(e.b2)), ("f_vs_linear", test(e.versusLinear)), ("f_vs_constant", test(e.ageEffect)),
                          ("interior_peak_evidence", .bool(e.interiorPeak)), ("peak_evidence", .string(e.statement))]
                }
                if !fit.aicByDegreesOfFreedom.isEmpty {
                    f.append(("aicc_by_df", .object(fit.aicByDegreesOfFreedom.map { ("\($0.df)", $0.aicc.map { JSON.num($0, 4) } ?? .null) })))
                    f.append(("df_rule", .string(fit.degreesOfFreedomRule)))
                }
                members.append((fit.model.rawValue, .object(f)))
            }
            return .object(members)
        })))
        root.append(("degeneracy", .array(result.degeneracy.map { d in
            var members: [(String, JSON)] = [("target", .string(d.target.description)), ("note", .str(d.note))]
            if let fit = d.fit, let basis = d.basis {
                members.append(("coefficients_1_lnage_lnage2", .array(basis.uncentered(fit.coefficients).map { JSON.num($0) })))
                members.append(("age_of_minimum", d.minimumAge.map { JSON.num($0, 3) } ?? .null))
            }
            members.append(("clusters", .int(d.clusters)))
            members.append(("se_type", .string("CR1 sandwich, clustered by participant")))
            let names = ["intercept", result.options.ageScale.variable, "\(result.options.ageScale.variable)^2"]
            members.append(("coefficients_cluster_robust", .array(zip(names, d.robustCoefficientTests).map { name, t in
                .object([("term", .string(name))] + coefficientMembers(t))
            })))
            members.append(("age_wald_test", d.ageTest.map { w in
                .object([("chi2", .num(w.statistic)), ("df", .int(w.degreesOfFreedom)), ("p_value", .num(w.p))])
            } ?? .null))
            members.append(("by_age_band", .array(d.byBand.map { b in
                .object([("band", .string(b.band)), ("responses", .int(b.interval.trials)), ("degenerate", .int(b.interval.successes)),
                         ("share", .num(b.interval.proportion, 6)), ("wilson_ci", .array([.num(b.interval.low, 6), .num(b.interval.high, 6)]))])
            })))
            return .object(members)
        })))
        root.append(("issues", .array(result.issues.prefix(1000).map { i in
            .object([("line", .int(i.line)), ("skipped", .bool(i.skipped)), ("message", .string(i.message))])
        })))
        root.append(("timings_seconds", .object(result.timings.map { ($0.stage, JSON.num($0.seconds, 3)) })))
        root.append(("files", .array(files.map(JSON.string))))
        root.append(("peak_evidence", .str(result.compositePeakEvidence)))
        root.append(("age_curve_driver", result.ageCurveDriver.map { d in
            .object([("verdict", .string(d.verdict.rawValue)), ("statement", .string(d.statement)),
                     ("composite_range", .num(d.compositeRange)), ("engaged_range", .num(d.engagedRange)),
                     ("engaged_share_of_range", .num(d.rangeShare)), ("engaged_age_test", test(d.engagedAgeTest)),
                     ("degenerate_age_test", .object([("chi2", .num(d.degenerateAgeTest.statistic)),
                                                      ("df", .int(d.degenerateAgeTest.degreesOfFreedom)), ("p_value", .num(d.degenerateAgeTest.p))])),
                     ("rule", .string("engaged part: F test of the composite_nondegenerate quadratic against the constant; degenerate part: participant-clustered Wald test of the age terms of the logistic curve; both at 0.05; with both, degenerate responses drive it when the engaged curve spans less than half the composite's range"))])
        } ?? .null))
        root.append(("covariate_models", .array(result.covariateFits.map { c in
            .object([("target", .string(c.target.description)), ("participants", .int(c.participants)), ("note", .str(c.note)),
                     ("coefficients", .array(c.terms.map { .object([("term", .string($0.name))] + coefficientMembers($0.test)) })),
                     ("covariate_tests", .array(c.covariateTests.map { t in
                         .object([("covariate", .string(t.covariate)), ("reference_level", .str(t.reference)), ("f", .num(t.test.f)),
                                  ("df1", .int(t.test.df1)), ("df2", .int(t.test.df2)), ("p_value", .num(t.test.p))])
                     }))])
        })))
        root.append(("group_tests", .array(result.groupComparisons.map { g in
            .object([("column", .string(g.column)), ("measure", .string(g.measure.description)), ("test", .string("one-way ANOVA")),
                     ("groups", .int(g.groups)), ("participants", .int(g.participants)),
                     ("f", .num(g.test?.f ?? .nan)), ("df1", g.test.map { JSON.int($0.df1) } ?? .null),
                     ("df2", g.test.map { JSON.int($0.df2) } ?? .null), ("p_value", .num(g.test?.p ?? .nan))])
        })))
        return JSON.object(root).render() + "\n"
    }
}
