import Foundation
import Plotting
import Scoring

/// A network with the information of each edge and vertex, for the drawing.
struct NetworkFigure {
    let network: Network
    let edgeDeltas: [Double?]
    let vertexDeltas: [Double?]
}

/// `acss perturb --svg`: the information signature (each operation's information values,
/// largest first, against their position), and for a network a circular drawing above it,
/// edges and vertices coloured by their information (red positive, blue negative, grey
/// neutral, pale where undefined), stronger for larger |information|.
enum PerturbationFigure {
    static let palette = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd"]

    static func render(input: String, signatures: [(String, [Double])], network: NetworkFigure?) -> String {
        let series = signatures.enumerated().map { i, s in
            Chart.Series(label: s.0, color: palette[i % palette.count], style: s.1.count > 200 ? .line : .points(radius: 2.5),
                         points: s.1.enumerated().map { (Double($0.offset + 1), $0.element) })
        }
        let chart = Chart(title: "Information signature of \(FontMetrics.truncated(input, width: 300, size: 13))",
                          xLabel: "element, by decreasing information", yLabel: "information = -delta BDM (bits)", series: series)
        let signature = Figure.render([chart], caption: "Perturbation analysis: BDM(original) - BDM(perturbed) per element")
        guard let network else { return signature }
        let size = 560.0
        var doc = SVGDocument(width: size, height: size)
        doc.text("\(network.network.directed ? "Directed" : "Undirected") network: \(network.network.vertexNames.count) vertices, \(network.edgeDeltas.count) edges, coloured by information", x: 16, y: 24, size: 14, weight: "bold")
        let n = network.network.vertexNames.count
        let centre = size / 2 + 10, radius = size / 2 - 60
        func position(_ v: Int) -> (Double, Double) {
            let angle = 2 * Double.pi * Double(v) / Double(max(n, 1)) - Double.pi / 2
            return (centre + radius * cos(angle), centre + radius * sin(angle))
        }
        let scale = (network.edgeDeltas + network.vertexDeltas).compactMap { $0.map { abs($0) } }.max() ?? 1
        for (e, delta) in zip(network.network.edges, network.edgeDeltas) {
            let (a, b) = (position(e.from), position(e.to))
            doc.line(a.0, a.1, b.0, b.1, color: colour(delta, scale: scale), width: 1.5)
        }
        for v in 0..<n {
            let (x, y) = position(v)
            doc.circle(x, y, r: n > 100 ? 3 : 7, fill: colour(network.vertexDeltas[v], scale: scale), stroke: "#333")
            if n <= 40 { doc.text(network.network.vertexNames[v], x: x, y: y - 10, size: 10, anchor: "middle") }
        }
        return stack(doc.render(), signature, firstHeight: size, secondHeight: 480, width: size)
    }

    /// Red for positive information, blue for negative, grey for none, pale grey undefined;
    /// the opacity of the hue grows with |information| / scale.
    static func colour(_ delta: Double?, scale: Double) -> String {
        guard let delta else { return "#dddddd" }
        let i = InformationAnalysis.information(delta)
        if i == 0 { return "#999999" }
        let t = min(1, abs(i) / max(scale, 1e-12))
        let fade = { (c: Double) in Int((255 - (255 - c) * (0.25 + 0.75 * t)).rounded()) }
        let (r, g, b) = i > 0 ? (fade(214), fade(39), fade(40)) : (fade(31), fade(119), fade(180))
        return String(format: "#%02x%02x%02x", r, g, b)
    }

    /// Two SVG documents one above the other, as nested <svg> elements of one document.
    static func stack(_ first: String, _ second: String, firstHeight: Double, secondHeight: Double, width: Double) -> String {
        func body(_ svg: String) -> String {
            guard let start = svg.range(of: "<svg") else { return svg }
            return String(svg[start.lowerBound...])
        }
        let w = max(width, 560)
        let nested1 = body(first).replacingOccurrences(of: "<svg ", with: "<svg x=\"0\" y=\"0\" ", options: [], range: body(first).range(of: "<svg "))
        let nested2 = body(second).replacingOccurrences(of: "<svg ", with: "<svg x=\"0\" y=\"\(Int(firstHeight))\" ", options: [], range: body(second).range(of: "<svg "))
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(firstHeight + secondHeight))\" viewBox=\"0 0 \(Int(w)) \(Int(firstHeight + secondHeight))\">\n"
            + nested1 + nested2 + "</svg>\n"
    }
}
