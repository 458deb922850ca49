import Foundation
import Synchronization
import XCTest
@testable import ACSSCommandLine
import FrequencyTables

final class CampaignCommandTests: XCTestCase {
    func testStartRunShardStatusMergeGiveTheSingleRunTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acss-cc-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let merged = dir + "/D3.tsv", single = dir + "-single.tsv"
        defer { try? FileManager.default.removeItem(atPath: single) }
        XCTAssertEqual(CommandCapture().run(["campaign", "start", "--dir", dir, "--states", "3", "--steps", "21", "--shards", "4"]), 0)
        // One shard as a cluster task would run it, then the local runner for the rest.
        XCTAssertEqual(CommandCapture().run(["campaign", "shard", "--dir", dir, "--index", "3", "--threads", "1"]), 0)
        let partial = CommandCapture()
        XCTAssertEqual(partial.run(["campaign", "status", "--dir", dir, "--json"]), 0)
        let status = try JSONSerialization.jsonObject(with: Data(partial.stdout.utf8)) as? [String: Any]
        XCTAssertEqual(status?["done"] as? Int, 1)
        XCTAssertEqual(status?["remaining"] as? Int, 3)
        let early = CommandCapture()
        XCTAssertEqual(early.run(["campaign", "merge", "--dir", dir, "--out", merged]), 2)
        XCTAssertTrue(early.stderr.contains("not done"), early.stderr)
        XCTAssertEqual(CommandCapture().run(["campaign", "run", "--dir", dir, "--quiet"]), 0)
        XCTAssertEqual(CommandCapture().run(["campaign", "merge", "--dir", dir, "--out", merged]), 0)
        XCTAssertEqual(CommandCapture().run(["build", "--states", "3", "--steps", "21", "--out", single, "--quiet"]), 0)
        func stable(_ p: String) throws -> [Substring] {
            try String(contentsOfFile: p, encoding: .utf8).split(separator: "\n")
                .filter { !$0.hasPrefix("# cpu_seconds") && !$0.hasPrefix("# wall_seconds") }
        }
        XCTAssertEqual(try stable(merged), try stable(single))
    }

    func testBadArgumentsNameTheValue() {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acss-cc-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [([String], String)] = [
            (["campaign", "start", "--states", "3", "--steps", "21"], "--dir"),
            (["campaign", "launch", "--dir", dir], "launch"),
            (["campaign", "status", "--dir", dir + "/nowhere"], "nowhere"),
            (["campaign", "start", "--dir", dir, "--states", "3", "--steps", "21", "--shards", "0"], "0"),
        ]
        for (arguments, named) in cases {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 2, "\(arguments)")
            XCTAssertTrue(c.stderr.contains(named), "\(arguments): \(c.stderr)")
        }
        XCTAssertEqual(CommandCapture().run(["campaign", "start", "--dir", dir, "--states", "3", "--steps", "21", "--shards", "4"]), 0)
        let other = CommandCapture()
        XCTAssertEqual(other.run(["campaign", "start", "--dir", dir, "--states", "3", "--steps", "30", "--shards", "4"]), 2)
        XCTAssertTrue(other.stderr.contains("other parameters"), other.stderr)
        let index = CommandCapture()
        XCTAssertEqual(index.run(["campaign", "shard", "--dir", dir, "--index", "9"]), 2)
        XCTAssertTrue(index.stderr.contains("9"), index.stderr)
    }
}
