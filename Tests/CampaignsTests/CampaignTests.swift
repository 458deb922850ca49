import Foundation
import XCTest
@testable import Campaigns
@testable import Enumeration
@testable import FrequencyTables
import TuringMachines

final class CampaignTests: XCTestCase {
    func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("acss-campaign-\(UUID())").path
    }

    func singleRun(states: Int, steps: Int) throws -> EnumerationResult {
        try TreeEnumerator(space: try MachineSpace(states: states, symbols: 2), stepCap: steps, threads: 2).run()
    }

    #if ACSS_LONG_TESTS  // long: CI runs it in release mode (.ci/run)
    /// Shards of D(4) merged in any order give exactly the single run's table.
    func testShardsMergeToTheSingleRun() throws {
        let space = try MachineSpace(states: 4, symbols: 2)
        let whole = try singleRun(states: 4, steps: 107)
        for k in [1, 3, 7] {
            var parts: [OutputTable] = []
            for i in 1...k {
                var e = try TreeEnumerator(space: space, stepCap: 107, threads: 1)
                e.shard = try Shard(index: i, count: k)
                let r = e.run()
                XCTAssertEqual(r.totalWeight, r.expectedWeight, "shard \(i)/\(k)")
                parts.append(OutputTable(r))
            }
            let merged = try OutputTable.merge(parts.reversed())
            XCTAssertEqual(merged.machines, space.machineCount)
            XCTAssertEqual(merged.halting, whole.halting)
            XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(merged.strings, merged.counts)), whole.counts, "k=\(k)")
            XCTAssertEqual(merged.latestHalt, 107)
            if k > 1 {
                XCTAssertThrowsError(try OutputTable.merge(Array(parts.dropLast()))) {
                    XCTAssertTrue("\($0)".contains("missing shards"), "\($0)")
                }
                XCTAssertThrowsError(try OutputTable.merge(parts + [parts[0]])) {
                    XCTAssertTrue("\($0)".contains("twice"), "\($0)")
                }
            }
        }
    }
    #endif

    /// A 2-D campaign: its shards, run through the campaign folder (one of them damaged and
    /// run again), merge into the table one `GridTreeEnumerator` run gives.
    func testGridCampaignMergesToTheSingleRun() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let campaign = try Campaign.create(directory: dir, parameters: Campaign.Parameters(
            space: try MachineSpace(states: 3, symbols: 2), stepCap: 60, shards: 4, dimensions: 2))
        XCTAssertEqual(try Campaign.open(directory: dir).parameters.dimensions, 2)
        try campaign.runRemaining(threads: 2)
        // A damaged shard is moved aside and run again.
        let shard2 = campaign.shardPath(2)
        let text = try String(contentsOfFile: shard2, encoding: .utf8)
        try String(text.dropLast(12)).write(toFile: shard2, atomically: true, encoding: .utf8) // truncated
        let status = campaign.status()
        XCTAssertEqual(status.remaining, [2])
        XCTAssertEqual(status.damaged.count, 1)
        try campaign.runRemaining(threads: 1)
        let merged = try campaign.mergeGrid()
        let single = try GridOutputTable(try GridTreeEnumerator(states: 3, stepCap: 60).run())
        XCTAssertEqual(GridTableFile.render(merged).split(separator: "\n").filter { !$0.contains("_seconds") },
                       GridTableFile.render(single).split(separator: "\n").filter { !$0.contains("_seconds") })
        XCTAssertThrowsError(try campaign.merge())
        XCTAssertThrowsError(try Campaign.create(directory: scratch(), parameters: Campaign.Parameters(
            space: try MachineSpace(states: 3, symbols: 3), stepCap: 60, shards: 4, dimensions: 2)))
    }

    func testMergeRefusesTablesOfDifferentRuns() throws {
        let space = try MachineSpace(states: 2, symbols: 2)
        func part(_ steps: Int, _ i: Int, _ k: Int) throws -> OutputTable {
            var e = try TreeEnumerator(space: space, stepCap: steps)
            e.shard = try Shard(index: i, count: k)
            let r = e.run()
            return OutputTable(r)
        }
        XCTAssertThrowsError(try OutputTable.merge([try part(6, 1, 2), try part(7, 2, 2)])) {
            XCTAssertTrue("\($0)".contains("different run"), "\($0)")
        }
        XCTAssertThrowsError(try Shard(parsing: "3/2"))
        XCTAssertThrowsError(try Shard(parsing: "0/2"))
        XCTAssertThrowsError(try Shard(parsing: "x"))
    }

    /// A campaign interrupted after some shards, with one shard file damaged (as a kill during
    /// a non-atomic copy would leave it), resumes and merges to the single run's table.
    func testCampaignResumesAndRepairs() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let parameters = Campaign.Parameters(space: try MachineSpace(states: 4, symbols: 2), stepCap: 107, shards: 6)
        let campaign = try Campaign.create(directory: dir, parameters: parameters)
        XCTAssertEqual(campaign.status().remaining, [1, 2, 3, 4, 5, 6])
        try campaign.runShard(2, threads: 1)
        try campaign.runShard(5, threads: 2)
        XCTAssertEqual(campaign.status().done, [2, 5])
        XCTAssertThrowsError(try campaign.merge()) { XCTAssertTrue("\($0)".contains("not done"), "\($0)") }

        // Damage shard 5: truncate it.
        let path = campaign.shardPath(5)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text.removeLast(10)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        // Reopen from the folder, as a new process would.
        let reopened = try Campaign.open(directory: dir)
        XCTAssertEqual(reopened.parameters, campaign.parameters)
        let status = reopened.status()
        XCTAssertEqual(status.done, [2])
        XCTAssertEqual(status.damaged.count, 1)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + ".damaged"))
        for i in status.remaining { try reopened.runShard(i, threads: 2) }
        let merged = try reopened.merge()
        let whole = try singleRun(states: 4, steps: 107)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: zip(merged.strings, merged.counts)), whole.counts)
        XCTAssertEqual(merged.machines, parameters.space.machineCount)

        // Starting again with other parameters is refused; with the same ones it reopens.
        var other = parameters
        other.shards = 7
        XCTAssertThrowsError(try Campaign.create(directory: dir, parameters: other))
        XCTAssertNoThrow(try Campaign.create(directory: dir, parameters: parameters))
    }

    /// A campaign with depth tables: every shard writes its depths, a missing or foreign depth
    /// file makes the shard damaged, and the merged depths are the single run's.
    func testDepthTablesMergeToTheSingleRunsDepths() throws {
        let dir = scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let parameters = Campaign.Parameters(space: try MachineSpace(states: 3, symbols: 2), stepCap: 21, shards: 4, depth: true)
        let campaign = try Campaign.create(directory: dir, parameters: parameters)
        XCTAssertEqual(try Campaign.open(directory: dir).parameters, parameters, "the flag survives the parameter file")
        XCTAssertThrowsError(try campaign.mergeDepths()) { XCTAssertTrue("\($0)".contains("not done"), "\($0)") }
        for i in 1...4 { try campaign.runShard(i, threads: 1) }
        // Shard 3 loses its depths: the shard is run again.
        try FileManager.default.removeItem(atPath: campaign.depthPath(3))
        let status = campaign.status()
        XCTAssertEqual(status.done, [1, 2, 4])
        XCTAssertEqual(status.damaged.count, 1)
        try campaign.runShard(3, threads: 2)
        // Shard 4's depths replaced by shard 2's: refused as not going with the table.
        try FileManager.default.removeItem(atPath: campaign.depthPath(4))
        try FileManager.default.copyItem(atPath: campaign.depthPath(2), toPath: campaign.depthPath(4))
        XCTAssertEqual(campaign.status().remaining, [4])
        try campaign.runShard(4, threads: 1)
        let merged = try campaign.mergeDepths()
        let whole = DepthTable(try singleRun(states: 3, steps: 21))
        XCTAssertEqual(merged.strings, whole.strings)
        XCTAssertEqual(merged.depths, whole.depths)
        XCTAssertEqual(merged.machines, parameters.space.machineCount)
        // Depths are for 1-D enumerations only.
        XCTAssertThrowsError(try Campaign.create(directory: scratch(), parameters: Campaign.Parameters(
            space: try MachineSpace(states: 3, symbols: 2), stepCap: 21, shards: 2, dimensions: 2, depth: true)))
        let plain = try Campaign.create(directory: scratch(), parameters: Campaign.Parameters(
            space: try MachineSpace(states: 2, symbols: 2), stepCap: 6, shards: 1))
        defer { try? FileManager.default.removeItem(atPath: plain.directory) }
        XCTAssertThrowsError(try plain.mergeDepths()) { XCTAssertTrue("\($0)".contains("--depth"), "\($0)") }
    }

    func testLockRefusesASecondLiveRunnerAndTakesOverAStaleOne() throws {
        let dir = scratch()
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A stale lock: a pid that does not exist.
        try "999999999".write(toFile: dir + "/runner.lock", atomically: true, encoding: .utf8)
        var lock: CampaignLock? = try CampaignLock(directory: dir)
        XCTAssertNotNil(lock)
        // A live one: pid 1 always exists.
        lock = nil
        try "1".write(toFile: dir + "/runner.lock", atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try CampaignLock(directory: dir)) { XCTAssertTrue("\($0)".contains("pid 1"), "\($0)") }
    }
}

