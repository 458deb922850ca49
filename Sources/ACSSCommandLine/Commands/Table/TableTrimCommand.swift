import FrequencyTables

/// `acss table trim FILE`: a table listing fewer strings or patterns, for shipping.
struct TableTrimCommand: Command {
    static let name = "trim"
    static let abstract = "a smaller table for shipping, with the figures of the whole run"
    static let maxLength = Option("--max-length", "L", "keep patterns of length <= L")
    static let allUpToLength = Option("--all-up-to-length", "L", "sampled tables: keep every pattern of length <= L seen at least once")
    static let out = Option("--out", "FILE", "where to write the trimmed table")
    static let options: [any OptionDeclaration] = [TableCommand.minHits, maxLength, allUpToLength, out]
    static let usage = "acss table trim FILE --min-hits H [--max-length L] --out FILE   (sampled)\n       acss table trim FILE --max-length L --out FILE                  (exhaustive)"
    static let summary = "Trim a table for shipping."
    static let details = """
        For a sampled table, writes a table listing only the patterns seen at least H times (or
        counted exactly) and at most L long, with the totals of the whole run (for merged
        shards); for an exhaustive table, one listing the strings up to length L, keeping every
        figure of the full run (H, distinct, longest, completeness): D and K of the listed
        strings are unchanged.
        """

    let path: String
    let out: String
    let minHits: Int?
    let maxLength: Int?
    let allUpToLength: Int?

    init(_ args: ParsedArguments) throws {
        path = try TableCommand.file(args, action: Self.name)
        out = try args.required(Self.out)
        minHits = try args.int(TableCommand.minHits, in: 0...Int.max)
        maxLength = try args.int(Self.maxLength, in: 1...1_000_000)
        allUpToLength = try args.int(Self.allUpToLength, in: 0...Int.max)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if SampledTableFile.isSampledTable(path: path) {
            let table = try SampledTableFile.read(path: path)
            try checkWritable(out)
            let trimmed = table.trimmed(minHits: UInt64(minHits ?? 0), maxLength: maxLength, allUpToLength: allUpToLength ?? 0)
            try SampledTableFile.write(trimmed, to: out)
            terminal.print("\(out): \(trimmed.distinct) of \(table.distinct) patterns listed")
            return 0
        }
        let table = try TableFile.read(path: path)
        guard let maxLength else { throw UsageError("table trim of an exhaustive table needs --max-length L") }
        if minHits != nil || allUpToLength != nil {
            throw UsageError("--min-hits and --all-up-to-length apply to sampled tables; \(path) is exhaustive (counts are exact): use --max-length")
        }
        try checkWritable(out)
        let trimmed: OutputTable
        do { trimmed = try table.trimmed(maxLength: maxLength) } catch { throw UsageError("\(path): \(error)") }
        try TableFile.write(trimmed, to: out)
        terminal.print("\(out): \(trimmed.listedCount) of \(table.distinct) strings listed (length <= \(maxLength))")
        return 0
    }
}
