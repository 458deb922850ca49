/// A JSON document as read from a request body: a small strict parser (RFC 8259) over bytes.
///
/// Not Foundation's `JSONSerialization`: that one turns `true` into the number 1 (so
/// `"alphabet": true` would pass as 1), and bridges every string through `NSString`, which
/// costs more than scoring for a batch of 100,000 sequences. Numbers keep their text, so a
/// field that must be a whole number can refuse `2.5` and `2e0` by name.
public enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// The number as written.
    case number(String)
    case bool(Bool)
    case null

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.object(let x), .object(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        case (.array(let x), .array(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        default: return false
        }
    }

    /// "a string", "a number", ...: for messages naming what was found.
    public var kind: String {
        switch self {
        case .object: return "an object"
        case .array: return "an array"
        case .string: return "a string"
        case .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        }
    }

    /// The value written back, shortened, for messages.
    public var shown: String {
        switch self {
        case .string(let s): return "\"" + (s.count > 40 ? String(s.prefix(40)) + "..." : s) + "\""
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .object: return "{...}"
        case .array: return "[...]"
        }
    }

    /// Parses a whole document; the error says what is wrong and at which byte.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 32) throws(JSONSyntaxError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in
            var parser = Parser(bytes: buffer, maxDepth: maxDepth)
            parser.skipSpace()
            let value = try parser.value(depth: 0)
            parser.skipSpace()
            guard parser.at == buffer.count else { throw parser.error("unexpected text after the JSON value") }
            return value
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        var at = 0

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, offset: at) }

        mutating func skipSpace() {
            while at < bytes.count, bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
        }

        mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
            guard at < bytes.count else { throw error("unexpected end of the JSON text") }
            switch bytes[at] {
            case UInt8(ascii: "{"):
                guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
                at += 1
                var members: [(String, JSONValue)] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                while true {
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw error("expected a quoted member name") }
                    let key = try string()
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error("expected ':' after a member name") }
                    at += 1
                    skipSpace()
                    members.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard at < bytes.count else { throw error("unexpected end inside an object") }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "}") { at += 1; return .object(members) }
                    throw error("expected ',' or '}' in an object")
                }
            case UInt8(ascii: "["):
                guard depth < maxDepth else { throw error("nested deeper than \(maxDepth) levels") }
                at += 1
                var items: [JSONValue] = []
                skipSpace()
                if at < bytes.count, bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard at < bytes.count else { throw error("unexpected end inside an array") }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "]") { at += 1; return .array(items) }
                    throw error("expected ',' or ']' in an array")
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .number(try number())
            default:
                throw error("unexpected character")
            }
        }

        mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
            let n = word.utf8CodeUnitCount
            guard at + n <= bytes.count else { throw error("unexpected end of the JSON text") }
            for i in 0..<n where bytes[at + i] != word.utf8Start[i] { throw error("unexpected character") }
            at += n
        }

        mutating func number() throws(JSONSyntaxError) -> String {
            let start = at
            func digits(_ p: inout Parser) -> Int {
                let s = p.at
                while p.at < p.bytes.count, p.bytes[p.at] >= 0x30, p.bytes[p.at] <= 0x39 { p.at += 1 }
                return p.at - s
            }
            if bytes[at] == UInt8(ascii: "-") { at += 1 }
            guard at < bytes.count else { throw error("a number needs digits") }
            if bytes[at] == UInt8(ascii: "0") { at += 1 } else if digits(&self) == 0 { throw error("a number needs digits") }
            if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                at += 1
                guard digits(&self) > 0 else { throw error("a number needs digits after '.'") }
            }
            if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
                at += 1
                if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                guard digits(&self) > 0 else { throw error("a number needs digits in its exponent") }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        }

        /// A string from its opening quote: escapes decoded, UTF-8 checked.
        mutating func string() throws(JSONSyntaxError) -> String {
            at += 1
            let start = at
            // The common case: no escapes.
            while at < bytes.count {
                let b = bytes[at]
                if b == UInt8(ascii: "\"") {
                    let raw = UnsafeBufferPointer(rebasing: bytes[start..<at])
                    at += 1
                    guard let s = String(validating: raw, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
                    return s
                }
                if b == UInt8(ascii: "\\") { break }
                if b < 0x20 { throw error("a control character inside a string (escape it)") }
                at += 1
            }
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<at]))
            while at < bytes.count {
                let b = bytes[at]
                if b == UInt8(ascii: "\"") {
                    at += 1
                    guard let s = String(validating: out, as: UTF8.self) else { throw error("a string is not valid UTF-8") }
                    return s
                }
                if b < 0x20 { throw error("a control character inside a string (escape it)") }
                if b != UInt8(ascii: "\\") { out.append(b); at += 1; continue }
                at += 1
                guard at < bytes.count else { break }
                let e = bytes[at]
                at += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") else {
                            throw error("a lone surrogate in a \\u escape")
                        }
                        at += 2
                        let low = try hex4()
                        guard low >= 0xDC00 && low < 0xE000 else { throw error("a lone surrogate in a \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw error("a lone surrogate in a \\u escape")
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(scalar)!)).utf8))
                default:
                    throw error("an unknown escape in a string")
                }
            }
            throw error("a string is not closed")
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            guard at + 4 <= bytes.count else { throw error("a \\u escape needs 4 hex digits") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let b = bytes[at]
                let d: UInt32
                switch b {
                case 0x30...0x39: d = UInt32(b - 0x30)
                case 0x41...0x46: d = UInt32(b - 0x41 + 10)
                case 0x61...0x66: d = UInt32(b - 0x61 + 10)
                default: throw error("a \\u escape needs 4 hex digits")
                }
                v = v << 4 | d
                at += 1
            }
            return v
        }
    }
}

/// Why a request body is not JSON, and where.
public struct JSONSyntaxError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// Byte offset in the body.
    public let offset: Int
    public var description: String { "the body is not valid JSON: \(message) at byte \(offset)" }
}
