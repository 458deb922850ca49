import Scoring

/// A request field with a bad value: 400, naming the field.
public struct FieldError: Error, Sendable {
    public let field: String
    public let message: String
    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// The members of a request's JSON object, read by name with their types checked: every
/// problem names the field and the value found. Unknown fields are refused (a misspelt option
/// would otherwise be ignored without a word).
struct RequestFields {
    private let members: [String: JSONValue]

    init(_ body: [UInt8], allowed: [String]) throws(FieldError) {
        let value: JSONValue
        do { value = try JSONValue.parse(body) } catch { throw FieldError("", error.description) }
        guard case .object(let list) = value else {
            throw FieldError("", "the body must be a JSON object such as {\"sequences\": [\"HTHHTHTT\"], \"alphabet\": 2}, not \(value.kind)")
        }
        var members: [String: JSONValue] = [:]
        for (key, value) in list {
            guard allowed.contains(key) else {
                throw FieldError(key, "unknown field '\(key)': expected \(allowed.joined(separator: ", "))")
            }
            guard members[key] == nil else { throw FieldError(key, "field '\(key)' is given twice") }
            members[key] = value
        }
        self.members = members
    }

    func raw(_ name: String) -> JSONValue? { members[name] }

    func has(_ name: String) -> Bool { members[name] != nil && members[name] != .null }

    func int(_ name: String, in range: ClosedRange<Int>) throws(FieldError) -> Int? {
        guard let value = members[name], value != .null else { return nil }
        guard case .number(let text) = value, let n = Int(text) else {
            throw FieldError(name, "invalid value \(value.shown) for \(name): expected a whole number \(range.lowerBound)...\(range.upperBound)")
        }
        guard range.contains(n) else {
            throw FieldError(name, "invalid value \(n) for \(name): expected \(range.lowerBound)...\(range.upperBound)")
        }
        return n
    }

    func double(_ name: String) throws(FieldError) -> Double? {
        guard let value = members[name], value != .null else { return nil }
        guard case .number(let text) = value, let d = Double(text), d.isFinite else {
            throw FieldError(name, "invalid value \(value.shown) for \(name): expected a number")
        }
        return d
    }

    func bool(_ name: String) throws(FieldError) -> Bool {
        guard let value = members[name], value != .null else { return false }
        guard case .bool(let b) = value else { throw FieldError(name, "invalid value \(value.shown) for \(name): expected true or false") }
        return b
    }

    func string(_ name: String) throws(FieldError) -> String? {
        guard let value = members[name], value != .null else { return nil }
        guard case .string(let s) = value else { throw FieldError(name, "invalid value \(value.shown) for \(name): expected a string") }
        return s
    }

    /// One of `choices` by its raw value.
    func choice<T: RawRepresentable>(_ name: String, among choices: [T]) throws(FieldError) -> T? where T.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let choice = choices.first(where: { $0.rawValue == text.lowercased() }) else {
            throw FieldError(name, "invalid value \"\(text)\" for \(name): expected \(choices.map(\.rawValue).joined(separator: " or "))")
        }
        return choice
    }

    /// `alphabet`: 2...9, or nil (inferred per sequence).
    func alphabet() throws(FieldError) -> Alphabet? {
        guard let m = try int("alphabet", in: Alphabet.supported) else { return nil }
        do { return try Alphabet(m) } catch { throw FieldError("alphabet", error.description) }
    }

    /// `sequences`: required, a non-empty array of at most `limit` items. The items are
    /// checked one by one by the caller (a bad item fails its row, not the request).
    func sequences(limit: Int) throws(FieldError) -> [JSONValue] {
        guard let value = members["sequences"] else {
            throw FieldError("sequences", "missing field 'sequences': a list of strings, e.g. [\"HTHHTHTT\", \"3152646213\"]")
        }
        guard case .array(let items) = value else {
            throw FieldError("sequences", "invalid value \(value.shown) for sequences: expected a list of strings")
        }
        guard items.count <= limit else {
            throw FieldError("sequences", "\(items.count) sequences in one request: at most \(limit) (split the batch)")
        }
        return items
    }
}
