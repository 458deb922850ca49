import Foundation
import Scoring
import TuringMachines

/// `acss perturb`: perturbation analysis (algorithmic information dynamics, docs/aid.md) of
/// strings, binary arrays and networks: one row per perturbed element with its BDM change,
/// information sign and InfoRank; a summary per input (BDM, signs, relative
/// reprogrammability) on standard error; the information signature (and, for a network, the
/// network coloured by information) as an SVG.
struct PerturbCommand: Command {
    static let name = "perturb"
    static let abstract = "perturbation analysis: how much each symbol, cell, edge or vertex changes BDM"
    static let network = Flag("--network", "the array is a network's adjacency matrix (a CSV/whitespace 0/1 matrix or PBM with --input, or rows separated by '/'): delete each edge and each vertex")
    static let edgeList = Option("--edge-list", "FILE", "a network as an edge list (two vertex names a line, separated by a comma, tab or space; '-' reads standard input): delete each edge and each vertex")
    static let directed = Flag("--directed", "with --edge-list: edges are directed (default undirected); a matrix is directed when it is not symmetric")
    static let operations = Option("--operations", "LIST", "strings: substitute, delete or substitute,delete (default both)")
    static let top = Option("--top", "N", "only the N elements with the largest information contribution (InfoRank 1...N, ties included), per input and operation, in rank order")
    static let svg = Option("--svg", "FILE", "write the information signature of the first input (and, for a network, its drawing coloured by information) as SVG")
    static let quiet = Flag("--quiet", "no summary on standard error")
    static let timings = Flag("--timings", "print the CPU and wall seconds of each stage (loading the table, setting up the block counts, perturbing, ranking, writing rows) on standard error")

    static let options: [any OptionDeclaration] = [
        ScoringInput.alphabet,
        ScoringInput.input.described("read strings from FILE, one per line (as '-' reads standard input); with --2d or --network one array: a matrix (cells 0/1 separated by commas or spaces, a row per line) or a PBM image"),
        ScoringInput.column, ScoringInput.idColumn, ScoringInput.format, TableSource.directory,
        TableSource.table,
        DecompositionOptions.flavour,
        DecompositionOptions.blockSize.described("BDM block size, 2...12 (default 10 for acss, 12 for standard); with --2d/--network: d x d blocks, 2...4 (default 4)"),
        DecompositionOptions.step,
        DecompositionOptions.boundary.described("standard flavour: ignore (default) or recursive; with --2d/--network: ignore (default), recursive or correlated"),
        DecompositionOptions.minLength, GridBDMRun.shift,
        GridBDMRun.twoD.described("binary arrays: flip each cell (pybdm PerturbationExperiment on BDM(ndim=2)); arrays as arguments (rows separated by '/') or one from --input"),
        network, edgeList, directed, operations, top, svg, quiet, timings,
    ]

    static let usage = """
        acss perturb [options] STRING...    or    acss perturb [options] --input FILE|-
               acss perturb --2d [options] ARRAY...|--input FILE
               acss perturb --network [options] --input MATRIX    or    acss perturb --edge-list FILE [--directed] [options]
        """
    static let summary = "Perturbation analysis (algorithmic information dynamics): the change of BDM when each element is changed or deleted, with the information signature and relative reprogrammability."
    static var details: String {
        """
        Operations (docs/aid.md):
          strings   substitute: each symbol set to each other symbol of the alphabet (a flip
                    when binary); delete: each symbol removed (the string gets shorter).
          --2d      flip: each cell flipped.
          networks  delete_edge: each edge removed (both cells of an undirected edge);
                    delete_vertex: each vertex removed with its row and column (the matrix
                    gets smaller, as algodyn's delete_vertices).
        delta = BDM(perturbed) - BDM(original) (pybdm's sign); information = -delta, the
        contribution C(G) - C(G \\ e) of algodyn and OACC: positive when the element carries
        algorithmic information (removing it simplifies), negative when removing it makes
        the object more random, neutral within 1e-9. InfoRank 1 is the largest information.
        Indices count from 0 (pybdm): string positions, cells row-major, edges in row-major
        order of the adjacency matrix, vertices in matrix (or first-appearance) order.
        --flavour standard with the default blocks reproduces pybdm's PerturbationExperiment.
        Only the blocks holding a changed element are recounted, so a 100,000-symbol
        string or a 1000 x 1000 matrix takes seconds; a deleted symbol shifts the rest, which
        is swept once; a deleted vertex means a new count of the smaller matrix each.
        The summary (standard error) gives per input and operation the BDM, the number of
        positive, negative and neutral elements and algodyn's relative reprogrammability
        (MAD / max of the positive information values). The information signature is the
        information column in InfoRank order: --top N with N at least the number of
        elements lists it whole; --svg draws it.

        Examples:
          acss perturb --alphabet 2 --flavour standard 111111111111111111111111111111
          acss perturb --alphabet 2 --operations delete --top 5 --format csv 0101101110010110101
          acss perturb --2d --table G4-T2000 --block-size 3 --input image.pbm --format csv
          acss perturb --network --table G4-T2000 --block-size 3 --input adjacency.csv --svg network.svg
          acss perturb --edge-list edges.txt --table G4-T2000 --block-size 3 --format json

        Columns: \(columns.map(\.name).joined(separator: ",")). The input column holds the string
        (cut to 64 characters), the array or the file name.
        Exit status: 0 all analysed, 1 some inputs failed, 2 usage error or missing tables.
        """
    }