/// A sampling campaign: shards of one `StratifiedSampler` run, merged to its table.
final class SamplingCampaignTests: XCTestCase {
    func testSamplingCampaignMergesToTheSingleRunAndRejectsOtherRuns() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acss-sampling-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let space = try MachineSpace(states: 3, symbols: 3)
        let sampling = Campaign.Sampling(samples: 3_000, seed: 4, depth: 2, estimator: .raoBlackwellised(splitSpans: [5]), keepLength: 7)
        let parameters = Campaign.Parameters(space: space, stepCap: 40, shards: 4, sampling: sampling)
        let campaign = try Campaign.create(directory: dir, parameters: parameters)
        XCTAssertEqual(try Campaign.open(directory: dir).parameters, parameters)
        try campaign.runShard(3, threads: 1)
        XCTAssertEqual(campaign.status().done, [3])
        XCTAssertThrowsError(try campaign.mergeSampled()) { XCTAssertTrue("\($0)".contains("3 of 4 shards are not done"), "\($0)") }
        try campaign.runRemaining(threads: 2)
        let merged = try campaign.mergeSampled()

        var single = try StratifiedSampler(space: space, stepCap: 40, samples: 3_000, seed: 4, depth: 2, threads: 1)
        single.estimator = sampling.estimator
        single.keepLength = 7
        let expected = SampledTable(single.run())
        XCTAssertEqual(merged, expected)
        XCTAssertFalse(merged.longerCounts.isEmpty)

