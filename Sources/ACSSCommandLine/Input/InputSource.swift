import Foundation
import TextInput

/// Where the strings come from: arguments, standard input (`-`), or a file (`--input`).
enum InputSource: Sendable {
    case arguments([String])
    /// Whatever the terminal reads from (`Terminal.standardInput`).
    case standardInput
    case fileDescriptor(Int32)
    case file(String)
    /// In-memory input, for tests.
    case bytes([UInt8])

    var isBatch: Bool {
        if case .arguments = self { return false }
        return true
    }

    /// Decides from the positionals and `--input FILE`: `-` alone means standard input.
    init(positionals: [String], file: String?) throws(UsageError) {
        if let file {
            guard positionals.isEmpty else {
                throw UsageError("give strings either as arguments or with --input, not both")
            }
            // `--input -` reads standard input, as the options' help says.
            self = file == "-" ? .standardInput : .file(file)
        } else if positionals == ["-"] {
            self = .standardInput
        } else if positionals.contains("-") {
            throw UsageError("'-' (read standard input) cannot be mixed with strings given as arguments")
        } else if positionals.isEmpty {
            throw UsageError("no strings given: pass them as arguments, or '-' to read one per line from standard input")
        } else {
            // `acss score responses.txt`: a forgotten --input would score the file's name.
            for p in positionals {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDirectory), !isDirectory.boolValue {
                    throw UsageError("'\(p)' is the name of a file, not a sequence: to score the strings in it, one per line, use --input \(p)")
                }
            }
            self = .arguments(positionals)
        }
    }

    /// Calls `body` with each line (`TextLines`: LF, CRLF or CR ends a line, a leading BOM is
    /// dropped, a line that is not UTF-8 text carries its problem). Reads in large chunks; the
    /// bytes are valid only during the call.
    func forEachLine(_ terminal: Terminal, _ body: (TextLine) throws -> Void) throws {
        switch self {
        case .standardInput:
            if case .standardInput = terminal.standardInput { try InputSource.fileDescriptor(0).forEachLine(terminal, body); return }
            try terminal.standardInput.forEachLine(terminal, body)
        case .arguments(let strings):
            for (i, s) in strings.enumerated() {
                var s = s
                try s.withUTF8 { try body(TextLine(number: i + 1, bytes: $0, problem: StrictUTF8.problem(in: $0))) }
            }
        case .bytes(let bytes):
            var reader = TextLines()
            try bytes.withUnsafeBufferPointer { try reader.feed($0, body) }
            try reader.finish(body)
        case .fileDescriptor, .file:
            var reader = TextLines()
            try forEachChunk { try reader.feed($0, body) }
            try reader.finish(body)
        }
    }

    /// The input's bytes as they arrive, in chunks valid only during the call (a binary
    /// image streams through without being held whole): `acss bdm --2d`.
    func forEachByteChunk(_ terminal: Terminal, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        switch self {
        case .standardInput:
            if case .standardInput = terminal.standardInput { try InputSource.fileDescriptor(0).forEachByteChunk(terminal, body); return }
            try terminal.standardInput.forEachByteChunk(terminal, body)
        case .arguments(let strings):
            try Array(strings.joined(separator: "\n").utf8).withUnsafeBufferPointer(body)
        case .bytes(let bytes):
            try bytes.withUnsafeBufferPointer(body)
        case .fileDescriptor, .file:
            try forEachChunk(body)
        }
    }

    /// The bytes of a file or descriptor source, chunk by chunk (1 MB at a time): the one read
    /// loop of `forEachLine`, `forEachByteChunk` and `readAll`.
    private func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let fd: Int32
        switch self {
        case .fileDescriptor(let given): fd = given
        case .file(let path):
            fd = open(path, O_RDONLY)
            guard fd >= 0 else {
                throw UsageError("cannot read --input '\(path)': \(String(cString: strerror(errno)))")
            }
        default: preconditionFailure("forEachChunk reads files and descriptors only")
        }
        defer { if case .file = self { close(fd) } }
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw UsageError("cannot read input: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return }
            try chunk.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[0..<n])) }
        }
    }
}

/// `--column NAME` (and `--id-column NAME`): the input is a delimited table with a header
/// (comma, semicolon or tab, detected), and the strings are the values of one column.
struct ColumnSelection: Sendable {
    let column: String
    let idColumn: String?
}

/// One string to score and where it came from.
struct InputRow {
    /// The line (of the record's start, with `--column`).
    let number: Int
    let bytes: UnsafeBufferPointer<UInt8>
    /// Why the row cannot be read (not UTF-8 text, a malformed record, a missing field); the
    /// message names the byte, field or column.
    let problem: String?
    /// The value of `--id-column` ("" without it).
    let id: String

