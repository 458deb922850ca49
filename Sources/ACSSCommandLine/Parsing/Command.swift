/// Something `acss` runs by name: a command (`acss score`), a group of actions
/// (`acss table info|compare|trim`), or one of those actions.
protocol Runnable {
    /// The word that selects it: "score", or "info" within `acss table`.
    static var name: String { get }
    /// One line in the list of commands or actions.
    static var abstract: String { get }
    static var help: String { get }
    /// Parses `arguments` (everything after the name), validates and runs.
    static func main(_ arguments: [String], _ terminal: Terminal) throws -> Int32
}

/// A command or an action: exactly its own options, validated into a value before anything
/// runs.
protocol Command: Runnable {
    static var usage: String { get }
    /// The paragraph --help starts with.
    static var summary: String { get }
    /// Examples and explanations after the options.
    static var details: String { get }
    /// Its options, in the order --help lists them (--help itself is added last).
    static var options: [any OptionDeclaration] { get }
    /// Whether it takes positional arguments; when not, one is refused by name.
    static var takesArguments: Bool { get }

    /// Reads and checks the options, before anything runs.
    init(_ arguments: ParsedArguments) throws
    func run(_ terminal: Terminal) throws -> Int32
}

extension Command {
    static var details: String { "" }
    static var takesArguments: Bool { true }

    static var help: String {
        helpText(usage: usage, summary: summary, options: options + [Flag.help], details: details)
    }

    static func main(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let parsed = try ParsedArguments(arguments, options: options + [Flag.help])
        if parsed.has(.help) { terminal.write(help); return 0 }
        if !takesArguments, let extra = parsed.positionals.first { throw UsageError("unexpected argument '\(extra)'") }
        return try Self(parsed).run(terminal)
    }
}

/// A command made of actions, each its own `Command` with its own options and help; the first
/// argument names the action.
protocol CommandGroup: Runnable {
    static var summary: String { get }
    static var details: String { get }
    static var actions: [any Command.Type] { get }
    /// The message when no action is named; `nil` shows the help instead (exit status 2).
    static var missingAction: String? { get }
    static func unknownAction(_ name: String) -> String
}

extension CommandGroup {
    static var details: String { "" }

    static var help: String {
        var text = "\(summary)\n\nUsage: "
        text += actions.flatMap { $0.usage.split(separator: "\n").map { $0.drop(while: { $0 == " " }) } }
            .joined(separator: "\n       ")
        text += "\n\nActions:\n"
        let width = actions.map { $0.name.count }.max()! + 2
        for action in actions {
            text += "  " + action.name + String(repeating: " ", count: width - action.name.count) + action.abstract + "\n"
        }
        text += "\nEach action's options: acss \(name) ACTION --help\n"
        if !details.isEmpty { text += "\n" + details + (details.hasSuffix("\n") ? "" : "\n") }
        return text
    }

    static func main(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        guard let first = arguments.first, !first.hasPrefix("-") || first == "--help" || first == "-h" else {
            guard let message = missingAction else { terminal.write(help); return 2 }
            throw UsageError(message)
        }
        if first == "--help" || first == "-h" { terminal.write(help); return 0 }
        guard let action = actions.first(where: { $0.name == first }) else { throw UsageError(unknownAction(first)) }
        do {
            return try action.main(Array(arguments.dropFirst()), terminal)
        } catch let error as UsageError {
            throw error.pointing(to: "\(name) \(action.name)")
        }
    }
}

/// The --help layout every command shares: summary, usage, the options in two columns, details.
func helpText(usage: String, summary: String, options: [any OptionDeclaration], details: String = "") -> String {
    var text = "\(summary)\n\nUsage: \(usage)\n\nOptions:\n"
    let width = (options.map(\.synopsis.count).max() ?? 0) + 2
    for o in options {
        text += "  " + o.synopsis + String(repeating: " ", count: width - o.synopsis.count) + o.help + "\n"
    }
    if !details.isEmpty { text += "\n" + details + (details.hasSuffix("\n") ? "" : "\n") }
    return text
}