        // Other parameters: the campaign refuses them; a shard of another run is damaged.
        var other = parameters
        other.sampling!.seed = 5
        XCTAssertThrowsError(try Campaign.create(directory: dir, parameters: other))
        var foreign = single
        foreign.seed = 5
        foreign.shard = try Shard(index: 2, count: 4)
        try SampledTableFile.write(SampledTable(foreign.run()), to: campaign.shardPath(2))
        let status = campaign.status()
        XCTAssertEqual(status.remaining, [2])
        XCTAssertEqual(status.damaged.count, 1)
    }

    /// campaign.txt is read through TextLines: CRLF or CR line ends (an editor on another
    /// system) read the same; bytes that are not text are an error naming the file and line.
    func testCampaignFileLineEndsAndStrictText() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acss-campaign-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let parameters = Campaign.Parameters(space: try MachineSpace(states: 2, symbols: 2), stepCap: 6, shards: 3)
        _ = try Campaign.create(directory: dir, parameters: parameters)
        let file = (dir as NSString).appendingPathComponent(Campaign.parametersFile)
        let original = try String(contentsOfFile: file, encoding: .utf8)
        for end in ["\r\n", "\r"] {
            try original.replacingOccurrences(of: "\n", with: end).write(toFile: file, atomically: true, encoding: .utf8)
            let reopened = try Campaign.open(directory: dir)
            XCTAssertEqual(Campaign.describe(reopened.parameters), Campaign.describe(parameters), end.debugDescription)
        }
        var bytes = Array(original.utf8)
        let line2 = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 3
        bytes[line2] = 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        XCTAssertThrowsError(try Campaign.open(directory: dir)) { error in
            XCTAssertTrue("\(error)".contains("campaign.txt:2: invalid UTF-8 at byte 3 (0xFF)"), "\(error)")
        }
    }
}

/// Issue 12: a damaged shard is named when a merge is refused; half-written files of killed
/// writers are cleaned up.
final class CampaignRepairMessageTests: XCTestCase {
    func testMergeNamesTheDamagedShardAndStaleTemporariesAreRemoved() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("acss-damaged-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let campaign = try Campaign.create(directory: dir, parameters: .init(space: try MachineSpace(states: 2, symbols: 2), stepCap: 6, shards: 3))
        try campaign.runRemaining(threads: 1)
        // A shard truncated on disk, and the temporary file of a writer that no longer exists
        // (pid 2^22 + 1 is above Linux's pid_max default of 2^22).
        let shard = campaign.shardPath(2)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: shard))
        try bytes.prefix(bytes.count - 10).write(to: URL(fileURLWithPath: shard))
        let stale = (dir as NSString).appendingPathComponent(".shard-00001-of-00003.tsv.tmp-4194305")
        try Data("half".utf8).write(to: URL(fileURLWithPath: stale))
        XCTAssertThrowsError(try campaign.merge()) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("1 of 3 shards are not done yet") && text.contains("damaged") && text.contains("shard-00002-of-00003.tsv"), text)
            XCTAssertTrue(text.contains("shard-00002-of-00003.tsv: /"), text) // the reason follows the name
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale))
        try campaign.runRemaining(threads: 1)
        XCTAssertNoThrow(try campaign.merge())
    }
}
