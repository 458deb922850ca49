import Foundation
import FrequencyTables
import Scoring
import TestSupport
import XCTest

/// Finding and loading the tables, and what happens when they are missing or wrong.
final class TableLoadingTests: XCTestCase {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acss-scoring-\(UUID())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func d5Path() throws -> String {
        _ = try TestTables.estimator()
        return TestTables.dataDirectory + "/D5-T500.tsv"
    }

    /// Folding the file's strings into patterns (streamed from the file) gives, for every
    /// binary string up to 12 symbols, exactly the K of the existing CodingTheorem (built from
    /// the fully parsed OutputTable): two independent paths from the same counts.
    func testFileLoadingAgreesWithCodingTheorem() throws {
        let table = try TableFile.read(path: try d5Path())
        let ctm = CodingTheorem(table: table)
        let fromFile = try TestTables.estimator()
        let fromMemory = try ComplexityEstimator(tables: [table])
        for length in 1...12 {
            for bits in 0..<(1 << length) {
                let symbols = (0..<length).map { UInt8((bits >> $0) & 1) }
                let s = String(symbols.map { $0 == 1 ? "1" : "0" })
                guard let expected = ctm.complexity(of: symbols) else { continue }
                let a = try fromFile.complexity(of: seq(s), alphabet: binary, fallback: nil).complexity
                let b = try fromMemory.complexity(of: seq(s), alphabet: binary, fallback: nil).complexity
                XCTAssertEqual(a, expected, accuracy: 1e-12, s)
                XCTAssertEqual(a, b, s)
            }
        }
    }

