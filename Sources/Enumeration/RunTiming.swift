import Foundation

/// What a run cost: CPU and wall-clock seconds. The only figures of a table that differ
/// between two runs with the same parameters, so the one rule for every table kind is that
/// timings never take part in equality: any two `RunTiming` values are equal.
public struct RunTiming: Sendable, Equatable {
    public var cpuSeconds: Double
    public var wallSeconds: Double

    public init(cpuSeconds: Double, wallSeconds: Double) {
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
    }

    public static let zero = RunTiming(cpuSeconds: 0, wallSeconds: 0)

    public static func == (_: RunTiming, _: RunTiming) -> Bool { true }

    /// The sum of the timings of parts of one run (merged shards).
    public static func + (a: RunTiming, b: RunTiming) -> RunTiming {
        RunTiming(cpuSeconds: a.cpuSeconds + b.cpuSeconds, wallSeconds: a.wallSeconds + b.wallSeconds)
    }

    /// Runs `body` and measures the process's CPU time and the wall-clock time it took.
    public static func measure<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> (T, RunTiming) {
        let cpu0 = ProcessUsage.cpuSeconds(), wall0 = ProcessUsage.wallClock()
        let value = try body()
        return (value, RunTiming(cpuSeconds: ProcessUsage.cpuSeconds() - cpu0,
                                 wallSeconds: ProcessUsage.wallClock() - wall0))
    }
}

/// The process's resource use, read from the kernel.
public enum ProcessUsage {
    /// User plus system CPU seconds of the whole process (all threads).
    public static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// Peak resident set size in bytes (Linux reports kilobytes).
    public static func peakMemoryBytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024
    }

    /// Seconds on a monotonic clock (only differences mean anything).
    public static func wallClock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
