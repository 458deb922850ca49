import Enumeration
import Foundation
import TextInput
import TuringMachines

/// An estimated output-pattern table of a sampled (n, m) space (the (4,m) tables of ACSS):
/// per pattern (first-appearance relabelling) an estimated count, the part of it that was
/// counted exactly, the variance of the estimate and the number of sample hits
/// (`PatternEstimate`), with the figures of the run (`SampleFigures`, reached directly:
/// `table.halting` is `table.figures.halting`).
///
/// Counts are exact integers in units of `machines / unitsTotal` (see `StratifiedSampler`):
/// only ratios matter for D and K.
@dynamicMemberLookup
public struct SampledTable: Sendable, Equatable {
    public var figures: SampleFigures
    /// Set when the file lists only part of the patterns (see `trimmed`): patterns seen fewer
    /// than `minHits` times (and never counted exactly) or longer than `maxLength` are left
    /// out. The totals (`halting`, ...) stay those of the whole run.
    public var listing: Listing?
    private let body: SortedStrings<PatternEstimate>
    public var patterns: [[UInt8]] { body.keys }
    public var entries: [PatternEstimate] { body.values }

    public init(figures: SampleFigures, listing: Listing? = nil, entries: [[UInt8]: PatternEstimate]) {
        self.figures = figures
        self.listing = listing
        body = SortedStrings(entries)
    }

    /// The table of a sampling run (a whole run or one shard of it), with the time it took.
    public init(_ result: SampleResult, timing: RunTiming = .zero) {
        var figures = result.figures
        figures.timing = timing
        self.init(figures: figures, entries: result.patterns)
    }

    public subscript<T>(dynamicMember keyPath: WritableKeyPath<SampleFigures, T>) -> T {
        get { figures[keyPath: keyPath] }
        set { figures[keyPath: keyPath] = newValue }
    }

    public subscript<T>(dynamicMember keyPath: KeyPath<SampleFigures, T>) -> T { figures[keyPath: keyPath] }

    public struct Listing: Sendable, Equatable {
        public var minHits: UInt64
        public var maxLength: Int?
        /// Patterns up to this length are listed whenever seen at all (the threshold applies
        /// to longer ones only).
        public var allUpToLength: Int = 0
        /// Longer patterns are listed only when their SE of K is at most this many bits (the
        /// threshold for Rao-Blackwellised tables, whose hits count contributing samples).
        public var maxStandardError: Double? = nil
    }

    /// The table with only the patterns worth listing: counted exactly, or seen at least
    /// `minHits` times (at least once up to `allUpToLength`), and at most `maxLength` long.
    /// K and D of the listed patterns are unchanged (the totals are kept).
    /// With `maxStandardError`, a longer pattern must also have an SE of K at most that.
    public func trimmed(minHits: UInt64, maxLength: Int?, allUpToLength: Int = 0, maxStandardError: Double? = nil) -> SampledTable {
        var kept: [[UInt8]: PatternEstimate] = [:]
        for (p, e) in zip(patterns, entries) where p.count <= (maxLength ?? .max) {
            if e.exact > 0 || p.count <= allUpToLength && e.hits >= 1 { kept[p] = e; continue }
            guard e.hits >= max(minHits, 1) else { continue }
            if let limit = maxStandardError, !(standardError(e) <= limit) { continue }
            kept[p] = e
        }
        return SampledTable(figures: figures,
                            listing: Listing(minHits: minHits, maxLength: maxLength, allUpToLength: allUpToLength,
                                             maxStandardError: maxStandardError),
                            entries: kept)
    }

    public var distinct: Int { patterns.count }
    /// The longest output: of the listed patterns, or of the longer outputs counted by length.
    public var longest: Int { max(patterns.last?.count ?? 0, figures.longerCounts.keys.max() ?? 0) }

    public func entry(forPattern p: [UInt8]) -> PatternEstimate? { body.value(of: p) }

    /// `m!/(m-k)!`: the strings of length L with pattern p (k distinct symbols) per pattern.
    public func countClass(_ pattern: [UInt8]) -> Int {
        CodingTheorem.countClass(distinct: Int(pattern.max() ?? 0) + 1, alphabet: figures.space.symbols) ?? 0
    }

