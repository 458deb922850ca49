import Foundation
import Plotting

/// The figures of a study report, as SVG files sized for a journal column:
/// - `complexity_vs_age.svg`: the composite z by age, means per year (95% CIs where a year has
///   at least 3 participants), the quadratic and spline fits with their 95% bands and peaks;
/// - `tasks_vs_age.svg`: the same per scored task, a panel each;
/// - `degenerate_vs_age.svg`: the two-part view, the share of degenerate responses by age band
///   (Wilson CIs, logistic fit) next to z among non-degenerate responses;
/// - `z_distribution.svg`: histograms of z per scored task and of the composite.
///
/// Every figure is `--figure-width` wide (default 85 mm) on paper (width="85mm", a viewBox in
/// points), its text at least 7 pt at that size; keys sit below the plots, never over data. A
/// task without scores gets no panel (an empty frame would suggest a scale that does not
/// exist): the caption names it and says why. Captions go into report.md and report.html.
enum StudyPlots {
    static let quadraticColor = "#1f5fa8"
    static let splineColor = "#d95f02"
    static let pointColor = "#333333"
    static let referenceColor = "#555555"

    /// A figure: its file name, its drawing and the caption the reports print under it.
    struct Rendered {
        let name: String
        let document: SVGDocument
        let caption: String
        var svg: String { document.render() }
    }

    /// Sizes in points (1/72 in) for a figure `widthMillimetres` wide.
    struct FigureLayout {
        /// The smallest text any figure may carry, at its printed size.
        static let minimumFontSize = 7.0
        let widthMillimetres: Double
        var width: Double { widthMillimetres * SVGDocument.pointsPerMillimetre }
        /// Axis titles (tick labels are 0.9 of it: 7.2 pt).
        let font = 8.0
        /// Keys, notes.
        let small = 7.0
        /// Panel titles (bold).
        let title = 8.0
        /// Space around the figure's content.
        let margin = 3.0
        /// Panels per row: one per 115 pt (about 40 mm), so 2 at 85 mm, 4 at 180 mm.
        var columns: Int { max(1, Int(width / 115)) }
        let gap = 8.0
        /// Width of one cell of a `count`-column grid.
        func cellWidth(_ count: Int) -> Double { (width - 2 * margin - Double(count - 1) * gap) / Double(count) }
        func cellLeft(_ column: Int, of count: Int) -> Double { margin + Double(column) * (cellWidth(count) + gap) }
    }

    /// Each figure with its caption; figures with nothing to show are left out.
    static func render(_ result: StudyResult, widthMillimetres: Double = StudyReport.Settings.defaultFigureWidthMillimetres) -> [Rendered] {
        let layout = FigureLayout(widthMillimetres: widthMillimetres)
        var figures: [Rendered] = []
        let scored = !result.compositeTasks.isEmpty
        if scored { figures.append(complexityVersusAge(result, layout)) }
        if result.tasks.contains(where: { $0.scored > 0 }) { figures.append(tasksVersusAge(result, layout)) }
        figures.append(degenerateVersusAge(result, layout))
        if result.tasks.contains(where: { $0.scored > 0 }) { figures.append(zDistribution(result, layout)) }
        return figures
    }

    static func ageDomain(_ result: StudyResult) -> ClosedRange<Double> {
        let ages = result.input.participants.compactMap(\.age)
        guard let lo = ages.min(), let hi = ages.max(), hi > lo else { return 0...100 }
        return (max(0, lo - 2))...(hi + 2)
    }

    static func describe(_ peak: PeakEstimate) -> String {
        guard peak.interior else { return "no interior peak" }
        var s = "peak \(NumberText.fixed(peak.age, 1)) y"
        if !peak.bootstrapLow.isNaN { s += " (95% CI \(NumberText.fixed(peak.bootstrapLow, 1))-\(NumberText.fixed(peak.bootstrapHigh, 1)))" }
        else if !peak.deltaLow.isNaN { s += " (95% CI \(NumberText.fixed(peak.deltaLow, 1))-\(NumberText.fixed(peak.deltaHigh, 1)))" }
        return s
    }

    /// The sentence a caption adds for tasks left out of a per-task figure.
    static func omittedTasks(_ result: StudyResult) -> String {
        let unscored = result.tasks.filter { $0.scored == 0 }
        guard !unscored.isEmpty else { return "" }
        return " Not shown (no scores): " + unscored.map { "\($0.task.name) (\(shortReason($0)))" }.joined(separator: "; ") + "."
    }

