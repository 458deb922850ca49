import Foundation
import JSONOutput

/// Writes rows in one of the formats. CSV quotes fields that need it (RFC 4180); TSV
/// replaces tabs and newlines inside fields by spaces; JSON is one array of objects, streamed.
final class RowWriter<Row> {
    let format: OutputFormat
    let columns: [Column<Row>]
    private let out: OutputBuffer
    private var rowsWritten = 0
    /// Human table: rows wait until column widths are known (the first 1,000 rows decide).
    private var pending: [[String]] = []
    private var widths: [Int]?
    /// The JSON object of a row (the service's results use the same layout).
    private let json: JSONRowLayout
    /// The name of the input's id column (`--id-column`), written before every row; nil: none.
    let idColumn: String?
    /// The id of the rows being written (set per input row).
    var currentID = ""

    init(format: OutputFormat, columns: [Column<Row>], out: OutputBuffer, idColumn: String? = nil) {
        self.format = format
        self.columns = columns
        self.out = out
        // An id column named like a result column is renamed, so no name appears twice.
        let idName = idColumn.map { name in columns.contains { $0.name == name } ? "id_" + name : name }
        self.idColumn = idName
        let names = (idName.map { [$0] } ?? []) + columns.map(\.name)
        json = JSONRowLayout(names: names)
        switch format {
        case .csv: out.append(names.joined(separator: ",") + "\n")
        case .tsv: out.append(names.joined(separator: "\t") + "\n")
        case .json: out.append("[")
        case .table: break
        }
    }

    /// The row's cells, in column order.
    func cells(_ row: Row) -> [Cell] { columns.cells(row) }

    func write(_ row: Row) { write(cells: cells(row)) }

    /// A string that failed: its text in the first column, the message in the last (`error`),
    /// nothing in between.
    func writeFailure(_ text: String, error: String) {
        write(cells: columns.failureCells(text: text, error: error))
    }

    private func write(cells: [Cell]) {
        switch format {
        case .table:
            let row = (idColumn == nil ? [] : [currentID]) + zip(columns, cells).filter { $0.0.inTable }.map { $0.0.style.render($0.1) }
            if let widths { out.append(Self.align(row, widths) + "\n") } else {
                pending.append(row)
                if pending.count >= 1000 { flushPending() }
            }
        default:
            out.append(head(cells[0]))
            out.append(tail(cells.dropFirst()))
        }
        rowsWritten += 1
    }

    /// The first field, with whatever precedes it (the id field with `--id-column`).
    func head(_ first: Cell) -> String {
        switch format {
        case .csv: return idField + Self.csvField(first.plain)
        case .tsv: return idField + Self.tsvField(first.plain)
        case .json:
            let start = rowsWritten > 0 ? ",\n" : "\n"
            if idColumn == nil { return start + json.head(first) }
            return start + json.head(.text(currentID)) + ", " + json.keys[1] + first.json.compact
        case .table: return ""
        }
    }

    /// With `--id-column`, the id and its separator, in csv and tsv; otherwise nothing.
    var idField: String {
        guard idColumn != nil else { return "" }
        switch format {
        case .csv: return Self.csvField(currentID) + ","
        case .tsv: return Self.tsvField(currentID) + "\t"
        default: return ""
        }
    }

    /// Everything after the first field, row end included: what the score command caches
    /// per pattern.
    func tail(_ rest: ArraySlice<Cell>) -> String {
        var line = ""
        switch format {
        case .csv, .tsv:
            let separator = format == .csv ? "," : "\t"
            line.reserveCapacity(24 * rest.count)
            for cell in rest {
                line += separator
                if case .number(let d) = cell { line += d.description }
                else { line += format == .csv ? Self.csvField(cell.plain) : Self.tsvField(cell.plain) }
            }
            line += "\n"
        case .json:
            line = json.tail(rest, skip: idColumn == nil ? 1 : 2)
        case .table: break
        }
        return line
    }

    /// For callers that write `head` and a cached `tail` themselves.
    func countRow() { rowsWritten += 1 }

    func finish() {
        switch format {
        case .json: out.append(rowsWritten > 0 ? "\n]\n" : "]\n")
        case .table: flushPending()
        default: break
        }
        out.flush()
    }

    private func flushPending() {
        if widths == nil {
            let names = (idColumn.map { [$0] } ?? []) + columns.filter(\.inTable).map(\.name)
            var w = names.map(\.count)
            for row in pending { for (i, cell) in row.enumerated() { w[i] = max(w[i], cell.count) } }
            widths = w
            out.append(Self.align(names, w) + "\n")
        }
        for row in pending { out.append(Self.align(row, widths!) + "\n") }
        pending.removeAll()
    }

    static func align(_ row: [String], _ widths: [Int]) -> String {
        var line = ""
        for (i, cell) in row.enumerated() {
            if i > 0 { line += "  " }
            line += cell
            if i < row.count - 1 { line += String(repeating: " ", count: max(0, widths[i] - cell.count)) }
        }
        return line
    }

    static func csvField(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func tsvField(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        return String(s.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
