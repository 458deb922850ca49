import Foundation

/// One panel of point and line series with axes and a legend. `Figure.render` lays several
/// side by side into one SVG file.
public struct Chart {
    public enum Style: Sendable { case points(radius: Double), line }

    public struct Series {
        public var label: String
        public var color: String
        public var style: Style
        public var points: [(Double, Double)]

        public init(label: String, color: String, style: Style, points: [(Double, Double)]) {
            self.label = label
            self.color = color
            self.style = style
            self.points = points
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [Series]
    /// A dashed line y = x + intercept (e.g. "equal up to a constant").
    public var diagonal: (label: String, intercept: Double)?
    /// Fixed axis ranges; by default they fit the data.
    public var xDomain: ClosedRange<Double>?
    public var yDomain: ClosedRange<Double>?
    public var yFormat: (Double) -> String = PlotPanel.format
    /// Legend in the bottom-right corner instead of the top-right.
    public var legendAtBottom = false

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// Points closer than half a pixel to one already drawn add nothing visible; dropping them
    /// keeps a 100,000-point scatter a small file.
    static func thinned(_ points: [(Double, Double)], panel: PlotPanel) -> [(Double, Double)] {
        var seen = Set<Int64>()
        var kept: [(Double, Double)] = []
        for p in points where p.0.isFinite && p.1.isFinite {
            let (x, y) = panel.point(p.0, p.1)
            let key = Int64((x * 2).rounded()) << 32 | Int64((y * 2).rounded())
            if seen.insert(key).inserted { kept.append((x, y)) }
        }
        return kept
    }

    func draw(_ doc: inout SVGDocument, left: Double, top: Double, width: Double, height: Double) {
        let xs = series.flatMap { $0.points.map(\.0) }, ys = series.flatMap { $0.points.map(\.1) }
        let panel = PlotPanel(left: left, top: top, width: width, height: height,
                              xDomain: xDomain ?? LinearScale.niceDomain(xs), yDomain: yDomain ?? LinearScale.niceDomain(ys))
        panel.drawAxes(&doc, title: title, xLabel: xLabel, yLabel: yLabel, yFormat: yFormat)
        for s in series {
            switch s.style {
            case .points(let r):
                for (x, y) in Chart.thinned(s.points, panel: panel) where (left...(left + width)).contains(x) && (top...(top + height)).contains(y) {
                    doc.circle(x, y, r: r, fill: s.color)
                }
            case .line:
                doc.polyline(s.points.map { panel.point($0.0, $0.1) }, color: s.color, width: 2)
            }
        }
        var legend = series.map { s -> (label: String, color: String, kind: String) in
            if case .line = s.style { return (s.label, s.color, "line") }
            return (s.label, s.color, "point")
        }
        if let diagonal {
            let lo = max(panel.x.domain.lowerBound, panel.y.domain.lowerBound - diagonal.intercept)
            let hi = min(panel.x.domain.upperBound, panel.y.domain.upperBound - diagonal.intercept)
            if lo < hi {
                doc.line(panel.x(lo), panel.y(lo + diagonal.intercept), panel.x(hi), panel.y(hi + diagonal.intercept),
                         color: "#555", width: 1.2, dash: "5,3")
                legend.append((diagonal.label, "#555", "dash"))
            }
        }
        panel.legend(&doc, entries: legend, bottom: legendAtBottom)
    }
}

public enum Figure {
    /// Charts side by side, each `panelWidth` wide, with an optional caption line on top.
    public static func render(_ charts: [Chart], panelWidth: Double = 560, height: Double = 480,
                              caption: String? = nil) -> String {
        let margin = (left: 80.0, right: 24.0, top: caption == nil ? 40.0 : 64.0, bottom: 64.0)
        var doc = SVGDocument(width: panelWidth * Double(max(charts.count, 1)), height: height)
        if let caption { doc.text(caption, x: 16, y: 24, size: 14, weight: "bold") }
        for (i, chart) in charts.enumerated() {
            chart.draw(&doc, left: panelWidth * Double(i) + margin.left, top: margin.top,
                       width: panelWidth - margin.left - margin.right, height: height - margin.top - margin.bottom)
        }
        return doc.render()
    }
}
