import Foundation
import Plotting

/// The figures of a study report, as SVG files a paper can use:
/// - `complexity_vs_age.svg`: the composite z by age, means per year with 95% CIs, the
///   quadratic and spline fits with their 95% bands and peaks;
/// - `tasks_vs_age.svg`: the same per task (a panel each; tasks without a table say so);
/// - `degenerate_vs_age.svg`: the two-part view, share of degenerate responses by age (with
///   Wilson CIs and the logistic fit) next to z among non-degenerate responses;
/// - `z_distribution.svg`: histograms of z per task.
enum StudyPlots {
    static let quadraticColor = "#1f5fa8"
    static let splineColor = "#d95f02"
    static let pointColor = "#333333"

    /// File name and SVG text of each figure.
    static func render(_ result: StudyResult) -> [(name: String, svg: String)] {
        [("complexity_vs_age.svg", complexityVersusAge(result)),
         ("tasks_vs_age.svg", tasksVersusAge(result)),
         ("degenerate_vs_age.svg", degenerateVersusAge(result)),
         ("z_distribution.svg", zDistribution(result))]
    }

    static func ageDomain(_ result: StudyResult) -> ClosedRange<Double> {
        let ages = result.input.participants.compactMap(\.age)
        guard let lo = ages.min(), let hi = ages.max(), hi > lo else { return 0...100 }
        return (max(0, lo - 2))...(hi + 2)
    }

    static func describe(_ peak: PeakEstimate) -> String {
        guard peak.interior else { return "no interior peak" }
        var s = String(format: "peak %.1f y", peak.age)
        if !peak.bootstrapLow.isNaN { s += String(format: " (95%% CI %.1f-%.1f)", peak.bootstrapLow, peak.bootstrapHigh) }
        else if !peak.deltaLow.isNaN { s += String(format: " (95%% CI %.1f-%.1f)", peak.deltaLow, peak.deltaHigh) }
        return s
    }

    /// One curve panel: points, bands, lines, peaks, reference line; legend when asked.
    static func drawCurve(_ doc: inout SVGDocument, _ curve: CurveResult?, left: Double, top: Double, width: Double, height: Double,
                          title: String?, yLabel: String, ages: ClosedRange<Double>, legend: Bool, fontSize: Double,
                          unavailable: String? = nil) {
        guard let curve, unavailable == nil else {
            unavailablePanel(&doc, left: left, top: top, width: width, height: height, title: title,
                             message: unavailable ?? "no scores", fontSize: fontSize)
            return
        }
        let fits = curve.fits
        var values = curve.byAge.filter { $0.n >= 3 }.map(\.mean)
        for fit in fits { values += fit.gridLow + fit.gridHigh + fit.gridFitted }
        let yDomain = LinearScale.niceDomain(values, include: [0])
        let panel = PlotPanel(left: left, top: top, width: width, height: height, xDomain: ages, yDomain: yDomain)
        panel.drawAxes(&doc, title: title, xLabel: "Age (years)", yLabel: yLabel, fontSize: fontSize)
        panel.referenceLine(&doc, at: 0, label: "uniform random producer (z = 0)", fontSize: fontSize * 0.85)
        func clip(_ v: Double) -> Double { min(max(v, yDomain.lowerBound), yDomain.upperBound) }
        for p in curve.byAge where p.n >= 2 && p.low.isFinite {
            doc.line(panel.x(p.age), panel.y(clip(p.low)), panel.x(p.age), panel.y(clip(p.high)), color: "#aaaaaa", width: 1)
        }
        for p in curve.byAge where yDomain.contains(p.mean) {
            doc.circle(panel.x(p.age), panel.y(p.mean), r: max(1.8, min(4, 1 + log10(Double(p.n)))), fill: pointColor)
        }
        for fit in fits {
            let color = fit.model == .quadratic ? quadraticColor : splineColor
            let upper = zip(fit.gridAges, fit.gridHigh).map { panel.point($0, clip($1)) }
            let lower = zip(fit.gridAges, fit.gridLow).map { panel.point($0, clip($1)) }
            doc.polygon(upper + lower.reversed(), fill: color, opacity: 0.18)
            doc.polyline(zip(fit.gridAges, fit.gridFitted).map { panel.point($0, clip($1)) }, color: color, width: 2.5,
                         dash: fit.model == .spline ? "7,4" : nil)
            if fit.peak.interior {
                doc.line(panel.x(fit.peak.age), top, panel.x(fit.peak.age), top + height, color: color, width: 1, dash: "3,3")
            }
        }
        if legend {
            var entries: [(String, String, String)] = [("mean z at each age, 95% CI", pointColor, "point")]
            if let q = curve.quadratic {
                let weak = q.peak.interior && q.evidence?.interiorPeak == false
                entries.append((q.basis.summary + ": " + describe(q.peak) + (weak ? ", no evidence of a peak (b2 " + NumberText.pClause(q.evidence!.b2.p) + ")" : ""),
                                quadraticColor, "line"))
            }
            if let s = curve.spline {
                let df = (s.basis as? NaturalSplineBasis)?.degreesOfFreedom ?? 0
                entries.append(("natural spline, df \(df) (AICc): " + describe(s.peak), splineColor, "dash"))
            }
            if let band = fits.first?.bandMethod { entries.append(("95% band: " + band, "#777777", "band")) }
            panel.legend(&doc, entries: entries, fontSize: fontSize * 0.9, bottom: true)
        }
        if let note = curve.note, fits.isEmpty {
            doc.text(note, x: left + 8, y: top + 18, size: fontSize * 0.85, color: "#a00")
        }
    }

