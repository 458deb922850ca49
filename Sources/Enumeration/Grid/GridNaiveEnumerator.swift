import Foundation
import Synchronization
import TuringMachines

/// The naive 2-D enumeration: every one of the B^(2n) machines run on its own from the blank
/// grid, with no reduction at all (no tree, no symmetries, no detectors), for tests to compare
/// `GridTreeEnumerator` with where the reference simulator would be too slow (n = 3: 3.1e8
/// machines). The run loop is a plain array grid of side 2T + 3 whose visited cells are
/// cleared after each machine. Machines are split between threads by their first entry.
public struct GridNaiveEnumerator: Sendable {
    public let states: Int
    public let stepCap: Int
    public let threads: Int

    public init(states: Int, stepCap: Int, threads: Int = 1) {
        precondition((1...3).contains(states) && stepCap >= 1 && stepCap <= 1000 && threads >= 1)
        self.states = states
        self.stepCap = stepCap
        self.threads = threads
    }

    public struct Result: Sendable {
        /// c0 of every output of area at most 64.
        public var counts: [PackedGrid: UInt64] = [:]
        public var halting: UInt64 = 0
        public var largeOutputs: UInt64 = 0
        public var machines: UInt64 = 0
    }

    public func run() -> Result {
        let n = states, b = 8 * n + 2, entries = 2 * n, cap = stepCap
        let parts = Mutex<[Result]>([])
        WorkerPool.run(workers: threads, jobs: b, progressInterval: 3600, tick: nil) { _, first in
            let side = 2 * cap + 3
            var grid = [UInt8](repeating: 0, count: side * side)
            var visited: [Int] = []
            var digits = [Int](repeating: 0, count: entries)
            digits[0] = first
            var result = Result()
            var counts: [UInt128: UInt64] = [:]
            while true {
                result.machines += 1
                // Run machine `digits` (entry 2q + s holds instruction index digits[2q + s]).
                var x = cap + 1, y = cap + 1, state = 0, steps = 0
                var minX = x, maxX = x, minY = y, maxY = y
                visited.append(y * side + x)
                while steps < cap {
                    let cell = y * side + x
                    let index = digits[2 * state + Int(grid[cell])]
                    steps += 1
                    if index >= 8 * n {
                        grid[cell] = UInt8(index - 8 * n)
                        result.halting += 1
                        let rows = maxY - minY + 1, columns = maxX - minX + 1
                        if rows * columns > PackedGrid.maxArea {
                            result.largeOutputs += 1
                        } else {
                            var bits: UInt64 = 0, i: UInt64 = 0
                            for row in stride(from: maxY, through: minY, by: -1) {
                                for column in minX...maxX {
                                    bits |= UInt64(grid[row * side + column]) << i
                                    i += 1
                                }
                            }
                            counts[UInt128(rows) << 72 | UInt128(columns) << 64 | UInt128(bits), default: 0] += 1
                        }
                        break
                    }
                    grid[cell] = UInt8(index % 2)
                    switch (index / 2) % 4 {
                    case 0: y += 1
                    case 1: y -= 1
                    case 2: x -= 1
                    default: x += 1
                    }
                    visited.append(y * side + x)
                    minX = min(minX, x); maxX = max(maxX, x); minY = min(minY, y); maxY = max(maxY, y)
                    state = index / 8
                }
                for cell in visited { grid[cell] = 0 }
                visited.removeAll(keepingCapacity: true)
                // Next machine with this first entry.
                var e = entries - 1
                while e >= 1 {
                    digits[e] += 1
                    if digits[e] < b { break }
                    digits[e] = 0
                    e -= 1
                }
                if e == 0 { break }
            }
            result.counts = Dictionary(uniqueKeysWithValues: counts.map { (PackedGrid(raw: $0.key), $0.value) })
            parts.withLock { $0.append(result) }
        }
        var total = Result()
        for part in parts.withLock({ $0 }) {
            total.machines += part.machines
            total.halting += part.halting
            total.largeOutputs += part.largeOutputs
            total.counts.merge(part.counts, uniquingKeysWith: +)
        }
        return total
    }
}
