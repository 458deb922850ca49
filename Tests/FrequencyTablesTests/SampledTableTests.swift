import Foundation
import XCTest
@testable import Enumeration
@testable import FrequencyTables
import TestSupport
import TuringMachines

final class SampledTableTests: XCTestCase {
    func table(shard: Shard? = nil, seed: UInt64 = 5) throws -> SampledTable {
        var sampler = try StratifiedSampler(space: try MachineSpace(states: 2, symbols: 3), stepCap: 30,
                                            samples: 4_000, seed: seed, depth: 2, threads: 2)
        sampler.shard = shard
        let r = sampler.run()
        return SampledTable(r, timing: RunTiming(cpuSeconds: 1, wallSeconds: 1))
    }

    /// A Rao-Blackwellised table says so in its header, its counts still add up to its halting
    /// total exactly, and it reads back equal; a merge refuses shards of another estimator.
    func testRaoBlackwellisedTablesRoundTrip() throws {
        func rb(shard: Shard?, estimator: StratifiedSampler.Estimator) throws -> SampledTable {
            var sampler = try StratifiedSampler(space: try MachineSpace(states: 2, symbols: 3), stepCap: 30,
                                                samples: 2_000, seed: 5, depth: 2, threads: 2)
            sampler.shard = shard
            sampler.estimator = estimator
            return SampledTable(sampler.run())
        }
        let t = try rb(shard: nil, estimator: .raoBlackwellised(splitSpans: [3, 5]))
        XCTAssertEqual(t.entries.reduce(UInt128(0)) { $0 + $1.count }, t.halting)
        let text = SampledTableFile.render(t)
        XCTAssertTrue(text.contains("# estimator: rb:3,5\n"))
        XCTAssertEqual(try SampledTableFile.parse(Data(text.utf8), source: "rb.tsv"), t)
        XCTAssertThrowsError(try SampledTableFile.parse(Data(TableSeal.resealed(text.replacingOccurrences(of: "rb:3,5", with: "rb:5,3")).utf8),
                                                        source: "rb.tsv")) { XCTAssertTrue("\($0)".contains("estimator")) }
        let mixed = [try rb(shard: try Shard(index: 1, count: 2), estimator: .raoBlackwellised(splitSpans: [3, 5])),
                     try rb(shard: try Shard(index: 2, count: 2), estimator: .plain)]
        XCTAssertThrowsError(try SampledTableFile.merge(mixed))
    }

    /// A table with a keep length lists its counts per longer length in the header; they count
    /// towards `halting`, merge by addition, and an edit of them is refused.
    func testLongerCountsRoundTripMergeAndValidation() throws {
        func run(shard: Shard?) throws -> SampledTable {
            var sampler = try StratifiedSampler(space: try MachineSpace(states: 3, symbols: 3), stepCap: 40,
                                                samples: 2_000, seed: 2, depth: 2, threads: 2)
            sampler.shard = shard
            sampler.keepLength = 5
            return SampledTable(sampler.run())
        }
        let t = try run(shard: nil)
        XCTAssertFalse(t.longerCounts.isEmpty)
        XCTAssertEqual(t.entries.reduce(UInt128(0)) { $0 + $1.count } + t.longerCounts.values.reduce(0, +), t.halting)
        XCTAssertEqual(t.longest, t.longerCounts.keys.max())
        let text = SampledTableFile.render(t)
        XCTAssertTrue(text.contains("# keep_length: 5\n# longer_counts: 6:"), text.prefix(900).description)
        XCTAssertEqual(try SampledTableFile.parse(Data(text.utf8), source: "k.tsv"), t)
        let merged = try SampledTableFile.merge([try run(shard: try Shard(index: 2, count: 2)), try run(shard: try Shard(index: 1, count: 2))])
        var expected = t
        expected.timing = merged.timing
        XCTAssertEqual(merged, expected)
        // Edits: a count changed, a length at or below the keep length, the line dropped.
        let line = text.split(separator: "\n").first { $0.hasPrefix("# longer_counts: ") }!
        let first = line.dropFirst("# longer_counts: ".count).split(separator: " ")[0]
        let length = first.split(separator: ":")[0], count = UInt128(first.split(separator: ":")[1])!
        for (edited, expectedMessage) in [
            (text.replacingOccurrences(of: "# longer_counts: \(length):\(count)", with: "# longer_counts: \(length):\(count + 1)"), "halting"),
            (text.replacingOccurrences(of: "# longer_counts: \(length):", with: "# longer_counts: 5:"), "not above keep_length"),
            (text.replacingOccurrences(of: String(line) + "\n", with: ""), "longer_counts"),
        ] {
            XCTAssertNotEqual(edited, text)
            XCTAssertThrowsError(try SampledTableFile.parse(Data(TableSeal.resealed(edited).utf8), source: "k.tsv")) {
                XCTAssertTrue("\($0)".contains(expectedMessage), "\($0)")
            }
        }
    }

    func testRoundTripAndValidation() throws {
        let t = try table()
        let text = SampledTableFile.render(t)
        XCTAssertEqual(try SampledTableFile.parse(Data(text.utf8), source: "s.tsv"), t)
        // A changed count, a truncated body, a bad line: all rejected, naming the file.
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let firstBody = lines.firstIndex { !$0.hasPrefix("#") }!
        var changed = lines
        changed[firstBody] = changed[firstBody].replacingOccurrences(of: "\t", with: "\t9", options: [], range: changed[firstBody].range(of: "\t"))
        lines.remove(at: lines.count - 2)
        for bad in [changed.joined(separator: "\n"), lines.joined(separator: "\n"), text.replacingOccurrences(of: "\t", with: " ")] {
            XCTAssertThrowsError(try SampledTableFile.parse(Data(bad.utf8), source: "s.tsv")) {
                XCTAssertTrue("\($0)".contains("s.tsv"), "\($0)")
            }
        }
    }

