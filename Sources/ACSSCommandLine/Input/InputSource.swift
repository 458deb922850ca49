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
            self = .file(file)
        } else if positionals == ["-"] {
            self = .standardInput
        } else if positionals.contains("-") {
            throw UsageError("'-' (read standard input) cannot be mixed with strings given as arguments")
        } else if positionals.isEmpty {
            throw UsageError("no strings given: pass them as arguments, or '-' to read one per line from standard input")
        } else {
            self = .arguments(positionals)
        }
    }

    /// Calls `body` with each line (`TextLines`: LF, CRLF or CR ends a line, a leading BOM is
    /// dropped, a line that is not UTF-8 text carries its problem). Reads in large chunks; the
    /// bytes are valid only during the call.
    func forEachLine(_ terminal: Terminal, _ body: (TextLine) throws -> Void) throws {
        switch self {
        case .standardInput:
            if case .standardInput = terminal.standardInput { try Self.readLines(fd: 0, body); return }
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

    private static func readLines(fd: Int32, _ body: (TextLine) throws -> Void) throws {
        var reader = TextLines()
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
