import Foundation
import Scoring

// Shared plumbing of the scoring commands (score, local, bdm, reference): where strings come
// from, the output formats, and the options every one of them takes.

/// Output formats. `table` is for people; `csv`, `tsv` and `json` are stable for programs
/// (column names are documented in docs/scoring.md and never change meaning).
enum OutputFormat: String, CaseIterable {
    case table, csv, tsv, json

    static func parse(_ args: Arguments) throws(UsageError) -> OutputFormat {
        guard let text = args.string("--format") else { return .table }
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw UsageError("invalid value '\(text)' for --format: expected table, csv, tsv or json")
        }
        return format
    }
}

/// Where the strings come from: arguments, standard input (`-`), or a file (`--input`).
enum InputSource {
    case arguments([String])
    case fileDescriptor(Int32)
    case file(String)
    /// In-memory input, for tests.
    case bytes([UInt8])

    var isBatch: Bool {
        if case .arguments = self { return false }
        return true
    }

    /// Decides from the positionals: `-` alone means standard input (`stdin` is what a test
    /// passes instead of the process's standard input).
    static func from(_ args: Arguments, stdin: InputSource) throws(UsageError) -> InputSource {
        if let path = args.string("--input") {
            guard args.positionals.isEmpty else {
                throw UsageError("give strings either as arguments or with --input, not both")
            }
            return .file(path)
        }
        if args.positionals == ["-"] { return stdin }
        if args.positionals.contains("-") {
            throw UsageError("'-' (read standard input) cannot be mixed with strings given as arguments")
        }
        guard !args.positionals.isEmpty else {
            throw UsageError("no strings given: pass them as arguments, or '-' to read one per line from standard input")
        }
        return .arguments(args.positionals)
    }

    /// Calls `body` with each line (without its newline or a trailing carriage return) and its
    /// 1-based number. Reads in large chunks; the bytes are valid only during the call.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        switch self {
        case .arguments(let strings):
            for (i, s) in strings.enumerated() {
                var s = s
                try s.withUTF8 { try body($0, i + 1) }
            }
        case .bytes(let bytes):
            var reader = LineSplitter()
            try bytes.withUnsafeBufferPointer { try reader.feed($0, body) }
            try reader.finish(body)
        case .fileDescriptor(let fd):
            try Self.readLines(fd: fd, body)
        case .file(let path):
            let fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw UsageError("cannot read --input '\(path)': \(String(cString: strerror(errno)))")
            }
            defer { close(fd) }
            try Self.readLines(fd: fd, body)
        }
    }

    private static func readLines(fd: Int32, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        var reader = LineSplitter()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw UsageError("cannot read input: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            try chunk.withUnsafeBufferPointer { try reader.feed(UnsafeBufferPointer(rebasing: $0[0..<n]), body) }
        }
        try reader.finish(body)
    }
}

/// Splits a byte stream into lines; a line may span chunks.
struct LineSplitter {
    private var carry: [UInt8] = []
    private var lineNumber = 0

    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        var start = 0
        var i = 0
        let n = bytes.count
        while i < n {
            if bytes[i] == UInt8(ascii: "\n") {
                lineNumber += 1
                if carry.isEmpty {
                    try body(Self.trimCR(UnsafeBufferPointer(rebasing: bytes[start..<i])), lineNumber)
                } else {
                    carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    let number = lineNumber
                    try carry.withUnsafeBufferPointer { try body(Self.trimCR($0), number) }
                    carry.removeAll(keepingCapacity: true)
                }
                start = i + 1
            }
            i += 1
        }
        if start < n { carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n])) }
    }

    mutating func finish(_ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        guard !carry.isEmpty else { return }
        lineNumber += 1
        let number = lineNumber
        try carry.withUnsafeBufferPointer { try body(Self.trimCR($0), number) }
        carry.removeAll()
    }

    static func trimCR(_ line: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if let last = line.last, last == UInt8(ascii: "\r") { return UnsafeBufferPointer(rebasing: line.dropLast()) }
        return line
    }
}

/// Buffered standard output: rows accumulate and go to the terminal in large writes.
final class OutputBuffer {
    private let terminal: Terminal
    private(set) var bytes: [UInt8] = []
    private static let flushSize = 1 << 16

    init(_ terminal: Terminal) {
        self.terminal = terminal
        bytes.reserveCapacity(Self.flushSize + 4096)
    }

    func append(_ s: String) {
        var s = s
        s.withUTF8 { bytes.append(contentsOf: $0) }
        flushIfFull()
    }

    func append(_ b: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: b)
        flushIfFull()
    }

    func append(_ s: Substring) {
        append(String(s))
    }

    func append(_ b: [UInt8]) {
        bytes.append(contentsOf: b)
        flushIfFull()
    }

    private func flushIfFull() { if bytes.count >= Self.flushSize { flush() } }

    func flush() {
        guard !bytes.isEmpty else { return }
        terminal.write(String(decoding: bytes, as: UTF8.self))
        bytes.removeAll(keepingCapacity: true)
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

    var json: String {
        switch self {
        case .text(let s): return jsonString(s)
        case .int(let i): return String(i)
        case .number(let d): return d.isFinite ? d.description : "null"
        case .missing: return "null"
        }
    }
}

