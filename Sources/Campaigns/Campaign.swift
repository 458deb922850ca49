import Enumeration
import Foundation
import FrequencyTables
import TuringMachines

/// A resumable, sharded exhaustive enumeration kept in one folder.
///
/// `campaign.txt` holds the parameters; every finished shard is a partial table
/// `shard-IIIII-of-KKKKK.tsv`, written atomically (temporary file, then rename) only after the
/// shard ran to the end. So the folder's state is always "these shards are done": a runner
/// killed at any point loses only the shard it was running, never writes half a shard, and
/// never counts one twice (a shard is a file name, and `OutputTable.merge` refuses repeats).
/// Shard files are validated (checksum, counts, parameters) whenever the status is read; a
/// damaged one is moved aside and run again.
///
/// Any scheduler can run the shards: the local runner (`run`), or one cluster job per shard
/// (`runShard(_:threads:)`, used by the Slurm array script in scripts/slurm/).
public struct Campaign: Sendable {
    public struct Parameters: Sendable, Equatable {
        public var space: MachineSpace
        public var stepCap: Int
        public var shards: Int
        public var splitLevel: Int
        public var detectNonHalting: Bool

        public init(space: MachineSpace, stepCap: Int, shards: Int, splitLevel: Int? = nil,
                    detectNonHalting: Bool = true) {
            self.space = space
            self.stepCap = stepCap
            self.shards = shards
            self.splitLevel = splitLevel ?? TreeEnumerator.defaultSplitLevel(space)
            self.detectNonHalting = detectNonHalting
        }
    }

    public let directory: String
    public let parameters: Parameters

    static let magic = "# acss campaign"
    public static let parametersFile = "campaign.txt"

    /// Creates the folder and its parameter file, or opens an existing campaign with the same
    /// parameters (so `start` is idempotent); different parameters are an error.
    public static func create(directory: String, parameters: Parameters) throws(CampaignError) -> Campaign {
        guard parameters.space.machineCount != nil else { throw .invalid("the space \(parameters.space) cannot be enumerated exhaustively") }
        guard (1...1_000_000).contains(parameters.shards) else { throw .invalid("invalid shard count \(parameters.shards): expected 1...1000000") }
        guard (1...parameters.space.entryCount).contains(parameters.splitLevel) else {
            throw .invalid("invalid split level \(parameters.splitLevel): expected 1...\(parameters.space.entryCount)")
        }
        let file = (directory as NSString).appendingPathComponent(parametersFile)
        if FileManager.default.fileExists(atPath: file) {
            let existing = try open(directory: directory)
            guard existing.parameters == parameters else {
                throw .invalid("\(directory) already holds a campaign with other parameters (\(describe(existing.parameters))); use another folder")
            }
            return existing
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let text = """
            \(magic)
            # states: \(parameters.space.states)
            # symbols: \(parameters.space.symbols)
            # steps: \(parameters.stepCap)
            # shards: \(parameters.shards)
            # split_level: \(parameters.splitLevel)
            # detect_non_halting: \(parameters.detectNonHalting)

            """
            try Data(text.utf8).write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw .io("cannot create campaign in \(directory): \(error.localizedDescription)")
        }
        return Campaign(directory: directory, parameters: parameters)
    }

