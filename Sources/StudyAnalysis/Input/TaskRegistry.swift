import Foundation
import TextInput

/// The tasks of a study, read from a small file or taken from a preset.
///
/// Two file forms, told apart by the first non-blank character (`{` means JSON):
///
/// key=value, one `TASK.FIELD = VALUE` per line, `#` starts a comment, tasks in order of first
/// mention:
///
///     roll.symbols = 1 2 3 4 5 6
///     roll.length = 10
///     roll.ordinal = true
///     roll.default = 1
///     grid.symbols = 0 1
///     grid.shape = 3x3
///
/// JSON: `{"tasks": [{"name": "roll", "symbols": ["1","2","3","4","5","6"], "length": 10,
/// "ordinal": true, "default": "1"}]}`.
///
/// Fields: symbols (required; space- or comma-separated in key=value), length (a number or
/// `any`), ordinal (true/false), default (a symbol), shape (RxC, for grids), min_rt_s,
/// max_rt_s, about (free text).
public struct TaskRegistry: Sendable {
    public let tasks: [StudyTask]
    public let name: String
    /// The SD the string tasks' z divide by unless the run says otherwise (`--z-sd`). A
    /// registry file gets `strings`, the definition; the gauvrit2017 preset `patterns`, the
    /// convention of the published scores.
    public internal(set) var deviation = DeviationConvention.strings

    init(name: String, tasks: [StudyTask]) throws(RegistryError) {
        guard !tasks.isEmpty else { throw .invalid("the registry \(name) defines no task") }
        var seen = Set<String>()
        for t in tasks {
            try t.validate()
            guard seen.insert(t.name).inserted else { throw .invalid("task '\(t.name)' is defined twice") }
        }
        self.name = name
        self.tasks = tasks
    }

    func task(named name: String) -> StudyTask? { tasks.first { $0.name == name } }

    func index(of name: String) -> Int? { tasks.firstIndex { $0.name == name } }

    /// The five tasks of Gauvrit, Zenil, Soler-Toscano, Delahaye & Brugger (2017), docs/formalism.md §6.
    ///
    /// Symbol codes are this project's choice (the paper does not fix a file encoding): coin
    /// sides 0/1, cards 1-5, die faces 1-6, grid cells 1-9 (row by row), grid colours 0
    /// (white) / 1 (black). A data set coded otherwise needs a registry file (start from
    /// `acss study --print-registry`). Defaults: an untouched grid cell is white (0); the
    /// other tasks are entered symbol by symbol and have no default.
    ///
    /// Its z-scores divide by R's `sd()` over the distinct patterns (`deviation = .patterns`),
    /// as the published scores do (toss: 1.5608, not the 1.56041 of all strings).
    public static let gauvrit2017: TaskRegistry = {
        var registry = gauvrit2017Tasks
        registry.deviation = .patterns
        return registry
    }()

    private static let gauvrit2017Tasks: TaskRegistry = try! TaskRegistry(name: "gauvrit2017", tasks: [
        StudyTask(name: "toss", symbols: ["0", "1"], length: 12,
                  about: "12 coin tosses that would look random to somebody else (m = 2, K.2)"),
        StudyTask(name: "guess", symbols: ["1", "2", "3", "4", "5"], length: 10,
                  about: "10 guesses of which of 5 cards will be drawn (m = 5, K.5)"),
        StudyTask(name: "roll", symbols: ["1", "2", "3", "4", "5", "6"], length: 10, ordinal: true,
                  about: "10 rolls of a die (m = 6, K.6)"),
        StudyTask(name: "spot", symbols: ["1", "2", "3", "4", "5", "6", "7", "8", "9"], length: 10,
                  about: "10 positions of a spot on a 3x3 grid, cells numbered 1-9 row by row (m = 9, K.9)"),
        StudyTask(name: "grid", symbols: ["0", "1"], length: 9, defaultSymbol: "0",
                  grid: StudyTask.GridShape(rows: 3, columns: 3),
                  about: "a 3x3 grid of black (1) and white (0) cells, row by row (needs a 2-D table)"),
    ])

    public static let presets: [String: TaskRegistry] = ["gauvrit2017": gauvrit2017]

