import Foundation
import FrequencyTables
import JSONOutput
import ResultColumns
import Scoring
import Synchronization
import TuringMachines

/// What the service allows per request, and whom browsers may let call it.
public struct ServiceOptions: Sendable {
    /// Sequences (or arrays) in one request.
    public var maxSequences: Int
    /// Bytes of one sequence (UTF-8).
    public var maxSequenceLength: Int
    /// `Access-Control-Allow-Origin` (an origin such as https://lab.example.org, or *); nil:
    /// no CORS header, so only pages served by this server can read the answers.
    public var corsOrigin: String?

    public init(maxSequences: Int = 100_000, maxSequenceLength: Int = 10_000, corsOrigin: String? = nil) {
        self.maxSequences = maxSequences
        self.maxSequenceLength = maxSequenceLength
        self.corsOrigin = corsOrigin
    }
}

/// The JSON API over the scoring library, and the calculator page. Requests take the options
/// of `acss score|local|bdm|reference` as JSON fields; every result object has exactly the keys
/// and values of the command's `--format json` row, because both are built from the same
/// `ScoringColumns` and `JSONRowLayout`. Tables are loaded on first use (per alphabet) and
/// shared read-only by every thread; nothing under the server reads a file named by a request.
public final class ScoringService: Sendable {
    public let options: ServiceOptions
    /// The data directory (located once at start).
    public let directory: String
    /// The estimator of the default tables ("") and of each table chosen by name.
    private let estimators: [String: ComplexityEstimator]
    private let gridTables = Mutex<[String: Result<GridComplexityTable, ScoringError>]>([:])
    private let catalogue = Mutex<String?>(nil)

    public static let endpoints = ["/v1/score", "/v1/local", "/v1/bdm", "/v1/reference"]

    public init(tablesDirectory: String?, options: ServiceOptions = ServiceOptions()) throws(ScoringError) {
        self.options = options
        directory = try TableLocator(explicitDirectory: tablesDirectory).locate()
        let standard = ComplexityEstimator(dataDirectory: directory)
        var estimators = ["": standard]
        for descriptor in TableCatalog.tables {
            let isDefault = TableCatalog.descriptor(forTableAlphabet: descriptor.alphabet) == descriptor
            estimators[descriptor.name] = isDefault ? standard : ComplexityEstimator(dataDirectory: directory, using: [descriptor])
        }
        self.estimators = estimators
    }

    // MARK: routing

