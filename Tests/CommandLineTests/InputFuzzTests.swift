import Foundation
import Scoring
@testable import StudyAnalysis
import TestSupport
import XCTest
@testable import ACSSCommandLine

/// Issue 12's fuzz test: random byte strings through `acss score -`, random mutations of a
/// study CSV through the long-layout reader and `acss study`. Fixed seed, a few thousand
/// cases. Properties: nothing crashes; a number is only ever the number of the text that was
/// really there (checked against the scoring API on a line split by this test's own rule);
/// every refusal names its line (or file).
final class InputFuzzTests: XCTestCase {
    let tables = Repository.data.path

    /// Valid text by the standard library's own validation (not StrictUTF8), without NUL.
    static func isText(_ bytes: [UInt8]) -> Bool {
        !bytes.contains(0) && String(validating: bytes, as: UTF8.self) != nil
    }

    /// A random line: mostly coin tosses, with invalid bytes, NUL, multi-byte characters,
    /// separators and plain noise mixed in. Never CR or LF (the test puts the line ends).
    static func randomLine(_ rng: inout SplitMix) -> [UInt8] {
        let length = Int(rng.next() % 24)
        var line: [UInt8] = []
        let pieces: [[UInt8]] = [[0x30], [0x31], [0x48], [0x54], [0x20], [0x2C], [0x00], [0xFF], [0xFE], [0xC3], [0xC3, 0xA9],
                                 [0xF0, 0x9F, 0x99, 0x82], [0xED, 0xA0, 0x80], [0xEF, 0xBB, 0xBF], [0x80], [0x22], [0x09]]
        for _ in 0..<length {
            switch rng.next() % 10 {
            case 0...5: line.append(UInt8(ascii: rng.next() & 1 == 0 ? "0" : "1"))
            case 6...8: line += pieces[Int(rng.next() % UInt64(pieces.count))]
            default:
                let b = UInt8(truncatingIfNeeded: rng.next())
                if b != 0x0A && b != 0x0D { line.append(b) }
            }
        }
        return line
    }