    static func shortReason(_ outcome: TaskOutcome) -> String {
        if outcome.responses == 0 { return "no responses" }
        switch outcome.status {
        case .unavailable(.tableNotLoaded): return "no CTM table for \(outcome.task.alphabet) symbols loaded"
        case .unavailable(.tableMissing):
            return outcome.task.grid != nil ? "the 2-D table's file is not in the data directory"
                : "the \(outcome.task.alphabet)-symbol table's file is not in the data directory"
        default: return outcome.message ?? outcome.status.description
        }
    }

    // MARK: Panels

    /// Where a panel's plotting area goes inside a cell of the figure, leaving room for its
    /// title above and its tick labels and axis titles to the left and below.
    struct PanelFrame {
        let panel: PlotPanel
        let yLabelOffset: Double
        /// The bottom of the x axis title's box.
        let bottom: Double
    }

    static func frame(_ layout: FigureLayout, left: Double, top: Double, width: Double, title: Bool,
                      xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>, yFormat: (Double) -> String = PlotPanel.format,
                      aspect: Double = 0.72) -> PanelFrame {
        let f = layout.font
        let plotTop = top + (title ? layout.title * FontMetrics.lineHeight + 4 : 4)
        let trialHeight = max(60, (width - 40) * aspect)
        let probe = PlotPanel(left: 0, top: plotTop, width: 100, height: trialHeight, xDomain: xDomain, yDomain: yDomain)
        let tickWidth = probe.yTickLabelWidth(fontSize: f, format: yFormat)
        // tick mark 4, gap 3, labels, gap 2, then the rotated title's descent and ascent.
        let offset = 7 + tickWidth + 2 + FontMetrics.descent * f
        let plotLeft = left + offset + FontMetrics.ascent * f + 0.5
        // Half of the last x tick label may hang past the frame.
        let plotWidth = left + width - plotLeft - 9
        let height = max(60, plotWidth * aspect)
        let panel = PlotPanel(left: plotLeft, top: plotTop, width: plotWidth, height: height, xDomain: xDomain, yDomain: yDomain)
        return PanelFrame(panel: panel, yLabelOffset: offset, bottom: plotTop + height + 14 + 2 * f + FontMetrics.descent * f)
    }

    static func panelTitle(_ doc: inout SVGDocument, _ text: String, _ layout: FigureLayout, left: Double, top: Double, width: Double) {
        doc.text(FontMetrics.truncated(text, width: width, size: layout.title, bold: true), x: left,
                 y: top + FontMetrics.ascent * layout.title, size: layout.title, weight: "bold")
    }

    /// One curve panel in a cell: title, axes, points, CI bars (years with n >= 3), bands,
    /// fits, peaks, the z = 0 line. Returns the bottom of what it drew.
    static func drawCurve(_ doc: inout SVGDocument, _ curve: CurveResult, _ layout: FigureLayout, left: Double, top: Double, width: Double,
                          title: String?, yLabel: String, ages: ClosedRange<Double>) -> Double {
        let fits = curve.fits
        var values = curve.byAge.filter { $0.n >= 3 }.map(\.mean)
        for fit in fits { values += fit.gridLow + fit.gridHigh + fit.gridFitted }
        if values.isEmpty { values = curve.byAge.map(\.mean) }
        let yDomain = LinearScale.niceDomain(values, include: [0])
        let frame = frame(layout, left: left, top: top, width: width, title: title != nil, xDomain: ages, yDomain: yDomain)
        let panel = frame.panel
        if let title { panelTitle(&doc, title, layout, left: left, top: top, width: width) }
        panel.drawAxes(&doc, title: nil, xLabel: "Age (years)",
                       yLabel: FontMetrics.truncated(yLabel, width: panel.height, size: layout.font),
                       fontSize: layout.font, yLabelOffset: frame.yLabelOffset)
        if yDomain.contains(0) {
            doc.line(panel.left, panel.y(0), panel.left + panel.width, panel.y(0), color: referenceColor, width: 0.8, dash: "1,1.5")
        }
        func clip(_ v: Double) -> Double { min(max(v, yDomain.lowerBound), yDomain.upperBound) }
        for p in curve.byAge where p.n >= 3 && p.low.isFinite {
            doc.line(panel.x(p.age), panel.y(clip(p.low)), panel.x(p.age), panel.y(clip(p.high)), color: "#aaaaaa", width: 0.6)
        }
        for p in curve.byAge where yDomain.contains(p.mean) {
            doc.circle(panel.x(p.age), panel.y(p.mean), r: max(0.9, min(2, 0.6 + 0.5 * log10(Double(p.n)))), fill: pointColor)
        }
        for fit in fits {
            let color = fit.model == .quadratic ? quadraticColor : splineColor
            let upper = zip(fit.gridAges, fit.gridHigh).map { panel.point($0, clip($1)) }
            let lower = zip(fit.gridAges, fit.gridLow).map { panel.point($0, clip($1)) }
            doc.polygon(upper + lower.reversed(), fill: color, opacity: 0.18)
            doc.polyline(zip(fit.gridAges, fit.gridFitted).map { panel.point($0, clip($1)) }, color: color, width: 1.4,
                         dash: fit.model == .spline ? "3.5,2" : nil)
            if fit.peak.interior {
                doc.line(panel.x(fit.peak.age), panel.top, panel.x(fit.peak.age), panel.top + panel.height, color: color, width: 0.6, dash: "1.5,1.5")
            }
        }
        if let note = curve.note, fits.isEmpty {
            var y = panel.top + 2 + FontMetrics.ascent * layout.small
            for line in FontMetrics.wrap(note, width: panel.width - 6, size: layout.small).prefix(Int(panel.height / (layout.small * FontMetrics.lineHeight)) - 1) {
                doc.text(line, x: panel.left + 3, y: y, size: layout.small, color: "#a00")
                y += layout.small * FontMetrics.lineHeight
            }
        }
        return frame.bottom
    }