    /// One perturbed element.
    struct Row {
        let input: String
        let operation: String
        let index: Int
        var row: Int? = nil
        var column: Int? = nil
        let from: String
        let to: String
        let delta: Double?
        var rank: Int? = nil
    }

    static let columns: [Column<Row>] = [
        Column("input") { .text($0.input) }, Column("operation") { .text($0.operation) },
        Column("index") { .int($0.index) }, Column("row") { $0.row.map { .int($0) } ?? .missing },
        Column("column") { $0.column.map { .int($0) } ?? .missing },
        Column("from") { .text($0.from) }, Column("to") { $0.to.isEmpty ? .missing : .text($0.to) },
        Column("delta", .fixed(4)) { Cell($0.delta) },
        Column("information", .fixed(4)) { Cell($0.delta.map(InformationAnalysis.information)) },
        Column("sign") { $0.delta.map { .text(InformationAnalysis.sign($0).rawValue) } ?? .missing },
        Column("inforank") { $0.rank.map { .int($0) } ?? .missing },
        .error,
    ]

    enum Mode {
        case strings(ScoringInput, BlockDecomposition, substitute: Bool, delete: Bool)
        case arrays(GridBDMRun, network: Bool)
        case edgeList(GridBDMRun, InputSource, directed: Bool)
    }

    let mode: Mode
    let top: Int?
    let svg: String?
    let quiet: Bool
    let timed: Bool

    init(_ args: ParsedArguments) throws {
        top = try args.int(Self.top, in: 1...1_000_000_000)
        svg = args.value(Self.svg)
        if let svg { try checkWritable(svg) }
        quiet = args.has(Self.quiet)
        timed = args.has(Self.timings)
        let isNetwork = args.has(Self.network)
        let edges = args.value(Self.edgeList)
        if args.has(Self.directed) && edges == nil {
            throw UsageError("--directed applies to --edge-list (a matrix is directed when it is not symmetric)")
        }
        if (isNetwork || edges != nil || args.has(GridBDMRun.twoD)) && args.value(Self.operations) != nil {
            throw UsageError("--operations applies to strings; arrays flip every cell and networks delete every edge and vertex")
        }
        if isNetwork && edges != nil { throw UsageError("--network reads a matrix and --edge-list an edge list: give one") }
        if let edges {
            guard args.positionals.isEmpty, args.value(ScoringInput.input) == nil else {
                throw UsageError("--edge-list FILE is the input: no --input or arguments with it")
            }
            let source = edges == "-" ? InputSource.standardInput : try InputSource(positionals: [], file: edges)
            mode = .edgeList(try GridBDMRun(args, input: source), source, directed: args.has(Self.directed))
        } else if isNetwork || args.has(GridBDMRun.twoD) {
            mode = .arrays(try GridBDMRun(args), network: isNetwork)
        } else {
            try GridBDMRun.refuseWithoutTwoD(args)
            var substitute = true, delete = true
            if let list = args.value(Self.operations) {
                let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                if names.isEmpty { throw UsageError("--operations needs substitute, delete or substitute,delete; got '\(list)'") }
                for n in names where n != "substitute" && n != "delete" {
                    throw UsageError("invalid operation '\(n)' in --operations: expected substitute, delete or substitute,delete")
                }
                substitute = names.contains("substitute")
                delete = names.contains("delete")
            }
            mode = .strings(try ScoringInput(args), try DecompositionOptions(args).decomposition, substitute: substitute, delete: delete)
        }
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let report = Report(terminal, top: top, quiet: quiet, stages: StageTimings(enabled: timed))
        defer { report.stages.report(terminal, command: Self.name) }
        switch mode {
        case .strings(let scoring, let decomposition, let substitute, let delete):
            return try runStrings(terminal, scoring, decomposition, substitute: substitute, delete: delete, report)
        case .arrays(let run, let network):
            return try runArrays(terminal, run, network: network, report)
        case .edgeList(let run, let source, let directed):
            return try runEdgeList(terminal, run, source, directed: directed, report)
        }
    }

