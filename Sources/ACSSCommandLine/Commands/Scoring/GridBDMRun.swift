import Enumeration
import Scoring
import TuringMachines

/// `acss bdm --2d`: the 2-D Block Decomposition Method of binary arrays, from a 2-D table
/// (`GridComplexityTable`). Arrays come as arguments (rows separated by "/"), or one array
/// from `--input FILE` or `-`: a CSV/whitespace matrix or a PBM image, streamed row by row
/// through `GridArrayReader` and `GridBlockCounter`, so its size is bounded by time only.
struct GridBDMRun {
    static let twoD = Flag("--2d", "binary arrays instead of strings: 2-D BDM (pybdm BDM(ndim=2)); arrays as arguments, rows separated by '/' (000/010/000), or one array from --input FILE or '-'")
    static let shift = Option("--shift", "S", "with --2d --boundary correlated: distance between windows in both directions, 1...block size (default 1)")
    static let minLength = DecompositionOptions.minLength

    typealias Value = GridBDMValue

    typealias Block = GridBDMBlock

    static let columns = ScoringColumns.gridBDM
    static let blockColumns = ScoringColumns.gridBDMBlocks

    let input: InputSource
    let format: OutputFormat
    let decomposition: GridBlockDecomposition
    let table: GridTableDescriptor
    let directory: String?

    /// Reads and checks the 2-D options; the string-only ones are refused by name.
    /// `input`: where the array comes from when not from the arguments or --input (an edge list).
    init(_ args: ParsedArguments, input given: InputSource? = nil) throws(UsageError) {
        for option in [ScoringInput.alphabet, ScoringInput.column, ScoringInput.idColumn, DecompositionOptions.flavour, DecompositionOptions.step]
        where args.value(option) != nil {
            throw UsageError("\(option.name) applies to strings, not to --2d arrays" + (option.name == "--step" ? " (for sliding windows use --boundary correlated --shift S)" : ""))
        }
        format = try OutputFormat(args.value(ScoringInput.format))
        if let given { input = given } else { input = try InputSource(positionals: args.positionals, file: args.value(ScoringInput.input)) }
        directory = args.value(TableSource.directory)
        if let name = args.value(TableSource.table) {
            guard let descriptor = GridTableDescriptor.named(name) else {
                throw UsageError("unknown 2-D table '\(name)' for --table: expected \(GridTableDescriptor.tables.map(\.name).joined(separator: " or "))")
            }
            table = descriptor
        } else {
            table = .defaultTable
        }
        let boundary = try args.choice(DecompositionOptions.boundary, default: .ignore, among: GridBlockDecomposition.Boundary.allCases)
        let size = try args.int(DecompositionOptions.blockSize, default: GridBlockDecomposition.defaultBlockSize, in: GridBlockDecomposition.blockSizes)
        if args.value(Self.shift) != nil && boundary != .correlated {
            throw UsageError("--shift applies to --boundary correlated (sliding windows), not \(boundary.rawValue)")
        }
        if args.value(Self.minLength) != nil && boundary != .recursive {
            throw UsageError("--min-length applies to --boundary recursive (re-tiled leftovers), not \(boundary.rawValue)")
        }
        let shift = try args.int(Self.shift, default: 1, in: 1...size)
        let minLength = try args.int(Self.minLength, default: 2, in: 1...size)
        do {
            decomposition = try GridBlockDecomposition(blockSize: size, boundary: boundary, shift: shift, minLength: minLength)
        } catch {
            throw UsageError(error.description)
        }
    }

    /// Without --2d, its options are mistakes.
    static func refuseWithoutTwoD(_ args: ParsedArguments) throws(UsageError) {
        for option in [shift] where args.value(option) != nil {
            throw UsageError("\(option.name) applies to arrays: add --2d")
        }
    }

    /// The chosen 2-D table, checked against the block size.
    func loadTable() throws -> GridComplexityTable {
        let table: GridComplexityTable
        do {
            table = try GridComplexityTable(locator: TableLocator(explicitDirectory: directory), descriptor: self.table)
        } catch {
            guard case .tableMissing(let path, let name) = error, name == self.table.name else { throw error }
            let others = GridTableDescriptor.tables.filter { $0.name != name }.map(\.name)
            throw UsageError("2-D table \(name) not found: \(path) does not exist; choose another with --table (\(others.joined(separator: ", "))) or --tables DIR")
        }
        do { try table.check(decomposition) } catch { throw UsageError(error.description) }
        return table
    }

