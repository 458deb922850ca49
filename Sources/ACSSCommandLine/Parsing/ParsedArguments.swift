/// A command line parsed against one command's declared options: `--name value`,
/// `--name=value`, `--flag`, positionals; `--` ends the options and `-` is a positional
/// (standard input). An option the command does not declare is an error that names it and
/// suggests the closest declared one.
struct ParsedArguments {
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var positionals: [String] = []
    private let declared: Set<String>
    /// The arguments as given (after the command name), for reports that quote the command.
    let arguments: [String]

    init(_ arguments: [String], options: [any OptionDeclaration]) throws(UsageError) {
        self.arguments = arguments
        var byName: [String: any OptionDeclaration] = [:]
        for o in options { byName[o.name] = o }
        declared = Set(byName.keys)
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
            if name == "-h" { name = Flag.help.name }
            guard let option = byName[name] else {
                let suggestion = Self.closest(to: name, among: options.map(\.name))
                throw UsageError("unknown option '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""))
            }
            if option.takesValue {
                if let inline {
                    values[name, default: []].append(inline)
                } else {
                    guard i < arguments.count else {
                        throw UsageError("option \(name) needs a value (\((option as? Option)?.valueName ?? ""))")
                    }
                    values[name, default: []].append(arguments[i])
                    i += 1
                }
            } else {
                if inline != nil { throw UsageError("option \(name) takes no value") }
                flags.insert(name)
            }
        }
    }

    func has(_ flag: Flag) -> Bool {
        assert(declared.contains(flag.name), "\(flag.name) is not declared by this command")
        return flags.contains(flag.name)
    }

    /// The last value given, if any.
    func value(_ option: Option) -> String? { values(option).last }

    /// Every value given, in order.
    func values(_ option: Option) -> [String] {
        assert(declared.contains(option.name), "\(option.name) is not declared by this command")
        return values[option.name] ?? []
    }

    func required(_ option: Option) throws(UsageError) -> String {
        guard let v = value(option) else { throw UsageError("missing required option \(option.name)") }
        return v
    }

    func int(_ option: Option, default fallback: Int? = nil, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int? {
        guard let text = value(option) else { return fallback }
        guard let v = Int(text) else {
            throw UsageError("invalid value '\(text)' for \(option.name): expected a whole number" + (range.map { " in \($0.lowerBound)...\($0.upperBound)" } ?? ""))
        }
        if let range, !range.contains(v) {
            throw UsageError("invalid value '\(text)' for \(option.name): expected \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    func int(_ option: Option, default fallback: Int, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int {
        try int(option, default: Optional(fallback), in: range)!
    }

    func requiredInt(_ option: Option, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int {
        guard value(option) != nil else { throw UsageError("missing required option \(option.name)") }
        return try int(option, default: nil, in: range)!
    }

    /// One of a fixed set of named values: "invalid value 'x' for --layout: expected long,
    /// wide or both".
    func choice<T: RawRepresentable>(_ option: Option, default fallback: T, among choices: [T]) throws(UsageError) -> T
    where T.RawValue == String {
        guard let text = value(option) else { return fallback }
        guard let v = choices.first(where: { $0.rawValue == text }) else {
            let names = choices.map(\.rawValue)
            throw UsageError("invalid value '\(text)' for \(option.name): expected "
                             + names.dropLast().joined(separator: ", ") + " or " + names.last!)
        }
        return v
    }

    /// The declared name nearest to a misspelt one, when it is near enough to be the one meant:
    /// at most a third of the typed name's characters differ (edit distance).
    static func closest(to name: String, among names: [String]) -> String? {
        let typed = Array(name.dropFirst(2))
        var best: (name: String, distance: Int)? = nil
        for candidate in names {
            let d = editDistance(typed, Array(candidate.dropFirst(2)))
            if best == nil || d < best!.distance { best = (candidate, d) }
        }
        guard let best, best.distance <= max(1, typed.count / 3) else { return nil }
        return best.name
    }

    /// Levenshtein distance: insertions, deletions and substitutions.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
