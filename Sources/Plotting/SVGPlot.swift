import Foundation

/// A minimal SVG drawing kit for the figures of the study reports and the table comparisons: a document, linear scales with "nice"
/// ticks, and panels with axes, gridlines, titles and legends. No fonts are embedded (Helvetica,
/// Arial or the generic sans-serif); every text's box is estimated from `FontMetrics` and kept
/// (`textBoxes`), so a layout can be checked for overlaps and for text off the canvas.
///
/// With `physicalWidth` (millimetres) the file says how large it prints: width="85mm" and a
/// viewBox in points, so a font size of 7 in the document is 7 pt on paper. Without it the
/// units are pixels.
public struct SVGDocument {
    public let width: Double
    /// Settable, for layouts that grow downwards until they know their height.
    public var height: Double
    /// Printed width in millimetres; nil: `width` pixels.
    public var physicalWidth: Double?
    public private(set) var textBoxes: [TextBox] = []
    private var body: [String] = []

    /// Points per millimetre: the document unit when a physical width is set.
    public static let pointsPerMillimetre = 72 / 25.4

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
        body.append("<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"white\"/>")
    }

    public mutating func raw(_ s: String) { body.append(s) }

    public mutating func text(_ s: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
                       weight: String = "normal", color: String = "#222", rotate: Double? = nil) {
        let transform = rotate.map { " transform=\"rotate(\(f($0)) \(f(x)) \(f(y)))\"" } ?? ""
        let w = FontMetrics.width(s, size: size, bold: weight == "bold")
        let start = anchor == "middle" ? -w / 2 : anchor == "end" ? -w : 0
        if rotate == -90 {
            // Reads upwards: the advance runs towards -y, the ascent towards -x.
            textBoxes.append(TextBox(text: s, size: size, x: x - FontMetrics.ascent * size, y: y - start - w,
                                     width: (FontMetrics.ascent + FontMetrics.descent) * size, height: w))
        } else {
            textBoxes.append(TextBox(text: s, size: size, x: x + start, y: y - FontMetrics.ascent * size,
                                     width: w, height: (FontMetrics.ascent + FontMetrics.descent) * size))
        }
        body.append("<text x=\"\(f(x))\" y=\"\(f(y))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"\(f(size))\" text-anchor=\"\(anchor)\" font-weight=\"\(weight)\" fill=\"\(color)\"\(transform)>\(escape(s))</text>")
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String = "#222",
                       width: Double = 1, dash: String? = nil) {
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append("<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\" stroke-width=\"\(f(width))\"\(d)/>")
    }

    public mutating func polyline(_ points: [(Double, Double)], color: String, width: Double = 2, dash: String? = nil) {
        let valid = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard valid.count >= 2 else { return }
        let d = dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        body.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(width))\" stroke-linejoin=\"round\"\(d) points=\"\(valid.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\"/>")
    }

    public mutating func polygon(_ points: [(Double, Double)], fill: String, opacity: Double) {
        let valid = points.filter { $0.0.isFinite && $0.1.isFinite }
        guard valid.count >= 3 else { return }
        body.append("<polygon fill=\"\(fill)\" fill-opacity=\"\(f(opacity))\" stroke=\"none\" points=\"\(valid.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\"/>")
    }

    public mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String, stroke: String? = nil) {
        guard x.isFinite, y.isFinite else { return }
        let s = stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? ""
        body.append("<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"\(f(r))\" fill=\"\(fill)\"\(s)/>")
    }

    public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, stroke: String? = nil, opacity: Double = 1) {
        guard x.isFinite, y.isFinite, w.isFinite, h.isFinite else { return }
        let s = stroke.map { " stroke=\"\($0)\" stroke-width=\"1\"" } ?? ""
        body.append("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(max(w, 0)))\" height=\"\(f(max(h, 0)))\" fill=\"\(fill)\" fill-opacity=\"\(f(opacity))\"\(s)/>")
    }

    public func render() -> String {
        var size = "width=\"\(f(width))\" height=\"\(f(height))\""
        if let mm = physicalWidth {
            size = "width=\"\(f(mm))mm\" height=\"\(f(mm * height / width))mm\""
        }
        var background = body
        background[0] = "<rect x=\"0\" y=\"0\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"white\"/>"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) viewBox=\"0 0 \(f(width)) \(f(height))\">\n"
            + background.joined(separator: "\n") + "\n</svg>\n"
    }

    private func f(_ v: Double) -> String { String(format: "%.2f", v) }

    /// Text as XML character data or an attribute value.
    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
            .replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "'", with: "&#39;")
    }

    private func escape(_ s: String) -> String { Self.escape(s) }
}

/// Maps a data interval onto a pixel interval.
public struct LinearScale {
    public let domain: ClosedRange<Double>
    public let from: Double
    public let to: Double

