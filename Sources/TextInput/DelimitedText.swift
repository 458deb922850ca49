import Foundation

/// Splits delimited text into records of fields, keeping each record's line number.
///
/// Two dialects:
/// - `separated(by:)` (RFC 4180; `csv` is the comma, exports from other locales and tools use
///   `;` or a tab): a field may be quoted with `"`, a quote inside a quoted field is doubled
///   (`""`), and a quoted field may span lines.
/// - `whitespace` (R's `write.table` default): fields separated by runs of spaces or tabs;
///   quoted fields as above but on one line.
///
/// Lines end as `TextLines` says (LF, CRLF or a lone CR); a UTF-8 byte-order mark at the start
/// is dropped. A malformed record (text after a closing quote, a quote never closed, a field
/// that is not UTF-8 text or holds a NUL, see `StrictUTF8`) is returned as `.malformed` with
/// its line and what is wrong; parsing resumes on the next line. Works on bytes, one pass,
/// O(size of the file).
public enum DelimitedText {
    public enum Dialect: Sendable, Equatable {
        case separated(by: UInt8)
        case whitespace

        public static let csv = Dialect.separated(by: UInt8(ascii: ","))
        public static let semicolon = Dialect.separated(by: UInt8(ascii: ";"))
        public static let tab = Dialect.separated(by: UInt8(ascii: "\t"))

        /// The separators `detect` chooses among, and what `--delimiter` accepts.
        public static let separators: [(name: String, byte: UInt8)] = [
            ("comma", UInt8(ascii: ",")), ("semicolon", UInt8(ascii: ";")), ("tab", UInt8(ascii: "\t")),
        ]

        /// `comma`, `semicolon`, `tab`, or the character itself (`,` `;`).
        public init?(named name: String) {
            if let s = Self.separators.first(where: { $0.name == name.lowercased() || String(UnicodeScalar($0.byte)) == name }) {
                self = .separated(by: s.byte)
            } else if name == "\\t" {
                self = .tab
            } else {
                return nil
            }
        }

        public var name: String {
            switch self {
            case .whitespace: return "whitespace"
            case .separated(let b): return Self.separators.first { $0.byte == b }?.name ?? String(UnicodeScalar(b))
            }
        }
    }

