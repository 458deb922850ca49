/// A parsed command line: `--name value`, `--name=value`, `--flag`, positionals.
/// Parsing is driven by each command's declared options, so unknown or misspelt options are
/// errors that name the option rather than being ignored.
public struct Arguments {
    public struct Option: Sendable {
        let name: String
        let takesValue: Bool
        let help: String
        let valueName: String

        static func value(_ name: String, _ valueName: String, _ help: String) -> Option {
            Option(name: name, takesValue: true, help: help, valueName: valueName)
        }
        static func flag(_ name: String, _ help: String) -> Option {
            Option(name: name, takesValue: false, help: help, valueName: "")
        }
    }

    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    public private(set) var positionals: [String] = []

    init(_ arguments: [String], options: [Option]) throws(UsageError) {
        var byName: [String: Option] = [:]
        for o in options { byName[o.name] = o }
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let a = arguments[i]
            i += 1
            if onlyPositionals || a == "-" || !a.hasPrefix("-") {
                positionals.append(a)
                continue
            }
            if a == "--" { onlyPositionals = true; continue }
            var name = a
            var inline: String? = nil
            if let eq = a.firstIndex(of: "=") {
                name = String(a[..<eq])
                inline = String(a[a.index(after: eq)...])
            }
            if name == "-h" { name = "--help" }
            guard let option = byName[name] else {
                throw UsageError("unknown option '\(name)'")
            }
            if option.takesValue {
                if let inline {
                    values[name, default: []].append(inline)
                } else {
                    guard i < arguments.count else { throw UsageError("option \(name) needs a value (\(option.valueName))") }
                    values[name, default: []].append(arguments[i])
                    i += 1
                }
            } else {
                if inline != nil { throw UsageError("option \(name) takes no value") }
                flags.insert(name)
            }
        }
    }

    func has(_ flag: String) -> Bool { flags.contains(flag) }

    func string(_ name: String) -> String? { values[name]?.last }

    func strings(_ name: String) -> [String] { values[name] ?? [] }

    func int(_ name: String, default fallback: Int? = nil, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int? {
        guard let text = string(name) else { return fallback }
        guard let v = Int(text) else {
            throw UsageError("invalid value '\(text)' for \(name): expected a whole number" + (range.map { " in \($0.lowerBound)...\($0.upperBound)" } ?? ""))
        }
        if let range, !range.contains(v) {
            throw UsageError("invalid value '\(text)' for \(name): expected \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    func requiredInt(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int {
        guard string(name) != nil else { throw UsageError("missing required option \(name)") }
        return try int(name, in: range)!
    }

    func required(_ name: String) throws(UsageError) -> String {
        guard let v = string(name) else { throw UsageError("missing required option \(name)") }
        return v
    }

    static func helpText(usage: String, summary: String, options: [Option], details: String = "") -> String {
        var text = "\(summary)\n\nUsage: \(usage)\n\nOptions:\n"
        let rows = options.map { o in (o.takesValue ? "\(o.name) \(o.valueName)" : o.name, o.help) }
        let width = (rows.map(\.0.count).max() ?? 0) + 2
        for (left, right) in rows {
            text += "  " + left + String(repeating: " ", count: width - left.count) + right + "\n"
        }
        if !details.isEmpty { text += "\n" + details + (details.hasSuffix("\n") ? "" : "\n") }
        return text
    }
}