    func testTrimmedTableKeepsTotalsAndRoundTrips() throws {
        let t = try table()
        let trimmed = t.trimmed(minHits: 20, maxLength: 4)
        XCTAssertLessThan(trimmed.distinct, t.distinct)
        XCTAssertEqual(trimmed.halting, t.halting)
        for (p, e) in zip(trimmed.patterns, trimmed.entries) {
            XCTAssertTrue(p.count <= 4 && (e.exact > 0 || e.hits >= 20))
            XCTAssertEqual(trimmed.estimate(pattern: p)!.K, t.estimate(pattern: p)!.K)
        }
        let back = try SampledTableFile.parse(Data(SampledTableFile.render(trimmed).utf8), source: "t.tsv")
        XCTAssertEqual(back, trimmed)
        let mixed = t.trimmed(minHits: 1_000_000, maxLength: nil, allUpToLength: 3)
        for (p, e) in zip(mixed.patterns, mixed.entries) {
            XCTAssertTrue(p.count <= 3 || e.exact > 0, "\(p)")
        }
        XCTAssertEqual(mixed.patterns.filter { $0.count <= 3 }, t.patterns.filter { $0.count <= 3 })
        XCTAssertEqual(try SampledTableFile.parse(Data(SampledTableFile.render(mixed).utf8), source: "t.tsv"), mixed)
        XCTAssertThrowsError(try SampledTableFile.merge([back]))

        // An SE threshold: beyond the all-listed length, exactly the patterns whose SE of K is
        // within it (or counted exactly); it survives the round trip.
        let errors = zip(t.patterns, t.entries).filter { $0.0.count > 2 && $0.1.exact == 0 }.map { t.standardError($0.1) }.sorted()
        let limit = errors[errors.count / 2]
        let precise = t.trimmed(minHits: 0, maxLength: nil, allUpToLength: 2, maxStandardError: limit)
        let expected = zip(t.patterns, t.entries).filter { p, e in p.count <= 2 || e.exact > 0 || t.standardError(e) <= limit }.map(\.0)
        XCTAssertEqual(precise.patterns, expected)
        XCTAssertLessThan(precise.distinct, t.distinct)
        XCTAssertGreaterThan(precise.patterns.filter { $0.count > 2 }.count, 0)
        let text = SampledTableFile.render(precise)
        XCTAssertTrue(text.contains("# listed_max_se: \(limit)\n"))
        XCTAssertEqual(try SampledTableFile.parse(Data(text.utf8), source: "t.tsv"), precise)
        XCTAssertThrowsError(try SampledTableFile.parse(Data(TableSeal.resealed(text.replacingOccurrences(of: "max_se: \(limit)", with: "max_se: -1")).utf8), source: "t.tsv")) {
            XCTAssertTrue("\($0)".contains("listed_max_se"), "\($0)")
        }
    }

    func testShardsMergeToTheSingleRun() throws {
        let whole = try table()
        let parts = try (1...3).map { try table(shard: try Shard(index: $0, count: 3)) }
        let merged = try SampledTableFile.merge(parts.reversed())
        XCTAssertEqual(merged, whole) // timings take no part in equality
        XCTAssertEqual(merged.timing.cpuSeconds, 3) // the shards' timings add up
        XCTAssertThrowsError(try SampledTableFile.merge([parts[0], parts[1]]))
        XCTAssertThrowsError(try SampledTableFile.merge([parts[0], parts[1], parts[1]]))
        XCTAssertThrowsError(try SampledTableFile.merge([parts[0], parts[1], try table(shard: try Shard(index: 3, count: 3), seed: 6)])) {
            XCTAssertTrue("\($0)".contains("different run"), "\($0)")
        }
    }

    func testEstimatesAndCompleteness() throws {
        let t = try table()
        let zero = t.estimate(pattern: [0])!
        // D(0) = count(0) / (m · H): every string of one symbol shares the pattern's count.
        XCTAssertEqual(zero.D, Double(t.entry(forPattern: [0])!.count) / (3 * Double(t.halting)), accuracy: 1e-15)
        XCTAssertEqual(zero.K, -log2(zero.D), accuracy: 1e-12)
        XCTAssertGreaterThan(zero.standardError, 0, "H is estimated, so even an exact count has an error")
        XCTAssertNil(t.estimate(pattern: [0, 1, 2, 3]), "a pattern with 4 symbols cannot occur with 3")
        XCTAssertEqual(t.countClass([0, 1]), 6)
        XCTAssertEqual(t.countClass([0, 1, 2]), 6)
        XCTAssertEqual(t.countClass([0]), 3)
        // Numbers of set partitions (Bell numbers restricted to m blocks).
        XCTAssertEqual(SampledTable.patternCount(length: 3, symbols: 9), 5)
        XCTAssertEqual(SampledTable.patternCount(length: 4, symbols: 2), 8)
        XCTAssertEqual(SampledTable.patternCount(length: 4, symbols: 9), 15)
        XCTAssertEqual(SampledTable.patternCount(length: 10, symbols: 9), 115_974)
        XCTAssertGreaterThanOrEqual(t.completeUpToLength(), 2)
    }
}