    var text: String { String(decoding: bytes, as: UTF8.self) }
    /// The row as a failure row shows it (`StrictUTF8.shown`).
    var shown: String { StrictUTF8.shown(bytes) }
}

extension InputSource {
    /// Calls `body` with every row: every line, or with `selection` the chosen column of every
    /// record. Without a selection, a first line that looks like a table's header
    /// (`DelimitedText.headerNames`) is refused with how to score one column: scoring
    /// `participant_id,task,response` and every row as sequences of comma-separated symbols
    /// would give numbers that mean nothing.
    func forEachRow(_ terminal: Terminal, selection: ColumnSelection?, _ body: (InputRow) throws -> Void) throws {
        guard let selection else {
            let batch = isBatch
            try forEachLine(terminal) { line in
                if batch, line.number == 1, line.problem == nil, let names = DelimitedText.headerNames(line.text) {
                    throw UsageError("\(name): line 1 looks like the header of a table (\(names.joined(separator: ", "))), not a sequence: to score one of its columns, add --column NAME (e.g. --column \(Self.likelyColumn(names))), and --id-column NAME to keep an id with each row")
                }
                try body(InputRow(number: line.number, bytes: line.bytes, problem: line.problem?.description, id: ""))
            }
            return
        }
        guard isBatch else {
            throw UsageError("--column reads a table: give it with --input FILE or '-' (standard input), not as arguments")
        }
        let bytes = try readAll(terminal)
        let dialect = DelimitedText.detect(bytes)
        var columns: (value: Int, id: Int?, count: Int, names: [String])?
        var failure: (any Error)?
        DelimitedText.parse(bytes, dialect: dialect) { record in
            guard failure == nil else { return }
            do {
                guard let found = columns else {
                    switch record {
                    case .malformed(let line, let message):
                        throw UsageError("\(name): the header (line \(line)) is malformed: \(message)")
                    case .fields(let line, let names):
                        let trimmed = names.map(\.trimmedField)
                        columns = (try Self.index(of: selection.column, in: trimmed, option: "--column", source: name, line: line),
                                   try selection.idColumn.map { try Self.index(of: $0, in: trimmed, option: "--id-column", source: name, line: line) },
                                   names.count, trimmed)
                    }
                    return
                }
                switch record {
                case .malformed(let line, let message):
                    try Self.emit(number: line, text: "", problem: "malformed record: \(message)", id: "", body)
                case .fields(let line, let fields):
                    let id = found.id.map { $0 < fields.count ? fields[$0].trimmedField : "" } ?? ""
                    if fields.count != found.count {
                        try Self.emit(number: line, text: found.value < fields.count ? fields[found.value] : "",
                                      problem: "\(fields.count) fields, expected \(found.count) (\(found.names.joined(separator: ",")))", id: id, body)
                    } else {
                        try Self.emit(number: line, text: fields[found.value], problem: nil, id: id, body)
                    }
                }
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        if columns == nil { throw UsageError("\(name): the input is empty: --column needs a header line naming the columns") }
    }

    private static func emit(number: Int, text: String, problem: String?, id: String, _ body: (InputRow) throws -> Void) throws {
        var text = text
        try text.withUTF8 { try body(InputRow(number: number, bytes: $0, problem: problem, id: id)) }
    }

    /// The position of column `wanted` (exactly, or in another letter case when only one
    /// column matches so), or an error that lists the columns.
    private static func index(of wanted: String, in names: [String], option: String, source: String, line: Int) throws -> Int {
        if let i = names.firstIndex(of: wanted) { return i }
        let folded = names.indices.filter { names[$0].lowercased() == wanted.lowercased() }
        if folded.count == 1 { return folded[0] }
        throw UsageError("\(option) '\(wanted)' is not a column of \(source) (header, line \(line): \(names.joined(separator: ", ")))")
    }

    /// The column a header most likely holds the sequences in, for the suggestion.
    static func likelyColumn(_ names: [String]) -> String {
        names.first { ["response", "responses", "sequence", "sequences", "string", "strings", "answer"].contains($0.lowercased()) } ?? names.last!
    }

    /// How the input is named in messages.
    var name: String {
        switch self {
        case .file(let path): return path
        default: return "standard input"
        }
    }

    /// The whole input (`--column` parses it as one table).
    func readAll(_ terminal: Terminal) throws -> [UInt8] {
        switch self {
        case .arguments(let strings): return Array(strings.joined(separator: "\n").utf8)
        case .bytes(let bytes): return bytes
        case .standardInput:
            if case .standardInput = terminal.standardInput { return try InputSource.fileDescriptor(0).readAll(terminal) }
            return try terminal.standardInput.readAll(terminal)
        case .fileDescriptor, .file:
            var result: [UInt8] = []
            try forEachChunk { result.append(contentsOf: $0) }
            return result
        }
    }
}