    public func respond(to request: HTTPRequest) -> HTTPResponse {
        var response = route(request)
        if let origin = options.corsOrigin {
            response.headers.append(("Access-Control-Allow-Origin", origin))
            if origin != "*" { response.headers.append(("Vary", "Origin")) }
        }
        return response
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        let path = request.path
        let get: [Substring: () -> HTTPResponse] = [
            "/": { HTTPResponse(status: 200, contentType: "text/html; charset=utf-8", body: Array(CalculatorPage.html.utf8),
                                headers: [("Content-Security-Policy", CalculatorPage.contentSecurityPolicy)]) },
            "/healthz": { HTTPResponse(status: 200, json: "{\"status\": \"ok\"}\n") },
            "/v1/version": { HTTPResponse(status: 200, json: JSON.object([("name", .string("acss")), ("version", .string(ACSSVersion.string))]).compact + "\n") },
            "/v1/tables": { HTTPResponse(status: 200, json: self.tableCatalogue()) },
            "/v1/openapi.json": { HTTPResponse(status: 200, json: OpenAPIDocument.json) },
        ]
        let post: [Substring: (RequestFieldsSource) throws(FieldError) -> HTTPResponse] = [
            "/v1/score": { body throws(FieldError) in try self.score(body) },
            "/v1/local": { body throws(FieldError) in try self.local(body) },
            "/v1/bdm": { body throws(FieldError) in try self.bdm(body) },
            "/v1/reference": { body throws(FieldError) in try self.reference(body) },
        ]
        if request.method == "OPTIONS" {
            var headers = [("Allow", "GET, HEAD, POST, OPTIONS")]
            if options.corsOrigin != nil {
                headers += [("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                            ("Access-Control-Allow-Headers", "Content-Type"), ("Access-Control-Max-Age", "600")]
            }
            return HTTPResponse(status: 204, body: [], headers: headers)
        }
        if let page = get[path] {
            guard request.method == "GET" || request.method == "HEAD" else {
                return HTTPResponse.error(405, "\(path) answers GET", field: nil).with(("Allow", "GET, HEAD"))
            }
            return page()
        }
        if let handler = post[path] {
            guard request.method == "POST" else {
                return HTTPResponse.error(405, "\(path) answers POST with a JSON body", field: nil).with(("Allow", "POST"))
            }
            do {
                return try handler(RequestFieldsSource(body: request.body))
            } catch {
                return HTTPResponse.error(400, error.message, field: error.field.isEmpty ? nil : error.field)
            }
        }
        return HTTPResponse.error(404, "no such page: \(path.prefix(100)) (the API: \((get.keys.sorted() + post.keys.sorted()).joined(separator: ", ")))")
    }

    /// The body, read into fields by each endpoint with its own list of allowed names.
    struct RequestFieldsSource {
        let body: [UInt8]
        func fields(_ allowed: [String]) throws(FieldError) -> RequestFields { try RequestFields(body, allowed: allowed) }
    }

    /// `{"results": [` one row per line `]}`: the rows as `--format json` writes them.
    private func results(_ rows: [String]) -> HTTPResponse {
        var writer = ResultsWriter()
        for row in rows { writer.append(row) }
        return writer.response()
    }

    /// A sequence item as text, or the failure message naming it.
    private func text(of item: JSONValue, at index: Int) -> Result<String, ItemError> {
        guard case .string(let s) = item else {
            return .failure(ItemError(shown: item.shown, message: "sequences[\(index)]: expected a string, found \(item.kind) \(item.shown)"))
        }
        guard s.utf8.count <= options.maxSequenceLength else {
            return .failure(ItemError(shown: String(s.prefix(40)) + "...", message: "sequences[\(index)]: \(s.utf8.count) bytes, longer than the limit of \(options.maxSequenceLength)"))
        }
        return .success(s)
    }

    struct ItemError: Error {
        let shown: String
        let message: String
    }

    // MARK: tables

    private func estimator(_ fields: RequestFields, alphabet: Alphabet?) throws(FieldError) -> ComplexityEstimator {
        guard let name = try fields.string("table") else { return estimators[""]! }
        guard let descriptor = TableCatalog.descriptor(named: name), let estimator = estimators[name] else {
            throw FieldError("table", "unknown table \"\(name)\": expected one of \(TableCatalog.tables.map(\.name).joined(separator: ", "))")
        }
        if let alphabet, descriptor.alphabet != alphabet.tableSize {
            let fitting = TableCatalog.tables.filter { $0.alphabet == alphabet.tableSize }.map(\.name)
            throw FieldError("table", "table \(name) scores strings of \(descriptor.alphabet) symbols, not alphabet \(alphabet.size) (whose table has \(alphabet.tableSize) symbols): for alphabet \(alphabet.size) use \(fitting.joined(separator: " or ")), or leave table out")
        }
        return estimator
    }

    private func gridTable(_ fields: RequestFields) throws(FieldError) -> GridComplexityTable {
        let name = try fields.string("table") ?? GridTableDescriptor.defaultTable.name
        guard let descriptor = GridTableDescriptor.named(name) else {
            throw FieldError("table", "unknown 2-D table \"\(name)\": expected \(GridTableDescriptor.tables.map(\.name).joined(separator: " or "))")
        }
        let directory = self.directory
        let result = gridTables.withLock { cache in
            if let known = cache[name] { return known }
            let loaded = Result { () throws(ScoringError) in
                try GridComplexityTable(locator: TableLocator(explicitDirectory: directory), descriptor: descriptor)
            }
            cache[name] = loaded
            return loaded
        }
        do { return try result.get() } catch { throw FieldError("table", error.description) }
    }

    /// `GET /v1/tables`: every table of the catalogue, whether this server has it, and, for
    /// those it has, the file's SHA-256 and header figures (read from the file, as the study
    /// reports do). Computed once.
    public func tableCatalogue() -> String {
        catalogue.withLock { cached in
            if let cached { return cached }
            var tables: [JSON] = []
            func entry(_ name: String, dimensions: Int, alphabet: Int?, maxLength: Int?, isDefault: Bool) -> JSON {
                var members: [(String, JSON)] = [("name", .string(name)), ("dimensions", .integer(dimensions)),
                                                 ("alphabet", alphabet.map { .integer($0) } ?? .null),
                                                 ("max_length", maxLength.map { .integer($0) } ?? .null),
                                                 ("default", .bool(isDefault))]
                if let p = try? TableProvenance.read(table: name, directory: directory) {
                    members += [("available", .bool(true)), ("file", .string(p.file)), ("sha256", .string(p.sha256)),
                                ("space", .string(p.space)), ("step_cap", p.stepCap.map { .integer($0) } ?? .null),
                                ("machines", .optional(p.machines)), ("samples", .optional(p.samples)), ("halting", .optional(p.halting))]
                } else {
                    members += [("available", .bool(false))]
                }
                return .object(members)
            }
            for d in TableCatalog.tables {
                tables.append(entry(d.name, dimensions: 1, alphabet: d.alphabet, maxLength: d.maxLength,
                                    isDefault: TableCatalog.descriptor(forTableAlphabet: d.alphabet) == d))
            }
            for d in GridTableDescriptor.tables {
                tables.append(entry(d.name, dimensions: 2, alphabet: 2, maxLength: nil, isDefault: d == GridTableDescriptor.defaultTable))
            }
            let text = JSON.object([("tables", .array(tables))]).render() + "\n"
            cached = text
            return text
        }
    }

    // MARK: endpoints

    static let decompositionFields = ["flavour", "block_size", "step", "boundary"]

    private func decomposition(_ fields: RequestFields) throws(FieldError) -> BlockDecomposition {
        let flavour = try fields.choice("flavour", among: BlockDecomposition.Flavour.allCases) ?? .acss
        let boundary = try fields.choice("boundary", among: BlockDecomposition.Boundary.allCases) ?? .ignore
        if flavour == .acss && fields.has("boundary") {
            throw FieldError("boundary", "boundary applies to flavour standard; the acss flavour always adds a last shorter block")
        }
        let size = try fields.int("block_size", in: BlockDecomposition.blockSizes)
        let step = try fields.int("step", in: 1...12)
        do {
            return try BlockDecomposition(flavour: flavour, blockSize: size, step: step, boundary: boundary)
        } catch {
            throw FieldError(step != nil ? "step" : "block_size", error.description)
        }
    }

    /// `POST /v1/score`: the rows of `acss score --format json`.
    func score(_ source: RequestFieldsSource) throws(FieldError) -> HTTPResponse {
        let fields = try source.fields(["sequences", "alphabet", "prior", "strict", "change_complexity", "force_z", "table", "2d", "shape"]
                                       + Self.decompositionFields)
        let items = try fields.sequences(limit: options.maxSequences)
        let alphabet = try fields.alphabet()
        let prior = try fields.double("prior") ?? 0.5
        guard prior > 0, prior < 1 else {
            throw FieldError("prior", "invalid value \(prior) for prior: expected a probability strictly between 0 and 1, e.g. 0.5")
        }
        let minimumCoverage = try fields.bool("force_z") ? 0 : UniformReference.minimumCoverage
        if try fields.bool("2d") {
            for name in ["strict", "change_complexity"] + Self.decompositionFields where fields.has(name) {
                throw FieldError(name, "\(name) applies to strings; 2-D arrays are always scored from the table")
            }
            if let alphabet, alphabet.size != 2 { throw FieldError("alphabet", "2d scores binary arrays: alphabet must be 2 or left out") }
            return try gridScore(fields, items, prior: prior, minimumCoverage: minimumCoverage)
        }
        if fields.has("shape") { throw FieldError("shape", "shape applies to 2-D arrays (\"2d\": true)") }
        let reading = try fields.choice("change_complexity", among: [ChangeComplexityReading.aksentijevicGibson, .acss]) ?? .aksentijevicGibson
        let scoreOptions: ScoreOptions
        do {
            scoreOptions = try ScoreOptions(alphabet: alphabet, prior: prior, strict: try fields.bool("strict"),
                                            decomposition: try decomposition(fields), changeReading: reading,
                                            minimumCoverage: minimumCoverage)
        } catch let error as FieldError { throw error } catch { throw FieldError("prior", "\(error)") }
        let estimator = try self.estimator(fields, alphabet: alphabet)
        let columns = ScoringColumns.score
        let layout = JSONRowLayout(names: columns.map(\.name))
        var scorer = CachedScorer(estimator: estimator, options: scoreOptions, columns: columns, layout: layout)
        var writer = ResultsWriter()
        writer.reserve(items.count * 600)
        for (i, item) in items.enumerated() {
            switch text(of: item, at: i) {
            case .failure(let e): writer.append(layout.object(columns.failureCells(text: e.shown, error: e.message)))
            case .success(let s): scorer.row(s, into: &writer)
            }
        }
        return writer.response()
    }

    private func gridScore(_ fields: RequestFields, _ items: [JSONValue], prior: Double, minimumCoverage: Double) throws(FieldError) -> HTTPResponse {
        var shape: (rows: Int, columns: Int)?
        if let text = try fields.string("shape") {
            guard let s = GridArrayText.parseShape(text) else {
                throw FieldError("shape", "invalid value \"\(text)\" for shape: expected ROWSxCOLUMNS, e.g. 3x3")
            }
            shape = s
        }
        let table = try gridTable(fields)
        return rowsPerItem(items, columns: ScoringColumns.gridScore) { text throws(ScoringError) in
            [try table.score(try GridArrayText.parse(text, shape: shape), text: text, prior: prior, minimumCoverage: minimumCoverage)]
        }
    }

    /// The rows of a batch, as the commands write them: `body` gives each item's rows from its
    /// text; an item that is not a string, or whose rows fail, gets one row with its text and
    /// the error (one bad item never fails the batch).
    private func rowsPerItem<Row>(_ items: [JSONValue], columns: [Column<Row>],
                                  _ body: (String) throws(ScoringError) -> [Row]) -> HTTPResponse {
        let layout = JSONRowLayout(names: columns.map(\.name))
        var rows: [String] = []
        for (i, item) in items.enumerated() {
            switch text(of: item, at: i) {
            case .failure(let e): rows.append(layout.object(columns.failureCells(text: e.shown, error: e.message)))
            case .success(let text):
                do throws(ScoringError) {
                    for row in try body(text) { rows.append(layout.object(columns.cells(row))) }
                } catch {
                    rows.append(layout.object(columns.failureCells(text: text, error: error.description)))
                }
            }
        }
        return results(rows)
    }

    /// Rows per sequence (`local`, `bdm`): the sequence parsed, its alphabet given or inferred,
    /// `body` adds its rows; a sequence that fails gets a row with its text and the error (as
    /// `acss local|bdm` write them).
    private func rowsPerSequence<Row>(_ items: [JSONValue], alphabet: Alphabet?, columns: [Column<Row>],
                                      _ body: (SymbolSequence, Alphabet) throws(ScoringError) -> [Row]) -> HTTPResponse {
        rowsPerItem(items, columns: columns) { text throws(ScoringError) in
            let sequence = try SymbolSequence(parsing: text)
            let m: Alphabet
            if let alphabet { m = alphabet } else { m = try Alphabet.inferred(for: sequence) }
            return try body(sequence, m)
        }
    }

    /// `POST /v1/local`: the rows of `acss local --format json` (one per window; with
    /// `"mean": true` one per sequence).
    func local(_ source: RequestFieldsSource) throws(FieldError) -> HTTPResponse {
        let fields = try source.fields(["sequences", "alphabet", "span", "mean", "table"])
        let items = try fields.sequences(limit: options.maxSequences)
        let alphabet = try fields.alphabet()
        let estimator = try self.estimator(fields, alphabet: alphabet)
        let maxSpan = try fields.string("table").flatMap { TableCatalog.descriptor(named: $0)?.maxLength } ?? 12
        let span = try fields.int("span", in: 2...maxSpan) ?? 5
        if try fields.bool("mean") {
            return rowsPerSequence(items, alphabet: alphabet, columns: ScoringColumns.localMeans) { sequence, m throws(ScoringError) in
                let local = try estimator.localComplexity(of: sequence, alphabet: m, span: span)
                return [LocalMean(sequence: sequence, alphabet: m, span: span, windows: local.windows.count, meanK: local.mean)]
            }
        }
        return rowsPerSequence(items, alphabet: alphabet, columns: ScoringColumns.localWindows) { sequence, m throws(ScoringError) in
            let local = try estimator.localComplexity(of: sequence, alphabet: m, span: span)
            return local.windows.enumerated().map { LocalWindow(sequence: sequence, alphabet: m, span: span, start: $0.offset, K: $0.element) }
        }
    }

    /// `POST /v1/bdm`: the rows of `acss bdm --format json` (`"blocks": true`: one per
    /// distinct block; `"2d": true`: binary arrays, rows separated by '/').
    func bdm(_ source: RequestFieldsSource) throws(FieldError) -> HTTPResponse {
        let fields = try source.fields(["sequences", "alphabet", "table", "blocks", "2d", "shift", "min_length",
                                        "normalized", "block_entropy", "given"] + Self.decompositionFields)
        let items = try fields.sequences(limit: options.maxSequences)
        let listBlocks = try fields.bool("blocks")
        var additions = BDMAdditions(normalized: try fields.bool("normalized"), blockEntropy: try fields.bool("block_entropy"))
        if let text = try fields.string("given") {
            do { additions.given = try SymbolSequence(parsing: text) } catch { throw FieldError("given", error.description) }
        }
        if listBlocks && !additions.isEmpty {
            throw FieldError("blocks", "blocks lists blocks; normalized, block_entropy and given add columns to the values: use one or the other")
        }
        if try fields.bool("2d") {
            for name in ["normalized", "block_entropy", "given"] where fields.has(name) {
                throw FieldError(name, "\(name) is available for strings here; for arrays use acss bdm --2d")
            }
            return try gridBDM(fields, items, listBlocks: listBlocks)
        }
        for name in ["shift", "min_length"] where fields.has(name) { throw FieldError(name, "\(name) applies to arrays: add \"2d\": true") }
        let alphabet = try fields.alphabet()
        let estimator = try self.estimator(fields, alphabet: alphabet)
        let decomposition = try self.decomposition(fields)
        if listBlocks {
            return rowsPerSequence(items, alphabet: alphabet, columns: ScoringColumns.bdmBlocks) { sequence, m throws(ScoringError) in
                try estimator.bdm(of: sequence, alphabet: m, decomposition: decomposition).blocks.map { BDMBlock(sequence: sequence, block: $0) }
            }
        }
        return rowsPerSequence(items, alphabet: alphabet, columns: additions.columns) { sequence, m throws(ScoringError) in
            [try additions.value(of: sequence, alphabet: m, decomposition: decomposition, estimator: estimator)]
        }
    }

    private func gridBDM(_ fields: RequestFields, _ items: [JSONValue], listBlocks: Bool) throws(FieldError) -> HTTPResponse {
        for name in ["alphabet", "flavour", "step"] where fields.has(name) {
            throw FieldError(name, "\(name) applies to strings, not to 2-D arrays" + (name == "step" ? " (for sliding windows use boundary correlated and shift)" : ""))
        }
        let boundary = try fields.choice("boundary", among: GridBlockDecomposition.Boundary.allCases) ?? .ignore
        let size = try fields.int("block_size", in: GridBlockDecomposition.blockSizes) ?? GridBlockDecomposition.defaultBlockSize
        if fields.has("shift") && boundary != .correlated { throw FieldError("shift", "shift applies to boundary correlated, not \(boundary.rawValue)") }
        if fields.has("min_length") && boundary != .recursive { throw FieldError("min_length", "min_length applies to boundary recursive, not \(boundary.rawValue)") }
        let shift = try fields.int("shift", in: 1...size) ?? 1
        let minLength = try fields.int("min_length", in: 1...size) ?? 2
        let decomposition: GridBlockDecomposition
        do { decomposition = try GridBlockDecomposition(blockSize: size, boundary: boundary, shift: shift, minLength: minLength) } catch {
            throw FieldError("block_size", error.description)
        }
        let table = try gridTable(fields)
        do { try table.check(decomposition) } catch { throw FieldError("block_size", error.description) }
        func each<Row>(_ columns: [Column<Row>], _ rowsOf: (String, GridBDMResult) -> [Row]) -> HTTPResponse {
            rowsPerItem(items, columns: columns) { text throws(ScoringError) in
                rowsOf(text, try table.bdm(of: GridBlockCounter.counts(of: try GridArray.parse(text), decomposition: decomposition)))
            }
        }
        if listBlocks { return each(ScoringColumns.gridBDMBlocks) { name, r in r.blocks.map { GridBDMBlock(name: name, block: $0) } } }
        return each(ScoringColumns.gridBDM) { name, r in [GridBDMValue(name: name, result: r)] }
    }

    /// `POST /v1/reference`: the rows of `acss reference --format json`.
    func reference(_ source: RequestFieldsSource) throws(FieldError) -> HTTPResponse {
        let fields = try source.fields(["alphabet", "length", "table"])
        guard let alphabet = try fields.alphabet() else {
            throw FieldError("alphabet", "missing field 'alphabet' (the number of possible symbols, 2...9)")
        }
        let lengths: ClosedRange<Int>
        switch fields.raw("length") {
        case nil, .null?: lengths = 1...12
        case .number?: let n = try fields.int("length", in: 1...64)!; lengths = n...n
        case .string(let text)?:
            let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            if parts.count == 1, let n = parts[0], n >= 1 { lengths = n...n }
            else if parts.count == 2, let a = parts[0], let b = parts[1], a >= 1, a <= b { lengths = a...b }
            else { throw FieldError("length", "invalid value \"\(text)\" for length: expected a length such as 12 or a range such as \"4-12\"") }
        case let other?:
            throw FieldError("length", "invalid value \(other.shown) for length: expected a length such as 12 or a range such as \"4-12\"")
        }
        let estimator = try self.estimator(fields, alphabet: alphabet)
        let columns = ScoringColumns.reference
        let layout = JSONRowLayout(names: columns.map(\.name))
        var rows: [String] = []
        do throws(ScoringError) {
            let table = try estimator.table(for: alphabet)
            for length in lengths {
                rows.append(layout.object(columns.cells(ReferenceRow(alphabet: alphabet, length: length,
                    reference: try estimator.uniformReference(length: length, alphabet: alphabet), table: table.name))))
            }
        } catch {
            throw FieldError("length", error.description)
        }
        return results(rows)
    }
}

extension HTTPResponse {
    func with(_ header: (String, String)) -> HTTPResponse {
        var copy = self
        copy.headers.append(header)
        return copy
    }
}

/// The body `{"results": [` one row per line `]}`, built as bytes (a batch of 100,000 rows is
/// some 56 MB: no string per row, no copy of the whole).
struct ResultsWriter {
    private(set) var bytes: [UInt8] = Array("{\"results\": [".utf8)
    private var rows = 0

    mutating func reserve(_ capacity: Int) { bytes.reserveCapacity(capacity) }

    /// Starts a row: the separator before it.
    mutating func begin() {
        if rows > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(0x0A)
        rows += 1
    }

    mutating func append(_ row: String) {
        begin()
        bytes.append(contentsOf: row.utf8)
    }

    mutating func appendRaw<C: Collection>(_ part: C) where C.Element == UInt8 { bytes.append(contentsOf: part) }

    mutating func response() -> HTTPResponse {
        bytes.append(contentsOf: rows > 0 ? Array("\n]}\n".utf8) : Array("]}\n".utf8))
        return HTTPResponse(status: 200, body: bytes)
    }
}

/// `acss score`'s way through a batch, for one request: every measure depends only on a
/// string's pattern, so the row after the string field is computed once per distinct pattern
/// (`BytePatternNormalizer`, as the command's batch scorer) and copied for the rest.
struct CachedScorer {
    let estimator: ComplexityEstimator
    let options: ScoreOptions
    let columns: [Column<Score>]
    let layout: JSONRowLayout
    /// `{"string": "`: the row's start before a string that needs no escaping.
    private let start: [UInt8]
    private var normalizer = BytePatternNormalizer()
    /// The row after the string field (from its closing quote on), by packed pattern.
    private var cache: [UInt64: [UInt8]] = [:]

    init(estimator: ComplexityEstimator, options: ScoreOptions, columns: [Column<Score>], layout: JSONRowLayout) {
        self.estimator = estimator
        self.options = options
        self.columns = columns
        self.layout = layout
        start = Array(("{" + layout.keys[0] + "\"").utf8)
    }

    /// Appends the row of `text` to `writer`.
    mutating func row(_ text: String, into writer: inout ResultsWriter) {
        if !text.isEmpty, text.utf8.allSatisfy(BytePatternNormalizer.isPlainSymbol),
           let done = text.utf8.withContiguousStorageIfAvailable({ plainRow(text, $0, &writer) }), done {
            return
        }
        writer.append(generalRow(text))
    }

    private func generalRow(_ text: String) -> String {
        do throws(ScoringError) {
            return layout.object(columns.cells(try estimator.score(try SymbolSequence(parsing: text), options: options)))
        } catch {
            return layout.object(columns.failureCells(text: text, error: error.description))
        }
    }

    /// A string of plain symbols, through the pattern cache; false: more than 10 symbols (the
    /// general path says so).
    private mutating func plainRow(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>, _ writer: inout ResultsWriter) -> Bool {
        switch normalizer.normalize(bytes) {
        case .key(let key):
            if let tail = cache[key] {
                writer.begin()
                writer.appendRaw(start)
                writer.appendRaw(bytes)
                writer.appendRaw(tail)
                return true
            }
            do {
                let score = try estimator.score(pattern: normalizer.pattern, text: text, options: options)
                let tail = Array(("\"" + layout.tail(columns.cells(score).dropFirst())).utf8)
                if cache.count < 200_000 { cache[key] = tail }
                writer.begin()
                writer.appendRaw(start)
                writer.appendRaw(bytes)
                writer.appendRaw(tail)
            } catch {
                writer.append(layout.object(columns.failureCells(text: text, error: error.description)))
            }
            return true
        case .unpacked:
            // Too long to cache (more than 15 symbols): scored from the relabelled bytes.
            do {
                writer.append(layout.object(columns.cells(try estimator.score(pattern: normalizer.pattern, text: text, options: options))))
            } catch {
                writer.append(layout.object(columns.failureCells(text: text, error: error.description)))
            }
            return true
        case .tooManySymbols:
            return false
        }
    }
}