    /// A panel with nothing to plot: its frame, title and the reason, no axes (an empty axis
    /// would suggest a scale that does not exist).
    static func unavailablePanel(_ doc: inout SVGDocument, left: Double, top: Double, width: Double, height: Double,
                                 title: String?, message: String, fontSize: Double) {
        if let title { doc.text(title, x: left, y: top - 10, size: fontSize * 1.15, weight: "bold") }
        doc.rect(left, top, width, height, fill: "#f4f4f4", stroke: "#bbb")
        let lines = wrap(message, width: Int(width / (fontSize * 0.55)))
        var lineY = top + height / 2 - Double(lines.count - 1) * fontSize * 0.7
        for line in lines {
            doc.text(line, x: left + width / 2, y: lineY, size: fontSize, anchor: "middle", color: "#555")
            lineY += fontSize * 1.4
        }
    }

    static func wrap(_ s: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in s.split(separator: " ") {
            if current.count + word.count + 1 > max(width, 10), !current.isEmpty {
                lines.append(current)
                current = ""
            }
            current += (current.isEmpty ? "" : " ") + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    static func complexityVersusAge(_ result: StudyResult) -> String {
        var doc = SVGDocument(width: 1000, height: 640)
        let c = result.curve(.composite)
        let tasks = result.compositeTasks
        let title = "Complexity of responses by age: composite of \(tasks.isEmpty ? "no scored task" : tasks.joined(separator: ", ")) (n = \(c?.participants ?? 0))"
        doc.text(title, x: 90, y: 30, size: 17, weight: "bold")
        doc.text("z = (K - mean of K over all strings of the task) / SD: 0 is a uniformly random producer, negative is simpler (more predictable).",
                 x: 90, y: 50, size: 12, color: "#555")
        let unavailable: String? = tasks.isEmpty ? "no task could be scored: " + result.tasks.map { "\($0.task.name): \($0.status)" }.joined(separator: "; ") : nil
        drawCurve(&doc, c, left: 90, top: 80, width: 870, height: 470, title: nil,
                  yLabel: "Composite complexity z (SD units)", ages: ageDomain(result), legend: true, fontSize: 13,
                  unavailable: unavailable)
        return doc.render()
    }

    static func tasksVersusAge(_ result: StudyResult) -> String {
        let tasks = result.tasks
        let columns = 3
        let rows = (tasks.count + columns - 1) / columns
        let panelWidth = 360.0, panelHeight = 250.0, rowStep = panelHeight + 130
        var doc = SVGDocument(width: 90 + Double(columns) * (panelWidth + 90), height: 80 + Double(rows) * rowStep)
        doc.text("Complexity z by age, per task (mean per year with 95% CI; quadratic solid, spline dashed, 95% bands)",
                 x: 80, y: 30, size: 16, weight: "bold")
        for (i, outcome) in tasks.enumerated() {
            let left = 80 + Double(i % columns) * (panelWidth + 90)
            let top = 110 + Double(i / columns) * rowStep
            let title = "\(outcome.task.name) (m = \(outcome.task.alphabet), L = \(outcome.task.length.map(String.init) ?? "any"))"
            doc.text(title, x: left, y: top - 40, size: 12.5, weight: "bold")
            let unavailable = unscoredMessage(outcome)
            let c = result.curve(.task(index: i, name: outcome.task.name))
            drawCurve(&doc, c, left: left, top: top, width: panelWidth, height: panelHeight,
                      title: nil, yLabel: "z (SD units)", ages: ageDomain(result), legend: false, fontSize: 11,
                      unavailable: unavailable)
            if unavailable == nil, let c {
                // The peaks, between the title and the panel, in the colours of their curves.
                var y = top - 24
                for fit in c.fits {
                    doc.text((fit.model == .quadratic ? "quadratic: " : "spline: ") + describe(fit.peak), x: left, y: y, size: 10.5,
                             color: fit.model == .quadratic ? quadraticColor : splineColor)
                    y += 13
                }
            }
        }
        if tasks.count % columns != 0 {
            // The spare slot holds the key.
            let left = 80 + Double(tasks.count % columns) * (panelWidth + 90)
            let top = 110 + Double(tasks.count / columns) * rowStep
            let key = PlotPanel(left: left, top: top, width: panelWidth, height: 110, xDomain: 0...1, yDomain: 0...1)
            key.legend(&doc, entries: [("mean z at each age, 95% CI", pointColor, "point"),
                                       ("quadratic in ln(age)", quadraticColor, "line"),
                                       ("natural spline, df by AICc", splineColor, "dash"),
                                       ("95% band (bootstrap when run)", "#777777", "band")], fontSize: 11)
        }
        return doc.render()
    }

    /// What a task's panel says instead of a plot when none of its responses has a z.
    static func unscoredMessage(_ outcome: TaskOutcome) -> String? {
        outcome.scored > 0 ? nil : "\(outcome.status): \(shortReason(outcome))"
    }

    static func shortReason(_ outcome: TaskOutcome) -> String {
        switch outcome.status {
        case .unavailable(.tableNotLoaded): return "no CTM table for \(outcome.task.alphabet) symbols loaded; entropy, RNG indices and flags are in responses.csv"
        case .unavailable(.tableMissing):
            return outcome.task.grid != nil ? "the 2-D table's file is not in the data directory"
                : "the \(outcome.task.alphabet)-symbol table's file is not in the data directory"
        default: return outcome.message ?? ""
        }
    }

    static func degenerateVersusAge(_ result: StudyResult) -> String {
        var doc = SVGDocument(width: 1240, height: 600)
        doc.text("Two-part view: how often responses are degenerate, and how random the others are", x: 90, y: 30, size: 17, weight: "bold")
        doc.text("Degenerate = constant, alternating, counting, cycling or padded with the default symbol (all tasks; the flags need no table).",
                 x: 90, y: 50, size: 12, color: "#555")
        let ages = ageDomain(result)
        // Left: P(degenerate).
        let all = result.degeneracy.first { $0.target == .allTasks }
        var shares = (all?.byBand.map(\.interval.high) ?? []) + (all?.high ?? [])
        shares.append(0)
        let top = max(0.05, (shares.filter(\.isFinite).max() ?? 0.5) * 1.08)
        let left = PlotPanel(left: 90, top: 90, width: 500, height: 400, xDomain: ages, yDomain: 0...min(1, top))
        left.drawAxes(&doc, title: "Share of degenerate responses", xLabel: "Age (years)", yLabel: "Degenerate responses",
                      fontSize: 13, yFormat: PlotPanel.percent)
        if let all {
            if !all.gridAges.isEmpty {
                let upper = zip(all.gridAges, all.high).map { left.point($0, $1) }
                let lower = zip(all.gridAges, all.low).map { left.point($0, $1) }
                doc.polygon(upper + lower.reversed(), fill: quadraticColor, opacity: 0.18)
                doc.polyline(zip(all.gridAges, all.probability).map { left.point($0, $1) }, color: quadraticColor, width: 2.5)
            }
            for b in all.byBand where b.interval.trials > 0 {
                doc.line(left.x(b.age), left.y(b.interval.low), left.x(b.age), left.y(b.interval.high), color: "#888", width: 1.2)
                doc.circle(left.x(b.age), left.y(b.interval.proportion), r: 4, fill: pointColor)
            }
            var entries: [(String, String, String)] = [("share per age band, Wilson 95% CI", pointColor, "point")]
            if all.fit != nil {
                var label = "logistic, quadratic in ln(age)"
                if let a = all.minimumAge { label += String(format: ": fewest at %.1f y", a) }
                entries.append((label, quadraticColor, "line"))
                entries.append(("95% band (Wald, logit scale)", quadraticColor, "band"))
            }
            left.legend(&doc, entries: entries, fontSize: 11)
            if let note = all.note, all.fit == nil { doc.text(note, x: 98, y: 110, size: 11, color: "#a00") }
        }
        // Right: z among non-degenerate responses.
        drawCurve(&doc, result.curve(.compositeNonDegenerate), left: 700, top: 90, width: 500, height: 400,
                  title: "Complexity of non-degenerate responses", yLabel: "Composite z, non-degenerate (SD units)",
                  ages: ages, legend: true, fontSize: 13,
                  unavailable: result.compositeTasks.isEmpty ? "no task could be scored" : nil)
        return doc.render()
    }

    static func zDistribution(_ result: StudyResult) -> String {
        var panels: [(title: String, z: [Double], message: String?)] = []
        for (t, outcome) in result.tasks.enumerated() {
            let z = result.participants.map { $0.taskZ[t] }.filter { !$0.isNaN }
            panels.append(("\(outcome.task.name) (m = \(outcome.task.alphabet))", z,
                           unscoredMessage(outcome)))
        }
        panels.append(("composite (mean of task z)", result.participants.map(\.composite).filter { !$0.isNaN },
                       result.compositeTasks.isEmpty ? "no task scored" : nil))
        let columns = 3
        let rows = (panels.count + columns - 1) / columns
        let pw = 340.0, ph = 220.0
        var doc = SVGDocument(width: 80 + Double(columns) * (pw + 90), height: 70 + Double(rows) * (ph + 100))
        doc.text("Distribution of complexity z per task (participants; dashed: median; dotted: 0 = random producer)",
                 x: 80, y: 30, size: 16, weight: "bold")
        for (i, panel) in panels.enumerated() {
            let left = 90 + Double(i % columns) * (pw + 90)
            let top = 80 + Double(i / columns) * (ph + 100)
            guard panel.message == nil, let lo = panel.z.min(), let hi = panel.z.max() else {
                unavailablePanel(&doc, left: left, top: top, width: pw, height: ph, title: panel.title,
                                 message: panel.message ?? "no scores", fontSize: 11)
                continue
            }
            let width = 0.25
            let start = (min(lo, -1) / width).rounded(.down) * width
            let end = (max(hi, 1) / width).rounded(.up) * width + width
            let bins = max(1, Int(((end - start) / width).rounded()))
            var counts = [Int](repeating: 0, count: bins)
            for z in panel.z { counts[min(bins - 1, max(0, Int((z - start) / width)))] += 1 }
            let shares = counts.map { Double($0) / Double(panel.z.count) }
            let p = PlotPanel(left: left, top: top, width: pw, height: ph, xDomain: start...end,
                              yDomain: 0...((shares.max() ?? 0.1) * 1.1))
            p.drawAxes(&doc, title: panel.title + " (n = \(panel.z.count))", xLabel: "z (SD units)", yLabel: "Share of participants",
                       fontSize: 11, yFormat: PlotPanel.percent)
            for (b, s) in shares.enumerated() where s > 0 {
                let x0 = start + Double(b) * width
                doc.rect(p.x(x0), p.y(s), p.x(x0 + width) - p.x(x0) - 0.5, p.y(0) - p.y(s), fill: quadraticColor, opacity: 0.75)
            }
            doc.line(p.x(0), top, p.x(0), top + ph, color: "#222", width: 1, dash: "2,3")
            let median = SampleSummary(panel.z).median
            doc.line(p.x(median), top, p.x(median), top + ph, color: splineColor, width: 1.5, dash: "6,3")
        }
        return doc.render()
    }
}