    func testRandomBytesThroughScore() throws {
        var rng = SplitMix(seed: 20_240_612)
        let estimator = ComplexityEstimator(dataDirectory: tables)
        let options = try ScoreOptions(alphabet: try Alphabet(2))
        var cases = 0
        for run in 0..<4 {
            // Line 1 is a plain sequence, so the input is never taken for a table header.
            var lines: [[UInt8]] = [Array("0110".utf8)]
            for _ in 0..<500 { lines.append(Self.randomLine(&rng)) }
            var input: [UInt8] = run % 2 == 0 ? [0xEF, 0xBB, 0xBF] : []
            var endedWithCR = false
            for (i, line) in lines.enumerated() {
                input += line
                let ends: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D]]
                if i < lines.count - 1 || rng.next() & 1 == 0 {
                    // After a CR, an empty line ending in LF would make CRLF: one line end.
                    let end = endedWithCR && line.isEmpty ? [0x0D] : ends[Int(rng.next() % 3)]
                    input += end
                    endedWithCR = end == [0x0D]
                }
            }
            let c = CommandCapture()
            let status = c.run(["score", "--tables", tables, "--alphabet", "2", "--format", "json", "-"], stdinBytes: input)
            let rows = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(c.stdout.utf8)) as? [[String: Any]], c.stdout)
            XCTAssertEqual(rows.count, lines.count, "one row per line, run \(run)")
            var failed = 0
            for (i, (line, row)) in zip(lines, rows).enumerated() {
                cases += 1
                let error = row["error"] as? String
                let k = row["K"] as? Double
                guard Self.isText(line) else {
                    XCTAssertNil(k, "line \(i + 1) is not text but was scored")
                    XCTAssertTrue(error?.contains("invalid UTF-8 at byte") == true || error?.contains("NUL byte at byte") == true,
                                  "line \(i + 1): \(error ?? "no error")")
                    failed += 1
                    continue
                }
                let text = String(decoding: line, as: UTF8.self)
                if let expected = try? estimator.score(SymbolSequence(parsing: text), options: options) {
                    // (Foundation's JSON parser may be off in the last bit: a changed number is not.)
                    XCTAssertEqual(k ?? .nan, expected.complexity, accuracy: 1e-12, "line \(i + 1) '\(text)': the number of its own text")
                    XCTAssertNil(error)
                    if let z = expected.zScore {
                        XCTAssertEqual((row["z"] as? Double) ?? .nan, z, accuracy: 1e-12, "line \(i + 1) '\(text)'")
                    } else {
                        XCTAssertNil(row["z"] as? Double, "line \(i + 1) '\(text)'")
                    }
                } else {
                    XCTAssertNil(k, "line \(i + 1) '\(text)'")
                    XCTAssertNotNil(error, "line \(i + 1) '\(text)'")
                    failed += 1
                }
            }
            XCTAssertEqual(status, failed == 0 ? 0 : 1, "run \(run)")
            // Every refusal shown names its line.
            let reported = c.stderr.split(separator: "\n").filter { !$0.contains(" strings failed") && !$0.contains("more failed rows") && !$0.contains("note:") && !$0.contains("warning:") }
            XCTAssertEqual(reported.count, min(failed, 20), c.stderr)
            for line in reported { XCTAssertTrue(line.hasPrefix("acss score: line "), String(line)) }
        }
        XCTAssertGreaterThanOrEqual(cases, 2000)
    }

    /// Random and mutated matrices and edge lists through `acss bdm --2d`, `acss perturb --2d`,
    /// `--network` and `--edge-list` (fixed seed): nothing crashes, every run ends with status
    /// 0, 1 or 2, a run that fails says why on stderr, and a run that succeeds writes the
    /// header and a row per element.
    func testRandomMatricesThroughTwoDimensionalCommands() throws {
        var rng = SplitMix(seed: 20_261_207)
        let pieces: [[UInt8]] = [Array("0".utf8), Array("1".utf8), Array(",".utf8), Array(" ".utf8), Array("\n".utf8), Array("\r\n".utf8),
                                 Array("2".utf8), Array("-1".utf8), Array("x".utf8), [0xFF], [0x00], Array("P1\n".utf8), Array("P4\n".utf8),
                                 Array("\"".utf8), Array(";".utf8), [0xC3, 0xA9], Array("a b\n".utf8)]
        let commands: [[String]] = [
            ["bdm", "--2d", "--table", "G4-T2000", "--block-size", "2", "--format", "csv", "--input", "-"],
            ["perturb", "--2d", "--table", "G4-T2000", "--block-size", "2", "--format", "csv", "--quiet", "--input", "-"],
            ["perturb", "--network", "--table", "G4-T2000", "--block-size", "2", "--format", "csv", "--quiet", "--input", "-"],
            ["perturb", "--edge-list", "-", "--table", "G4-T2000", "--block-size", "2", "--format", "csv", "--quiet"],
        ]
        var outcomes = [Int32: Int]()
        for i in 0..<96 {
            var input: [UInt8] = []
            if rng.next() % 3 == 0 {
                // A valid square matrix, then mutated in a few places.
                let n = 2 + Int(rng.next() % 5)
                for r in 0..<n {
                    input += Array((0..<n).map { c in (r + c + Int(rng.next() % 2)) % 2 == 0 ? "0" : "1" }.joined(separator: ",").utf8)
                    input.append(0x0A)
                }
                for _ in 0..<Int(rng.next() % 3) where !input.isEmpty {
                    input[Int(rng.next() % UInt64(input.count))] = pieces[Int(rng.next() % UInt64(pieces.count))].first!
                }
            } else {
                for _ in 0..<Int(rng.next() % 40) { input += pieces[Int(rng.next() % UInt64(pieces.count))] }
            }
            let command = commands[i % commands.count]
            let c = CommandCapture()
            let status = c.run([command[0], "--tables", tables] + command.dropFirst(), stdinBytes: input)
            outcomes[status, default: 0] += 1
            XCTAssertTrue([0, 1, 2].contains(status), "\(command) on \(input): status \(status)")
            if status == 0 {
                XCTAssertTrue(c.stdout.hasPrefix(command[0] == "bdm" ? "array," : "input,"), "\(command): \(c.stdout.prefix(200))")
            } else {
                XCTAssertFalse(c.stderr.isEmpty, "\(command) failed silently on \(input)")
            }
        }
        XCTAssertGreaterThan(outcomes[0, default: 0], 5, "some inputs are valid: \(outcomes)")
        XCTAssertGreaterThan(outcomes[2, default: 0] + outcomes[1, default: 0], 5, "some are refused: \(outcomes)")
    }

    /// The study's base file: toss responses of 8 participants, in the long layout.
    static let base: String = {
        let tosses = ["010011010110", "110100101100", "001011010011", "101100110100", "011010011001", "100101100110", "000111000111", "010101010101"]
        return (["participant_id,task,response,age,rt_s"] + tosses.enumerated().map { i, t in "p\(i),toss,\(t),\(20 + i),\(3 + i)" })
            .joined(separator: "\n") + "\n"
    }()

    static func mutate(_ bytes: [UInt8], _ rng: inout SplitMix) -> [UInt8] {
        var b = bytes
        let specials: [UInt8] = [0x22, 0x2C, 0x3B, 0x09, 0x0D, 0x0A, 0x00, 0xFF, 0xC3, 0x78, 0x2E, 0x2D, 0x65, 0x30, 0x31]
        for _ in 0...(rng.next() % 3) {
            let at = Int(rng.next() % UInt64(b.count))
            switch rng.next() % 5 {
            case 0: b.remove(at: at)
            case 1: b.insert(specials[Int(rng.next() % UInt64(specials.count))], at: at)
            case 2: b[at] = specials[Int(rng.next() % UInt64(specials.count))]
            case 3: b.insert(contentsOf: Array("0x1".utf8), at: at)
            default: b[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            if b.isEmpty { b = [0x0A] }
        }
        return b
    }

    /// The test's own line split: LF, CRLF or CR.
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = [[]]
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A || bytes[i] == 0x0D {
                if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A { i += 1 }
                result.append([])
            } else {
                result[result.count - 1].append(bytes[i])
            }
            i += 1
        }
        return result
    }

    func testRandomCSVMutationsThroughTheStudyReader() throws {
        var rng = SplitMix(seed: 7)
        let base = Array(Self.base.utf8)
        for n in 0..<2000 {
            let mutated = Self.mutate(base, &rng)
            let input: StudyInput
            do {
                input = try LongLayoutReader.read(bytes: mutated, registry: .gauvrit2017, source: "fuzz.csv")
            } catch {
                XCTAssertTrue(error.description.hasPrefix("fuzz.csv: "), "case \(n): a refusal names the file: \(error)")
                continue
            }
            let lines = Self.lines(mutated)
            for issue in input.issues {
                XCTAssertTrue(issue.description.hasPrefix("line \(issue.line): "), "case \(n): \(issue)")
                XCTAssertTrue((1...lines.count).contains(issue.line), "case \(n): \(issue)")
            }
            // Every response read is exactly what its line says (when the line is plain
            // comma-separated text this test can split itself).
            for r in input.responses {
                let line = lines[r.line - 1]
                guard Self.isText(line), !line.contains(0x22), let text = String(validating: line, as: UTF8.self) else { continue }
                // The reader trims spaces and tabs around fields (not inside the response).
                let raw = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                let fields = raw.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \t")) }
                guard fields.count == 5, fields[1] == "toss" else {
                    // Only a header other than the base one can make another row shape valid.
                    XCTAssertNotEqual(lines[0], Array("participant_id,task,response,age,rt_s".utf8), "case \(n), line \(r.line): \(text)")
                    continue
                }
                XCTAssertEqual(r.text, raw[2], "case \(n), line \(r.line)")
                XCTAssertEqual(input.participants[r.participant].id, fields[0], "case \(n), line \(r.line)")
                if let age = input.participants[r.participant].age, input.participants.filter({ $0.id == fields[0] }).count == 1 {
                    XCTAssertEqual(age, Double(fields[3]), "case \(n), line \(r.line)")
                    XCTAssertFalse(fields[3].lowercased().contains("x"), "case \(n): hexadecimal age \(fields[3]) accepted")
                }
                if !r.responseSeconds.isNaN {
                    XCTAssertEqual(r.responseSeconds, Double(fields[4]), "case \(n), line \(r.line)")
                    XCTAssertFalse(fields[4].lowercased().contains("x"), "case \(n): hexadecimal rt \(fields[4]) accepted")
                }
            }
        }
    }

    /// Through the whole command: exit 0 only when every row was read and scored as written.
    func testRandomCSVMutationsThroughStudy() throws {
        var rng = SplitMix(seed: 11)
        let base = Array(Self.base.utf8)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("acss-fuzz-\(UUID())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let file = (scratch as NSString).appendingPathComponent("in.csv")
        for n in 0..<8 {
            let mutated = Self.mutate(base, &rng)
            try Data(mutated).write(to: URL(fileURLWithPath: file))
            let c = CommandCapture()
            let status = c.run(["study", file, "--out", (scratch as NSString).appendingPathComponent("out"), "--tables", tables,
                                "--bootstrap", "0", "--no-plots", "--quiet"])
            XCTAssertTrue([0, 1, 2].contains(status), "case \(n)")
            for line in c.stderr.split(separator: "\n") where !line.contains("warning:") && !line.contains("task grid") {
                XCTAssertTrue(line.contains(file) || line.contains("... and ") || line.contains("the report is incomplete"),
                              "case \(n): a refusal names the file or line: \(line)")
            }
            if status == 0 {
                // Nothing was refused: every data line of the base that survived is scored as written.
                let responses = try String(contentsOfFile: (scratch as NSString).appendingPathComponent("out/responses.csv"), encoding: .utf8)
                XCTAssertEqual(c.stderr.contains("row skipped"), false, "case \(n)")
                for line in Self.lines(mutated).dropFirst() where Self.isText(line) && !line.isEmpty {
                    let fields = String(decoding: line, as: UTF8.self).split(separator: ",").map(String.init)
                    if fields.count == 5 { XCTAssertTrue(responses.contains(fields[2]), "case \(n): \(fields[2]) missing from responses.csv") }
                }
            }
        }
    }
}