    /// The estimate for a pattern, or nil when it is absent or below the threshold: seen fewer
    /// than `minHits` times in the samples and never in the exact part.
    public func estimate(pattern: [UInt8], minHits: UInt64 = 0) -> (K: Double, D: Double, standardError: Double)? {
        guard let e = entry(forPattern: pattern), e.count > 0, e.exact > 0 || e.hits >= minHits else { return nil }
        let size = countClass(pattern)
        return (CodingTheorem.complexity(count: e.count, classSize: size, log2Halting: CodingTheorem.log2(figures.halting)),
                CodingTheorem.probability(count: e.count, classSize: size, halting: figures.halting),
                standardError(e))
    }

    /// SE of K = log2(class · H) − log2(c) by the delta method, with c and H the estimated
    /// pattern and halting fractions: Var(K) · ln²2 = Var(c)/c² + Var(H)/H² − 2 Cov(c, H)/(c H).
    public func standardError(_ e: PatternEstimate) -> Double { Self.standardError(e, figures) }

    public static func standardError(_ e: PatternEstimate, _ f: SampleFigures) -> Double {
        let c = Double(e.count) / Double(f.unitsTotal), h = Double(f.halting) / Double(f.unitsTotal)
        func real(_ stored: Double) -> Double { VarianceScale.value(stored, bits: f.varianceScaleBits) }
        let v = real(Double(e.variance)) / (c * c) + real(Double(f.haltingVariance)) / (h * h)
            - 2 * real(Double(e.covariance)) / (c * h)
        return max(v, 0).squareRoot() / M_LN2
    }

    /// How well one length is estimated: how many of its patterns are listed, and the spread
    /// of their standard errors of K.
    public struct LengthPrecision: Sendable, Equatable {
        public var length: Int
        /// Patterns of this length with at most m symbols (`patternCount`).
        public var possible: Int
        public var listed: Int
        public var medianSE: Double
        public var meanSE: Double
        /// The SE of K a uniform sample of `referenceSamples` machines would give, median over
        /// the listed patterns: 1 / (ln 2 · sqrt(hits)), hits = N · halting share · class · 2^-K
        /// (a pattern's expected hits; the binomial SE of its count, through the log).
        public var medianReferenceSE: Double?
    }

    /// `LengthPrecision` for every length up to `maxLength` (default: the longest listed).
    public func precisionByLength(maxLength: Int? = nil, referenceSamples: Double? = nil) -> [LengthPrecision] {
        let last = maxLength ?? (patterns.last?.count ?? 0)
        guard last >= 1 else { return [] }
        var errors = [[Double]](repeating: [], count: last + 1)
        var reference = [[Double]](repeating: [], count: last + 1)
        let share = Double(figures.halting) / Double(figures.unitsTotal)
        for (p, e) in zip(patterns, entries) where p.count <= last && e.count > 0 {
            errors[p.count].append(standardError(e))
            if let n = referenceSamples, let k = estimate(pattern: p)?.K {
                let hits = n * share * Double(countClass(p)) * exp2(-k)
                reference[p.count].append(1 / (M_LN2 * hits.squareRoot()))
            }
        }
        func median(_ xs: [Double]) -> Double {
            guard !xs.isEmpty else { return .nan }
            let s = xs.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        return (1...last).map { l in
            LengthPrecision(length: l, possible: Self.patternCount(length: l, symbols: figures.space.symbols),
                            listed: errors[l].count, medianSE: median(errors[l]),
                            meanSE: errors[l].isEmpty ? .nan : errors[l].reduce(0, +) / Double(errors[l].count),
                            medianReferenceSE: referenceSamples == nil ? nil : median(reference[l]))
        }
    }

    /// Shortest length at which some pattern is missing (all patterns of shorter lengths occur).
    public func completeUpToLength(minHits: UInt64 = 0) -> Int {
        var length = 1
        while true {
            let needed = Self.patternCount(length: length, symbols: figures.space.symbols)
            let present = zip(patterns, entries).filter { $0.0.count == length && ($0.1.exact > 0 || $0.1.hits >= minHits) }.count
            if present < needed { return length - 1 }
            length += 1
        }
    }

    /// Number of patterns of length L with at most m distinct symbols (restricted Bell numbers).
    public static func patternCount(length: Int, symbols: Int) -> Int {
        // Stirling numbers of the second kind S(L, k), summed over k <= m.
        var row = [1] // S(0, 0)
        for n in 1...max(1, length) {
            var next = [Int](repeating: 0, count: n + 1)
            for k in 1...n {
                next[k] = (k < row.count ? k * row[k] : 0) + row[k - 1]
            }
            row = next
        }
        return row.prefix(symbols + 1).reduce(0, +)
    }
}

/// The sampled-table file format, version 1 (docs/table-format.md): like the exhaustive table
/// format, with `pattern<TAB>count<TAB>exact<TAB>variance<TAB>covariance<TAB>hits` lines.
public enum SampledTableFile {
    public static let magic = "# acss sampled pattern table"
    /// 2: format 1 sealed by `header_sha256` (docs/table-format.md).
    public static let formatVersion = 2

