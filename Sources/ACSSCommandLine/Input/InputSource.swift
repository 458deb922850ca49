import Foundation

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

    /// Calls `body` with each line (without its newline or a trailing carriage return) and its
    /// 1-based number. Reads in large chunks; the bytes are valid only during the call.
    func forEachLine(_ terminal: Terminal, _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) throws {
        switch self {
        case .standardInput:
            if case .standardInput = terminal.standardInput { try Self.readLines(fd: 0, body); return }
            try terminal.standardInput.forEachLine(terminal, body)
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