    public init(domain: ClosedRange<Double>, from: Double, to: Double) {
        self.domain = domain
        self.from = from
        self.to = to
    }

    public func callAsFunction(_ v: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        return from + (v - domain.lowerBound) / (span == 0 ? 1 : span) * (to - from)
    }

    /// About `count` round tick values (steps of 1, 2 or 5 times a power of ten) inside the domain.
    public func ticks(_ count: Int = 6) -> [Double] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0, span.isFinite else { return [domain.lowerBound] }
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var t = (domain.lowerBound / step).rounded(.up) * step
        var ticks: [Double] = []
        while t <= domain.upperBound + step * 1e-9 {
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            t += step
        }
        return ticks
    }

    /// The domain widened to round values and padded by 4% so points do not sit on the frame.
    public static func niceDomain(_ values: [Double], include: [Double] = []) -> ClosedRange<Double> {
        let v = (values + include).filter(\.isFinite)
        guard let lo = v.min(), let hi = v.max() else { return 0...1 }
        if lo == hi { return (lo - 1)...(hi + 1) }
        let pad = (hi - lo) * 0.04
        return (lo - pad)...(hi + pad)
    }
}

/// A plotting area with axes inside a document.
public struct PlotPanel {
    public let left: Double, top: Double, width: Double, height: Double
    public let x: LinearScale
    public let y: LinearScale

    public init(left: Double, top: Double, width: Double, height: Double, xDomain: ClosedRange<Double>, yDomain: ClosedRange<Double>) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        x = LinearScale(domain: xDomain, from: left, to: left + width)
        y = LinearScale(domain: yDomain, from: top + height, to: top)
    }

    public func point(_ a: Double, _ b: Double) -> (Double, Double) { (x(a), y(b)) }

    /// Frame, gridlines, ticks, tick labels, axis titles and the panel title. Tick labels are
    /// thinned (fewer, rounder ticks) until neighbours no longer touch. `yLabelOffset` is the
    /// distance from the frame to the rotated y title (default: room for 5-character labels).
    public func drawAxes(_ doc: inout SVGDocument, title: String?, xLabel: String, yLabel: String, fontSize: Double = 12,
                  xFormat: (Double) -> String = PlotPanel.format, yFormat: (Double) -> String = PlotPanel.format,
                  yLabelOffset: Double? = nil) {
        let tickSize = fontSize * 0.9
        for t in yTicks(fontSize: fontSize) {
            doc.line(left, y(t), left + width, y(t), color: "#e5e5e5")
            doc.line(left - 4, y(t), left, y(t), color: "#444")
            doc.text(yFormat(t), x: left - 7, y: y(t) + fontSize * 0.35, size: tickSize, anchor: "end", color: "#444")
        }
        for t in xTicks(fontSize: fontSize, format: xFormat) {
            doc.line(x(t), top, x(t), top + height, color: "#f0f0f0")
            doc.line(x(t), top + height, x(t), top + height + 4, color: "#444")
            doc.text(xFormat(t), x: x(t), y: top + height + 6 + fontSize, size: tickSize, anchor: "middle", color: "#444")
        }
        doc.rect(left, top, width, height, fill: "none", stroke: "#888")
        doc.text(xLabel, x: left + width / 2, y: top + height + 14 + 2 * fontSize, size: fontSize, anchor: "middle")
        doc.text(yLabel, x: left - (yLabelOffset ?? 42 + fontSize), y: top + height / 2, size: fontSize, anchor: "middle", rotate: -90)
        if let title { doc.text(title, x: left, y: top - 10, size: fontSize * 1.15, weight: "bold") }
    }

    /// Up to 5 y ticks, fewer when their labels would touch.
    public func yTicks(fontSize: Double) -> [Double] {
        var count = 5
        var ticks = y.ticks(count)
        while count > 2, ticks.count > 1, abs(y(ticks[1]) - y(ticks[0])) < fontSize * 0.9 * FontMetrics.lineHeight {
            count -= 1
            ticks = y.ticks(count)
        }
        return ticks
    }

    /// Up to 8 x ticks, fewer when neighbouring labels would come closer than half an em.
    public func xTicks(fontSize: Double, format: (Double) -> String = PlotPanel.format) -> [Double] {
        let size = fontSize * 0.9
        func crowded(_ ticks: [Double]) -> Bool {
            zip(ticks, ticks.dropFirst()).contains { a, b in
                (FontMetrics.width(format(a), size: size) + FontMetrics.width(format(b), size: size)) / 2 + size * 0.5 > x(b) - x(a)
            }
        }
        var count = 8
        var ticks = x.ticks(count)
        while count > 1, crowded(ticks) {
            count -= 1
            ticks = x.ticks(count)
        }
        return ticks
    }

    /// The widest y tick label, for the margin that must hold it.
    public func yTickLabelWidth(fontSize: Double, format: (Double) -> String = PlotPanel.format) -> Double {
        yTicks(fontSize: fontSize).map { FontMetrics.width(format($0), size: fontSize * 0.9) }.max() ?? 0
    }

    /// A horizontal reference line with a label at its right end.
    public func referenceLine(_ doc: inout SVGDocument, at value: Double, label: String, fontSize: Double = 11) {
        guard y.domain.contains(value) else { return }
        doc.line(left, y(value), left + width, y(value), color: "#555", width: 1, dash: "2,3")
        doc.text(label, x: left + width - 4, y: y(value) - 4, size: fontSize, anchor: "end", color: "#555")
    }

    /// A legend box in the panel's top-right or bottom-right corner.
    public func legend(_ doc: inout SVGDocument, entries: [(label: String, color: String, kind: String)], fontSize: Double = 11, bottom: Bool = false) {
        guard !entries.isEmpty else { return }
        let rowHeight = fontSize + 6
        let boxWidth = Double(entries.map(\.label.count).max()!) * fontSize * 0.56 + 40
        let boxHeight = rowHeight * Double(entries.count) + 8
        let bx = left + width - boxWidth - 8
        let by = bottom ? top + height - boxHeight - 8 : top + 8
        doc.rect(bx, by, boxWidth, boxHeight, fill: "white", stroke: "#bbb", opacity: 0.92)
        for (i, e) in entries.enumerated() {
            let cy = by + 4 + rowHeight * (Double(i) + 0.5)
            switch e.kind {
            case "band": doc.rect(bx + 8, cy - 5, 20, 10, fill: e.color, opacity: 0.25)
            case "point": doc.circle(bx + 18, cy, r: 3.5, fill: e.color)
            case "dash": doc.line(bx + 8, cy, bx + 28, cy, color: e.color, width: 1.5, dash: "5,3")
            default: doc.line(bx + 8, cy, bx + 28, cy, color: e.color, width: 2.5)
            }
            doc.text(e.label, x: bx + 34, y: cy + fontSize * 0.35, size: fontSize)
        }
    }

    public static func format(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e6 { return String(Int(v)) }
        let s = String(format: "%.2f", v)
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    public static func percent(_ v: Double) -> String { "\(format(v * 100))%" }
}