    public static func render(_ t: SampledTable) -> String {
        let body = TableWriter.body(strings: t.patterns, bytesPerLine: 40) { i in
            let e = t.entries[i]
            return "\(e.count)\t\(e.exact)\t\(e.variance)\t\(e.covariance)\t\(e.hits)"
        }
        var header: [(String, String)] = [
            ("format", String(formatVersion)), ("states", String(t.space.states)),
            ("symbols", String(t.space.symbols)), ("steps", String(t.stepCap)), ("blank", "0"),
            ("depth", String(t.depth)), ("seed", String(t.seed)),
            ("samples_requested", String(t.samplesRequested)), ("samples", String(t.samples)),
            ("strata", String(t.strata)), ("unit_scale", String(t.unitScale)),
            ("units_total", String(t.unitsTotal)), ("halting", String(t.halting)),
            ("halting_exact", String(t.haltingExact)), ("halting_variance", String(t.haltingVariance)),
            ("halting_at_cap", String(t.haltingAtCap)), ("latest_halt", String(t.latestHalt)),
            ("variance_scale_bits", String(t.varianceScaleBits)), ("distinct", String(t.distinct)),
        ]
        if let late = t.haltingAfterHalfCap { header.append(("halting_after_half_cap", String(late))) }
        if t.estimator != .plain { header.append(("estimator", t.estimator.description)) }
        if let keep = t.keepLength {
            header.append(("keep_length", String(keep)))
            header.append(("longer_counts", renderLongerCounts(t.longerCounts)))
        }
        if let shard = t.shard { header.append(("shard", shard.description)) }
        if let listing = t.listing {
            header.append(("listed_min_hits", String(listing.minHits)))
            if let l = listing.maxLength { header.append(("listed_max_length", String(l))) }
            if listing.allUpToLength > 0 { header.append(("listed_all_up_to_length", String(listing.allUpToLength))) }
            if let se = listing.maxStandardError { header.append(("listed_max_se", String(se))) }
            header.append(("listed_count_sum", String(t.entries.reduce(UInt128(0)) { $0 + $1.count })))
        }
        return TableWriter.text(magic: magic, header: header, body: body, timing: t.timing)
    }

    /// `length:count` pairs by increasing length, space-separated; `none` when there are none.
    static func renderLongerCounts(_ counts: [Int: UInt128]) -> String {
        counts.isEmpty ? "none" : counts.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ")
    }

    static func parseLongerCounts(_ text: TableText) throws(TableFileError) -> [Int: UInt128]? {
        guard let value = text.header["longer_counts"] else { return nil }
        if value == "none" { return [:] }
        var counts: [Int: UInt128] = [:]
        for pair in value.split(separator: " ") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let length = Int(parts[0]), let count = UInt128(parts[1]), count > 0,
                  counts.updateValue(count, forKey: length) == nil else {
                throw .badHeaderValue(source: text.source, key: "longer_counts", value: String(pair))
            }
        }
        return counts
    }

