import Enumeration
import Foundation
import TextInput
import FrequencyTables
import TuringMachines

/// A resumable, sharded exhaustive enumeration, or sampling run, kept in one folder.
///
/// `campaign.txt` holds the parameters; every finished shard is a partial table
/// `shard-IIIII-of-KKKKK.tsv`, written atomically (temporary file, then rename) only after the
/// shard ran to the end. So the folder's state is always "these shards are done": a runner
/// killed at any point loses only the shard it was running, never writes half a shard, and
/// never counts one twice (a shard is a file name, and the merges refuse repeats). A sampling
/// campaign (`Parameters.sampling`) shards the strata of one `StratifiedSampler` run: stratum i
/// draws from its own seeded stream whatever shard runs it, so the merged table is the one a
/// single `acss sample` run writes.
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
        /// Set for a sampling campaign (`splitLevel` then plays no part).
        public var sampling: Sampling?
        /// 2 for an enumeration of the 2-D machines (`GridTreeEnumerator`; `space` then gives
        /// the states, and 2 symbols).
        public var dimensions: Int
        /// Each shard also writes its logical depths (`DepthTable`, next to its table as
        /// `depthPath(_:)`); 1-D enumerations only.
        public var depth: Bool

        public init(space: MachineSpace, stepCap: Int, shards: Int, splitLevel: Int? = nil,
                    detectNonHalting: Bool = true, sampling: Sampling? = nil, dimensions: Int = 1, depth: Bool = false) {
            self.dimensions = dimensions
            self.depth = depth
            self.space = space
            self.stepCap = stepCap
            self.shards = shards
            self.splitLevel = splitLevel ?? (dimensions == 2 ? GridTreeEnumerator.defaultSplitLevel(states: space.states)
                                                                : TreeEnumerator.defaultSplitLevel(space))
            self.detectNonHalting = detectNonHalting
            self.sampling = sampling
        }
    }

    /// The arguments of the `StratifiedSampler` run a sampling campaign shards.
    public struct Sampling: Sendable, Equatable {
        public var samples: UInt64
        public var seed: UInt64
        public var depth: Int
        public var estimator: StratifiedSampler.Estimator
        public var keepLength: Int

        public init(samples: UInt64, seed: UInt64, depth: Int, estimator: StratifiedSampler.Estimator, keepLength: Int) {
            self.samples = samples
            self.seed = seed
            self.depth = depth
            self.estimator = estimator
            self.keepLength = keepLength
        }
    }

    /// The sampler of shard `index` (every shard of a sampling campaign).
    func sampler(shard index: Int, threads: Int) throws(CampaignError) -> StratifiedSampler {
        guard let sampling = parameters.sampling else { throw .invalid("\(directory) is not a sampling campaign") }
        do {
            var sampler = try StratifiedSampler(space: parameters.space, stepCap: parameters.stepCap, samples: sampling.samples,
                                                seed: sampling.seed, depth: sampling.depth, threads: threads)
            sampler.detectNonHalting = parameters.detectNonHalting
            sampler.estimator = sampling.estimator
            sampler.keepLength = sampling.keepLength
            sampler.shard = try Shard(index: index, count: parameters.shards)
            return sampler
        } catch {
            throw .invalid("\(error)")
        }
    }

    public let directory: String
    public let parameters: Parameters

    static let magic = "# acss campaign"
    public static let parametersFile = "campaign.txt"

    /// Creates the folder and its parameter file, or opens an existing campaign with the same
    /// parameters (so `start` is idempotent); different parameters are an error.
    public static func create(directory: String, parameters: Parameters) throws(CampaignError) -> Campaign {
        guard parameters.space.machineCount != nil || parameters.sampling != nil else {
            throw .invalid("the space \(parameters.space) cannot be enumerated exhaustively (sample it: --samples)")
        }
        if let sampling = parameters.sampling {
            do { _ = try StratifiedSampler(space: parameters.space, stepCap: parameters.stepCap, samples: sampling.samples,
                                           seed: sampling.seed, depth: sampling.depth) } catch { throw .invalid("\(error)") }
            let longest = StratifiedSampler.maxKeepLength(symbols: parameters.space.symbols)
            guard (1...longest).contains(sampling.keepLength) else {
                throw .invalid("invalid keep length \(sampling.keepLength): expected 1...\(longest)")
            }
        }
        if parameters.dimensions == 2 {
            guard parameters.sampling == nil else { throw .invalid("2-D campaigns enumerate; they do not sample") }
            guard parameters.space.symbols == 2, (1...GridTreeEnumerator.maxStates).contains(parameters.space.states) else {
                throw .invalid("2-D machines have 2 symbols and 1...\(GridTreeEnumerator.maxStates) states (got \(parameters.space))")
            }
            guard (1...GridTreeEnumerator.maxStepCap).contains(parameters.stepCap) else {
                throw .invalid("invalid step cap \(parameters.stepCap) for 2-D machines: expected 1...\(GridTreeEnumerator.maxStepCap)")
            }
        } else if parameters.dimensions != 1 {
            throw .invalid("invalid dimensions \(parameters.dimensions): expected 1 or 2")
        }
        if parameters.depth, parameters.sampling != nil || parameters.dimensions != 1 {
            throw .invalid("logical depths (--depth) are recorded by 1-D enumerations only: a sample sees only some machines, and the 2-D tables record none")
        }
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

            """ + (parameters.dimensions == 2 ? "# dimensions: 2\n" : "") + (parameters.depth ? "# depth_tables: yes\n" : "") + (parameters.sampling.map { s in """
            # kind: sampling
            # samples: \(s.samples)
            # seed: \(s.seed)
            # depth: \(s.depth)
            # estimator: \(s.estimator)
            # keep_length: \(s.keepLength)

            """ } ?? "")
            try AtomicFile.write(Data(text.utf8), to: file)
        } catch {
            throw .io("cannot create campaign in \(directory): \(error.localizedDescription)")
        }
        return Campaign(directory: directory, parameters: parameters)
    }

    public static func open(directory: String) throws(CampaignError) -> Campaign {
        let file = (directory as NSString).appendingPathComponent(parametersFile)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw .io("no campaign in \(directory) (cannot read \(file)); create one with acss campaign start")
        }
        var values: [String: String] = [:]
        // TextLines: any line end, strict UTF-8 (a damaged line is named, not read as a value).
        var lines: [String] = []
        for line in TextLines.lines(of: [UInt8](data)) {
            switch line.text {
            case .success(let text): if !text.isEmpty { lines.append(text) }
            case .failure(let problem): throw .invalid("\(file):\(line.number): \(problem)")
            }
        }
        guard lines.first == magic else { throw .invalid("\(file) is not an acss campaign file") }
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
        var sampling: Sampling? = nil
        let dimensions = values["dimensions"] == nil ? 1 : try int("dimensions")
        guard dimensions == 1 || dimensions == 2 else { throw .invalid("\(file): invalid 'dimensions' \(dimensions) (expected 1 or 2)") }
        if let kind = values["kind"] {
            guard kind == "sampling" else { throw .invalid("\(file): unknown kind '\(kind)' (expected sampling)") }
            guard let samples = values["samples"].flatMap({ UInt64($0) }), let seed = values["seed"].flatMap({ UInt64($0) }),
                  let estimator = values["estimator"].flatMap({ StratifiedSampler.Estimator(parsing: $0) }) else {
                throw .invalid("\(file): missing or invalid 'samples', 'seed' or 'estimator'")
            }
            sampling = Sampling(samples: samples, seed: seed, depth: try int("depth"), estimator: estimator,
                                keepLength: try int("keep_length"))
        }
        return Campaign(directory: directory, parameters: Parameters(
            space: space, stepCap: try int("steps"), shards: try int("shards"),
            splitLevel: try int("split_level"), detectNonHalting: values["detect_non_halting"] != "false",
            sampling: sampling, dimensions: dimensions, depth: values["depth_tables"] == "yes"))
    }

    public static func describe(_ p: Parameters) -> String {
        if let s = p.sampling {
            return "\(p.space) T=\(p.stepCap), \(p.shards) shards, \(s.samples) samples, seed \(s.seed), depth \(s.depth), estimator \(s.estimator), keep length \(s.keepLength)"
        }
        return (p.dimensions == 2 ? "2-D (\(p.space.states),2)" : "\(p.space)") + " T=\(p.stepCap), \(p.shards) shards, split level \(p.splitLevel)"
            + (p.depth ? ", with logical depths" : "")
    }

    public func shardPath(_ index: Int) -> String {
        let width = max(5, String(parameters.shards).count)
        func pad(_ i: Int) -> String { let s = String(i); return String(repeating: "0", count: width - s.count) + s }
        return (directory as NSString).appendingPathComponent("shard-\(pad(index))-of-\(pad(parameters.shards)).tsv")
    }

    /// The logical depths of shard `index` (campaigns with `Parameters.depth`).
    public func depthPath(_ index: Int) -> String {
        String(shardPath(index).dropLast(4)) + ".depth.tsv"
    }

    /// What is done, read from the folder.
    public struct Status: Sendable {
        public var done: [Int]
        public var remaining: [Int]
        /// Shard files that failed validation (moved aside to `*.damaged`), to be run again.
        public var damaged: [String]
        public var cpuSeconds: Double
        /// Machines enumerated by the finished shards (exhaustive campaigns), or samples drawn
        /// (sampling campaigns).
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
        // Half-written shard files of killed runners.
        AtomicFile.removeStaleTemporaries(in: directory)
        for i in 1...parameters.shards {
            let path = shardPath(i)
            guard FileManager.default.fileExists(atPath: path) else { status.remaining.append(i); continue }
            do {
                let (cpu, done) = try validate(shard: i, path: path)
                status.done.append(i)
                status.cpuSeconds += cpu
                status.machinesDone += done
            } catch {
                for damaged in parameters.depth ? [path, depthPath(i)] : [path] {
                    let aside = damaged + ".damaged"
                    try? FileManager.default.removeItem(atPath: aside)
                    try? FileManager.default.moveItem(atPath: damaged, toPath: aside)
                }
                status.damaged.append("\(path): \(error)")
                status.remaining.append(i)
            }
        }
        return status
    }

    /// Checks a finished shard's file against the campaign: its CPU seconds and what it covers
    /// (machines, or samples).
    private func validate(shard i: Int, path: String) throws -> (Double, UInt128) {
        if let sampling = parameters.sampling {
            let f = try SampledTableFile.scan(path: path) { _, _ in }.figures
            guard f.space == parameters.space, f.stepCap == parameters.stepCap, f.shard == (try? Shard(index: i, count: parameters.shards)),
                  f.samplesRequested == sampling.samples, f.seed == sampling.seed, f.depth == sampling.depth,
                  f.estimator == sampling.estimator, f.keepLength == sampling.keepLength
            else { throw TableFileError.badHeaderValue(source: path, key: "shard", value: "parameters differ from the campaign") }
            return (f.timing.cpuSeconds, UInt128(f.samples))
        }
        if parameters.dimensions == 2 {
            let f = try GridTableFile.read(path: path).figures
            guard f.states == parameters.space.states, f.stepCap == parameters.stepCap, f.part == part(i)
            else { throw TableFileError.badHeaderValue(source: path, key: "shard", value: "parameters differ from the campaign") }
            return (f.timing.cpuSeconds, UInt128(f.machines))
        }
        var lines = 0
        let header = try TableFile.scan(path: path) { _, _ in lines += 1 }
        guard header.space == parameters.space, header.stepCap == parameters.stepCap, header.part == part(i)
        else { throw TableFileError.badHeaderValue(source: path, key: "shard", value: "parameters differ from the campaign") }
        if parameters.depth {
            // Written before the table, so a finished shard has both; the depths must be of the
            // same shard and list as many strings as the table.
            let depths = try DepthTableFile.read(path: depthPath(i))
            guard depths.space == parameters.space, depths.stepCap == parameters.stepCap, depths.part == part(i),
                  depths.machines == header.machines, depths.strings.count == lines
            else { throw TableFileError.badHeaderValue(source: depthPath(i), key: "shard", value: "does not go with \(path)") }
        }
        return (header.timing.cpuSeconds, header.machines)
    }

    /// Runs shard `index` and writes its table atomically. Safe to call from several processes
    /// for different shards; for the same shard the last writer wins with identical content.
    @discardableResult
    public func runShard(_ index: Int, threads: Int,
                         progress: (@Sendable (TreeEnumerator.Progress) -> Void)? = nil) throws(CampaignError) -> RunTiming {
        guard (1...parameters.shards).contains(index) else {
            throw .invalid("invalid shard index \(index): expected 1...\(parameters.shards)")
        }
        if parameters.sampling != nil {
            let sampler = try sampler(shard: index, threads: threads)
            let (result, timing) = RunTiming.measure { sampler.run(progressInterval: 5) }
            do { try SampledTableFile.write(SampledTable(result, timing: timing), to: shardPath(index)) } catch { throw .io("\(error)") }
            return timing
        }
        if parameters.dimensions == 2 {
            var grid: GridTreeEnumerator
            do {
                grid = try GridTreeEnumerator(states: parameters.space.states, stepCap: parameters.stepCap, threads: threads,
                                              detectNonHalting: parameters.detectNonHalting)
                grid.shard = try Shard(index: index, count: parameters.shards)
            } catch {
                throw .invalid("\(error)")
            }
            grid.splitLevel = parameters.splitLevel
            let (result, timing) = RunTiming.measure { grid.run(progressInterval: 5) }
            guard result.totalWeight == result.expectedWeight else {
                throw .invalid("internal error: shard \(index) leaf weights add up to \(result.totalWeight), expected \(result.expectedWeight)")
            }
            do { try GridTableFile.write(try GridOutputTable(result, timing: timing), to: shardPath(index)) } catch { throw .io("\(error)") }
            return timing
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
        do {
            // The depths first: the table's file is what marks the shard done.
            if parameters.depth { try DepthTableFile.write(DepthTable(result, timing: timing), to: depthPath(index)) }
            try TableFile.write(OutputTable(result, timing: timing), to: shardPath(index))
        } catch { throw .io("\(error)") }
        return timing
    }

    /// The merged table, once every shard is done.
    /// Sums the shard files one at a time (`OutputTable.Merger`); `progress` hears after each.
    public func merge(progress: (_ merged: Int, _ of: Int) -> Void = { _, _ in }) throws(CampaignError) -> OutputTable {
        guard parameters.sampling == nil else { throw .invalid("\(directory) is a sampling campaign: its merge is mergeSampled") }
        guard parameters.dimensions == 1 else { throw .invalid("\(directory) is a 2-D campaign: its merge is mergeGrid") }
        try checkComplete()
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

    /// The merged logical depths of a campaign run with `Parameters.depth`, once every shard
    /// is done (`DepthTable.Merger`); `progress` hears after each shard.
    public func mergeDepths(progress: (_ merged: Int, _ of: Int) -> Void = { _, _ in }) throws(CampaignError) -> DepthTable {
        guard parameters.depth else { throw .invalid("\(directory) records no logical depths (it was started without --depth)") }
        try checkComplete()
        var merger = DepthTable.Merger()
        for i in 1...parameters.shards {
            let part: DepthTable
            do { part = try DepthTableFile.read(path: depthPath(i)) } catch { throw .io(error.description) }
            do { try merger.add(part) } catch { throw .invalid(error.description) }
            progress(i, parameters.shards)
        }
        do { return try merger.finish() } catch { throw .invalid(error.description) }
    }

    /// The merged table of a 2-D campaign, once every shard is done.
    public func mergeGrid(progress: (_ merged: Int, _ of: Int) -> Void = { _, _ in }) throws(CampaignError) -> GridOutputTable {
        guard parameters.dimensions == 2 else { throw .invalid("\(directory) is not a 2-D campaign: its merge is merge") }
        try checkComplete()
        var merger = GridOutputTable.Merger()
        for i in 1...parameters.shards {
            let shard: GridOutputTable
            do { shard = try GridTableFile.read(path: shardPath(i)) } catch { throw .io(error.description) }
            do { try merger.add(shard) } catch { throw .invalid(error.description) }
            progress(i, parameters.shards)
        }
        do { return try merger.finish() } catch { throw .invalid(error.description) }
    }

    /// The merged sampled table of a sampling campaign, once every shard is done: the table a
    /// single run with the same arguments writes (`SampledTableFile.merge`).
    public func mergeSampled(progress: (_ read: Int, _ of: Int) -> Void = { _, _ in }) throws(CampaignError) -> SampledTable {
        guard parameters.sampling != nil else { throw .invalid("\(directory) is not a sampling campaign: its merge is merge") }
        try checkComplete()
        var merger = SampledTableFile.Merger()
        for i in 1...parameters.shards {
            let shard: SampledTable
            do { shard = try SampledTableFile.read(path: shardPath(i)) } catch { throw .io(error.description) }
            do { try merger.add(shard) } catch { throw .invalid(error.description) }
            progress(i, parameters.shards)
        }
        do { return try merger.finish() } catch { throw .invalid(error.description) }
    }

    private func checkComplete() throws(CampaignError) {
        let status = status()
        guard status.remaining.isEmpty else {
            throw .incomplete(Self.incompleteMessage(status, shards: parameters.shards))
        }
    }

    /// What is missing, and why: a damaged shard is named with its reason (it was moved aside
    /// and must run again).
    static func incompleteMessage(_ status: Status, shards: Int) -> String {
        var message = "\(status.remaining.count) of \(shards) shards are not done yet (first: \(status.remaining.prefix(5).map(String.init).joined(separator: ", ")))"
        if !status.damaged.isEmpty {
            message += "; \(status.damaged.count) of them \(status.damaged.count == 1 ? "was" : "were") damaged, moved aside to *.damaged, and must run again (acss campaign run): "
                + status.damaged.prefix(3).joined(separator: "; ")
        }
        return message
    }

    /// The part of the split run that shard `index` holds.
    func part(_ index: Int) -> OutputTable.Part? {
        (try? Shard(index: index, count: parameters.shards)).map { OutputTable.Part(shard: $0, splitLevel: parameters.splitLevel) }
    }

    /// One finished shard of a local run (`runRemaining`).
    public struct ShardReport: Sendable {
        public var index: Int
        public var timing: RunTiming
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
            let timing = try runShard(index, threads: threads)
            ran += 1
            status.done.append(index)
            status.remaining.removeAll { $0 == index }
            status.cpuSeconds += timing.cpuSeconds
            shardDone(ShardReport(index: index, timing: timing, status: status,
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
