import Foundation
import JSONOutput

/// The figures of a run (`acss build`, `merge`, `sample`, `table info`, `campaign status`...):
/// one aligned `name  value` line each for people, or one JSON object with `--json`.
struct Summary {
    enum Value {
        case text(String)
        /// The digits of an integer of any width.
        case digits(String)
        /// Fixed decimals; NaN shows as "nan" and is null in JSON.
        case fixed(Double, Int)
        /// A figure that is not known ("?", a string in JSON too).
        case unknown

        static func integer<T: BinaryInteger>(_ x: T) -> Value { .digits(String(x)) }
        static func integer<T: BinaryInteger>(_ x: T?) -> Value { x.map { .digits(String($0)) } ?? .unknown }

        var text: String {
            switch self {
            case .text(let s), .digits(let s): return s
            case .fixed(let x, let decimals): return String(format: "%.\(decimals)f", x)
            case .unknown: return "?"
            }
        }

        var json: JSON {
            switch self {
            case .text(let s): return .string(s)
            case .digits(let digits): return .number(digits)
            case .fixed(let x, let decimals): return .fixed(x, decimals)
            case .unknown: return .string("?")
            }
        }
    }

    var entries: [(String, Value)]

    init(_ entries: [(String, Value)]) { self.entries = entries }

    var json: JSON { .object(entries.map { ($0.0, $0.1.json) }) }

    /// The aligned lines, each ending in a newline.
    var text: String {
        let width = entries.map(\.0.count).max() ?? 0
        return entries.map { k, v in k + String(repeating: " ", count: width - k.count) + "  " + v.text + "\n" }.joined()
    }

    func print(json: Bool, _ terminal: Terminal) {
        if json { terminal.print(self.json.compact) } else { terminal.write(text) }
    }
}