    public static func open(directory: String) throws(CampaignError) -> Campaign {
        let file = (directory as NSString).appendingPathComponent(parametersFile)
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw .io("no campaign in \(directory) (cannot read \(file)); create one with acss campaign start")
        }
        var values: [String: String] = [:]
        let lines = text.split(separator: "\n")
        guard lines.first == Substring(magic) else { throw .invalid("\(file) is not an acss campaign file") }
        for line in lines.dropFirst() where line.hasPrefix("# ") {
            let parts = line.dropFirst(2).split(separator: ":", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces) }
        }
        func int(_ key: String) throws(CampaignError) -> Int {
            guard let v = values[key].flatMap({ Int($0) }) else { throw .invalid("\(file): missing or invalid '\(key)'") }
            return v
        }
        let space: MachineSpace
        do { space = try MachineSpace(states: try int("states"), symbols: try int("symbols")) } catch {
            throw .invalid("\(file): \(error)")
        }
        return Campaign(directory: directory, parameters: Parameters(
            space: space, stepCap: try int("steps"), shards: try int("shards"),
            splitLevel: try int("split_level"), detectNonHalting: values["detect_non_halting"] != "false"))
    }

    static func describe(_ p: Parameters) -> String {
        "\(p.space) T=\(p.stepCap), \(p.shards) shards, split level \(p.splitLevel)"
    }

    public func shardPath(_ index: Int) -> String {
        let width = max(5, String(parameters.shards).count)
        func pad(_ i: Int) -> String { let s = String(i); return String(repeating: "0", count: width - s.count) + s }
        return (directory as NSString).appendingPathComponent("shard-\(pad(index))-of-\(pad(parameters.shards)).tsv")
    }

    /// What is done, read from the folder.
    public struct Status: Sendable {
        public var done: [Int]
        public var remaining: [Int]
        /// Shard files that failed validation (moved aside to `*.damaged`), to be run again.
        public var damaged: [String]
        public var cpuSeconds: Double
        public var machinesDone: UInt128
        public var total: Int { done.count + remaining.count }
        /// CPU seconds still needed, extrapolated from the finished shards (they are similar:
        /// round-robin over thousands of subtrees).
        public var estimatedRemainingCPUSeconds: Double? {
            done.isEmpty ? nil : cpuSeconds / Double(done.count) * Double(remaining.count)
        }
    }

    public func status() -> Status {
        var status = Status(done: [], remaining: [], damaged: [], cpuSeconds: 0, machinesDone: 0)
        for i in 1...parameters.shards {
            let path = shardPath(i)
            guard FileManager.default.fileExists(atPath: path) else { status.remaining.append(i); continue }
            do {
                let header = try TableFile.scan(path: path) { _, _ in }
                guard header.space == parameters.space, header.stepCap == parameters.stepCap,
                      header.part == part(i)
                else { throw TableFileError.badHeaderValue(source: path, key: "shard", value: "parameters differ from the campaign") }
                status.done.append(i)
                status.cpuSeconds += header.timing.cpuSeconds
                status.machinesDone += header.machines
            } catch {
                let aside = path + ".damaged"
                try? FileManager.default.removeItem(atPath: aside)
                try? FileManager.default.moveItem(atPath: path, toPath: aside)
                status.damaged.append("\(path): \(error)")
                status.remaining.append(i)
            }
        }
        return status
    }

    /// Runs shard `index` and writes its table atomically. Safe to call from several processes
    /// for different shards; for the same shard the last writer wins with identical content.
    @discardableResult
    public func runShard(_ index: Int, threads: Int,
                         progress: (@Sendable (TreeEnumerator.Progress) -> Void)? = nil) throws(CampaignError) -> OutputTable {
        guard (1...parameters.shards).contains(index) else {
            throw .invalid("invalid shard index \(index): expected 1...\(parameters.shards)")
        }
        var enumerator: TreeEnumerator
        do {
            enumerator = try TreeEnumerator(space: parameters.space, stepCap: parameters.stepCap, threads: threads,
                                            detectNonHalting: parameters.detectNonHalting)
            enumerator.shard = try Shard(index: index, count: parameters.shards)
        } catch {
            throw .invalid("\(error)")
        }
        enumerator.splitLevel = parameters.splitLevel
        let (result, timing) = RunTiming.measure { enumerator.run(progressInterval: 5, progress: progress) }
        guard result.totalWeight == result.expectedWeight else {
            throw .invalid("internal error: shard \(index) leaf weights add up to \(result.totalWeight), expected \(result.expectedWeight)")
        }
        let table = OutputTable(result, timing: timing)
        do { try TableFile.write(table, to: shardPath(index)) } catch { throw .io("\(error)") }
        return table
    }

    /// The merged table, once every shard is done.
    /// Sums the shard files one at a time (`OutputTable.Merger`); `progress` hears after each.
    public func merge(progress: (_ merged: Int, _ of: Int) -> Void = { _, _ in }) throws(CampaignError) -> OutputTable {
        let status = status()
        guard status.remaining.isEmpty else {
            throw .incomplete("\(status.remaining.count) of \(parameters.shards) shards are not done yet (first: \(status.remaining.prefix(5).map(String.init).joined(separator: ", ")))")
        }
        var merger = OutputTable.Merger()
        do throws(TableMergeError) {
            for i in 1...parameters.shards {
                try merger.add(path: shardPath(i))
                progress(i, parameters.shards)
            }
            return try merger.finish()
        } catch {
            if case .unreadable(let e) = error { throw .io(e.description) }
            throw .invalid(error.description)
        }
    }

    /// The part of the split run that shard `index` holds.
    func part(_ index: Int) -> OutputTable.Part? {
        (try? Shard(index: index, count: parameters.shards)).map { OutputTable.Part(shard: $0, splitLevel: parameters.splitLevel) }
    }

    /// One finished shard of a local run (`runRemaining`).
    public struct ShardReport: Sendable {
        public var index: Int
        public var table: OutputTable
        /// The campaign's state after this shard.
        public var status: Status
        /// Mean wall seconds per shard in this run so far, for an ETA.
        public var wallSecondsPerShard: Double
    }

    /// The local runner: takes the campaign's lock (`CampaignLock`), then runs the remaining
    /// shards in order, at most `maxShards` of them, each with `threads` threads. `damaged`
    /// hears of every shard file that failed validation (it is run again); `shardDone` hears
    /// after each shard. Kill it at any time: only the shard in progress is lost. Returns the
    /// status read from the folder at the end.
    @discardableResult
    public func runRemaining(threads: Int, maxShards: Int = .max, damaged: (String) -> Void = { _ in },
                             shardDone: (ShardReport) -> Void = { _ in }) throws(CampaignError) -> Status {
        let lock = try CampaignLock(directory: directory)
        defer { withExtendedLifetime(lock) {} }
        var status = status()
        status.damaged.forEach(damaged)
        var ran = 0
        let start = ProcessUsage.wallClock()
        for index in status.remaining {
            if ran >= maxShards { break }
            let table = try runShard(index, threads: threads)
            ran += 1
            status.done.append(index)
            status.remaining.removeAll { $0 == index }
            status.cpuSeconds += table.timing.cpuSeconds
            shardDone(ShardReport(index: index, table: table, status: status,
                                  wallSecondsPerShard: (ProcessUsage.wallClock() - start) / Double(ran)))
        }
        return self.status()
    }
}

/// An exclusive claim on a campaign folder for one local runner (a second runner on the same
/// folder would only redo work, but it would halve the speed of both). A lock left behind by a
/// killed runner is taken over: its process no longer exists.
public final class CampaignLock {
    let path: String

    public init(directory: String) throws(CampaignError) {
        path = (directory as NSString).appendingPathComponent("runner.lock")
        let me = "\(getpid())"
        for _ in 0..<2 {
            let fd = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY, 0o644)
            if fd >= 0 {
                _ = me.withCString { write(fd, $0, strlen($0)) }
                close(fd)
                return
            }
            if let text = try? String(contentsOfFile: path, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)),
               pid != getpid(), kill(pid, 0) == 0 || errno == EPERM {
                throw .busy("another runner (pid \(pid)) is working on \(directory); stop it or wait (the lock is \(path))")
            }
            unlink(path) // stale: its runner is gone
        }
        throw .io("cannot create the lock file \(path)")
    }

    deinit { unlink(path) }
}

public enum CampaignError: Error, CustomStringConvertible {
    case invalid(String)
    case io(String)
    case incomplete(String)
    case busy(String)

    public var description: String {
        switch self {
        case .invalid(let s), .io(let s), .incomplete(let s), .busy(let s): return s
        }
    }
}
