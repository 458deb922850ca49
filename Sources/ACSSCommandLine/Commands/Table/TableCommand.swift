import FrequencyTables

/// `acss table info|compare|trim|upgrade`: inspect, compare, trim and upgrade output tables.
enum TableCommand: CommandGroup {
    static let name = "table"
    static let abstract = "inspect, compare, trim and upgrade output tables (acss table info|compare|trim|upgrade)"
    static let summary = "Show the figures of an output table (exhaustive or sampled) and its most probable strings with K and D; compare a sampled table with the published ACSS values, or two exhaustive tables with each other; trim a table for shipping; upgrade a table of the previous format."
    static let details = "Every file is fully validated (checksum, counts, order) before anything is shown."
    static var actions: [any Command.Type] { [TableInfoCommand.self, TableCompareCommand.self, TableTrimCommand.self, TableUpgradeCommand.self] }
    static let missingAction: String? = nil

    static func unknownAction(_ name: String) -> String {
        "unknown table subcommand '\(name)': expected 'info', 'compare', 'trim' or 'upgrade'"
    }

    /// Options more than one action takes.
    static let minHits = Option("--min-hits", "H", "sampled tables: ignore patterns seen fewer than H times in the samples (ACSS used 5 or 10; default 0)")
    static let json = Flag("--json", "machine-readable output")

    /// The one FILE an action reads.
    static func file(_ args: ParsedArguments, action: String) throws(UsageError) -> String {
        guard args.positionals.count == 1 else { throw UsageError("table \(action) takes exactly one FILE") }
        return args.positionals[0]
    }
}