    /// An input's results, per operation: ranked, cut to --top, the rows built and written;
    /// the summary.
    final class Report {
        let terminal: Terminal
        let top: Int?
        let quiet: Bool
        let stages: StageTimings
        /// The first input's signatures and network, for --svg.
        var figure: (input: String, signatures: [(String, [Double])], network: NetworkFigure?)?

        init(_ terminal: Terminal, top: Int?, quiet: Bool, stages: StageTimings) {
            self.terminal = terminal
            self.top = top
            self.quiet = quiet
            self.stages = stages
        }

        /// `row(i)` is the row of element i, whose delta is `deltas[i]`; only the rows written
        /// are built (--top N builds N or a few more).
        @discardableResult
        func write(_ deltas: [Double?], operation: String, input: String, bdm: Double, to writer: RowWriter<Row>,
                   row: (Int) -> Row) -> InformationAnalysis {
            let analysis = stages.measure("rank") { InformationAnalysis(deltas: deltas) }
            stages.measure("write") {
                var order = Array(deltas.indices)
                if let top {
                    let ranks = analysis.ranks
                    order = order.filter { (ranks[$0] ?? Int.max) <= top }.sorted { (ranks[$0]!, $0) < (ranks[$1]!, $1) }
                }
                for i in order {
                    var r = row(i)
                    r.rank = analysis.ranks[i]
                    writer.write(r)
                }
            }
            if !quiet {
                let count = deltas.count
                terminal.error("acss perturb: \(input): BDM \(String(format: "%.4f", bdm)); \(operation): \(count) elements, \(analysis.positives) positive, \(analysis.negatives) negative, \(analysis.neutrals) neutral\(count > analysis.signature.count ? ", \(count - analysis.signature.count) without a BDM" : ""); relative reprogrammability \(String(format: "%.4f", analysis.relativeReprogrammability))")
            }
            if figure == nil || figure!.input == input {
                if figure == nil { figure = (input, [], nil) }
                figure!.signatures.append((operation, analysis.signature))
            }
            return analysis
        }

        func writeFigure(_ path: String?) throws {
            guard let path, let figure else { return }
            let svg = PerturbationFigure.render(input: figure.input, signatures: figure.signatures, network: figure.network)
            do {
                try Data(svg.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            } catch {
                throw UsageError("cannot write '\(path)': \(error.localizedDescription)")
            }
        }
    }

    private func runStrings(_ terminal: Terminal, _ scoring: ScoringInput, _ decomposition: BlockDecomposition,
                            substitute: Bool, delete: Bool, _ report: Report) throws -> Int32 {
        let stages = report.stages
        let estimator = try stages.measure("table") { try scoring.tables.estimator() }
        let status = try writeRowsPerSequence(scoring, terminal, command: Self.name, quiet: quiet,
                                              columns: Self.columns) { sequence, m, writer throws(ScoringError) in
            var p = try stages.measure("setup") { () throws(ScoringError) in
                try SequencePerturbation(sequence, alphabet: m, decomposition: decomposition, estimator: estimator)
            }
            let labels = sequence.pattern.symbols
            let names = Self.symbolNames(sequence, alphabet: m.size)
            let input = Self.shortName(sequence.text)
            if substitute {
                // Element k: position k / (m - 1), set to the k % (m - 1)-th other symbol.
                let others = m.size - 1
                let deltas = stages.measure("perturb") {
                    var deltas: [Double?] = []
                    deltas.reserveCapacity(labels.count * others)
                    for i in labels.indices {
                        for v in 0..<UInt8(m.size) where v != labels[i] { deltas.append(p.substitution(at: i, to: v)) }
                    }
                    return deltas
                }
                report.write(deltas, operation: "substitute", input: input, bdm: p.value, to: writer) { k in
                    let i = k / others, old = labels[i]
                    let v = UInt8(k % others) < old ? UInt8(k % others) : UInt8(k % others) + 1
                    return Row(input: input, operation: "substitute", index: i, from: names[Int(old)], to: names[Int(v)], delta: deltas[k])
                }
            }
            if delete {
                let deltas = stages.measure("perturb") { p.deletions() }
                report.write(deltas, operation: "delete", input: input, bdm: p.value, to: writer) {
                    Row(input: input, operation: "delete", index: $0, from: names[Int(labels[$0])], to: "", delta: deltas[$0])
                }
            }
        }
        try report.writeFigure(svg)
        return status
    }

