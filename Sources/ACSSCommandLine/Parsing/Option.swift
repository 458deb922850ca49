/// An option as a command declares it: its name, the left column of the help, and the help
/// line. Commands declare each option once, as a constant, and read it through that constant,
/// so a misspelt name does not compile.
protocol OptionDeclaration: Sendable {
    var name: String { get }
    var takesValue: Bool { get }
    /// "--top K" or "--json": the left column of --help.
    var synopsis: String { get }
    var help: String { get }
}

/// An option that takes a value: `--top 5` or `--top=5`; given twice, the last one counts
/// (unless the command reads every occurrence, as `--group-by` does).
struct Option: OptionDeclaration {
    let name: String
    let valueName: String
    let help: String

    init(_ name: String, _ valueName: String, _ help: String) {
        self.name = name
        self.valueName = valueName
        self.help = help
    }

    var takesValue: Bool { true }
    var synopsis: String { "\(name) \(valueName)" }

    /// The same option, described for another command (`--alphabet` is required by
    /// `reference` and optional elsewhere).
    func described(_ help: String) -> Option { Option(name, valueName, help) }
}

/// An option that takes no value: `--json`.
struct Flag: OptionDeclaration {
    let name: String
    let help: String

    init(_ name: String, _ help: String) {
        self.name = name
        self.help = help
    }

    var takesValue: Bool { false }
    var synopsis: String { name }

    func described(_ help: String) -> Flag { Flag(name, help) }

    /// Every command takes it, listed last.
    static let help = Flag("--help", "show this help")
}

/// A mistake in how a command was called; printed with a pointer to the command's --help,
/// exit status 2.
public struct UsageError: Error, CustomStringConvertible {
    public let description: String
    /// The command whose help the message points to ("table info"); the top-level command's
    /// when nil.
    var command: String?

    init(_ message: String) { description = message }

    func pointing(to command: String) -> UsageError {
        var error = self
        if error.command == nil { error.command = command }
        return error
    }
}
