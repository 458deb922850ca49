import Foundation
import FrequencyTables
import JSONOutput

extension TableCompareCommand {
    /// `acss table compare A B`: two exhaustive tables of one alphabet.
    func compareTables(_ pathA: String, _ pathB: String, _ terminal: Terminal) throws -> Int32 {
        for path in [pathA, pathB] where SampledTableFile.isSampledTable(path: path) {
            throw UsageError("table compare A B compares two exhaustive tables; \(path) is a sampled one (compare it with the published values: acss table compare \(path))")
        }
        if let svg { try checkWritable(svg) }
        let a = try TableFile.read(path: pathA), b = try TableFile.read(path: pathB)
        let comparison: TableComparison
        do { comparison = try TableComparison(first: a, second: b) } catch {
            throw UsageError("\(pathA) and \(pathB): \(error)")
        }
        let movers = comparison.movers(top)
        let overallShift = comparison.medianShift
        func name(_ t: OutputTable, _ path: String) -> String {
            "\(path): \(t.space) T=\(t.stepCap), H=\(t.halting), \(t.distinct) strings"
                + (t.listing.map { ", listed up to length \($0.maxLength)" } ?? "")
        }
        func number(_ v: Double?, _ format: String = "%.6f") -> String { v.map { String(format: format, $0) } ?? "-" }
        if json {
            func jsonNumber(_ v: Double?) -> JSON { v.map(JSON.double) ?? .null }
            func count(_ n: Int?) -> JSON { n.map(JSON.integer) ?? .null }
            let lengths = comparison.byLength.map { r in
                JSON.object([("length", .integer(r.length)), ("possible", .double(r.possible)), ("A", count(r.first)),
                             ("B", count(r.second)), ("both", .integer(r.both)), ("spearman", jsonNumber(r.spearman)),
                             ("median_shift", jsonNumber(r.medianShift)), ("max_abs_shift", jsonNumber(r.maxAbsoluteShift))])
            }
            func list(_ ms: [TableComparison.Mover]) -> JSON {
                .array(ms.map {
                    .object([("string", .string(OutputTable.render($0.string))), ("class_size", .integer($0.classSize)),
                             ("K_A", .double($0.first)), ("K_B", .double($0.second)), ("residual", .double($0.residual))])
                })
            }
            terminal.print(JSON.object([
                ("A", .string(name(a, pathA))), ("B", .string(name(b, pathB))),
                ("compared_up_to_length", .integer(comparison.comparedUpToLength)), ("common", .integer(comparison.common.count)),
                ("spearman", jsonNumber(comparison.spearman)), ("pearson", jsonNumber(comparison.pearson)),
                ("median_shift", jsonNumber(overallShift)), ("lengths", .array(lengths)),
                ("movers_up", list(movers.up)), ("movers_down", list(movers.down)),
            ]).compact)
        } else {
            terminal.print("A  " + name(a, pathA))
            terminal.print("B  " + name(b, pathB))
            terminal.print("strings both cover: \(comparison.common.count) (lengths 1-\(comparison.comparedUpToLength)); Spearman rho \(number(comparison.spearman)), Pearson r \(number(comparison.pearson)), median K(B) - K(A) \(number(overallShift, "%.4f"))")
            terminal.print("")
            terminal.print("length\tpossible\tA\tB\tboth\tA_complete\tB_complete\tspearman\tmedian_shift\tmax_abs_shift")
            for r in comparison.byLength {
                func share(_ n: Int?) -> String { n.map { String(format: "%.4f", Double($0) / r.possible) } ?? "not listed" }
                terminal.print("\(r.length)\t\(String(format: "%.0f", r.possible))\t\(r.first.map(String.init) ?? "-")\t\(r.second.map(String.init) ?? "-")\t\(r.both)\t\(share(r.first))\t\(share(r.second))\t\(number(r.spearman, "%.4f"))\t\(number(r.medianShift, "%.4f"))\t\(number(r.maxAbsoluteShift, "%.2e"))")
            }
            for (title, list) in [("rose most", movers.up), ("fell most", movers.down)] where !list.isEmpty {
                terminal.print("")
                terminal.print("movers: K \(title) relative to the median shift of their length (one row per group with identical K)")
                terminal.print("string\tstrings_in_group\tK_A\tK_B\tresidual")
                for m in list {
                    terminal.print("\(OutputTable.render(m.string))\t\(m.classSize)\t\(String(format: "%.4f", m.first))\t\(String(format: "%.4f", m.second))\t\(String(format: "%+.4f", m.residual))")
                }
            }
        }
        if let svg {
            do {
                try Data(Self.comparisonFigure(comparison, a: a, b: b, shift: overallShift).utf8).write(to: URL(fileURLWithPath: svg), options: .atomic)
            } catch {
                throw UsageError("cannot write '\(svg)': \(error.localizedDescription)")
            }
            if !json { terminal.print(""); terminal.print("wrote \(svg)") }
        }
        return 0
    }
}
