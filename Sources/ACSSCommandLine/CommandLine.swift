import Foundation
import Scoring

/// The `acss` command: dispatch to subcommands, turn errors into messages and exit codes.
/// Exit codes: 0 success, 1 some inputs failed (batch commands), 2 usage or input error.
public enum ACSSCommand {
    static var commands: [any Runnable.Type] {[
        BuildCommand.self, TableCommand.self, ScoreCommand.self, LocalCommand.self, BDMCommand.self,
        PerturbCommand.self, ReferenceCommand.self, MergeCommand.self, CampaignCommand.self, StudyCommand.self,
        SimulateStudyCommand.self, SampleCommand.self, BenchCommand.self, ServeCommand.self,
    ]}

    static var help: String {
        var text = """
        acss: estimate the Kolmogorov complexity of short strings with the Coding Theorem Method.

        Usage: acss COMMAND [options]    (acss COMMAND --help for each command; acss --version)

        Commands:

        """
        let width = commands.map { $0.name.count }.max()!
        for command in commands {
            text += "  " + command.name + String(repeating: " ", count: width - command.name.count + 2) + command.abstract + "\n"
        }
        return text
    }

    public static func run(_ arguments: [String], terminal: Terminal = .standard) -> Int32 {
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            terminal.write(help)
            return arguments.isEmpty ? 2 : 0
        }
        if name == "--version" || name == "-V" || name == "version" {
            terminal.print("acss \(ACSSVersion.string)")
            return 0
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            terminal.error("acss: unknown command '\(name)'. Commands: \(commands.map { $0.name }.joined(separator: ", ")). See acss --help.")
            return 2
        }
        do {
            return try command.main(Array(arguments.dropFirst()), terminal)
        } catch let error as UsageError {
            terminal.error("acss \(name): \(error.description) (see acss \(error.command ?? name) --help)")
        } catch let error as CustomStringConvertible {
            terminal.error("acss \(name): \(error.description)")
        } catch {
            terminal.error("acss \(name): \(error)")
        }
        return 2
    }
}

extension CommandLine {
    public static func run(_ arguments: [String]) -> Int32 { ACSSCommand.run(arguments) }
}