    /// Writes atomically, as `TableFile.write`.
    public static func write(_ t: SampledTable, to path: String) throws(TableFileError) {
        try TableWriter.write(render(t), to: path)
    }

    /// Whether the file at `path` starts like a sampled table (for commands taking both kinds).
    public static func isSampledTable(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: magic.utf8.count)) ?? Data()
        return head == Data(magic.utf8)
    }

    /// The header of a sampled table file: the run's figures and, for a trimmed file, what it lists.
    public struct Header: Sendable, Equatable {
        public var figures: SampleFigures
        public var listing: SampledTable.Listing?
    }

    /// Reads and validates a table; `legacy` as for `TableFile.read`.
    public static func read(path: String, legacy: Bool = false) throws(TableFileError) -> SampledTable {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw .unreadable(path: path, reason: TableFile.describe(error))
        }
        return try parse(data, source: path, legacy: legacy)
    }

    public static func parse(_ data: Data, source: String, legacy: Bool = false) throws(TableFileError) -> SampledTable {
        var entries: [[UInt8]: PatternEstimate] = [:]
        let result: Result<Header, TableFileError> = data.withUnsafeBytes { raw in
            do throws(TableFileError) {
                return .success(try scan(bytes: raw, source: source, legacy: legacy) { pattern, entry in entries[Array(pattern)] = entry })
            } catch {
                return .failure(error)
            }
        }
        let h = try result.get()
        return SampledTable(figures: h.figures, listing: h.listing, entries: entries)
    }

    /// Reads and validates a sampled table, handing every pattern line (in file order) to
    /// `entry` without building a `SampledTable`: for the scoring tables. Entries handed out
    /// before an error is thrown must be discarded.
    public static func scan(path: String, entry: (UnsafeBufferPointer<UInt8>, PatternEstimate) -> Void) throws(TableFileError) -> Header {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw .unreadable(path: path, reason: TableFile.describe(error))
        }
        let result: Result<Header, TableFileError> = data.withUnsafeBytes { raw in
            do throws(TableFileError) {
                return .success(try scan(bytes: raw, source: path, legacy: false, entry: entry))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private static func scan(bytes: UnsafeRawBufferPointer, source: String, legacy: Bool,
                             entry: (UnsafeBufferPointer<UInt8>, PatternEstimate) -> Void) throws(TableFileError) -> Header {
        var text = try TableText(bytes: bytes, source: source, magic: magic)
        try text.checkFormat(formatVersion, legacy: legacy)
        let space = try text.space()
        let halting = try text.integer("halting", as: UInt128.self)
        let distinct = try text.integer("distinct", as: Int.self)
        var listing: SampledTable.Listing? = nil
        var listedSum: UInt128? = nil
        if text.header["listed_min_hits"] != nil {
            listing = .init(minHits: try text.integer("listed_min_hits", as: UInt64.self),
                            maxLength: try text.optionalInteger("listed_max_length", as: Int.self),
                            allUpToLength: try text.optionalInteger("listed_all_up_to_length", as: Int.self) ?? 0,
                            maxStandardError: try maxStandardError(text))
            listedSum = try text.integer("listed_count_sum", as: UInt128.self)
        }
        let keepLength = try text.optionalInteger("keep_length", as: Int.self)
        let longerCounts = try parseLongerCounts(text)
        guard (keepLength == nil) == (longerCounts == nil) else {
            throw .badHeaderValue(source: source, key: keepLength == nil ? "longer_counts" : "keep_length",
                                  value: "given without \(keepLength == nil ? "keep_length" : "longer_counts")")
        }
        if let keepLength, let bad = longerCounts?.keys.first(where: { $0 <= keepLength }) {
            throw .badHeaderValue(source: source, key: "longer_counts", value: "length \(bad) is not above keep_length \(keepLength)")
        }
        var sum: UInt128 = longerCounts?.values.reduce(0, +) ?? 0
        let lines = try text.forEachLine(symbols: space.symbols, fields: 5, signedField: 3) { pattern, f, covariance, line throws(TableFileError) in
            // count, exact, variance, (covariance), hits
            guard f[1] <= f[0], let hits = UInt64(exactly: f[4]), let covariance else {
                throw .badLine(source: source, line: line, text: "exact part larger than the count, or hits out of range")
            }
            if let keepLength, pattern.count > keepLength {
                throw .badLine(source: source, line: line, text: "pattern longer than keep_length \(keepLength)")
            }
            entry(pattern, PatternEstimate(count: f[0], exact: f[1], variance: f[2], covariance: covariance, hits: hits))
            sum += f[0]
        }
        guard lines == distinct else {
            throw .countMismatch(source: source, what: "distinct", header: String(distinct), actual: String(lines))
        }
        if let listedSum {
            sum -= longerCounts?.values.reduce(0, +) ?? 0
            guard sum == listedSum, listedSum <= halting else {
                throw .countMismatch(source: source, what: "listed_count_sum", header: String(listedSum), actual: String(sum))
            }
        } else {
            guard sum == halting else {
                throw .countMismatch(source: source, what: "halting", header: String(halting), actual: String(sum))
            }
        }
        let figures = SampleFigures(
            space: space, stepCap: try text.integer("steps", as: Int.self), depth: try text.integer("depth", as: Int.self),
            seed: try text.integer("seed", as: UInt64.self), samplesRequested: try text.integer("samples_requested", as: UInt64.self),
            samples: try text.integer("samples", as: UInt64.self), strata: try text.integer("strata", as: Int.self),
            unitScale: try text.integer("unit_scale", as: UInt128.self), unitsTotal: try text.integer("units_total", as: UInt128.self),
            halting: halting, haltingExact: try text.integer("halting_exact", as: UInt128.self),
            haltingVariance: try text.integer("halting_variance", as: UInt128.self),
            haltingAtCap: try text.integer("halting_at_cap", as: UInt128.self),
            haltingAfterHalfCap: try text.optionalInteger("halting_after_half_cap", as: UInt128.self),
            latestHalt: try text.integer("latest_halt", as: Int.self),
            varianceScaleBits: try text.integer("variance_scale_bits", as: Int.self),
            shard: try text.shard(), estimator: try estimator(text), keepLength: keepLength,
            longerCounts: longerCounts ?? [:], timing: try text.timing())
        try checkFigures(figures, source: source)
        return Header(figures: figures, listing: listing)
    }

    /// The figures that must agree with each other and with the space (see
    /// `TableFile.checkFigures`): the whole space is B^depth units of `unit_scale`, every
    /// halting figure lies within it, and nothing halts after the cap.
    private static func checkFigures(_ f: SampleFigures, source: String) throws(TableFileError) {
        func bad(_ key: String, _ value: String, _ why: String) -> TableFileError {
            .badHeaderValue(source: source, key: key, value: "\(value) (\(why))")
        }
        guard (1...f.space.entryCount).contains(f.depth) else {
            throw bad("depth", String(f.depth), "must lie in 1...\(f.space.entryCount)")
        }
        var units = f.unitScale
        for _ in 0..<f.depth {
            let (next, overflow) = units.multipliedReportingOverflow(by: UInt128(f.space.choicesPerEntry))
            guard !overflow else { throw bad("unit_scale", String(f.unitScale), "B^depth times it overflows") }
            units = next
        }
        guard units == f.unitsTotal else {
            throw bad("units_total", String(f.unitsTotal), "the space is B^depth · unit_scale = \(units) units")
        }
        guard f.halting <= f.unitsTotal, f.haltingExact <= f.halting, f.haltingAtCap <= (f.haltingAfterHalfCap ?? f.halting),
              (f.haltingAfterHalfCap ?? 0) <= f.halting else {
            throw bad("halting", String(f.halting), "must satisfy at_cap <= after_half_cap <= halting, exact <= halting <= units_total")
        }
        guard f.stepCap >= 1, f.latestHalt <= f.stepCap else {
            throw bad("latest_halt", String(f.latestHalt), "must lie in 0...steps (\(f.stepCap))")
        }
        guard f.strata >= 1, f.samples >= 1 || f.shard != nil else {
            throw bad("samples", String(f.samples), "a whole run draws at least one sample in each of its \(f.strata) strata")
        }
    }

    private static func maxStandardError(_ text: TableText) throws(TableFileError) -> Double? {
        guard let value = text.header["listed_max_se"] else { return nil }
        guard let se = DecimalNumber.parse(value), se > 0, se.isFinite else {
            throw .badHeaderValue(source: text.source, key: "listed_max_se", value: value)
        }
        return se
    }

    private static func estimator(_ text: TableText) throws(TableFileError) -> StratifiedSampler.Estimator {
        guard let value = text.header["estimator"] else { return .plain }
        guard let estimator = StratifiedSampler.Estimator(parsing: value) else {
            throw .badHeaderValue(source: text.source, key: "estimator", value: value)
        }
        return estimator
    }

    /// Adds the shards of one sampling run (same space, cap, depth, seed, sample size) into the
    /// table the single run writes; refuses a missing or repeated shard.
    public static func merge(_ parts: [SampledTable]) throws(TableMergeError) -> SampledTable {
        var merger = Merger()
        for t in parts { try merger.add(t) }
        return try merger.finish()
    }

    /// `merge`, one shard at a time: only the sum is kept, so a campaign's shards are read one
    /// by one however many there are.
    public struct Merger {
        private var first: SampledTable?
        private var merged: SampleFigures?
        private var entries: [[UInt8]: PatternEstimate] = [:]
        private var shards: ShardSet?
        private var index = 0

        public init() {}

        public mutating func add(_ t: SampledTable) throws(TableMergeError) {
            defer { index += 1 }
            guard let p = t.shard else { throw .notAShard(index: index) }
            if t.listing != nil { throw .trimmed(index: index) }
            if first == nil {
                first = t
                var m = t.figures
                m.halting = 0; m.haltingExact = 0; m.haltingVariance = 0; m.haltingAtCap = 0
                m.haltingAfterHalfCap = t.haltingAfterHalfCap == nil ? nil : 0
                m.samples = 0; m.timing = .zero; m.latestHalt = 0; m.shard = nil; m.longerCounts = [:]
                merged = m
                shards = ShardSet(count: p.count)
            }
            let first = first!, firstShard = first.shard!
            guard t.space == first.space, t.stepCap == first.stepCap, t.depth == first.depth, t.seed == first.seed,
                  t.samplesRequested == first.samplesRequested, t.unitScale == first.unitScale, p.count == firstShard.count,
                  t.estimator == first.estimator, t.keepLength == first.keepLength
            else {
                throw .differentRuns(index: index, expected: "\(first.space) T=\(first.stepCap) depth \(first.depth) seed \(first.seed) samples \(first.samplesRequested) estimator \(first.estimator) keep length \(first.keepLength.map(String.init) ?? "all"), \(firstShard.count) shards",
                                     found: "\(t.space) T=\(t.stepCap) depth \(t.depth) seed \(t.seed) samples \(t.samplesRequested) estimator \(t.estimator) keep length \(t.keepLength.map(String.init) ?? "all"), \(p.count) shards")
            }
            guard shards!.insert(p) else { throw .duplicateShard(p.description) }
            for (pattern, e) in zip(t.patterns, t.entries) { entries[pattern, default: PatternEstimate()] += e }
            var m = merged!
            m.halting += t.halting
            m.haltingExact += t.haltingExact
            m.haltingVariance += t.haltingVariance
            m.haltingAtCap += t.haltingAtCap
            m.haltingAfterHalfCap = t.haltingAfterHalfCap.flatMap { late in m.haltingAfterHalfCap.map { $0 + late } }
            for (length, count) in t.longerCounts { m.longerCounts[length, default: 0] += count }
            m.samples += t.samples
            m.latestHalt = max(m.latestHalt, t.latestHalt)
            m.timing = m.timing + t.timing
            merged = m
        }

        public func finish() throws(TableMergeError) -> SampledTable {
            guard let merged, let shards else { throw .nothingToMerge }
            let missing = shards.missing()
            guard missing.isEmpty else { throw .missingShards(missing) }
            return SampledTable(figures: merged, entries: entries)
        }
    }
}