/// How a column shows in the human table.
enum CellStyle {
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

struct Column {
    let name: String
    let style: CellStyle
    /// Shown in the human table.
    let inTable: Bool

    init(_ name: String, _ style: CellStyle = .plain, inTable: Bool = true) {
        self.name = name
        self.style = style
        self.inTable = inTable
    }
}

/// Writes rows in one of the formats. CSV quotes fields that need it (RFC 4180); TSV
/// replaces tabs and newlines inside fields by spaces; JSON is one array of objects, streamed.
final class RowWriter {
    let format: OutputFormat
    let columns: [Column]
    private let out: OutputBuffer
    private var rowsWritten = 0
    /// Human table: rows wait until column widths are known (the first 1,000 rows decide).
    private var pending: [[String]] = []
    private var widths: [Int]?

    init(format: OutputFormat, columns: [Column], out: OutputBuffer) {
        self.format = format
        self.columns = columns
        self.out = out
        switch format {
        case .csv: out.append(columns.map(\.name).joined(separator: ",") + "\n")
        case .tsv: out.append(columns.map(\.name).joined(separator: "\t") + "\n")
        case .json: out.append("[")
        case .table: break
        }
    }

    func write(_ cells: [Cell]) {
        switch format {
        case .table:
            let row = zip(columns, cells).filter { $0.0.inTable }.map { $0.0.style.render($0.1) }
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

    /// The first field, with whatever precedes it.
    func head(_ first: Cell) -> String {
        switch format {
        case .csv: return Self.csvField(first.plain)
        case .tsv: return Self.tsvField(first.plain)
        case .json: return (rowsWritten > 0 ? ",\n" : "\n") + "{\"" + columns[0].name + "\": " + first.json
        case .table: return ""
        }
    }

    /// Everything after the first field, row end included: what the score command caches
    /// per pattern.
    func tail(_ rest: ArraySlice<Cell>) -> String {
        switch format {
        case .csv:
            var line = ""
            line.reserveCapacity(24 * rest.count)
            for cell in rest {
                line += ","
                if case .number(let d) = cell { line += d.description } else { line += Self.csvField(cell.plain) }
            }
            line += "\n"
            return line
        case .tsv:
            var line = ""
            line.reserveCapacity(24 * rest.count)
            for cell in rest {
                line += "\t"
                if case .number(let d) = cell { line += d.description } else { line += Self.tsvField(cell.plain) }
            }
            line += "\n"
            return line
        case .json:
            var line = ""
            line.reserveCapacity(40 * rest.count)
            for (column, cell) in zip(columns.dropFirst(), rest) {
                line += ", \""
                line += column.name
                line += "\": "
                line += cell.json
            }
            line += "}"
            return line
        case .table: return ""
        }
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
            let names = columns.filter(\.inTable).map(\.name)
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

/// Options every scoring command takes.
enum ScoringOptions {
    static let common: [Arguments.Option] = [
        .value("--alphabet", "M", "possible symbols (2...9; 3 uses the 4-symbol table, 7 and 8 the 9-symbol one). Default: inferred per string from its distinct symbols, with a warning"),
        .value("--input", "FILE", "read strings from FILE, one per line (as '-' reads standard input)"),
        .value("--format", "FORMAT", "table (default, for people), csv, tsv or json"),
        .value("--tables", "DIR", "directory holding the tables (default: $ACSS_DATA, ./data, or data/ above the executable)"),
        tableOption,
    ]

    static let tableOption = Arguments.Option.value(
        "--table", "NAME", "use this table for its alphabet instead of the default: D6-T1000 (exhaustive (6,2), this project) for binary strings; default D5-T500")

    static func alphabet(_ args: Arguments) throws(UsageError) -> Alphabet? {
        guard let text = args.string("--alphabet") else { return nil }
        guard let m = Int(text) else {
            throw UsageError("invalid value '\(text)' for --alphabet: expected a whole number 2...9")
        }
        do { return try Alphabet(m) } catch { throw UsageError(error.description) }
    }

    static func estimator(_ args: Arguments) throws -> ComplexityEstimator {
        try ComplexityEstimator(locator: TableLocator(explicitDirectory: args.string("--tables")), using: tableChoices(args))
    }

    /// The table `--table NAME` names, replacing its alphabet's default.
    static func tableChoices(_ args: Arguments) throws(UsageError) -> [TableDescriptor] {
        guard let name = args.string("--table") else { return [] }
        guard let descriptor = TableCatalog.descriptor(named: name) else {
            throw UsageError("unknown table '\(name)' for --table: expected one of \(TableCatalog.tables.map(\.name).joined(separator: ", "))")
        }
        return [descriptor]
    }

    static func decomposition(_ args: Arguments) throws(UsageError) -> BlockDecomposition {
        let flavourText = args.string("--flavour") ?? "acss"
        guard let flavour = BlockDecomposition.Flavour(rawValue: flavourText) else {
            throw UsageError("invalid value '\(flavourText)' for --flavour: expected acss or standard")
        }
        let boundaryText = args.string("--boundary") ?? "ignore"
        guard let boundary = BlockDecomposition.Boundary(rawValue: boundaryText) else {
            throw UsageError("invalid value '\(boundaryText)' for --boundary: expected ignore or recursive")
        }
        if flavour == .acss && args.string("--boundary") != nil {
            throw UsageError("--boundary applies to --flavour standard; the acss flavour always adds a last shorter block")
        }
        let size = try args.int("--block-size", in: BlockDecomposition.blockSizes)
        let step = try args.int("--step", in: 1...12)
        do {
            return try BlockDecomposition(flavour: flavour, blockSize: size, step: step, boundary: boundary)
        } catch {
            throw UsageError(error.description)
        }
    }

    static let decompositionOptions: [Arguments.Option] = [
        .value("--flavour", "F", "BDM flavour: acss (default; log base m, last shorter block) or standard (log2, Zenil et al. 2018 / pybdm)"),
        .value("--block-size", "N", "BDM block size, 2...12 (default 10 for acss, 12 for standard)"),
        .value("--step", "N", "distance between block starts, 1...block size (default: block size, i.e. disjoint blocks)"),
        .value("--boundary", "B", "standard flavour: ignore (default) drops a tail shorter than a block; recursive keeps it as a block"),
    ]
}

/// Per-row failures of a batch: reported on standard error (the first 20 in full), counted,
/// and turned into exit status 1 at the end.
final class RowFailures {
    private let terminal: Terminal
    private let command: String
    private(set) var count = 0
    private static let shown = 20

    init(_ terminal: Terminal, command: String) {
        self.terminal = terminal
        self.command = command
    }

    func report(_ message: String, line: Int, batch: Bool) {
        count += 1
        if count <= Self.shown {
            terminal.error("acss \(command): " + (batch ? "line \(line): " : "") + message)
        }
    }

    /// Prints the summary; the exit status.
    func finish(total: Int) -> Int32 {
        guard count > 0 else { return 0 }
        if count > Self.shown { terminal.error("acss \(command): ... and \(count - Self.shown) more failed rows") }
        terminal.error("acss \(command): \(count) of \(total) string\(total == 1 ? "" : "s") failed")
        return 1
    }
}

/// The warning when alphabets were inferred: the guess is wrong whenever a possible symbol
/// did not occur, and it decides the table and the chance level.
func alphabetInferenceWarning(_ inferred: [Int: Int], command: String) -> [String] {
    guard !inferred.isEmpty else { return [] }
    let counts = inferred.keys.sorted().map { "alphabet \($0) for \(inferred[$0]!) string\(inferred[$0]! == 1 ? "" : "s")" }
    var lines = ["acss \(command): warning: no --alphabet given, so each string's alphabet was taken to be its number of distinct symbols (\(counts.joined(separator: ", "))). If more symbols were possible (a die has 6 faces even when a sequence shows only 2), pass --alphabet M: the table, and every value that depends on it, follow the alphabet."]
    if inferred.count > 1 {
        lines.append("acss \(command): warning: these strings were scored with different tables, so their values are not on one scale.")
    }
    return lines
}

/// Reads each input string and its alphabet (given or inferred); the per-line loop of the
/// commands that have no hot path.
/// The loop `local` and `bdm` share: every input string is parsed, its alphabet given or
/// inferred, and handed to `body` for its rows; a string that fails gets a row with only its
/// text and the error (and a line on stderr). Ends with the failure count and the alphabet
/// warning. Returns the exit status.
func writeRowsPerSequence(_ input: InputSource, _ args: Arguments, _ terminal: Terminal, command: String,
                          alphabet: Alphabet?, format: OutputFormat, columns: [Column],
                          _ body: (SymbolSequence, Alphabet, RowWriter) throws(ScoringError) -> Void) throws -> Int32 {
    let writer = RowWriter(format: format, columns: columns, out: OutputBuffer(terminal))
    let failures = RowFailures(terminal, command: command)
    var inferred: [Int: Int] = [:]
    var total = 0
    try input.forEachLine { line, number in
        total += 1
        let text = String(decoding: line, as: UTF8.self)
        do throws(ScoringError) {
            let sequence = try SymbolSequence(parsing: text)
            let m: Alphabet
            if let alphabet { m = alphabet } else { m = try Alphabet.inferred(for: sequence) }
            try body(sequence, m, writer)
            if alphabet == nil { inferred[m.size, default: 0] += 1 }
        } catch {
            failures.report(error.description, line: number, batch: input.isBatch)
            var cells = [Cell](repeating: .missing, count: columns.count)
            cells[0] = .text(text)
            cells[columns.count - 1] = .text(error.description)
            writer.write(cells)
        }
    }
    writer.finish()
    if !args.has("--quiet") {
        for line in alphabetInferenceWarning(inferred, command: command) { terminal.error(line) }
    }
    return failures.finish(total: total)
}
