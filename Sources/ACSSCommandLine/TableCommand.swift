import Foundation
import FrequencyTables
import TuringMachines

/// `acss table info FILE`: the header figures of a table and its most probable strings.
enum TableCommand {
    static let options: [Arguments.Option] = [
        .value("--top", "K", "how many of the most probable strings to list (default 10)"),
        .flag("--json", "machine-readable output"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss table info FILE [--top K] [--json]",
        summary: "Show the figures of an output-frequency table and its most probable strings with K and D.",
        options: options,
        details: "The file is fully validated (checksum, counts, order) before anything is shown.")

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") || args.positionals.isEmpty && arguments.isEmpty { terminal.write(help); return args.has("--help") ? 0 : 2 }
        guard args.positionals.first == "info" else {
            throw UsageError("unknown table subcommand '\(args.positionals.first ?? "")': expected 'info'")
        }
        guard args.positionals.count == 2 else { throw UsageError("table info takes exactly one FILE") }
        let top = try args.int("--top", default: 10, in: 0...1_000_000)!
        let table = try TableFile.read(path: args.positionals[1])
        let ctm = CodingTheorem(table: table)
        // The completion makes a string and its symbol swaps equally likely; list each once,
        // by its lowest form... simply rank all strings by completed count.
        let ranked = table.strings.map { ($0, ctm.completedCount(of: $0)) }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : OutputTable.precedes($0.0, $1.0) }
            .prefix(top)
        let figures: [(String, String)] = [
            ("space", table.space.description), ("steps", String(table.stepCap)),
            ("machines", String(table.machines)), ("halting", String(table.halting)),
            ("non_halting", String(table.nonHalting)), ("distinct", String(table.distinct)),
            ("longest", String(table.longest)), ("complete_up_to_length", String(table.completeUpToLength)),
            ("latest_halt", String(table.latestHalt)), ("halting_at_cap", String(table.haltingAtCap)),
            ("cpu_seconds", String(format: "%.3f", table.cpuSeconds)),
        ]
        if args.has("--json") {
            let top = ranked.map { s, _ in
                "{\"string\": \"\(OutputTable.render(s))\", \"K\": \(ctm.complexity(of: s)!), \"D\": \(ctm.probability(of: s)!)}"
            }
            terminal.print("{" + figures.map { "\"\($0.0)\": \(jsonValue($0.1))" }.joined(separator: ", ")
                           + ", \"top\": [" + top.joined(separator: ", ") + "]}")
        } else {
            let width = figures.map(\.0.count).max()!
            for (k, v) in figures { terminal.print(k + String(repeating: " ", count: width - k.count) + "  " + v) }
            terminal.print("")
            terminal.print("most probable strings (D with the symbol-swap completion, K = -log2 D):")
            terminal.print("string\tK\tD")
            for (s, _) in ranked {
                terminal.print("\(OutputTable.render(s))\t\(String(format: "%.6f", ctm.complexity(of: s)!))\t\(String(format: "%.6e", ctm.probability(of: s)!))")
            }
        }
        return 0
    }
}
