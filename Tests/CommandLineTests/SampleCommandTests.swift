import Foundation
import Synchronization
import XCTest
@testable import ACSSCommandLine
import FrequencyTables

final class SampleCommandTests: XCTestCase {
    func path(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("acss-\(UUID())-\(name)").path
    }

    func stable(_ p: String) throws -> [Substring] {
        try String(contentsOfFile: p, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("# cpu_seconds") && !$0.hasPrefix("# wall_seconds") }
    }

    func testShardedSampleMergesToTheSingleRunFile() throws {
        let base = ["sample", "--states", "2", "--symbols", "3", "--steps", "40", "--samples", "3e3", "--seed", "9", "--quiet"]
        let whole = path("whole.tsv"), merged = path("merged.tsv")
        let parts = (1...3).map { path("part\($0).tsv") }
        defer { for p in [whole, merged] + parts { try? FileManager.default.removeItem(atPath: p) } }
        XCTAssertEqual(CommandCapture().run(base + ["--threads", "1", "--out", whole]), 0)
        for (i, p) in parts.enumerated() {
            let c = CommandCapture()
            XCTAssertEqual(c.run(base + ["--threads", "2", "--shard", "\(i + 1)/3", "--out", p]), 0, c.stderr)
        }
        let c = CommandCapture()
        XCTAssertEqual(c.run(["merge"] + parts + ["--out", merged]), 0, c.stderr)
        XCTAssertEqual(try stable(merged), try stable(whole))
        // The table is readable and comparable.
        let info = CommandCapture()
        XCTAssertEqual(info.run(["table", "info", whole, "--top", "3"]), 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("sampled"))
        let compare = CommandCapture()
        XCTAssertEqual(compare.run(["table", "compare", whole]), 0, compare.stderr)
    }

    func testBadArgumentsNameTheValue() {
        let out = path("x.tsv")
        let cases: [([String], String)] = [
            (["sample", "--states", "4", "--symbols", "9", "--steps", "10", "--samples", "-3", "--out", out], "-3"),
            (["sample", "--states", "4", "--symbols", "9", "--steps", "10", "--samples", "many", "--out", out], "many"),
            (["sample", "--states", "4", "--symbols", "9", "--steps", "10", "--samples", "10", "--seed", "x", "--out", out], "x"),
            (["sample", "--states", "4", "--symbols", "9", "--steps", "10", "--samples", "10", "--depth", "99", "--out", out], "99"),
            (["sample", "--states", "4", "--symbols", "9", "--steps", "10", "--samples", "10", "--shard", "4/3", "--out", out], "4/3"),
            (["sample", "--states", "4", "--symbols", "17", "--steps", "10", "--samples", "10", "--out", out], "17"),
            (["sample", "--states", "4", "--symbols", "9", "--samples", "10", "--out", out], "--steps"),
        ]
        for (arguments, named) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 2, "\(arguments)")
            XCTAssertTrue(c.stderr.contains(named), "\(arguments): \(c.stderr)")
        }
    }
}
