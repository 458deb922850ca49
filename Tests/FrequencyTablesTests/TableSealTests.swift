import Foundation
import XCTest
@testable import Enumeration
@testable import FrequencyTables
import TestSupport
import TuringMachines

/// Issue 12's table cases: no header edit is accepted, every checkable figure is checked, and
/// the previous format is read only by `acss table upgrade`.
final class TableSealTests: XCTestCase {
    func d4() throws -> String { try String(contentsOfFile: Repository.table("D4-T107.tsv"), encoding: .utf8) }
    /// A small sampled table (the shipped ones take seconds to parse in a debug build).
    func k4() throws -> String {
        var sampler = try StratifiedSampler(space: try MachineSpace(states: 2, symbols: 4), stepCap: 40, samples: 2_000, seed: 3, depth: 2)
        sampler.estimator = .raoBlackwellised(splitSpans: [3])
        return SampledTableFile.render(SampledTable(sampler.run(), timing: RunTiming(cpuSeconds: 1, wallSeconds: 1)))
    }

    func headerLine(_ text: String, _ key: String) -> String {
        String(text.split(separator: "\n").first { $0.hasPrefix("# \(key): ") }!)
    }

    /// Every sealed header line of the shipped D(4) table and of a sampled table: changing its value (one digit
    /// up, or a different word) is refused with a header checksum mismatch naming the file;
    /// the timing lines may change.
    func testEveryHeaderEditOfAShippedTableIsRefused() throws {
        for (text, sampled) in [(try d4(), false), (try k4(), true)] {
            func parse(_ t: String) throws { if sampled { _ = try SampledTableFile.parse(Data(t.utf8), source: "edited.tsv") } else { _ = try TableFile.parse(Data(t.utf8), source: "edited.tsv") } }
            XCTAssertNoThrow(try parse(text))
            let header = text.split(separator: "\n").prefix { $0.hasPrefix("#") }.dropFirst()
            var edits = 0
            for line in header {
                let key = line.dropFirst(2).prefix { $0 != ":" }
                let value = line.drop { $0 != ":" }.dropFirst(2)
                let changed = value.last.map { $0.isNumber ? String(value.dropLast()) + ($0 == "9" ? "8" : "9") : value + "x" } ?? "x"
                let edited = text.replacingOccurrences(of: String(line) + "\n", with: "# \(key): \(changed)\n")
                if key == "cpu_seconds" || key == "wall_seconds" {
                    XCTAssertNoThrow(try parse(edited), "\(key)")
                    continue
                }
                XCTAssertThrowsError(try parse(edited), "\(key)") { error in
                    XCTAssertTrue("\(error)".hasPrefix("edited.tsv:"), "\(error)")
                    if key != "format" && key != "header_sha256" {
                        XCTAssertTrue("\(error)".contains("header checksum mismatch"), "\(key): \(error)")
                    }
                }
                edits += 1
            }
            XCTAssertGreaterThan(edits, 12)
            // An appended duplicate line would override the sealed one: refused too.
            let duplicated = text.replacingOccurrences(of: headerLine(text, "halting") + "\n",
                                                       with: headerLine(text, "halting") + "\n# halting: 1\n")
            XCTAssertThrowsError(try parse(duplicated)) { XCTAssertTrue("\($0)".contains("given twice"), "\($0)") }
        }
    }

    /// The issue's example: D(4) relabelled as D(5) (states 5, steps 500) and sealed again is
    /// still refused: its machines are not (2nm+m)^(nm) of (5,2). And the other figures a table
    /// can check, each edited and resealed.
    func testFiguresThatContradictTheSpaceAreRefusedEvenWhenResealed() throws {
        let text = try d4()
        func edited(_ pairs: [(String, String)]) -> String {
            var t = text
            for (key, value) in pairs { t = t.replacingOccurrences(of: headerLine(t, key) + "\n", with: "# \(key): \(value)\n") }
            return TableSeal.resealed(t)
        }
        let machines = headerLine(text, "machines").split(separator: " ").last!
        let cases: [([(String, String)], String)] = [
            ([("states", "5"), ("steps", "500")], "machines"),
            ([("machines", String(UInt128(machines)! - 1))], "machines"),
            ([("non_halting", "1")], "non_halting"),
            ([("latest_halt", "108")], "latest_halt"),
            ([("halting_at_cap", "2000")], "halting_at_cap"),
            ([("halting_after_half_cap", "3985384480")], "halting_at_cap"),
            ([("longest", "17")], "longest"),
        ]
        for (pairs, key) in cases {
            XCTAssertThrowsError(try TableFile.parse(Data(edited(pairs).utf8), source: "D5-T500.tsv"), "\(pairs)") { error in
                guard case .badHeaderValue(let source, let named, _) = error as? TableFileError else { return XCTFail("\(pairs): \(error)") }
                XCTAssertEqual(source, "D5-T500.tsv")
                XCTAssertEqual(named, key, "\(pairs)")
            }
        }
        // Sampled: the units must be B^depth · unit_scale, the tails within halting.
        let k = try k4()
        func editedK(_ key: String, _ value: String) -> String {
            TableSeal.resealed(k.replacingOccurrences(of: headerLine(k, key) + "\n", with: "# \(key): \(value)\n"))
        }
        for (key, value, named) in [("units_total", "1", "units_total"), ("depth", "4", "units_total"), ("latest_halt", "41", "latest_halt"),
                                    ("halting_exact", String(UInt128(headerLine(k, "halting").split(separator: " ").last!)! + 1), "halting")] {
            XCTAssertThrowsError(try SampledTableFile.parse(Data(editedK(key, value).utf8), source: "K4.tsv"), key) { error in
                guard case .badHeaderValue(_, let n, _) = error as? TableFileError else { return XCTFail("\(key): \(error)") }
                XCTAssertEqual(n, named, key)
            }
        }
    }