    /// An input as the `input` column shows it: its text, cut to 64 characters (a long
    /// string would otherwise be repeated in each of its rows).
    static func shortName(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(61)) + "..."
    }

    /// The text of each label 0..<alphabet: the string's own symbols, then for symbols the
    /// string does not use, the smallest unused digit when its symbols are digits, else "#k".
    static func symbolNames(_ sequence: SymbolSequence, alphabet: Int) -> [String] {
        var names = sequence.symbols
        let digits = names.allSatisfy { $0.count == 1 && $0.first!.isNumber }
        var next = 0
        while names.count < alphabet {
            if digits {
                while names.contains(String(next)) { next += 1 }
                names.append(String(next))
            } else {
                names.append("#\(names.count)")
            }
        }
        return names
    }

    private func runArrays(_ terminal: Terminal, _ run: GridBDMRun, network: Bool, _ report: Report) throws -> Int32 {
        let table = try report.stages.measure("table") { try run.loadTable() }
        let out = OutputBuffer(terminal)
        let writer = RowWriter(format: run.format, columns: Self.columns, out: out)
        let failures = RowFailures(terminal, command: Self.name, noun: network ? "network" : "array")
        var total = 0
        for (name, read) in try run.arrays(terminal) {
            total += 1
            do {
                let array = try read()
                if network {
                    try analyse(Network(adjacency: array), name: name, run, table, writer, report)
                } else {
                    var p = try report.stages.measure("setup") { () throws(ScoringError) in
                        try GridPerturbation(array, decomposition: run.decomposition, table: table)
                    }
                    let deltas = report.stages.measure("perturb") { p.cellFlips() }
                    report.write(deltas, operation: "flip", input: name, bdm: p.value, to: writer) { i in
                        let v = array.cells[i]
                        return Row(input: name, operation: "flip", index: i, row: i / array.columns, column: i % array.columns,
                                   from: String(v), to: String(1 - v), delta: deltas[i])
                    }
                }
            } catch let error as UsageError {
                throw error
            } catch let error as CustomStringConvertible {
                failures.report(error.description, line: 0, batch: false)
                writer.writeFailure(name, error: error.description)
            }
        }
        writer.finish()
        try report.writeFigure(svg)
        return failures.finish(total: total)
    }

    private func runEdgeList(_ terminal: Terminal, _ run: GridBDMRun, _ source: InputSource, directed: Bool,
                             _ report: Report) throws -> Int32 {
        let table = try report.stages.measure("table") { try run.loadTable() }
        var bytes: [UInt8] = []
        try source.forEachByteChunk(terminal) { bytes.append(contentsOf: $0) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw UsageError("\(source.name): not UTF-8 text")
        }
        let writer = RowWriter(format: run.format, columns: Self.columns, out: OutputBuffer(terminal))
        do {
            try analyse(try Network(edgeList: text, directed: directed), name: source.name, run, table, writer, report)
        } catch let error as ScoringError {
            throw UsageError("\(source.name): \(error.description)")
        }
        writer.finish()
        try report.writeFigure(svg)
        return 0
    }

    private func analyse(_ network: Network, name: String, _ run: GridBDMRun, _ table: GridComplexityTable,
                         _ writer: RowWriter<Row>, _ report: Report) throws {
        let stages = report.stages
        var p = try stages.measure("setup") { () throws(ScoringError) in
            try GridPerturbation(network.adjacency, decomposition: run.decomposition, table: table)
        }
        let edges = network.edges
        let edgeDeltas = stages.measure("perturb") { p.edgeDeletions(network) }
        let vertexDeltas = stages.measure("perturb") { p.vertexDeletions() }
        report.write(edgeDeltas, operation: "delete_edge", input: name, bdm: p.value, to: writer) { i in
            Row(input: name, operation: "delete_edge", index: i, row: edges[i].from, column: edges[i].to,
                from: network.vertexNames[edges[i].from], to: network.vertexNames[edges[i].to], delta: edgeDeltas[i])
        }
        report.write(vertexDeltas, operation: "delete_vertex", input: name, bdm: p.value, to: writer) { v in
            Row(input: name, operation: "delete_vertex", index: v, from: network.vertexNames[v], to: "", delta: vertexDeltas[v])
        }
        if report.figure?.input == name && report.figure?.network == nil {
            report.figure!.network = NetworkFigure(network: network, edgeDeltas: edgeDeltas, vertexDeltas: vertexDeltas)
        }
    }
}
