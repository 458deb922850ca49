import JSONOutput

/// Output formats. `table` is for people; `csv`, `tsv` and `json` are stable for programs
/// (column names are documented in docs/scoring.md and never change meaning).
enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json

    /// `--format`, any letter case; `table` when not given.
    init(_ text: String?) throws(UsageError) {
        guard let text else { self = .table; return }
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw UsageError("invalid value '\(text)' for --format: expected table, csv, tsv or json")
        }
        self = format
    }
}

/// One cell of a result row.
enum Cell {
    case text(String)
    case int(Int)
    case number(Double)
    case missing

    /// Machine form: integers as is, doubles in their shortest exact form (round-trips).
    var plain: String {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .number(let d): return d.description
        case .missing: return ""
        }
    }

    var json: JSON {
        switch self {
        case .text(let s): return .string(s)
        case .int(let i): return .integer(i)
        case .number(let d): return .double(d)
        case .missing: return .null
        }
    }

    init(_ d: Double?) { self = d.map(Cell.number) ?? .missing }
}

/// How a column shows in the human table.
enum CellStyle: Sendable {
    case plain
    case fixed(Int)
    case scientific(Int)

    func render(_ cell: Cell) -> String {
        switch (self, cell) {
        case (.fixed(let digits), .number(let d)): return String(format: "%.\(digits)f", d)
        case (.scientific(let digits), .number(let d)): return String(format: "%.\(digits)e", d)
        case (_, .missing): return "-"
        default: return cell.plain
        }
    }
}

/// A column of a result table, declared with the value it shows: a row is built column by
/// column, so the header and the values cannot fall out of step.
struct Column<Row>: Sendable {
    let name: String
    let style: CellStyle
    /// Shown in the human table.
    let inTable: Bool
    let cell: @Sendable (Row) -> Cell

    init(_ name: String, _ style: CellStyle = .plain, inTable: Bool = true, _ cell: @escaping @Sendable (Row) -> Cell) {
        self.name = name
        self.style = style
        self.inTable = inTable
        self.cell = cell
    }

    /// The last column of every scoring table: empty on rows that scored, the message on a
    /// string that failed.
    static var error: Column { Column("error", inTable: false) { _ in .missing } }
}