    /// The key of a curve panel: what the marks are, with the peaks when `curve` is given.
    static func curveKey(_ curve: CurveResult?, bandMethod: String?) -> [Legend.Entry] {
        var entries = [Legend.Entry("mean z at each age (95% CI where n >= 3)", color: pointColor, mark: .point)]
        if let curve, let q = curve.quadratic {
            let weak = q.peak.interior && q.evidence?.interiorPeak == false
            entries.append(Legend.Entry(q.basis.summary + ": " + describe(q.peak)
                                        + (weak ? ", no evidence of a peak (b2 " + NumberText.pClause(q.evidence!.b2.p) + ")" : ""),
                                        color: quadraticColor, mark: .line))
        } else {
            entries.append(Legend.Entry("quadratic in ln(age)", color: quadraticColor, mark: .line))
        }
        if let curve, let s = curve.spline {
            let df = (s.basis as? NaturalSplineBasis)?.degreesOfFreedom ?? 0
            entries.append(Legend.Entry("natural spline, df \(df) (AICc): " + describe(s.peak), color: splineColor, mark: .dash))
        } else {
            entries.append(Legend.Entry("natural spline, df by AICc", color: splineColor, mark: .dash))
        }
        entries.append(Legend.Entry("95% band: " + (bandMethod ?? "bootstrap when run, else delta method"), color: "#777777", mark: .band))
        entries.append(Legend.Entry("z = 0: a uniformly random producer", color: referenceColor, mark: .dots))
        return entries
    }

    // MARK: Figures

    static func complexityVersusAge(_ result: StudyResult, _ layout: FigureLayout) -> Rendered {
        var doc = SVGDocument(width: layout.width, height: layout.width)
        doc.physicalWidth = layout.widthMillimetres
        let c = result.curve(.composite)
        let width = layout.width - 2 * layout.margin
        var bottom = layout.margin
        if let c {
            bottom = drawCurve(&doc, c, layout, left: layout.margin, top: layout.margin, width: width, title: nil,
                               yLabel: "Composite complexity z (SD units)", ages: ageDomain(result))
        }
        let key = Legend(entries: curveKey(c, bandMethod: c?.fits.first?.bandMethod), fontSize: layout.small, width: width)
        key.draw(&doc, left: layout.margin, top: bottom + 4)
        doc.height = bottom + 4 + key.height + layout.margin
        let caption = "Complexity of responses by age: the composite of \(result.compositeTasks.joined(separator: ", ")) (n = \(c?.participants ?? 0)). "
            + "z = (K - mean K over all strings of the task) / SD: 0 is a uniformly random producer, negative is simpler (more predictable)."
        return Rendered(name: "complexity_vs_age.svg", document: doc, caption: caption)
    }

