import Enumeration
import Foundation
import FrequencyTables
import TuringMachines

/// The `acss` command: dispatch to subcommands, turn errors into messages and exit codes.
/// Exit codes: 0 success, 1 some inputs failed (batch commands), 2 usage or input error.
public enum ACSSCommand {
    static let commands: [(String, String, @Sendable ([String], Terminal) throws -> Int32)] = [
        ("build", "enumerate an (n,m) machine space exactly into an output table", BuildCommand.run),
        ("table", "inspect, compare and trim output tables (acss table info|compare|trim)", TableCommand.run),
        ("score", "score strings: K, D, likelihoods, z, entropy, alternations, change complexity", ScoreCommand.run),
        ("local", "local complexity: K of every window of a string", LocalCommand.run),
        ("bdm", "Block Decomposition Method for strings longer than the tables", BDMCommand.run),
        ("reference", "mean and SD of K over all random strings of a length (for z-scores)", ReferenceCommand.run),
        ("merge", "add the partial tables of a sharded run (acss build --shard) into one table", MergeCommand.run),
        ("campaign", "resumable sharded enumerations: start, run, shard, status, merge", CampaignCommand.run),
        ("study", "analyse a random-generation study: scores, summaries, age curves, plots", StudyCommand.run),
        ("simulate-study", "write a synthetic study with a planted peak age (both layouts)", SimulateStudyCommand.run),
        ("sample", "estimate a space too large to enumerate: stratified lazy sampling with standard errors", SampleCommand.run),
        ("bench", "benchmark the enumerator (acss bench enumerate)", BenchCommand.run),
    ]

    static var help: String {
        var text = """
        acss: estimate the Kolmogorov complexity of short strings with the Coding Theorem Method.

        Usage: acss COMMAND [options]    (acss COMMAND --help for each command)

        Commands:

        """
        let width = commands.map(\.0.count).max()!
        for (name, summary, _) in commands {
            text += "  " + name + String(repeating: " ", count: width - name.count + 2) + summary + "\n"
        }
        return text
    }

    public static func run(_ arguments: [String], terminal: Terminal = .standard) -> Int32 {
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            terminal.write(help)
            return arguments.isEmpty ? 2 : 0
        }
        guard let command = commands.first(where: { $0.0 == name }) else {
            terminal.error("acss: unknown command '\(name)'. Commands: \(commands.map(\.0).joined(separator: ", ")). See acss --help.")
            return 2
        }
        do {
            return try command.2(Array(arguments.dropFirst()), terminal)
        } catch let error as UsageError {
            terminal.error("acss \(name): \(error.description) (see acss \(name) --help)")
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
