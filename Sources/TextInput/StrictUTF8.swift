/// What makes bytes unusable as text: invalid UTF-8 or a NUL byte. Both are refused rather
/// than repaired, because a repaired byte (U+FFFD, or two bad bytes read as one character)
/// would become a symbol of a sequence and change its complexity without a word.
public enum TextProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// `offset` counts bytes from 1 within the line or field; `bytes` are the offending ones
    /// (at most 4).
    case invalidUTF8(offset: Int, bytes: [UInt8])
    case nul(offset: Int)

    public var description: String {
        switch self {
        case .invalidUTF8(let offset, let bytes):
            let hex = bytes.map { "0x" + String($0, radix: 16, uppercase: true).leftPadded(2) }.joined(separator: " ")
            return "invalid UTF-8 at byte \(offset) (\(hex)); save the file as UTF-8"
        case .nul(let offset):
            return "NUL byte at byte \(offset) (binary data, or a UTF-16 file? save it as UTF-8)"
        }
    }
}

/// Strict UTF-8: the one decoder of every text input (sequences, CSV fields, registry and
/// campaign files). Valid means RFC 3629 UTF-8 (no overlong forms, no surrogates, nothing
/// above U+10FFFF) without NUL.
public enum StrictUTF8 {
    /// The first problem of `bytes`, or nil when they are valid text. O(n), one pass; ASCII
    /// bytes cost one comparison each.
    public static func problem(in bytes: UnsafeBufferPointer<UInt8>) -> TextProblem? {
        var i = 0
        let n = bytes.count
        while i < n {
            let x = bytes[i]
            if x < 0x80 {
                if x == 0 { return .nul(offset: i + 1) }
                i += 1
                continue
            }
            let length = sequenceLength(bytes, at: i)
            if length == 0 {
                var end = i + 1
                while end < n, end - i < 4, bytes[end] >= 0x80, sequenceLength(bytes, at: end) == 0 { end += 1 }
                return .invalidUTF8(offset: i + 1, bytes: Array(bytes[i..<end]))
            }
            i += length
        }
        return nil
    }

    public static func problem(in bytes: [UInt8]) -> TextProblem? {
        bytes.withUnsafeBufferPointer { problem(in: $0) }
    }

    /// The text of `bytes`, or the problem that makes it not text.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) throws(TextProblem) -> String {
        if let problem = problem(in: bytes) { throw problem }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func decode(_ bytes: [UInt8]) throws(TextProblem) -> String {
        if let problem = problem(in: bytes) { throw problem }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func decode(_ bytes: ArraySlice<UInt8>) throws(TextProblem) -> String {
        try decode(Array(bytes))
    }

    /// Bytes as they can be shown in a message or an output cell: valid text as it is,
    /// every other byte as `\xFF` and NUL as `\0`, so the row stays recognisable.
    public static func shown(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out = ""
        var i = 0
        let n = bytes.count
        var start = 0
        func flush(_ end: Int) {
            if end > start { out += String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self) }
        }
        while i < n {
            let x = bytes[i]
            if x == 0 {
                flush(i); out += "\\0"; i += 1; start = i
            } else if x < 0x80 {
                i += 1
            } else {
                let length = sequenceLength(bytes, at: i)
                if length == 0 {
                    flush(i)
                    out += "\\x" + String(x, radix: 16, uppercase: true).leftPadded(2)
                    i += 1
                    start = i
                } else {
                    i += length
                }
            }
        }
        flush(n)
        return out
    }

    public static func shown(_ bytes: [UInt8]) -> String { bytes.withUnsafeBufferPointer { shown($0) } }

    /// The length of the valid multi-byte sequence starting at `i` (whose first byte is at
    /// least 0x80), or 0 when there is none.
    @inline(__always)
    static func sequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let x = b[i]
        var need = 0
        var low: UInt8 = 0x80, high: UInt8 = 0xBF
        switch x {
        case 0xC2...0xDF: need = 1
        case 0xE0: need = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: need = 2
        case 0xED: need = 2; high = 0x9F          // no UTF-16 surrogates
        case 0xF0: need = 3; low = 0x90           // no overlong 4-byte forms
        case 0xF1...0xF3: need = 3
        case 0xF4: need = 3; high = 0x8F          // nothing above U+10FFFF
        default: return 0                          // continuation bytes, C0, C1, F5...FF
        }
        guard i + need < b.count else { return 0 }
        let second = b[i + 1]
        guard second >= low, second <= high else { return 0 }
        for k in 2...max(2, need) where k <= need {
            guard b[i + k] & 0xC0 == 0x80 else { return 0 }
        }
        return need + 1
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
