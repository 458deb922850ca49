import JSONOutput
@_exported import ResultColumns

/// Output formats. `table` is for people; `csv`, `tsv` and `json` are stable for programs
/// (column names are documented in docs/scoring.md and never change meaning).
enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, tsv, json

    /// `--format`, any letter case; `table` when not given.
    init(_ text: String?) throws(UsageError) {
        guard let text else { self = .table; return }
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw UsageError("invalid value '\(text)' for --format: expected table, csv, tsv or json")
        }
        self = format
    }
}
