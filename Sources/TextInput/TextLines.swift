/// One line of a text input, as `TextLines` hands it over: its bytes (without the line end,
/// and without the UTF-8 byte-order mark on line 1) and, when they are not text, why.
public struct TextLine {
    /// 1-based.
    public let number: Int
    /// Valid only during the call that receives the line.
    public let bytes: UnsafeBufferPointer<UInt8>
    /// Nil when `bytes` are valid UTF-8 without NUL.
    public let problem: TextProblem?

    public init(number: Int, bytes: UnsafeBufferPointer<UInt8>, problem: TextProblem?) {
        self.number = number
        self.bytes = bytes
        self.problem = problem
    }

    /// The line's text; call only when `problem` is nil.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The text, or the problem as an error.
    public func decoded() throws(TextProblem) -> String {
        if let problem { throw problem }
        return text
    }

    /// The line as it can be shown in a message (`StrictUTF8.shown`).
    public var shown: String { problem == nil ? text : StrictUTF8.shown(bytes) }
}

/// The one line splitter of every line-oriented input: sequences (`acss score`, `local`,
/// `bdm`, `--input`, standard input), task registries and campaign files.
///
/// A line ends at LF, CRLF or a lone CR (old Mac files, and exports that end rows with CR):
/// each counts as one line end, also when a CRLF pair is split across two chunks. A UTF-8
/// byte-order mark at the start of the input is dropped. Every line is checked by
/// `StrictUTF8`: a line that is not text reaches the caller with its problem, so that it can
/// be refused with its number while the other lines go on. Input is fed in chunks of any
/// size; only a line that spans chunks is copied. O(n) in the bytes.
public struct TextLines {
    private var carry: [UInt8] = []
    /// The previous chunk ended with CR: an LF at the start of the next one belongs to it.
    private var pendingCR = false
    private var lineNumber = 0

    public init() {}

    private static let lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

    /// Calls `body` with every line `bytes` completes.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (TextLine) throws -> Void) rethrows {
        let n = bytes.count
        var start = 0
        var i = 0
        if pendingCR {
            pendingCR = false
            if n > 0, bytes[0] == Self.lf { start = 1; i = 1 }
        }
        while i < n {
            let b = bytes[i]
            if b == Self.lf || b == Self.cr {
                if carry.isEmpty {
                    try emit(UnsafeBufferPointer(rebasing: bytes[start..<i]), body)
                } else {
                    carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                    let line = carry
                    carry.removeAll(keepingCapacity: true)
                    try line.withUnsafeBufferPointer { try emit($0, body) }
                }
                if b == Self.cr {
                    if i + 1 < n {
                        if bytes[i + 1] == Self.lf { i += 1 }
                    } else {
                        pendingCR = true
                    }
                }
                start = i + 1
            }
            i += 1
        }
        if start < n { carry.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<n])) }
    }

    /// Hands over the last line when the input does not end with a line end.
    public mutating func finish(_ body: (TextLine) throws -> Void) rethrows {
        guard !carry.isEmpty else { return }
        let line = carry
        carry.removeAll()
        try line.withUnsafeBufferPointer { try emit($0, body) }
    }

    private mutating func emit(_ line: UnsafeBufferPointer<UInt8>, _ body: (TextLine) throws -> Void) rethrows {
        lineNumber += 1
        var line = line
        if lineNumber == 1, line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
            line = UnsafeBufferPointer(rebasing: line[3...])
        }
        try body(TextLine(number: lineNumber, bytes: line, problem: StrictUTF8.problem(in: line)))
    }

    /// Every line of a whole input, decoded: the text, or the problem of that line.
    public static func lines(of bytes: [UInt8]) -> [(number: Int, text: Result<String, TextProblem>)] {
        var result: [(number: Int, text: Result<String, TextProblem>)] = []
        var splitter = TextLines()
        let collect: (TextLine) -> Void = { line in
            result.append((line.number, line.problem.map { .failure($0) } ?? .success(line.text)))
        }
        bytes.withUnsafeBufferPointer { splitter.feed($0, collect) }
        splitter.finish(collect)
        return result
    }
}