    /// Reads a registry file (key=value or JSON).
    public static func load(path: String) throws(RegistryError) -> TaskRegistry {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalid("cannot read the task registry '\(path)': " + (FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"))
        }
        return try parse(bytes: [UInt8](data), name: path)
    }

    /// Reads the lines through `TextLines` (any line end, strict UTF-8: a line that is not
    /// text is an error naming it, never a symbol).
    static func parse(bytes: [UInt8], name: String) throws(RegistryError) -> TaskRegistry {
        var lines: [(number: Int, text: String)] = []
        for line in TextLines.lines(of: bytes) {
            switch line.text {
            case .success(let text): lines.append((line.number, text))
            case .failure(let problem): throw .invalid("\(name):\(line.number): \(problem)")
            }
        }
        if lines.first(where: { !$0.text.allSatisfy(\.isWhitespace) })?.text.drop(while: \.isWhitespace).first == "{" {
            return try parseJSON(lines.map(\.text).joined(separator: "\n"), name: name)
        }
        return try parseKeyValue(lines, name: name)
    }

    static func parse(_ text: String, name: String) throws(RegistryError) -> TaskRegistry {
        try parse(bytes: Array(text.utf8), name: name)
    }

    /// The registry in key=value form, to print and edit.
    public var keyValueText: String {
        var out = "# task registry '\(name)': TASK.FIELD = VALUE (see docs/study.md)\n"
        for t in tasks {
            out += "\n"
            if !t.about.isEmpty { out += "\(t.name).about = \(t.about)\n" }
            out += "\(t.name).symbols = \(t.symbols.joined(separator: " "))\n"
            out += "\(t.name).length = \(t.length.map(String.init) ?? "any")\n"
            out += "\(t.name).ordinal = \(t.ordinal)\n"
            if let d = t.defaultSymbol { out += "\(t.name).default = \(d)\n" }
            if let g = t.grid { out += "\(t.name).shape = \(g)\n" }
            if let v = t.minResponseSeconds { out += "\(t.name).min_rt_s = \(v)\n" }
            if let v = t.maxResponseSeconds { out += "\(t.name).max_rt_s = \(v)\n" }
        }
        return out
    }

    static let fields = ["symbols", "length", "ordinal", "default", "shape", "min_rt_s", "max_rt_s", "about"]

    /// Builds one task from its raw field values; `place` says where they came from.
    static func task(named name: String, fields: [String: String], place: (String) -> String) throws(RegistryError) -> StudyTask {
        guard let symbolText = fields["symbols"] else { throw .invalid("\(place("symbols")): task '\(name)' has no symbols") }
        let symbols = symbolText.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        var task = StudyTask(name: name, symbols: symbols, length: nil)
        if let v = fields["length"], v.lowercased() != "any" {
            guard let l = Int(v), l >= 1 else { throw .invalid("\(place("length")): length '\(v)' is not a positive whole number (or 'any')") }
            task.length = l
        }
        if let v = fields["ordinal"] {
            switch v.lowercased() {
            case "true", "yes", "1": task.ordinal = true
            case "false", "no", "0": task.ordinal = false
            default: throw .invalid("\(place("ordinal")): ordinal '\(v)' must be true or false")
            }
        }
        if let v = fields["default"], !v.isEmpty { task.defaultSymbol = v }
        if let v = fields["shape"] {
            let parts = v.lowercased().split(separator: "x")
            guard parts.count == 2, let r = Int(parts[0]), let c = Int(parts[1]), r > 0, c > 0 else {
                throw .invalid("\(place("shape")): shape '\(v)' must look like 3x3")
            }
            task.grid = StudyTask.GridShape(rows: r, columns: c)
            if task.length == nil { task.length = r * c }
        }
        for key in ["min_rt_s", "max_rt_s"] {
            if let v = fields[key] {
                guard let s = DecimalNumber.parse(v), s.isFinite, s >= 0 else { throw .invalid("\(place(key)): \(key) '\(v)' is not a number of seconds") }
                if key == "min_rt_s" { task.minResponseSeconds = s } else { task.maxResponseSeconds = s }
            }
        }
        task.about = fields["about"] ?? ""
        do { try task.validate() } catch { throw .invalid("\(place("symbols")): \(error.description)") }
        return task
    }

    static func parseKeyValue(_ lines: [(number: Int, text: String)], name: String) throws(RegistryError) -> TaskRegistry {
        var order: [String] = []
        var fieldsByTask: [String: [String: String]] = [:]
        var lineOf: [String: Int] = [:]
        for (lineNumber, rawLine) in lines {
            let number = lineNumber - 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let content = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty { continue }
            guard let eq = content.firstIndex(of: "=") else {
                throw .invalid("\(name):\(number + 1): expected TASK.FIELD = VALUE, found '\(content)'")
            }
            let key = content[..<eq].trimmingCharacters(in: .whitespaces)
            let value = content[content.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard let dot = key.lastIndex(of: "."), dot != key.startIndex else {
                throw .invalid("\(name):\(number + 1): key '\(key)' must be TASK.FIELD, e.g. toss.symbols")
            }
            let task = String(key[..<dot]), field = String(key[key.index(after: dot)...])
            guard fields.contains(field) else {
                throw .invalid("\(name):\(number + 1): unknown field '\(field)'; fields are \(fields.joined(separator: ", "))")
            }
            if fieldsByTask[task] == nil { order.append(task); fieldsByTask[task] = [:] }
            fieldsByTask[task]![field] = value
            lineOf["\(task).\(field)"] = number + 1
        }
        var tasks: [StudyTask] = []
        for t in order {
            tasks.append(try task(named: t, fields: fieldsByTask[t]!) { field in
                "\(name):\(lineOf["\(t).\(field)"] ?? lineOf.filter { $0.key.hasPrefix(t + ".") }.map(\.value).min() ?? 0)"
            })
        }
        return try TaskRegistry(name: name, tasks: tasks)
    }

    /// The JSON form, through `JSONDecoder` (`JSONRegistryTask` gives each task's fields the
    /// text the key=value form would have, so both forms share `task(named:fields:place:)`).
    static func parseJSON(_ text: String, name: String) throws(RegistryError) -> TaskRegistry {
        let document: JSONRegistry
        do {
            document = try JSONDecoder().decode(JSONRegistry.self, from: Data(text.utf8))
        } catch let error as RegistryError {
            throw .invalid("\(name): \(error.description)")
        } catch DecodingError.dataCorrupted(let context) where context.codingPath.isEmpty {
            // The parser's own words when the platform's Foundation gives them (it says where).
            throw .invalid("\(name): not valid JSON" + (context.underlyingError.map { " (\($0))" } ?? ""))
        } catch {
            throw .invalid("\(name): expected {\"tasks\": [ {...}, ... ]}")
        }
        var tasks: [StudyTask] = []
        for entry in document.tasks {
            tasks.append(try task(named: entry.name, fields: entry.fields) { field in "\(name): task '\(entry.name)', field \(field)" })
        }
        return try TaskRegistry(name: name, tasks: tasks)
    }
}

/// `{"tasks": [...]}`.
private struct JSONRegistry: Decodable {
    let tasks: [JSONRegistryTask]
}

/// One task of the JSON form: its name and its other fields as text. Problems are thrown as
/// `RegistryError`s that name the task (or its position) and the field.
private struct JSONRegistryTask: Decodable {
    let name: String
    let fields: [String: String]

    private struct Key: CodingKey {
        let stringValue: String
        init(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        let position = (decoder.codingPath.last?.intValue ?? 0) + 1
        guard let container = try? decoder.container(keyedBy: Key.self) else {
            throw RegistryError.invalid("task \(position) must be an object: {\"name\": ..., \"symbols\": [...], ...}")
        }
        guard let name = try? container.decode(String.self, forKey: Key(stringValue: "name")) else {
            throw RegistryError.invalid("task \(position) needs a \"name\"")
        }
        var fields: [String: String] = [:]
        for key in container.allKeys where key.stringValue != "name" {
            guard TaskRegistry.fields.contains(key.stringValue) else {
                throw RegistryError.invalid("task '\(name)': unknown field '\(key.stringValue)'; fields are \(TaskRegistry.fields.joined(separator: ", "))")
            }
            guard let value = try? container.decode(FieldText.self, forKey: key) else {
                throw RegistryError.invalid("task '\(name)', field \(key.stringValue): expected a string, a number, true/false or a list of them")
            }
            if let text = value.text { fields[key.stringValue] = text }
        }
        self.name = name
        self.fields = fields
    }
}

/// A field value as the key=value form writes it: numbers and true/false as JSON spells them,
/// a list as its items separated by spaces; nil for null (the field is left out).
private struct FieldText: Decodable {
    let text: String?

    init(from decoder: any Decoder) throws {
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            text = nil
        } else if let scalar = try? value.decode(Scalar.self) {
            text = scalar.text
        } else {
            text = try value.decode([Scalar].self).map(\.text).joined(separator: " ")
        }
    }

    struct Scalar: Decodable {
        let text: String

        init(from decoder: any Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let b = try? value.decode(Bool.self) {
                text = b ? "true" : "false"
            } else if let i = try? value.decode(Int.self) {
                text = String(i)
            } else if let d = try? value.decode(Double.self) {
                text = String(d)
            } else {
                text = try value.decode(String.self)
            }
        }
    }
}