    /// The separator of a delimited file, from its first non-blank line: the one of comma,
    /// semicolon and tab that occurs most often outside quotes (comma when none does, and on
    /// ties, since it is the usual one).
    public static func detect(_ bytes: [UInt8]) -> Dialect {
        var counts = [0, 0, 0]
        var quoted = false
        var seenText = false
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            if b == Parser.quote { quoted.toggle(); seenText = true; continue }
            if quoted { continue }
            if b == Parser.newline || b == Parser.carriageReturn {
                if seenText { break } else { continue }
            }
            if b != Parser.space { seenText = true }
            if let k = Dialect.separators.firstIndex(where: { $0.byte == b }) { counts[k] += 1 }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }!
        return counts[best] > 0 ? .separated(by: Dialect.separators[best].byte) : .csv
    }

    /// The names of a line that looks like the header of a table rather than a sequence, or
    /// nil. A header names columns: two or more distinct fields separated by a comma,
    /// semicolon or tab, each a name (a letter or `_` first), one of them a usual column name
    /// or containing `_`; or a single usual column name of a sequence (`response`, `sequence`,
    /// `string`). `heads,tails` is a sequence; `participant_id,task,response` is a header.
    public static func headerNames(_ line: String) -> [String]? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard case .separated(let separator) = detect(Array(trimmed.utf8)) else { return nil }
        let names = trimmed.split(separator: Character(UnicodeScalar(separator)), omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")) }
        let usual: Set<String> = ["response", "responses", "sequence", "sequences", "string", "strings", "participant",
                                  "participant_id", "subject", "id", "task", "trial", "age", "rt", "rt_s", "rt_ms", "answer"]
        if names.count == 1 {
            return ["response", "responses", "sequence", "sequences", "string", "strings"].contains(names[0].lowercased()) ? names : nil
        }
        guard Set(names).count == names.count,
              names.allSatisfy({ n in n.count >= 2 && (n.first!.isLetter || n.first == "_") }),
              names.contains(where: { usual.contains($0.lowercased()) || $0.contains("_") }) else { return nil }
        return names
    }

    public enum Record {
        case fields(line: Int, [String])
        case malformed(line: Int, message: String)
    }

    /// Calls `body` for each non-blank record in order.
    public static func parse(_ bytes: [UInt8], dialect: Dialect, _ body: (Record) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var parser = Parser(bytes: buffer, dialect: dialect)
            while let record = parser.next() { body(record) }
        }
    }

    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let dialect: Dialect
        var position = 0
        var line = 1

        init(bytes: UnsafeBufferPointer<UInt8>, dialect: Dialect) {
            self.bytes = bytes
            self.dialect = dialect
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        }

        static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")

        func isSeparator(_ b: UInt8) -> Bool {
            switch dialect {
            case .separated(let separator): return b == separator
            case .whitespace: return b == Parser.space || b == Parser.tab
            }
        }

        func isEndOfLine(_ b: UInt8) -> Bool { b == Parser.newline || b == Parser.carriageReturn }

        /// Moves past the end of the current line (LF, CRLF or CR).
        mutating func skipLineEnd() {
            if position < bytes.count, bytes[position] == Parser.carriageReturn { position += 1 }
            if position < bytes.count, bytes[position] == Parser.newline { position += 1 }
            line += 1
        }

        mutating func skipRestOfLine() {
            while position < bytes.count, !isEndOfLine(bytes[position]) { position += 1 }
            if position < bytes.count { skipLineEnd() }
        }

        mutating func next() -> Record? {
            while position < bytes.count {
                let start = line
                let lineStart = position
                switch record() {
                case .success(let fields):
                    // Blank lines (nothing but separators in the whitespace dialect) are not records.
                    if fields.count == 1 && fields[0].isEmpty { continue }
                    if fields.isEmpty { continue }
                    return .fields(line: start, fields)
                case .failure(let message):
                    // Resume right after the line where the record began.
                    position = lineStart
                    line = start
                    skipRestOfLine()
                    return .malformed(line: start, message: message)
                }
            }
            return nil
        }

        enum Outcome { case success([String]), failure(String) }

        mutating func record() -> Outcome {
            var fields: [String] = []
            if dialect == .whitespace {
                while position < bytes.count, isSeparator(bytes[position]) { position += 1 }
                if position < bytes.count, isEndOfLine(bytes[position]) { skipLineEnd(); return .success([]) }
            }
            while true {
                // One field.
                if position < bytes.count, bytes[position] == Parser.quote {
                    let openedAt = line
                    position += 1
                    var field: [UInt8] = []
                    var closed = false
                    while position < bytes.count {
                        let b = bytes[position]
                        if b == Parser.quote {
                            if position + 1 < bytes.count, bytes[position + 1] == Parser.quote {
                                field.append(Parser.quote)
                                position += 2
                                continue
                            }
                            position += 1
                            closed = true
                            break
                        }
                        if isEndOfLine(b) {
                            if dialect == .whitespace { break }
                            line += b == Parser.newline || !(position + 1 < bytes.count && bytes[position + 1] == Parser.newline) ? 1 : 0
                        }
                        field.append(b)
                        position += 1
                    }
                    guard closed else {
                        return .failure("a quoted field opened on line \(openedAt) is never closed")
                    }
                    do throws(TextProblem) { fields.append(try StrictUTF8.decode(field)) } catch {
                        return .failure("field \(fields.count + 1): \(error)")
                    }
                    if position < bytes.count, !isSeparator(bytes[position]), !isEndOfLine(bytes[position]) {
                        let rest = StrictUTF8.shown(Array(bytes[position..<min(bytes.count, position + 20)]))
                        return .failure("unexpected text '\(rest.prefix { $0 != "\n" && $0 != "\r" })' after a closing quote (a quote inside a quoted field must be doubled: \"\")")
                    }
                } else {
                    let start = position
                    while position < bytes.count, !isSeparator(bytes[position]), !isEndOfLine(bytes[position]) { position += 1 }
                    do throws(TextProblem) {
                        fields.append(try StrictUTF8.decode(UnsafeBufferPointer(rebasing: bytes[start..<position])))
                    } catch {
                        return .failure("field \(fields.count + 1): \(error)")
                    }
                }
                // After a field: a separator (another field follows) or the end of the record.
                if position >= bytes.count { return .success(fields) }
                if isEndOfLine(bytes[position]) { skipLineEnd(); return .success(fields) }
                // A separator.
                position += 1
                if dialect == .whitespace {
                    while position < bytes.count, isSeparator(bytes[position]) { position += 1 }
                    if position >= bytes.count { return .success(fields) }
                    if isEndOfLine(bytes[position]) { skipLineEnd(); return .success(fields) }
                } else if position >= bytes.count || isEndOfLine(bytes[position]) {
                    // A trailing comma: one last empty field.
                    fields.append("")
                    if position < bytes.count { skipLineEnd() }
                    return .success(fields)
                }
            }
        }
    }

    /// Quotes a field for CSV output when it needs it.
    public static func csvField(_ s: String) -> String {
        if s.utf8.contains(where: { $0 == Parser.comma || $0 == Parser.quote || $0 == Parser.newline || $0 == Parser.carriageReturn }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs; returns `self` unchanged (no
    /// copy, no bridging) in the usual case where there are none. The readers call it on every
    /// field of every row.
    public var trimmedField: String {
        let utf8 = self.utf8
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first != 0x20 && first != 0x09 && last != 0x20 && last != 0x09 { return self }
        var slice = utf8[...]
        while let f = slice.first, f == 0x20 || f == 0x09 { slice = slice.dropFirst() }
        while let l = slice.last, l == 0x20 || l == 0x09 { slice = slice.dropLast() }
        return String(slice) ?? self
    }

    /// Whether the field is R's missing-value marker NA (any case) or empty.
    public var isMissingValue: Bool {
        let utf8 = self.utf8
        if utf8.isEmpty { return true }
        guard utf8.count == 2 else { return false }
        let a = utf8.first! | 0x20, b = utf8[utf8.index(after: utf8.startIndex)] | 0x20
        return a == UInt8(ascii: "n") && b == UInt8(ascii: "a")
    }
}