/// A key set below (or beside) a plot, never over its data: one entry per line, each label
/// wrapped to the width it is given. `height` says how much room it takes, so a layout can
/// place what follows.
public struct Legend {
    public enum Mark: Sendable { case point, line, dash, dots, band }
    public struct Entry {
        public var label: String
        public var color: String
        public var mark: Mark
        public init(_ label: String, color: String, mark: Mark) {
            self.label = label
            self.color = color
            self.mark = mark
        }
    }

    public var entries: [Entry]
    public var fontSize: Double
    public var width: Double

    public init(entries: [Entry], fontSize: Double, width: Double) {
        self.entries = entries
        self.fontSize = fontSize
        self.width = width
    }

    var markWidth: Double { fontSize * 2.2 }
    var lineStep: Double { fontSize * FontMetrics.lineHeight }

    func lines(_ entry: Entry) -> [String] {
        FontMetrics.wrap(entry.label, width: width - markWidth, size: fontSize)
    }

    public var height: Double {
        entries.reduce(0) { $0 + Double(lines($1).count) * lineStep }
    }

    /// Draws the key with its top edge at `top`.
    public func draw(_ doc: inout SVGDocument, left: Double, top: Double) {
        var y = top
        for e in entries {
            let cy = y + lineStep / 2
            let x0 = left + 1, x1 = left + markWidth - fontSize * 0.5
            switch e.mark {
            case .band: doc.rect(x0, cy - fontSize * 0.35, x1 - x0, fontSize * 0.7, fill: e.color, opacity: 0.25)
            case .point: doc.circle((x0 + x1) / 2, cy, r: fontSize * 0.28, fill: e.color)
            case .dash: doc.line(x0, cy, x1, cy, color: e.color, width: 1.2, dash: "3,2")
            case .dots: doc.line(x0, cy, x1, cy, color: e.color, width: 0.8, dash: "1,1.5")
            case .line: doc.line(x0, cy, x1, cy, color: e.color, width: 1.5)
            }
            for line in lines(e) {
                // Baseline placed so the text box (ascent + descent) is centred on the line.
                doc.text(line, x: left + markWidth, y: y + lineStep / 2 + (FontMetrics.ascent - FontMetrics.descent) / 2 * fontSize,
                         size: fontSize)
                y += lineStep
            }
        }
    }
}