    /// The arrays in memory, each with its name: one per argument, or the input's one array
    /// (read whole: the perturbation analysis changes its cells).
    func arrays(_ terminal: Terminal) throws -> [(String, () throws -> GridArray)] {
        if case .arguments(let texts) = input {
            return texts.map { text in (text, { () throws -> GridArray in try GridArray.parse(text) }) }
        }
        var reader = GridArrayReader()
        var cells: [UInt8] = []
        var columns = 0
        do {
            try input.forEachByteChunk(terminal) { chunk in
                try reader.feed(chunk) { row in columns = row.count; cells.append(contentsOf: row) }
            }
            try reader.finish { row in columns = row.count; cells.append(contentsOf: row) }
        } catch let error as ScoringError {
            throw UsageError("\(input.name): \(error.description)")
        }
        guard columns > 0 else { throw UsageError("\(input.name): no array") }
        let array = GridArray(rows: cells.count / columns, columns: columns, cells: cells)
        return [(input.name, { array })]
    }

    func run(_ terminal: Terminal, listBlocks: Bool, normalize: Bool = false, entropy: Bool = false) throws -> Int32 {
        let table = try loadTable()
        let out = OutputBuffer(terminal)
        if listBlocks {
            let writer = RowWriter(format: format, columns: Self.blockColumns, out: out)
            return try forEachArray(terminal, table, writer) { name, result in
                for block in result.blocks { writer.write(Block(name: name, block: block)) }
            }
        }
        if normalize && decomposition.boundary == .correlated {
            throw UsageError("--normalized needs disjoint blocks: not --boundary correlated (pybdm refuses it too)")
        }
        var columns = Array(Self.columns.dropLast())
        if normalize { columns += ScoringColumns.gridBDMNormalized }
        if entropy { columns += ScoringColumns.gridBDMEntropy }
        let writer = RowWriter(format: format, columns: columns + [Self.columns.last!], out: out)
        return try forEachArray(terminal, table, writer) { name, result in
            var value = Value(name: name, result: result)
            if normalize { value.normalization = try? table.normalization(of: result) }
            if entropy { value.entropy = table.blockEntropy(of: result) }
            writer.write(value)
        }
    }

    /// Scores every array (one per argument, or the one of the input) and hands each result
    /// to `body`; an array that fails gets a row with its name and the error, and a line on
    /// standard error. Returns the exit status.
    private func forEachArray<Row>(_ terminal: Terminal, _ table: GridComplexityTable, _ writer: RowWriter<Row>,
                                   _ body: (String, GridBDMResult) -> Void) throws -> Int32 {
        let failures = RowFailures(terminal, command: BDMCommand.name, noun: "array")
        if case .arguments(let arrays) = input {
            for text in arrays {
                try score(text, table, writer, failures, body) { () throws(ScoringError) in
                    GridBlockCounter.counts(of: try GridArray.parse(text), decomposition: decomposition)
                }
            }
            writer.finish()
            return failures.finish(total: arrays.count)
        }
        try score(input.name, table, writer, failures, body) { try streamedCounts(terminal) }
        writer.finish()
        return failures.finish(total: 1)
    }

    /// One array: its result to `body`, or its failure row.
    private func score<Row>(_ name: String, _ table: GridComplexityTable, _ writer: RowWriter<Row>, _ failures: RowFailures,
                            _ body: (String, GridBDMResult) -> Void, _ counts: () throws -> GridBlockCounts) throws {
        let message: String
        do {
            body(name, try table.bdm(of: try counts()))
            return
        } catch let error as UsageError {
            throw error // an unreadable --input: exit status 2, as for strings
        } catch let error as CustomStringConvertible {
            message = error.description
        }
        failures.report(message, line: 0, batch: false)
        writer.writeFailure(name, error: message)
    }

    /// The blocks of the input's one array, read chunk by chunk and counted row by row.
    private func streamedCounts(_ terminal: Terminal) throws -> GridBlockCounts {
        var reader = GridArrayReader()
        var counter: GridBlockCounter?
        let decomposition = self.decomposition
        do {
            try input.forEachByteChunk(terminal) { chunk in
                try reader.feed(chunk) { row in
                    if counter == nil { counter = GridBlockCounter(decomposition: decomposition, columns: row.count) }
                    counter!.append(row: row)
                }
            }
            try reader.finish { row in
                if counter == nil { counter = GridBlockCounter(decomposition: decomposition, columns: row.count) }
                counter!.append(row: row)
            }
        } catch let error as ScoringError {
            throw InputError(description: "\(input.name): \(error.description)")
        }
        return counter!.finish()
    }

    /// A problem with the input, named by its source.
    struct InputError: Error, CustomStringConvertible {
        let description: String
    }
}
