import Enumeration
import Foundation
import Scoring

/// `acss score --2d`: binary arrays scored with a 2-D table, one row per array, with the
/// columns of 1-D scoring (those without a meaning for arrays left empty).
struct GridScoring {
    static let flag = Flag("--2d", "score binary arrays with the exact 2-D table: rows separated by '/' (000/010/000), or flattened cells with --shape, or a CSV matrix file with --input (docs/two-dimensional.md)")
    static let shape = Option("--shape", "RxC", "with --2d: each array is its cells flattened row by row, e.g. --shape 3x3 for the 2017 study's grids (000010000)")

    static let columns = ScoringColumns.gridScore

    let scoring: ScoringInput
    let shape: (rows: Int, columns: Int)?
    let prior: Double
    let minimumCoverage: Double

    init(_ args: ParsedArguments, scoring: ScoringInput, prior: Double, minimumCoverage: Double) throws {
        if args.value(ScoringInput.alphabet) != nil, scoring.alphabet?.size != 2 {
            throw UsageError("--2d scores binary arrays: --alphabet must be 2 or left out")
        }
        if let text = args.value(Self.shape) {
            guard let shape = GridArrayText.parseShape(text) else {
                throw UsageError("invalid value '\(text)' for --shape: expected ROWSxCOLUMNS with at most \(PackedGrid.maxArea) cells, e.g. 3x3")
            }
            self.shape = shape
        } else {
            shape = nil
        }
        self.scoring = scoring
        self.prior = prior
        self.minimumCoverage = minimumCoverage
    }

    func run(_ terminal: Terminal, quiet: Bool) throws -> Int32 {
        let table = try GridComplexityTable(locator: TableLocator(explicitDirectory: scoring.tables.directory),
                                            descriptor: scoring.tables.gridChoice ?? .defaultTable)
        let writer = scoring.writer(columns: Self.columns, out: OutputBuffer(terminal))
        let failures = RowFailures(terminal, command: "score")
        var total = 0
        func score(_ text: String, line: Int) {
            total += 1
            do throws(ScoringError) {
                let array = try GridArrayText.parse(text, shape: shape)
                let s = try table.score(array, text: text, prior: prior, minimumCoverage: minimumCoverage)
                writer.write(s)
            } catch {
                failures.report(error.description, line: line, batch: scoring.input.isBatch)
                writer.writeFailure(text, error: error.description)
            }
        }
        if shape == nil, scoring.selection == nil, scoring.input.isBatch {
            // A file of rows: one CSV matrix (cells separated by commas or spaces), or one
            // array per line written with '/'.
            var lines: [(Int, String)] = []
            var problem: (Int, String)?
            try scoring.input.forEachLine(terminal) { line in
                if let p = line.problem { problem = problem ?? (line.number, "\(p)"); return }
                let text = line.text.trimmingCharacters(in: .whitespaces)
                if !text.isEmpty { lines.append((line.number, text)) }
            }
            if let problem { throw UsageError("line \(problem.0): \(problem.1)") }
            let isMatrix = lines.first.map { $0.1.contains(",") || $0.1.contains(" ") || $0.1.contains("\t") } ?? false
            if isMatrix {
                var rows: [String] = []
                for (number, text) in lines {
                    let cells = text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" })
                    guard cells.allSatisfy({ $0 == "0" || $0 == "1" }) else {
                        throw UsageError("line \(number): a matrix row has cells 0 or 1 separated by commas or spaces: '\(text.prefix(60))'")
                    }
                    rows.append(cells.joined())
                }
                score(rows.joined(separator: "/"), line: 1)
            } else {
                for (number, text) in lines { score(text, line: number) }
            }
        } else if case .arguments(let arrays) = scoring.input {
            for (i, text) in arrays.enumerated() { score(text, line: i + 1) }
        } else {
            try scoring.input.forEachRow(terminal, selection: scoring.selection) { row in
                writer.currentID = row.id
                if let p = row.problem {
                    total += 1
                    failures.report(p, line: row.number, batch: true)
                    writer.writeFailure(row.shown, error: p)
                    return
                }
                score(row.text, line: row.number)
            }
        }
        writer.finish()
        _ = quiet
        return failures.finish(total: total)
    }
}
