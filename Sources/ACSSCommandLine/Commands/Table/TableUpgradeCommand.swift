import FrequencyTables

/// `acss table upgrade FILE --out FILE`: a table of the previous format, sealed.
struct TableUpgradeCommand: Command {
    static let name = "upgrade"
    static let abstract = "rewrite a table of the previous format (format 1) with the header checksum"
    static let out = Option("--out", "FILE", "where to write the upgraded table")
    static let options: [any OptionDeclaration] = [out]
    static let usage = "acss table upgrade FILE --out FILE"
    static let summary = "Upgrade a table of the previous format (format 1, exhaustive or sampled) to the current one, sealed by header_sha256."
    static let details = """
        The file is validated as every reader validates it (body checksum, counts, order, header
        figures), then written again with the same figures and body: only the format line and the
        header_sha256 line change. Readers refuse format 1 tables: nothing sealed their header.
        """

    let path: String
    let out: String

    init(_ args: ParsedArguments) throws {
        path = try TableCommand.file(args, action: Self.name)
        out = try args.required(Self.out)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if SampledTableFile.isSampledTable(path: path) {
            let table = try SampledTableFile.read(path: path, legacy: true)
            try checkWritable(out)
            try SampledTableFile.write(table, to: out)
            terminal.print("\(out): \(table.distinct) patterns, format \(SampledTableFile.formatVersion), sealed")
        } else {
            let table = try TableFile.read(path: path, legacy: true)
            try checkWritable(out)
            try TableFile.write(table, to: out)
            terminal.print("\(out): \(table.listedCount) strings, format \(TableFile.formatVersion), sealed")
        }
        return 0
    }
}