    /// The previous format (no seal) is refused with the upgrade command; `legacy` reading
    /// (acss table upgrade) accepts it and writes back the same figures and body, sealed.
    func testPreviousFormatIsReadOnlyToUpgradeIt() throws {
        let sealed = try d4()
        let legacy = sealed.replacingOccurrences(of: "# format: 2\n", with: "# format: 1\n")
            .replacingOccurrences(of: headerLine(sealed, "header_sha256") + "\n", with: "")
        XCTAssertThrowsError(try TableFile.parse(Data(legacy.utf8), source: "old.tsv")) {
            XCTAssertTrue("\($0)".contains("acss table upgrade old.tsv"), "\($0)")
        }
        let upgraded = try TableFile.parse(Data(legacy.utf8), source: "old.tsv", legacy: true)
        XCTAssertEqual(upgraded, try TableFile.parse(Data(sealed.utf8), source: "new.tsv"))
        func untimed(_ t: String) -> [Substring] { t.split(separator: "\n").filter { !$0.hasPrefix("# cpu_") && !$0.hasPrefix("# wall_") } }
        XCTAssertEqual(untimed(TableFile.render(upgraded)), untimed(sealed))
        // A sealed table whose seal was removed is not the previous format: refused.
        let stripped = sealed.replacingOccurrences(of: headerLine(sealed, "header_sha256") + "\n", with: "")
        XCTAssertThrowsError(try TableFile.parse(Data(stripped.utf8), source: "s.tsv", legacy: true)) {
            XCTAssertTrue("\($0)".contains("header_sha256"), "\($0)")
        }
    }
}

/// Random damage to tables of both kinds: every mutation either leaves the file readable with
/// exactly the same content (an edit of a timing line) or is refused with an error naming it.
/// Never a crash, never different numbers.
final class TableFuzzTests: XCTestCase {
    func testRandomMutationsAreRefusedOrHarmless() throws {
        let exhaustive = TableFile.render(OutputTable(try TreeEnumerator(space: try MachineSpace(states: 2, symbols: 2), stepCap: 6, threads: 1).run()))
        var sampler = try StratifiedSampler(space: try MachineSpace(states: 2, symbols: 3), stepCap: 20, samples: 500, seed: 1, depth: 2)
        sampler.estimator = .raoBlackwellised(splitSpans: [3])
        let sampled = SampledTableFile.render(SampledTable(sampler.run()))
        var rng = SplitMix64(seed: 2026, stream: 12)
        var refused = 0, harmless = 0
        for round in 0..<3_000 {
            let isSampled = round % 2 == 1
            var bytes = Array((isSampled ? sampled : exhaustive).utf8)
            let original = bytes
            switch rng.below(5) {
            case 0: // flip one byte
                let i = Int(rng.below(UInt64(bytes.count)))
                bytes[i] ^= UInt8(1 + rng.below(255))
            case 1: // delete a run of bytes
                let i = Int(rng.below(UInt64(bytes.count))), n = 1 + Int(rng.below(20))
                bytes.removeSubrange(i..<min(bytes.count, i + n))
            case 2: // truncate
                bytes = Array(bytes.prefix(Int(rng.below(UInt64(bytes.count)))))
            case 3: // insert random bytes (NUL, CR, invalid UTF-8 included)
                let i = Int(rng.below(UInt64(bytes.count)))
                bytes.insert(contentsOf: (0..<(1 + rng.below(6))).map { _ in UInt8(rng.below(256)) }, at: i)
            default: // change a digit of a header value
                let header = bytes.firstIndex(of: UInt8(ascii: "\n")).map { _ in String(decoding: bytes, as: UTF8.self) }!
                let lines = header.split(separator: "\n", omittingEmptySubsequences: false)
                let k = 1 + Int(rng.below(UInt64(lines.prefix { $0.hasPrefix("#") || $0 == lines[0] }.count - 1)))
                var line = Array(lines[k].utf8)
                let digits = line.indices.filter { (48...57).contains(line[$0]) }
                if !digits.isEmpty {
                    let d = digits[Int(rng.below(UInt64(digits.count)))]
                    line[d] = line[d] == 57 ? 48 : line[d] + 1
                }
                var edited = lines.map(String.init)
                edited[k] = String(decoding: line, as: UTF8.self)
                bytes = Array(edited.joined(separator: "\n").utf8)
            }
            let source = "fuzz-\(round).tsv"
            do {
                if isSampled {
                    let t = try SampledTableFile.parse(Data(bytes), source: source)
                    XCTAssertEqual(t, try SampledTableFile.parse(Data(original), source: "o.tsv"), "round \(round): read with other content")
                } else {
                    let t = try TableFile.parse(Data(bytes), source: source)
                    XCTAssertEqual(t, try TableFile.parse(Data(original), source: "o.tsv"), "round \(round): read with other content")
                }
                harmless += 1
            } catch {
                XCTAssertTrue("\(error)".contains(source), "round \(round): \(error)")
                refused += 1
            }
        }
        XCTAssertGreaterThan(refused, 2_500)
        XCTAssertGreaterThan(harmless, 0) // timing-line edits, and mutations that changed nothing
    }
}
