import Foundation
import FrequencyTables
import Plotting

extension TableCompareCommand {
    /// Left: K in A against K in B, a point per distinct pair, coloured by length. Right: the
    /// share of all strings of each length that each table covers.
    static func comparisonFigure(_ c: TableComparison, a: OutputTable, b: OutputTable, shift: Double?) -> String {
        let label = (a: "D(\(a.space.states)) T=\(a.stepCap)", b: "D(\(b.space.states)) T=\(b.stepCap)")
        let palette = ["#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"]
        let longest = c.common.map(\.string.count).max() ?? 1
        let bucket = max(1, Int((Double(longest) / Double(palette.count)).rounded(.up)))
        var series: [Chart.Series] = []
        for start in stride(from: 1, through: longest, by: bucket) {
            let end = min(start + bucket - 1, longest)
            let points = c.common.filter { (start...end).contains($0.string.count) }.map { ($0.first, $0.second) }
            guard !points.isEmpty else { continue }
            series.append(Chart.Series(label: start == end ? "length \(start)" : "lengths \(start)-\(end)",
                                       color: palette[series.count % palette.count], style: .points(radius: 1.6), points: points))
        }
        var scatter = Chart(title: "K under \(label.a) and \(label.b) (\(c.common.count) strings)",
                            xLabel: "K from \(label.a) (bits)", yLabel: "K from \(label.b) (bits)", series: series)
        if let shift { scatter.diagonal = (String(format: "K_B = K_A %+.2f (median shift)", shift), shift) }
        scatter.legendAtBottom = true
        func coverage(_ pick: (TableComparison.LengthRow) -> Int?) -> [(Double, Double)] {
            c.byLength.compactMap { r in pick(r).map { (Double(r.length), Double($0) / r.possible) } }
        }
        var completeness = Chart(title: "Share of all strings of each length that have a K",
                                 xLabel: "string length", yLabel: "covered / all strings",
                                 series: [Chart.Series(label: label.a, color: "#1f77b4", style: .line, points: coverage(\.first)),
                                          Chart.Series(label: label.b, color: "#d62728", style: .line, points: coverage(\.second))])
        completeness.yDomain = 0...1.05
        completeness.yFormat = PlotPanel.percent
        return Figure.render([scatter, completeness], caption: "\(label.a) against \(label.b): Spearman rho \(c.spearman.map { String(format: "%.4f", $0) } ?? "-") over the strings both cover")
    }
}
