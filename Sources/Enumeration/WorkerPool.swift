import Dispatch
import Foundation
import Synchronization

/// The worker pool of the enumerator and the sampler: `workers` threads take the jobs
/// `0..<jobs` in order from one atomic cursor, each running `work(worker, job)` on its own
/// per-worker state. While they run, the calling thread calls `tick(jobsDone)` every
/// `progressInterval` seconds. Returns when every job is done.
///
/// Which worker runs which job depends on scheduling, so callers keep per-worker sums of exact
/// integers and add them up afterwards: addition in any order gives the same result, so the
/// results never depend on the thread count or the scheduling.
enum WorkerPool {
    static func run(workers: Int, jobs: Int, progressInterval: Double, tick: ((_ jobsDone: Int) -> Void)?,
                    work: @escaping @Sendable (_ worker: Int, _ job: Int) -> Void) {
        let counters = Counters()
        let done = DispatchSemaphore(value: 0)
        for worker in 0..<workers {
            let thread = Thread {
                while true {
                    let job = counters.cursor.wrappingAdd(1, ordering: .relaxed).oldValue
                    if job >= jobs { break }
                    work(worker, job)
                    counters.finished.wrappingAdd(1, ordering: .relaxed)
                }
                done.signal()
            }
            thread.stackSize = 1 << 22
            thread.start()
        }
        var running = workers
        while running > 0 {
            if done.wait(timeout: .now() + progressInterval) == .success {
                running -= 1
            } else {
                tick?(counters.finished.load(ordering: .relaxed))
            }
        }
    }

    private final class Counters: Sendable {
        let cursor = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
    }
}

/// A value handed to worker threads that only read it, or touch disjoint parts of it (each
/// worker its own walker).
final class UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
