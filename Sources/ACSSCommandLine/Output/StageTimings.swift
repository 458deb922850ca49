import Enumeration
import Foundation

/// `--timings`: the CPU and wall seconds a command spends in each of its stages, summed over
/// its inputs and reported in one line on standard error, so a benchmark can tell the
/// computation from loading tables and writing rows with the shipped build (no instrumented
/// build). CPU seconds are the process's (`ProcessUsage`, microsecond resolution); with
/// timings off, `measure` only runs the body.
final class StageTimings {
    let enabled: Bool
    private var stages: [(name: String, timing: RunTiming)] = []
    /// The process's CPU and wall clock when the command started (`report`'s whole figure).
    private let start = RunTiming(cpuSeconds: ProcessUsage.cpuSeconds(), wallSeconds: ProcessUsage.wallClock())

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func measure<T, E: Error>(_ stage: String, _ body: () throws(E) -> T) throws(E) -> T {
        guard enabled else { return try body() }
        let (value, timing) = try RunTiming.measure(body)
        if let i = stages.firstIndex(where: { $0.name == stage }) {
            stages[i].timing = stages[i].timing + timing
        } else {
            stages.append((stage, timing))
        }
        return value
    }

    /// "acss perturb: timings, CPU s (wall s): table 0.540 (0.545), ...; whole command 0.800 (0.810)".
    func report(_ terminal: Terminal, command: String) {
        guard enabled else { return }
        let parts = stages.map { "\($0.name) " + String(format: "%.3f (%.3f)", $0.timing.cpuSeconds, $0.timing.wallSeconds) }
        let cpu = ProcessUsage.cpuSeconds() - start.cpuSeconds
        let wall = ProcessUsage.wallClock() - start.wallSeconds
        terminal.error("acss \(command): timings, CPU s (wall s): \(parts.joined(separator: ", ")); whole command \(String(format: "%.3f (%.3f)", cpu, wall))")
    }
}
