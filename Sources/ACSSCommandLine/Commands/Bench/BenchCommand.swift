import Enumeration
import Foundation
import JSONOutput
import TuringMachines

/// `acss bench enumerate|sample`: benchmarks of the enumerator and the sampler.
enum BenchCommand: CommandGroup {
    static let name = "bench"
    static let abstract = "benchmark the enumerator (acss bench enumerate)"
    static let summary = "Benchmark the exhaustive enumerator (CPU and wall seconds, peak memory, nodes and steps per second, scaling over threads), or the stratified sampler against plain uniform sampling (samples per second per core, variance of the top 100 patterns), or put load on a running `acss serve` (requests per second, latency percentiles)."
    static let details = """
        Build in release mode first (swift build -c release); debug builds are 10-50x slower.
        Examples:
          acss bench enumerate --states 4 --repeat 5       # D(4), T = 107
          acss bench enumerate --threads 1,2               # D(5), T = 500 (about a minute)
          acss bench sample --symbols 9 --steps 4000       # (4,9): stratified vs uniform, one core
          acss bench serve --port 8080 --seconds 10        # keep-alive load on acss serve
        The results of docs/benchmarks.md come from this command and scripts/bench-enumerate.sh.
        """
    static var actions: [any Command.Type] { [BenchEnumerateCommand.self, BenchSampleCommand.self, BenchServeCommand.self] }
    static let missingAction: String? = "missing benchmark name: expected 'enumerate', 'sample' or 'serve'"

    static func unknownAction(_ name: String) -> String {
        "unknown benchmark '\(name)': expected 'enumerate', 'sample' or 'serve'"
    }

    static let steps = Option("--steps", "T", "step cap (default: 1, 6, 21, 107, 500 for n = 1..5)")
}

/// `acss bench enumerate`: times the exhaustive enumerator in this process, per thread count,
/// and checks that every run gives the same table.
struct BenchEnumerateCommand: Command {
    static let name = "enumerate"
    static let abstract = "the exhaustive enumerator: time, memory and rates per thread count"
    static let states = Option("--states", "N", "working states (default 5; 2 symbols)")
    static let threads = Option("--threads", "LIST", "comma-separated thread counts to compare (default 1,<all cores>)")
    static let repeats = Option("--repeat", "R", "runs per thread count; the fastest wall time is reported (default 1)")
    static let noDetect = Flag("--no-detect", "switch off non-halting detection")
    static let json = Flag("--json", "one JSON object per run, one per line")
    static let options: [any OptionDeclaration] = [states, BenchCommand.steps, threads, repeats, noDetect, json]
    static let takesArguments = false
    static let usage = "acss bench enumerate [--states N] [--steps T] [--threads 1,2] [--repeat R] [--json]"
    static let summary = "Benchmark the exhaustive enumerator: CPU and wall seconds, peak memory, nodes and steps per second, scaling over threads; every run must give the same table."
    static let details = BenchCommand.details

    let space: MachineSpace
    let steps: Int
    let repeats: Int
    let threadCounts: [Int]
    let detect: Bool
    let json: Bool

    init(_ args: ParsedArguments) throws {
        let states = try args.int(Self.states, default: 5, in: 1...6)
        steps = try args.int(BenchCommand.steps, default: [1, 6, 21, 107, 500, 1000][states - 1], in: 1...TreeEnumerator.maxStepCap)
        repeats = try args.int(Self.repeats, default: 1, in: 1...1000)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var threadCounts: [Int] = cores > 1 ? [1, cores] : [1]
        if let list = args.value(Self.threads) {
            threadCounts = try list.split(separator: ",").map { (item: Substring) throws(UsageError) -> Int in
                guard let k = Int(item), (1...1024).contains(k) else {
                    throw UsageError("invalid thread count '\(item)' in --threads: expected whole numbers in 1...1024")
                }
                return k
            }
            if threadCounts.isEmpty { throw UsageError("--threads needs at least one thread count") }
        }
        self.threadCounts = threadCounts
        space = try MachineSpace(states: states, symbols: 2)
        detect = !args.has(Self.noDetect)
        json = args.has(Self.json)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var reference: EnumerationResult? = nil
        var singleThreadWall: Double? = nil
        if !json {
            terminal.print("enumerate \(space) T=\(steps)\(detect ? "" : " (no detection)"), \(cores) cores available")
            terminal.print("threads  cpu_s    wall_s   speedup  peak_MB  Mnodes/s(cpu)  Gsteps/s(cpu)  identical")
        }
        for threads in threadCounts {
            var best: (cpu: Double, wall: Double)? = nil
            var identical = true
            var statistics = EnumerationStatistics()
            for _ in 0..<repeats {
                var enumerator = try TreeEnumerator(space: space, stepCap: steps, threads: threads)
                enumerator.detectNonHalting = detect
                let cpu0 = ProcessUsage.cpuSeconds(), wall0 = ProcessUsage.wallClock()
                let result = enumerator.run()
                let cpu = ProcessUsage.cpuSeconds() - cpu0, wall = ProcessUsage.wallClock() - wall0
                if let reference {
                    identical = identical && result.counts == reference.counts
                        && result.haltingSteps == reference.haltingSteps && result.nonHalting == reference.nonHalting
                } else {
                    reference = result
                }
                statistics = result.statistics
                if best == nil || wall < best!.wall { best = (cpu, wall) }
            }
            let (cpu, wall) = best!
            if threads == 1 { singleThreadWall = wall }
            let speedup = singleThreadWall.map { $0 / wall }
            let peak = Double(ProcessUsage.peakMemoryBytes()) / 1e6
            let nodes = Double(statistics.branchNodes) / max(cpu, 1e-9)
            let stepsRate = Double(statistics.simulatedSteps) / max(cpu, 1e-9)
            if json {
                terminal.print(JSON.object([
                    ("space", .string(space.description)), ("steps", .integer(steps)), ("threads", .integer(threads)),
                    ("cpu_seconds", .fixed(cpu, 3)), ("wall_seconds", .fixed(wall, 3)),
                    ("speedup", speedup.map { .fixed($0, 2) } ?? .null), ("peak_memory_mb", .fixed(peak, 1)),
                    ("branch_nodes", .integer(statistics.branchNodes)), ("simulated_steps", .integer(statistics.simulatedSteps)),
                    ("nodes_per_cpu_second", .fixed(nodes, 0)), ("steps_per_cpu_second", .fixed(stepsRate, 0)),
                    ("identical", .bool(identical)),
                ]).compact)
            } else {
                terminal.print(String(format: "%7d  %-7.3f  %-7.3f  %-7@  %-7.1f  %-13.2f  %-13.3f  %@",
                                      threads, cpu, wall, speedup.map { String(format: "%.2fx", $0) } ?? "-",
                                      peak, nodes / 1e6, stepsRate / 1e9, identical ? "yes" : "NO"))
            }
            if !identical {
                terminal.error("acss bench: results differ between runs: this is a bug")
                return 3
            }
        }
        return 0
    }
}
