import Foundation
import JSONOutput

/// One cell of a result row.
public enum Cell: Sendable {
    case text(String)
    case int(Int)
    case number(Double)
    case missing

    /// Machine form: integers as is, doubles in their shortest exact form (round-trips).
    public var plain: String {
        switch self {
        case .text(let s): return s
        case .int(let i): return String(i)
        case .number(let d): return d.description
        case .missing: return ""
        }
    }

    public var json: JSON {
        switch self {
        case .text(let s): return .string(s)
        case .int(let i): return .integer(i)
        case .number(let d): return .double(d)
        case .missing: return .null
        }
    }

    public init(_ d: Double?) { self = d.map(Cell.number) ?? .missing }
}

/// How a column shows in the human table.
public enum CellStyle: Sendable {
    case plain
    case fixed(Int)
    case scientific(Int)

    public func render(_ cell: Cell) -> String {
        switch (self, cell) {
        case (.fixed(let digits), .number(let d)): return String(format: "%.\(digits)f", d)
        case (.scientific(let digits), .number(let d)): return String(format: "%.\(digits)e", d)
        case (_, .missing): return "-"
        default: return cell.plain
        }
    }
}

/// A column of a result table, declared with the value it shows: a row is built column by
/// column, so the header and the values cannot fall out of step. The command line's tables
/// and the HTTP service's JSON results are both built from these declarations, so a column
/// added here appears in both.
public struct Column<Row>: Sendable {
    public let name: String
    public let style: CellStyle
    /// Shown in the human table.
    public let inTable: Bool
    public let cell: @Sendable (Row) -> Cell

    public init(_ name: String, _ style: CellStyle = .plain, inTable: Bool = true, _ cell: @escaping @Sendable (Row) -> Cell) {
        self.name = name
        self.style = style
        self.inTable = inTable
        self.cell = cell
    }

    /// The last column of every scoring table: empty on rows that scored, the message on a
    /// string that failed.
    public static var error: Column { Column("error", inTable: false) { _ in .missing } }
}

extension Array {
    /// The cells of `row`, in column order.
    public func cells<Row>(_ row: Row) -> [Cell] where Element == Column<Row> { map { $0.cell(row) } }

    /// The row of an input that failed: its text in the first column, the message in the last
    /// (`error`), nothing in between.
    public func failureCells<Row>(text: String, error: String) -> [Cell] where Element == Column<Row> {
        var cells = [Cell](repeating: .missing, count: count)
        cells[0] = .text(text)
        cells[count - 1] = .text(error)
        return cells
    }
}

/// One row as a JSON object on one line, `{"name": value, ...}`: the layout of every row of
/// `--format json` and of every result of the HTTP service. Keys are quoted once.
public struct JSONRowLayout: Sendable {
    /// `"name": ` per field.
    public let keys: [String]

    public init(names: [String]) { keys = names.map { JSON.quote($0) + ": " } }

    /// `{` and the first field.
    public func head(_ first: Cell) -> String { "{" + keys[0] + first.json.compact }

    /// The fields from `keys[skip]` on, each preceded by ", ", and the closing brace.
    public func tail(_ rest: ArraySlice<Cell>, skip: Int = 1) -> String {
        var line = ""
        line.reserveCapacity(40 * rest.count)
        for (key, cell) in zip(keys.dropFirst(skip), rest) {
            line += ", "
            line += key
            line += cell.json.compact
        }
        line += "}"
        return line
    }

    /// The whole object.
    public func object(_ cells: [Cell]) -> String { head(cells[0]) + tail(cells.dropFirst()) }
}
