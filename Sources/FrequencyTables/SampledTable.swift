import Foundation
import TuringMachines

/// An estimated output-pattern table of a sampled (n, m) space (the (4,m) tables of ACSS):
/// per pattern (first-appearance relabelling, SPEC.md §2) an estimated count, the part of it
/// that was counted exactly, the variance of the estimate and the number of sample hits.
///
/// Counts are exact integers in units of `machines / unitsTotal` (see `StratifiedSampler`):
/// only ratios matter for D and K. Variances are those of `count / unitsTotal`, stored in
/// fixed point with `varianceScaleBits` fractional bits so that shards add up exactly.
public struct SampledTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var count: UInt128
        public var exact: UInt128
        public var variance: UInt128
        public var covariance: Int128
        public var hits: UInt64

        public init(count: UInt128, exact: UInt128, variance: UInt128, covariance: Int128, hits: UInt64) {
            self.count = count
            self.exact = exact
            self.variance = variance
            self.covariance = covariance
            self.hits = hits
        }
    }

    public var space: MachineSpace
    public var stepCap: Int
    /// Tree level of the strata: everything above it was enumerated exactly.
    public var depth: Int
    public var seed: UInt64
    public var samplesRequested: UInt64
    /// Samples drawn (the strata's sizes add up to this; a shard's table counts its own).
    public var samples: UInt64
    public var strata: Int
    public var unitScale: UInt128
    public var unitsTotal: UInt128
    public var halting: UInt128
    public var haltingExact: UInt128
    public var haltingVariance: UInt128
    public var haltingAtCap: UInt128
    public var latestHalt: Int
    public var varianceScaleBits: Int
    public var cpuSeconds: Double
    public var wallSeconds: Double
    public var part: TablePart?
    /// Set when the file lists only part of the patterns (see `trimmed`): patterns seen fewer
    /// than `minHits` times (and never counted exactly) or longer than `maxLength` are left
    /// out. The totals (`halting`, ...) stay those of the whole run.
    public var listing: Listing?
    public private(set) var patterns: [[UInt8]]
    public private(set) var entries: [Entry]
    private var index: [[UInt8]: Int]

    public init(space: MachineSpace, stepCap: Int, depth: Int, seed: UInt64, samplesRequested: UInt64,
                samples: UInt64, strata: Int, unitScale: UInt128, unitsTotal: UInt128, halting: UInt128,
                haltingExact: UInt128, haltingVariance: UInt128, haltingAtCap: UInt128, latestHalt: Int,
                varianceScaleBits: Int, cpuSeconds: Double, wallSeconds: Double, part: TablePart?,
                entries: [[UInt8]: Entry]) {
        self.space = space
        self.stepCap = stepCap
        self.depth = depth
        self.seed = seed
        self.samplesRequested = samplesRequested
        self.samples = samples
        self.strata = strata
        self.unitScale = unitScale
        self.unitsTotal = unitsTotal
        self.halting = halting
        self.haltingExact = haltingExact
        self.haltingVariance = haltingVariance
        self.haltingAtCap = haltingAtCap
        self.latestHalt = latestHalt
        self.varianceScaleBits = varianceScaleBits
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
        self.part = part
        let sorted = entries.sorted { OutputTable.precedes($0.key, $1.key) }
        patterns = sorted.map(\.key)
        self.entries = sorted.map(\.value)
        var index: [[UInt8]: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, p) in patterns.enumerated() { index[p] = i }
        self.index = index
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.space == b.space && a.stepCap == b.stepCap && a.depth == b.depth && a.seed == b.seed
            && a.samplesRequested == b.samplesRequested && a.samples == b.samples && a.strata == b.strata
            && a.unitScale == b.unitScale && a.unitsTotal == b.unitsTotal && a.halting == b.halting
            && a.haltingExact == b.haltingExact && a.haltingVariance == b.haltingVariance
            && a.haltingAtCap == b.haltingAtCap && a.latestHalt == b.latestHalt && a.part == b.part
            && a.listing == b.listing && a.patterns == b.patterns && a.entries == b.entries
    }

    public struct Listing: Sendable, Equatable {
        public var minHits: UInt64
        public var maxLength: Int?
        /// Patterns up to this length are listed whenever seen at all (the threshold applies
        /// to longer ones only).
        public var allUpToLength: Int = 0
    }

    /// The table with only the patterns worth listing: counted exactly, or seen at least
    /// `minHits` times (at least once up to `allUpToLength`), and at most `maxLength` long.
    /// K and D of the listed patterns are unchanged (the totals are kept).
    public func trimmed(minHits: UInt64, maxLength: Int?, allUpToLength: Int = 0) -> SampledTable {
        var kept: [[UInt8]: Entry] = [:]
        for (p, e) in zip(patterns, entries) where p.count <= (maxLength ?? .max) {
            let threshold = p.count <= allUpToLength ? 1 : minHits
            if e.exact > 0 || e.hits >= threshold { kept[p] = e }
        }
        var t = SampledTable(space: space, stepCap: stepCap, depth: depth, seed: seed, samplesRequested: samplesRequested,
                             samples: samples, strata: strata, unitScale: unitScale, unitsTotal: unitsTotal,
                             halting: halting, haltingExact: haltingExact, haltingVariance: haltingVariance,
                             haltingAtCap: haltingAtCap, latestHalt: latestHalt, varianceScaleBits: varianceScaleBits,
                             cpuSeconds: cpuSeconds, wallSeconds: wallSeconds, part: part, entries: kept)
        t.listing = Listing(minHits: minHits, maxLength: maxLength, allUpToLength: allUpToLength)
        return t
    }

    public var distinct: Int { patterns.count }
    public var longest: Int { patterns.last?.count ?? 0 }

    public func entry(forPattern p: [UInt8]) -> Entry? { index[p].map { entries[$0] } }

    /// `m!/(m-k)!`: the strings of length L with pattern p (k distinct symbols) per pattern.
    public func countClass(_ pattern: [UInt8]) -> Double {
        let k = Int(pattern.max() ?? 0) + 1
        var c = 1.0
        for i in 0..<k { c *= Double(space.symbols - i) }
        return c
    }

    /// The estimate for a pattern, or nil when it is absent or below the threshold: seen fewer
    /// than `minHits` times in the samples and never in the exact part.
    public func estimate(pattern: [UInt8], minHits: UInt64 = 0) -> (K: Double, D: Double, standardError: Double)? {
        guard let e = entry(forPattern: pattern), e.count > 0, e.exact > 0 || e.hits >= minHits else { return nil }
        let d = Double(e.count) / (countClass(pattern) * Double(halting))
        return (-log2(d), d, standardError(e))
    }

    /// SE of K = log2(class · H) − log2(c) by the delta method, with c and H the estimated
    /// pattern and halting fractions: Var(K) · ln²2 = Var(c)/c² + Var(H)/H² − 2 Cov(c, H)/(c H).
    public func standardError(_ e: Entry) -> Double {
        let scale = pow(2, Double(varianceScaleBits))
        let c = Double(e.count) / Double(unitsTotal), h = Double(halting) / Double(unitsTotal)
        let v = Double(e.variance) / scale / (c * c) + Double(haltingVariance) / scale / (h * h)
            - 2 * Double(e.covariance) / scale / (c * h)
        return max(v, 0).squareRoot() / M_LN2
    }

    /// Shortest length at which some pattern is missing (all patterns of shorter lengths occur).
    public func completeUpToLength(minHits: UInt64 = 0) -> Int {
        var length = 1
        while true {
            let needed = Self.patternCount(length: length, symbols: space.symbols)
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
    public static let formatVersion = 1

    public static func render(_ t: SampledTable) -> String {
        var body = ""
        body.reserveCapacity(t.distinct * 40)
        for (p, e) in zip(t.patterns, t.entries) {
            body += OutputTable.render(p)
            body += "\t\(e.count)\t\(e.exact)\t\(e.variance)\t\(e.covariance)\t\(e.hits)\n"
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
        if let part = t.part { header.append(("shard", "\(part.index)/\(part.count)")) }
        if let listing = t.listing {
            header.append(("listed_min_hits", String(listing.minHits)))
            if let l = listing.maxLength { header.append(("listed_max_length", String(l))) }
            if listing.allUpToLength > 0 { header.append(("listed_all_up_to_length", String(listing.allUpToLength))) }
            header.append(("listed_count_sum", String(t.entries.reduce(UInt128(0)) { $0 + $1.count })))
        }
        header += [
            ("data_sha256", SHA256.hexDigest(of: body)),
            ("cpu_seconds", String(format: "%.3f", t.cpuSeconds)),
            ("wall_seconds", String(format: "%.3f", t.wallSeconds)),
        ]
        return magic + "\n" + header.map { "# \($0.0): \($0.1)\n" }.joined() + body
    }

    public static func write(_ t: SampledTable, to path: String) throws(TableFileError) {
        do {
            try Data(render(t).utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw .unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Whether the file at `path` starts like a sampled table (for commands taking both kinds).
    public static func isSampledTable(path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: magic.utf8.count)) ?? Data()
        return head == Data(magic.utf8)
    }

    public static func read(path: String) throws(TableFileError) -> SampledTable {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        return try parse(data, source: path)
    }

    public static func parse(_ data: Data, source: String) throws(TableFileError) -> SampledTable {
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        guard lines.first.map(String.init) == magic else { throw .notATable(source: source) }
        var header: [String: String] = [:]
        var i = 1
        while i < lines.count && lines[i].hasPrefix("#") {
            let line = lines[i]
            guard line.hasPrefix("# "), let colon = line.firstIndex(of: ":") else {
                throw .badLine(source: source, line: i + 1, text: String(line.prefix(80)))
            }
            header[String(line[line.index(line.startIndex, offsetBy: 2)..<colon])] =
                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            i += 1
        }
        func value(_ key: String) throws(TableFileError) -> String {
            guard let v = header[key] else { throw .missingHeader(source: source, key: key) }
            return v
        }
        func integer<T: FixedWidthInteger>(_ key: String, _: T.Type) throws(TableFileError) -> T {
            let v = try value(key)
            guard let x = T(v) else { throw .badHeaderValue(source: source, key: key, value: v) }
            return x
        }
        func real(_ key: String) throws(TableFileError) -> Double {
            let v = try value(key)
            guard let x = Double(v) else { throw .badHeaderValue(source: source, key: key, value: v) }
            return x
        }
        guard try integer("format", Int.self) == formatVersion else {
            throw .badHeaderValue(source: source, key: "format", value: try value("format"))
        }
        let states = try integer("states", Int.self), symbols = try integer("symbols", Int.self)
        let space: MachineSpace
        do { space = try MachineSpace(states: states, symbols: symbols) } catch {
            throw .badHeaderValue(source: source, key: "states/symbols", value: "\(states)/\(symbols): \(error)")
        }
        // Checksum of the body bytes.
        let bodyLines = lines[i...]
        var body = bodyLines.joined(separator: "\n")
        if !bodyLines.isEmpty { body += "\n" }
        let digest = SHA256.hexDigest(of: body)
        let expected = try value("data_sha256")
        var entries: [[UInt8]: SampledTable.Entry] = [:]
        var previous: [UInt8] = []
        var sum: UInt128 = 0
        for (offset, line) in bodyLines.enumerated() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 6,
                  let p = OutputTable.parse(fields[0].utf8, symbols: symbols),
                  let count = UInt128(fields[1]), let exact = UInt128(fields[2]),
                  let variance = UInt128(fields[3]), let covariance = Int128(fields[4]),
                  let hits = UInt64(fields[5]), exact <= count
            else {
                throw .badLine(source: source, line: i + offset + 1, text: String(line.prefix(80)),
                               checksumMatches: digest == expected)
            }
            if offset > 0 && !OutputTable.precedes(previous, p) { throw .unsorted(source: source, line: i + offset + 1) }
            entries[p] = .init(count: count, exact: exact, variance: variance, covariance: covariance, hits: hits)
            sum += count
            previous = p
        }
        guard digest == expected else { throw .checksumMismatch(source: source, expected: expected, actual: digest) }
        let distinct = try integer("distinct", Int.self)
        guard entries.count == distinct else {
            throw .countMismatch(source: source, what: "distinct", header: String(distinct), actual: String(entries.count))
        }
        let halting = try integer("halting", UInt128.self)
        var listing: SampledTable.Listing? = nil
        if header["listed_min_hits"] != nil {
            listing = .init(minHits: try integer("listed_min_hits", UInt64.self),
                            maxLength: header["listed_max_length"] == nil ? nil : try integer("listed_max_length", Int.self),
                            allUpToLength: header["listed_all_up_to_length"] == nil ? 0 : try integer("listed_all_up_to_length", Int.self))
            let listed = try integer("listed_count_sum", UInt128.self)
            guard sum == listed, listed <= halting else {
                throw .countMismatch(source: source, what: "listed_count_sum", header: String(listed), actual: String(sum))
            }
        } else {
            guard sum == halting else {
                throw .countMismatch(source: source, what: "halting", header: String(halting), actual: String(sum))
            }
        }
        var part: TablePart? = nil
        if let text = header["shard"] {
            let pieces = text.split(separator: "/")
            guard pieces.count == 2, let a = Int(pieces[0]), let b = Int(pieces[1]), b >= 1, (1...b).contains(a) else {
                throw .badHeaderValue(source: source, key: "shard", value: text)
            }
            part = TablePart(index: a, count: b, splitLevel: try integer("depth", Int.self))
        }
        var table = SampledTable(
            space: space, stepCap: try integer("steps", Int.self), depth: try integer("depth", Int.self),
            seed: try integer("seed", UInt64.self), samplesRequested: try integer("samples_requested", UInt64.self),
            samples: try integer("samples", UInt64.self), strata: try integer("strata", Int.self),
            unitScale: try integer("unit_scale", UInt128.self), unitsTotal: try integer("units_total", UInt128.self),
            halting: halting, haltingExact: try integer("halting_exact", UInt128.self),
            haltingVariance: try integer("halting_variance", UInt128.self),
            haltingAtCap: try integer("halting_at_cap", UInt128.self), latestHalt: try integer("latest_halt", Int.self),
            varianceScaleBits: try integer("variance_scale_bits", Int.self),
            cpuSeconds: try real("cpu_seconds"), wallSeconds: try real("wall_seconds"), part: part, entries: entries)
        table.listing = listing
        return table
    }

    /// Adds the shards of one sampling run (same space, cap, depth, seed, sample size) into the
    /// table the single run writes; refuses a missing or repeated shard.
    public static func merge(_ parts: [SampledTable]) throws(TableMergeError) -> SampledTable {
        guard let first = parts.first else { throw .nothingToMerge }
        guard let firstPart = first.part else { throw .notAShard(index: 0) }
        if let i = parts.firstIndex(where: { $0.listing != nil }) { throw .trimmed(index: i) }
        var seen = Set<Int>()
        var entries: [[UInt8]: SampledTable.Entry] = [:]
        var merged = first
        merged.halting = 0; merged.haltingExact = 0; merged.haltingVariance = 0; merged.haltingAtCap = 0
        merged.samples = 0; merged.cpuSeconds = 0; merged.wallSeconds = 0; merged.latestHalt = 0
        for (i, t) in parts.enumerated() {
            guard let p = t.part else { throw .notAShard(index: i) }
            guard t.space == first.space, t.stepCap == first.stepCap, t.depth == first.depth, t.seed == first.seed,
                  t.samplesRequested == first.samplesRequested, t.unitScale == first.unitScale, p.count == firstPart.count
            else {
                throw .differentRuns(index: i, expected: "\(first.space) T=\(first.stepCap) depth \(first.depth) seed \(first.seed) samples \(first.samplesRequested), \(firstPart.count) shards",
                                     found: "\(t.space) T=\(t.stepCap) depth \(t.depth) seed \(t.seed) samples \(t.samplesRequested), \(p.count) shards")
            }
            guard seen.insert(p.index).inserted else { throw .duplicateShard("\(p.index)/\(p.count)") }
            for (pattern, e) in zip(t.patterns, t.entries) {
                var m = entries[pattern] ?? .init(count: 0, exact: 0, variance: 0, covariance: 0, hits: 0)
                m.count += e.count; m.exact += e.exact; m.variance += e.variance
                m.covariance += e.covariance; m.hits += e.hits
                entries[pattern] = m
            }
            merged.halting += t.halting
            merged.haltingExact += t.haltingExact
            merged.haltingVariance += t.haltingVariance
            merged.haltingAtCap += t.haltingAtCap
            merged.samples += t.samples
            merged.latestHalt = max(merged.latestHalt, t.latestHalt)
            merged.cpuSeconds += t.cpuSeconds
            merged.wallSeconds += t.wallSeconds
        }
        let missing = (1...firstPart.count).filter { !seen.contains($0) }
        guard missing.isEmpty else { throw .missingShards(missing.prefix(20).map { "\($0)/\(firstPart.count)" }) }
        return SampledTable(
            space: merged.space, stepCap: merged.stepCap, depth: merged.depth, seed: merged.seed,
            samplesRequested: merged.samplesRequested, samples: merged.samples, strata: merged.strata,
            unitScale: merged.unitScale, unitsTotal: merged.unitsTotal, halting: merged.halting,
            haltingExact: merged.haltingExact, haltingVariance: merged.haltingVariance,
            haltingAtCap: merged.haltingAtCap, latestHalt: merged.latestHalt,
            varianceScaleBits: merged.varianceScaleBits, cpuSeconds: merged.cpuSeconds,
            wallSeconds: merged.wallSeconds, part: nil, entries: entries)
    }
}