    static func tasksVersusAge(_ result: StudyResult, _ layout: FigureLayout) -> Rendered {
        let shown = result.tasks.enumerated().filter { $0.element.scored > 0 }
        let columns = min(layout.columns, max(shown.count, 1))
        var doc = SVGDocument(width: layout.width, height: layout.width)
        doc.physicalWidth = layout.widthMillimetres
        let cell = layout.cellWidth(columns)
        var rowTop = layout.margin, rowBottom = layout.margin
        var bandMethod: String?
        for (k, (i, outcome)) in shown.enumerated() {
            let column = k % columns
            if column == 0 && k > 0 { rowTop = rowBottom + layout.gap }
            let title = "\(outcome.task.name) (m = \(outcome.task.alphabet), L = \(outcome.task.length.map(String.init) ?? "any"))"
            guard let c = result.curve(.task(index: i, name: outcome.task.name)) else { continue }
            bandMethod = bandMethod ?? c.fits.first?.bandMethod
            let bottom = drawCurve(&doc, c, layout, left: layout.cellLeft(column, of: columns), top: rowTop, width: cell,
                                   title: title, yLabel: "z (SD units)", ages: ageDomain(result))
            rowBottom = max(rowBottom, bottom)
        }
        let width = layout.width - 2 * layout.margin
        let key = Legend(entries: curveKey(nil, bandMethod: bandMethod), fontSize: layout.small, width: width)
        key.draw(&doc, left: layout.margin, top: rowBottom + 4)
        doc.height = rowBottom + 4 + key.height + layout.margin
        let caption = "Complexity z by age, per task: mean per year with its 95% CI where the year has at least 3 participants; "
            + "quadratic in ln(age) solid, natural spline dashed, 95% bands; vertical lines mark interior peaks (their ages and CIs are in the age-curve table)."
            + omittedTasks(result)
        return Rendered(name: "tasks_vs_age.svg", document: doc, caption: caption)
    }

    static func degenerateVersusAge(_ result: StudyResult, _ layout: FigureLayout) -> Rendered {
        var doc = SVGDocument(width: layout.width, height: layout.width)
        doc.physicalWidth = layout.widthMillimetres
        let ages = ageDomain(result)
        let engaged = result.compositeTasks.isEmpty ? nil : result.curve(.compositeNonDegenerate)
        let columns = engaged == nil ? 1 : min(2, layout.columns)
        let cell = layout.cellWidth(columns)
        // Left: P(degenerate).
        let all = result.degeneracy.first { $0.target == .allTasks }
        var shares = (all?.byBand.filter { $0.interval.trials >= 3 }.map(\.interval.high) ?? []) + (all?.high ?? [])
        shares += all?.byBand.map(\.interval.proportion) ?? []
        shares.append(0)
        let topShare = max(0.05, (shares.filter(\.isFinite).max() ?? 0.5) * 1.08)
        let frame = frame(layout, left: layout.margin, top: layout.margin, width: cell, title: true,
                          xDomain: ages, yDomain: 0...min(1, topShare), yFormat: PlotPanel.percent)
        let left = frame.panel
        panelTitle(&doc, "Degenerate responses", layout, left: layout.margin, top: layout.margin, width: cell)
        left.drawAxes(&doc, title: nil, xLabel: "Age (years)", yLabel: "Share", fontSize: layout.font,
                      yFormat: PlotPanel.percent, yLabelOffset: frame.yLabelOffset)
        var entries = [Legend.Entry("share per age band (Wilson 95% CI where n >= 3)", color: pointColor, mark: .point)]
        if let all {
            if !all.gridAges.isEmpty {
                let upper = zip(all.gridAges, all.high).map { left.point($0, $1) }
                let lower = zip(all.gridAges, all.low).map { left.point($0, $1) }
                doc.polygon(upper + lower.reversed(), fill: quadraticColor, opacity: 0.18)
                doc.polyline(zip(all.gridAges, all.probability).map { left.point($0, $1) }, color: quadraticColor, width: 1.4)
            }
            for b in all.byBand where b.interval.trials > 0 {
                if b.interval.trials >= 3 {
                    doc.line(left.x(b.age), left.y(b.interval.low), left.x(b.age), left.y(b.interval.high), color: "#888", width: 0.7)
                }
                doc.circle(left.x(b.age), left.y(b.interval.proportion), r: 1.8, fill: pointColor)
            }
            if all.fit != nil {
                var label = "logistic, quadratic in ln(age)"
                if let a = all.minimumAge { label += ": fewest at \(NumberText.fixed(a, 1)) y" }
                entries.append(Legend.Entry(label, color: quadraticColor, mark: .line))
                entries.append(Legend.Entry("95% band (Wald, logit scale)", color: quadraticColor, mark: .band))
            } else if let note = all.note {
                entries.append(Legend.Entry("no fit: " + note, color: "#aa0000", mark: .dots))
            }
        }
        let leftKey = Legend(entries: entries, fontSize: layout.small, width: cell)
        leftKey.draw(&doc, left: layout.margin, top: frame.bottom + 4)
        var bottom = frame.bottom + 4 + leftKey.height
        // Right (or below): z among non-degenerate responses.
        if let engaged {
            let top = columns == 2 ? layout.margin : bottom + layout.gap
            let x = layout.cellLeft(columns == 2 ? 1 : 0, of: columns)
            let end = drawCurve(&doc, engaged, layout, left: x, top: top, width: cell, title: "Non-degenerate responses",
                                yLabel: columns == 2 ? "z (SD units)" : "Composite z (SD units)", ages: ages)
            let key = Legend(entries: curveKey(engaged, bandMethod: engaged.fits.first?.bandMethod), fontSize: layout.small, width: cell)
            key.draw(&doc, left: x, top: end + 4)
            bottom = max(bottom, end + 4 + key.height)
        }
        doc.height = bottom + layout.margin
        let caption = "Two-part view: how often responses are degenerate (constant, alternating, counting, cycling or padded with the default symbol; all tasks, the flags need no table)"
            + (engaged == nil ? "." : ", and how random the others are (composite z over non-degenerate responses).")
        return Rendered(name: "degenerate_vs_age.svg", document: doc, caption: caption)
    }