    func testLocatorSearchOrder() throws {
        let data = TestTables.dataDirectory
        let empty = try temporaryDirectory()
        // An explicit directory wins, and must hold the tables.
        XCTAssertEqual(try TableLocator(explicitDirectory: data, environment: [:], currentDirectory: empty,
                                        executablePath: nil).locate(), data)
        XCTAssertThrowsError(try TableLocator(explicitDirectory: empty, environment: ["ACSS_DATA": data],
                                              currentDirectory: empty, executablePath: nil).locate()) { error in
            XCTAssertTrue("\(error)".contains(empty), "\(error)")
        }
        // Then $ACSS_DATA, equally strict.
        XCTAssertEqual(try TableLocator(environment: ["ACSS_DATA": data], currentDirectory: empty,
                                        executablePath: nil).locate(), data)
        XCTAssertThrowsError(try TableLocator(environment: ["ACSS_DATA": empty], currentDirectory: empty,
                                              executablePath: nil).locate()) { error in
            XCTAssertTrue("\(error)".contains("ACSS_DATA"), "\(error)")
        }
        // Then data/ above the executable: a binary in <root>/bin/acss finds <root>/data.
        let root = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/data", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/bin/deeper", withIntermediateDirectories: true)
        XCTAssertTrue(FileManager.default.createFile(atPath: root + "/data/D5-T500.tsv", contents: Data()))
        XCTAssertEqual(try TableLocator(environment: [:], currentDirectory: empty,
                                        executablePath: root + "/bin/deeper/acss").locate(),
                       URL(fileURLWithPath: root).standardizedFileURL.appendingPathComponent("data").path)
        // And above the current directory.
        XCTAssertEqual(try TableLocator(environment: [:], currentDirectory: root + "/bin/deeper",
                                        executablePath: nil).locate(),
                       URL(fileURLWithPath: root).standardizedFileURL.appendingPathComponent("data").path)
        // Nowhere: the error lists where it looked.
        XCTAssertThrowsError(try TableLocator(environment: [:], currentDirectory: empty, executablePath: nil).locate()) { error in
            guard case .tablesNotFound(let searched) = error as? ScoringError else { return XCTFail("\(error)") }
            XCTAssertTrue(searched.contains(empty + "/data"), "\(searched)")
            XCTAssertTrue("\(error)".contains("--tables"))
        }
    }

    func testWrongOrCorruptTablesAreRefused() throws {
        let data = TestTables.dataDirectory
        let d4 = Repository.table("D4-T107.tsv")
        // D(4) under D(5)'s name: the header says so, and it is refused.
        let wrong = try temporaryDirectory()
        try FileManager.default.copyItem(atPath: d4, toPath: wrong + "/D5-T500.tsv")
        XCTAssertThrowsError(try ComplexityEstimator(dataDirectory: wrong).table(for: binary)) { error in
            guard case .tableMismatch(_, let expected, let found) = error as? ScoringError else { return XCTFail("\(error)") }
            XCTAssertEqual(expected, "(5,2) machines, step cap 500")
            XCTAssertEqual(found, "(4,2) machines, step cap 107")
        }
        // One changed digit: the checksum catches it.
        let corrupt = try temporaryDirectory()
        var text = try String(contentsOfFile: data + "/D5-T500.tsv", encoding: .utf8)
        let range = text.range(of: "\n010\t")!
        text.replaceSubrange(range, with: "\n010\t9")
        try text.write(toFile: corrupt + "/D5-T500.tsv", atomically: true, encoding: .utf8)
        let estimator = ComplexityEstimator(dataDirectory: corrupt)
        XCTAssertThrowsError(try estimator.score(seq("0101"), options: ScoreOptions(alphabet: binary))) { error in
            XCTAssertTrue("\(error)".contains("checksum"), "\(error)")
        }
    }

    /// A trimmed D(5) still scores every string it lists up to 12 symbols exactly as the full
    /// one; trimmed below the 12 symbols looked up directly, it is refused, not half used.
    func testTrimmedTablesServeOnlyWhenTheyListEnough() throws {
        let full = try TableFile.read(path: try d5Path())
        let kept = try temporaryDirectory(), short = try temporaryDirectory()
        try TableFile.write(try full.trimmed(maxLength: 12), to: kept + "/D5-T500.tsv")
        try TableFile.write(try full.trimmed(maxLength: 11), to: short + "/D5-T500.tsv")
        let reference = try TestTables.estimator(), trimmed = ComplexityEstimator(dataDirectory: kept)
        for s in ["0", "0101", "011010001110", "000000000000", "110100101101"] {
            XCTAssertEqual(try trimmed.complexity(of: seq(s), alphabet: binary, fallback: nil).complexity,
                           try reference.complexity(of: seq(s), alphabet: binary, fallback: nil).complexity, s)
        }
        XCTAssertThrowsError(try ComplexityEstimator(dataDirectory: short).table(for: binary)) { error in
            guard case .tableMismatch(_, _, let found) = error as? ScoringError else { return XCTFail("\(error)") }
            XCTAssertTrue(found.contains("trimmed to strings up to length 11"), found)
        }
        // The same rule for tables handed over in memory.
        XCTAssertThrowsError(try ComplexityEstimator(tables: [try full.trimmed(maxLength: 11)])) { error in
            guard case .tableMismatch(_, _, let found) = error as? ScoringError else { return XCTFail("\(error)") }
            XCTAssertTrue(found.contains("trimmed to strings up to length 11"), found)
        }
        XCTAssertNoThrow(try ComplexityEstimator(tables: [try full.trimmed(maxLength: 12)]))
    }

    /// A data folder without the multi-symbol tables names the missing file, per string.
    func testMissingMultiSymbolTablesAreNamed() throws {
        let data = TestTables.dataDirectory
        let partial = FileManager.default.temporaryDirectory.appendingPathComponent("acss-partial-\(UUID())").path
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        try FileManager.default.copyItem(atPath: data + "/D5-T500.tsv", toPath: partial + "/D5-T500.tsv")
        let e = ComplexityEstimator(dataDirectory: partial)
        let expected = [3: "K4-T2000.tsv", 4: "K4-T2000.tsv", 5: "K5-T2000.tsv", 6: "K6-T2000.tsv", 7: "K9-T4000.tsv", 9: "K9-T4000.tsv"]
        for (m, file) in expected {
            XCTAssertThrowsError(try e.score(seq("0120"), options: ScoreOptions(alphabet: Alphabet(m)))) { error in
                guard case .tableMissing(let path, _) = error as? ScoringError else { return XCTFail("\(error)") }
                XCTAssertTrue(path.hasSuffix(file), path)
                XCTAssertTrue("\(error)".contains(file), "\(error)")
            }
        }
        // The binary table still serves binary strings.
        XCTAssertNoThrow(try e.score(seq("0110"), options: ScoreOptions(alphabet: Alphabet(2))))
    }

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    /// The shipped (4,m) tables serve alphabets 3-9 (3 uses K.4, 7-8 use K.9, as in ACSS).
    func testMultiSymbolTablesServeTheirAlphabets() throws {
        let e = try TestTables.estimator()
        let expected = [3: "K.4", 4: "K.4", 5: "K.5", 6: "K.6", 7: "K.9", 8: "K.9", 9: "K.9"]
        var previous = 0.0
        for m in [4, 5, 6, 9] {
            let s = try e.score(seq("0120"), options: ScoreOptions(alphabet: Alphabet(m)))
            XCTAssertEqual(s.table.name, expected[m])
            // More symbols, more possible strings: K of the same pattern grows with m.
            XCTAssertGreaterThan(s.complexity, previous)
            previous = s.complexity
        }
        for (m, name) in expected {
            let s = try e.score(seq("0120"), options: ScoreOptions(alphabet: Alphabet(m)))
            XCTAssertEqual(s.table.name, name, "alphabet \(m)")
        }
        // Binary K is exact; sampled K carries its sampling error.
        XCTAssertEqual(try e.score(seq("0110"), options: ScoreOptions(alphabet: Alphabet(2))).complexityStandardError, 0)
        let sampled = try e.score(seq("0120"), options: ScoreOptions(alphabet: Alphabet(9)))
        XCTAssertGreaterThan(sampled.complexityStandardError!, 0)
        XCTAssertLessThan(sampled.complexityStandardError!, 0.05)
        // Inferred from the distinct symbols, a 6-symbol string uses K.6.
        XCTAssertEqual(try e.score(seq("123456"), options: ScoreOptions()).table.name, "K.6")
    }
    #endif

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    /// D(6) scores binary strings when chosen by name; D(5) stays the default. K comes from the
    /// shipped D6-T1000.tsv through the pattern folding, and equals the coding theorem applied
    /// to the fully parsed table: two paths from the same counts.
    func testSixStateTableScoresBinaryStringsWhenChosen() throws {
        let data = TestTables.dataDirectory
        let d6 = try TableFile.read(path: data + "/D6-T1000.tsv")
        let ctm = CodingTheorem(table: d6)
        let descriptor = try XCTUnwrap(TableCatalog.descriptor(named: "D6-T1000"))
        let chosen = ComplexityEstimator(dataDirectory: data, using: [descriptor])
        let longest = descriptor.maxLength
        for s in ["0", "0101", "011010001110", "000000000000", String(repeating: "01", count: longest / 2),
                  String((0..<longest).map { $0 % 3 == 0 ? "1" : "0" })] {
            let symbols = s.map { $0 == "1" ? UInt8(1) : 0 }
            let estimate = try chosen.complexity(of: seq(s), alphabet: binary, fallback: nil)
            XCTAssertEqual(estimate.table.name, "D6-T1000")
            XCTAssertEqual(estimate.complexity, try XCTUnwrap(ctm.complexity(of: symbols)), accuracy: 1e-12, s)
        }
        XCTAssertEqual(try TestTables.estimator().complexity(of: seq("0101"), alphabet: binary, fallback: nil).table.name, "D5-T500")
        // Strings longer than the D(6) listing go to BDM, as longer than 12 do with D(5).
        let long = String(repeating: "0110", count: longest / 4 + 1)
        XCTAssertEqual(try chosen.complexity(of: seq(long), alphabet: binary).method, .bdm)
        XCTAssertNil(TableCatalog.descriptor(named: "D7"))
    }
    #endif
}
