import Enumeration
import Foundation

/// Reads a response's text as symbols of its task, and says precisely what is wrong when it
/// cannot.
///
/// Like the scoring API's `SymbolSequence`: text containing commas or whitespace is split at
/// them (`10,3,4`, `1 2 6`); otherwise every character is a symbol (`HTHH`, `123321`).
/// Each symbol must be one of the task's; the count must be the task's length. Leading and
/// trailing whitespace is ignored. The result is the symbols' positions in the task's list
/// (0..<m), which is what the ordinal indices need; the CTM pattern is derived from it.
///
/// Fast path: when every symbol of the task is one ASCII byte and the text has no
/// separator, a 256-entry byte table maps the text without allocating strings. O(length).
struct ResponseReader {
    let task: StudyTask
    private let byteCodes: [UInt8]?   // 0xFF: not a symbol
    private let index: [String: UInt8]

    init(task: StudyTask) {
        self.task = task
        index = task.symbolIndex
        if task.symbols.allSatisfy({ $0.utf8.count == 1 && $0.utf8.first! < 0x80 }) {
            var codes = [UInt8](repeating: 0xFF, count: 256)
            for (i, s) in task.symbols.enumerated() { codes[Int(s.utf8.first!)] = UInt8(i) }
            byteCodes = codes
        } else {
            byteCodes = nil
        }
    }

    struct Failure: Error { let message: String }

    /// Symbol positions of `text`, into `out` (cleared first).
    func read(_ text: String, into out: inout [UInt8]) -> Failure? {
        out.removeAll(keepingCapacity: true)
        var fast = byteCodes != nil
        if fast {
            var utf8 = text.utf8[...]
            while let f = utf8.first, f == 0x20 || f == 0x09 { utf8 = utf8.dropFirst() }
            while let l = utf8.last, l == 0x20 || l == 0x09 || l == 0x0D { utf8 = utf8.dropLast() }
            for b in utf8 {
                let code = byteCodes![Int(b)]
                if code == 0xFF {
                    // A separator or a non-ASCII character: the general path decides.
                    fast = false
                    break
                }
                out.append(code)
            }
            if fast {
                if out.isEmpty { return Failure(message: "empty response") }
                return checkLength(text, out.count)
            }
            out.removeAll(keepingCapacity: true)
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return Failure(message: "empty response") }
        let tokens: [Substring]
        if trimmed.contains(where: { $0 == "," || $0.isWhitespace }) {
            var pieces: [Substring] = []
            for part in trimmed.split(separator: ",", omittingEmptySubsequences: false) {
                let words = part.split(whereSeparator: { $0.isWhitespace })
                if words.isEmpty {
                    return Failure(message: "response '\(shown(trimmed))' has an empty symbol between separators (a lost value?)")
                }
                pieces += words
            }
            tokens = pieces
        } else {
            tokens = trimmed.map { Substring(String($0)) }
        }
        for t in tokens {
            guard let code = index[String(t)] else {
                return Failure(message: "response '\(shown(trimmed))' has symbol '\(t)', which is not one of task \(task.name)'s symbols \(task.symbols.joined(separator: " "))")
            }
            out.append(code)
        }
        return checkLength(trimmed, out.count)
    }

    private func checkLength(_ text: String, _ count: Int) -> Failure? {
        if let length = task.length, count != length {
            return Failure(message: "response '\(shown(text.trimmingCharacters(in: .whitespaces)))' has \(count) symbol\(count == 1 ? "" : "s"), task \(task.name) expects \(length)")
        }
        return nil
    }

    private func shown(_ s: String) -> String {
        s.count <= 60 ? s : String(s.prefix(57)) + "..."
    }
}

/// Relabels symbols by first appearance (docs/formalism.md §2: "HTHHE" -> 01002), the pattern every CTM
/// figure depends on, and packs short patterns into one integer for the per-pattern cache:
/// 4 bits a label (labels are below 10) and the length in the top 4 bits, for lengths up to
/// 15. Nil key for longer patterns (they are cached by their label array instead).
struct PatternLabeler {
    private var labels = [UInt8](repeating: 0xFF, count: 256)
    private(set) var pattern: [UInt8] = []
    private static let packing = SymbolPacking(bitsPerSymbol: 4)

    /// Relabels `x` into `pattern` (`Patterns.relabel`); returns its packed key, or nil for a
    /// pattern too long to pack.
    mutating func relabel(_ x: [UInt8]) -> UInt128? {
        labels.withUnsafeMutableBufferPointer { labels in
            x.withUnsafeBufferPointer { x in
                _ = Patterns.relabel(count: x.count, into: &pattern, labels: labels.baseAddress!) { x[$0] }
            }
        }
        return pattern.withUnsafeBufferPointer { Self.packing.pack($0) }
    }
}
