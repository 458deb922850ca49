import Scoring

/// Where the strings of a scoring command come from and how its rows are written: the options
/// `score`, `local` and `bdm` share.
struct ScoringInput {
    static let alphabet = Option("--alphabet", "M", "possible symbols (2...9; 3 uses the 4-symbol table, 7 and 8 the 9-symbol one). Default: inferred per string from its distinct symbols, with a warning")
    static let input = Option("--input", "FILE", "read strings from FILE, one per line (as '-' reads standard input)")
    static let format = Option("--format", "FORMAT", "table (default, for people), csv, tsv or json")
    static let column = Option("--column", "NAME", "the input (--input FILE or -) is a table with a header (comma, semicolon or tab): score column NAME")
    static let idColumn = Option("--id-column", "NAME", "with --column: copy column NAME (e.g. participant_id) into the output, first")

    /// With the table choice, in the order every scoring command's help lists them.
    static let options: [any OptionDeclaration] = [alphabet, input, column, idColumn, format, TableSource.directory, TableSource.table]

    let format: OutputFormat
    let input: InputSource
    let alphabet: Alphabet?
    let tables: TableSource
    /// `--column` and `--id-column`; nil: one string per line.
    let selection: ColumnSelection?

    init(_ args: ParsedArguments) throws(UsageError) {
        format = try OutputFormat(args.value(Self.format))
        input = try InputSource(positionals: args.positionals, file: args.value(Self.input))
        tables = try TableSource(args)
        alphabet = try Self.alphabet(args.value(Self.alphabet))
        if let alphabet { try tables.check(fits: alphabet) }
        if let column = args.value(Self.column) {
            guard input.isBatch else {
                throw UsageError("--column reads a table: give it with --input FILE or '-' (standard input), not as arguments")
            }
            selection = ColumnSelection(column: column, idColumn: args.value(Self.idColumn))
        } else {
            if args.value(Self.idColumn) != nil { throw UsageError("--id-column needs --column (the column to score)") }
            selection = nil
        }
    }

    /// A writer of this input's rows: with `--id-column`, the id comes first.
    func writer<Row>(columns: [Column<Row>], out: OutputBuffer) -> RowWriter<Row> {
        RowWriter(format: format, columns: columns, out: out, idColumn: selection?.idColumn)
    }

    static func alphabet(_ text: String?) throws(UsageError) -> Alphabet? {
        guard let text else { return nil }
        guard let m = Int(text) else {
            throw UsageError("invalid value '\(text)' for --alphabet: expected a whole number 2...9")
        }
        do { return try Alphabet(m) } catch { throw UsageError(error.description) }
    }
}

/// Which tables score: the folder that holds them and the table `--table NAME` puts in place
/// of its alphabet's default.
struct TableSource {
    static let directory = Option("--tables", "DIR", "directory holding the tables (default: $ACSS_DATA, ./data, or data/ above the executable)")
    static let table = Option("--table", "NAME", "use this table for its alphabet instead of the default: D6-T1000 (exhaustive (6,2), this project) for binary strings; default D5-T500; with --2d: G5-T2000 (default) or G4-T2000")

    let directory: String?
    let choices: [TableDescriptor]
    /// `--table` naming a 2-D table (for `--2d`).
    let gridChoice: GridTableDescriptor?

    init(_ args: ParsedArguments, directory directoryOption: Option = Self.directory) throws(UsageError) {
        directory = args.value(directoryOption)
        guard let name = args.value(Self.table) else { choices = []; gridChoice = nil; return }
        if let grid = GridTableDescriptor.named(name) {
            choices = []
            gridChoice = grid
            return
        }
        guard let descriptor = TableCatalog.descriptor(named: name) else {
            throw UsageError("unknown table '\(name)' for --table: expected one of \((TableCatalog.tables.map(\.name) + GridTableDescriptor.tables.map(\.name)).joined(separator: ", "))")
        }
        choices = [descriptor]
        gridChoice = nil
    }

    /// `--table K.4 --alphabet 2` would score with the default binary table and ignore the
    /// choice without a word: a chosen table must be the one of the alphabet's size.
    func check(fits alphabet: Alphabet) throws(UsageError) {
        for choice in choices where choice.alphabet != alphabet.tableSize {
            let fitting = TableCatalog.tables.filter { $0.alphabet == alphabet.tableSize }.map(\.name)
            throw UsageError("--table \(choice.name) scores strings of \(choice.alphabet) symbols, not --alphabet \(alphabet.size) (whose table has \(alphabet.tableSize) symbols): for alphabet \(alphabet.size) use \(fitting.joined(separator: " or ")), or leave --table out")
        }
    }

    func estimator() throws -> ComplexityEstimator {
        try ComplexityEstimator(locator: TableLocator(explicitDirectory: directory), using: choices)
    }
}

/// How strings longer than the table are decomposed into blocks (`score` and `bdm`).
struct DecompositionOptions {
    static let flavour = Option("--flavour", "F", "BDM flavour: acss (default; log base m, last shorter block) or standard (log2, Zenil et al. 2018 / pybdm)")
    static let blockSize = Option("--block-size", "N", "BDM block size, 2...12 (default 10 for acss, 12 for standard)")
    static let step = Option("--step", "N", "distance between block starts, 1...block size (default: block size, i.e. disjoint blocks)")
    static let boundary = Option("--boundary", "B", "standard flavour: ignore (default) drops a tail shorter than a block; recursive keeps it as a block")
    static let minLength = Option("--min-length", "L", "with --boundary recursive: shortest tail kept as a block, 1...block size (default 2, pybdm's min_length); with --2d: smallest side of the squares that re-tile leftover strips")
    static let options: [any OptionDeclaration] = [flavour, blockSize, step, boundary, minLength]

    let decomposition: BlockDecomposition

    init(_ args: ParsedArguments) throws(UsageError) {
        let flavour = try args.choice(Self.flavour, default: .acss, among: [BlockDecomposition.Flavour.acss, .standard])
        let boundary = try args.choice(Self.boundary, default: .ignore, among: [BlockDecomposition.Boundary.ignore, .recursive])
        if flavour == .acss && args.value(Self.boundary) != nil {
            throw UsageError("--boundary applies to --flavour standard; the acss flavour always adds a last shorter block")
        }
        let size = try args.int(Self.blockSize, in: BlockDecomposition.blockSizes)
        let step = try args.int(Self.step, in: 1...12)
        if args.value(Self.minLength) != nil && (flavour != .standard || boundary != .recursive) {
            throw UsageError("--min-length applies to --flavour standard --boundary recursive (the shortest tail kept as a block)")
        }
        let minLength = try args.int(Self.minLength, default: 2, in: 1...(size ?? BlockDecomposition.defaultBlockSize(flavour)))
        do {
            decomposition = try BlockDecomposition(flavour: flavour, blockSize: size, step: step, boundary: boundary, minLength: minLength)
        } catch {
            throw UsageError(error.description)
        }
    }
}
