import FrequencyTables
import TextInput

/// `acss table trim FILE`: a table listing fewer strings or patterns, for shipping.
struct TableTrimCommand: Command {
    static let name = "trim"
    static let abstract = "a smaller table for shipping, with the figures of the whole run"
    static let maxLength = Option("--max-length", "L", "keep patterns of length <= L")
    static let allUpToLength = Option("--all-up-to-length", "L", "sampled tables: keep every pattern of length <= L seen at least once")
    static let maxSE = Option("--max-se", "BITS", "sampled tables: keep a longer pattern only if its SE of K is at most BITS (the threshold for Rao-Blackwellised tables)")
    static let maxArea = Option("--max-area", "A", "2-D tables: keep arrays of at most A cells (20 keeps every shape up to 4x5 and 5x4)")
    static let out = Option("--out", "FILE", "where to write the trimmed table")
    static let options: [any OptionDeclaration] = [TableCommand.minHits, maxLength, allUpToLength, maxSE, maxArea, out]
    static let usage = "acss table trim FILE [--min-hits H] [--max-se BITS] [--max-length L] [--all-up-to-length L] --out FILE   (sampled)\n       acss table trim FILE --max-length L --out FILE                  (exhaustive)\n       acss table trim FILE --max-area A --out FILE                    (2-D)\n       acss table trim FILE --max-length L --out FILE                  (logical depths)"
    static let summary = "Trim a table for shipping."
    static let details = """
        For a sampled table, writes a table listing only the patterns seen at least H times (or
        counted exactly) and at most L long, with the totals of the whole run (for merged
        shards); for an exhaustive table, one listing the strings up to length L, keeping every
        figure of the full run (H, distinct, longest, completeness): D and K of the listed
        strings are unchanged. For a 2-D table, one listing the arrays of at most A cells, with
        the figures of the full run. For a logical-depth table (acss build --depth-out), one
        listing the strings up to length L.
        """

    let path: String
    let out: String
    let minHits: Int?
    let maxLength: Int?
    let allUpToLength: Int?
    let maxSE: Double?
    let maxArea: Int?

    init(_ args: ParsedArguments) throws {
        path = try TableCommand.file(args, action: Self.name)
        out = try args.required(Self.out)
        minHits = try args.int(TableCommand.minHits, in: 0...Int.max)
        maxLength = try args.int(Self.maxLength, in: 1...1_000_000)
        allUpToLength = try args.int(Self.allUpToLength, in: 0...Int.max)
        maxArea = try args.int(Self.maxArea, in: 1...64)
        if let text = args.value(Self.maxSE) {
            guard let v = DecimalNumber.parse(text), v > 0, v.isFinite else {
                throw UsageError("invalid value '\(text)' for --max-se: expected a positive number of bits, e.g. 0.25")
            }
            maxSE = v
        } else {
            maxSE = nil
        }
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if GridTableFile.isGridTable(path: path) {
            guard let maxArea, minHits == nil, maxLength == nil, allUpToLength == nil, maxSE == nil else {
                throw UsageError("\(path) is a 2-D table: trim it with --max-area A (and no other option)")
            }
            let table = try GridTableFile.read(path: path)
            try checkWritable(out)
            let trimmed = table.trimmed(maxArea: maxArea)
            try GridTableFile.write(trimmed, to: out)
            terminal.print("\(out): \(trimmed.listedFigures.arrays) of \(table.figures.distinct) arrays listed (area <= \(maxArea)), \(trimmed.classes.count) symmetry classes")
            return 0
        }
        if maxArea != nil { throw UsageError("--max-area applies to 2-D tables; \(path) is not one") }
        if DepthTableFile.isDepthTable(path: path) {
            guard let maxLength, minHits == nil, allUpToLength == nil, maxSE == nil else {
                throw UsageError("\(path) is a logical-depth table: trim it with --max-length L (and no other option)")
            }
            let table = try DepthTableFile.read(path: path)
            try checkWritable(out)
            let trimmed = table.trimmed(maxLength: maxLength)
            try DepthTableFile.write(trimmed, to: out)
            terminal.print("\(out): \(trimmed.strings.count) of \(table.distinct) strings listed (length <= \(maxLength))")
            return 0
        }
        if SampledTableFile.isSampledTable(path: path) {
            let table = try SampledTableFile.read(path: path)
            try checkWritable(out)
            let trimmed = table.trimmed(minHits: UInt64(minHits ?? 0), maxLength: maxLength, allUpToLength: allUpToLength ?? 0,
                                        maxStandardError: maxSE)
            try SampledTableFile.write(trimmed, to: out)
            terminal.print("\(out): \(trimmed.distinct) of \(table.distinct) patterns listed")
            return 0
        }
        let table = try TableFile.read(path: path)
        guard let maxLength else { throw UsageError("table trim of an exhaustive table needs --max-length L") }
        if minHits != nil || allUpToLength != nil || maxSE != nil {
            throw UsageError("--min-hits, --max-se and --all-up-to-length apply to sampled tables; \(path) is exhaustive (counts are exact): use --max-length")
        }
        try checkWritable(out)
        let trimmed: OutputTable
        do { trimmed = try table.trimmed(maxLength: maxLength) } catch { throw UsageError("\(path): \(error)") }
        try TableFile.write(trimmed, to: out)
        terminal.print("\(out): \(trimmed.listedCount) of \(table.distinct) strings listed (length <= \(maxLength))")
        return 0
    }
}