    static func zDistribution(_ result: StudyResult, _ layout: FigureLayout) -> Rendered {
        var panels: [(title: String, z: [Double])] = []
        for (t, outcome) in result.tasks.enumerated() where outcome.scored > 0 {
            let z = result.participants.map { $0.taskZ[t] }.filter { !$0.isNaN }
            if !z.isEmpty { panels.append((outcome.task.name, z)) }
        }
        let composite = result.participants.map(\.composite).filter { !$0.isNaN }
        if !result.compositeTasks.isEmpty && !composite.isEmpty { panels.append(("composite", composite)) }
        let columns = min(layout.columns, max(panels.count, 1))
        let cell = layout.cellWidth(columns)
        var doc = SVGDocument(width: layout.width, height: layout.width)
        doc.physicalWidth = layout.widthMillimetres
        var rowTop = layout.margin, rowBottom = layout.margin
        for (i, panel) in panels.enumerated() {
            let column = i % columns
            if column == 0 && i > 0 { rowTop = rowBottom + layout.gap }
            let lo = panel.z.min()!, hi = panel.z.max()!
            let binWidth = 0.25
            let start = (min(lo, -1) / binWidth).rounded(.down) * binWidth
            let end = (max(hi, 1) / binWidth).rounded(.up) * binWidth + binWidth
            let bins = max(1, Int(((end - start) / binWidth).rounded()))
            var counts = [Int](repeating: 0, count: bins)
            for z in panel.z { counts[min(bins - 1, max(0, Int((z - start) / binWidth)))] += 1 }
            let shares = counts.map { Double($0) / Double(panel.z.count) }
            let x = layout.cellLeft(column, of: columns)
            let frame = frame(layout, left: x, top: rowTop, width: cell, title: true, xDomain: start...end,
                              yDomain: 0...((shares.max() ?? 0.1) * 1.1), yFormat: PlotPanel.percent)
            let p = frame.panel
            panelTitle(&doc, "\(panel.title) (n = \(panel.z.count))", layout, left: x, top: rowTop, width: cell)
            p.drawAxes(&doc, title: nil, xLabel: "z (SD units)", yLabel: "Participants", fontSize: layout.font,
                       yFormat: PlotPanel.percent, yLabelOffset: frame.yLabelOffset)
            for (b, s) in shares.enumerated() where s > 0 {
                let x0 = start + Double(b) * binWidth
                doc.rect(p.x(x0), p.y(s), max(0.3, p.x(x0 + binWidth) - p.x(x0) - 0.3), p.y(0) - p.y(s), fill: quadraticColor, opacity: 0.75)
            }
            doc.line(p.x(0), p.top, p.x(0), p.top + p.height, color: "#222", width: 0.8, dash: "1,1.5")
            let median = SampleSummary(panel.z).median
            doc.line(p.x(median), p.top, p.x(median), p.top + p.height, color: splineColor, width: 1.2, dash: "3.5,2")
            rowBottom = max(rowBottom, frame.bottom)
        }
        let key = Legend(entries: [Legend.Entry("share of participants per bin of 0.25", color: quadraticColor, mark: .band),
                                   Legend.Entry("median", color: splineColor, mark: .dash),
                                   Legend.Entry("z = 0: a uniformly random producer", color: "#222", mark: .dots)],
                         fontSize: layout.small, width: layout.width - 2 * layout.margin)
        key.draw(&doc, left: layout.margin, top: rowBottom + 4)
        doc.height = rowBottom + 4 + key.height + layout.margin
        let caption = "Distribution of participants' complexity z per task and of the composite (mean of task z)." + omittedTasks(result)
        return Rendered(name: "z_distribution.svg", document: doc, caption: caption)
    }
}
