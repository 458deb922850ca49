import Foundation

/// A JSON value built from typed parts and rendered in one of two layouts, so that every JSON
/// output of the package quotes strings, orders keys and writes numbers the same way.
///
/// Keys keep the order they are given in. Numbers are written by the caller's choice of form
/// (`integer`, `double`, `fixed`); a number that is not finite (NaN, infinity) becomes `null`,
/// which is how the outputs mark a missing value.
public enum JSON: Sendable {
    case object([(String, JSON)])
    case array([JSON])
    case string(String)
    /// A number already written in JSON's syntax; build it with `integer`, `double` or `fixed`.
    case number(String)
    case bool(Bool)
    case null

    /// An integer of any width (counts of machines exceed 64 bits).
    public static func integer<T: BinaryInteger>(_ x: T) -> JSON { .number(String(x)) }

    /// The shortest form that reads back as the same double (Swift's `description`).
    public static func double(_ x: Double) -> JSON { x.isFinite ? .number(x.description) : .null }

    /// Fixed decimals, as `String(format: "%.Nf")` writes them.
    public static func fixed(_ x: Double, _ decimals: Int) -> JSON {
        x.isFinite ? .number(String(format: "%.\(decimals)f", x)) : .null
    }

    /// A string, or `null` when there is none.
    public static func optional(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }

    /// This object with one more member at the end.
    public func appending(_ key: String, _ value: JSON) -> JSON {
        guard case .object(let members) = self else { preconditionFailure("appending a member to a non-object") }
        return .object(members + [(key, value)])
    }

    /// One line: `{"a": 1, "b": [1, 2]}` (the command line's outputs, one document per line).
    public var compact: String {
        switch self {
        case .object(let members):
            return "{" + members.map { JSON.quote($0.0) + ": " + $0.1.compact }.joined(separator: ", ") + "}"
        case .array(let items):
            return "[" + items.map(\.compact).joined(separator: ", ") + "]"
        default:
            return scalar
        }
    }

    /// Indented by two spaces per level, one member per line; arrays of numbers stay on one
    /// line (the report files).
    public func render(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .object(let members):
            if members.isEmpty { return "{}" }
            return "{\n" + members.map { inner + JSON.quote($0.0) + ": " + $0.1.render(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "}"
        case .array(let items):
            if items.isEmpty { return "[]" }
            if items.allSatisfy({ if case .number = $0 { return true }; if case .null = $0 { return true }; return false }) {
                return "[" + items.map { $0.render() }.joined(separator: ", ") + "]"
            }
            return "[\n" + items.map { inner + $0.render(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        default:
            return scalar
        }
    }

    private var scalar: String {
        switch self {
        case .string(let s): return JSON.quote(s)
        case .number(let n): return n
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .object, .array: return compact
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    public static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 { out += String(format: "\\u%04x", c.value) } else { out.unicodeScalars.append(c) }
            }
        }
        return out + "\""
    }
}
