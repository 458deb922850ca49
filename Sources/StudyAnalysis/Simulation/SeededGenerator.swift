import Foundation

/// A small, fast, seedable random number generator: xoshiro256** (Blackman & Vigna 2018),
/// seeded through SplitMix64 so that any 64-bit seed, 0 included, gives a well-mixed state.
///
/// Why not `SystemRandomNumberGenerator`: every random result of the study pipeline (bootstrap
/// resamples, simulated studies) must be reproducible from `--seed`, on every platform and for
/// every thread count. Streams for independent jobs (one bootstrap replicate, one simulated
/// participant) come from `SeededGenerator(seed:stream:)`, which hashes the pair, so that the
/// result of job r never depends on which thread ran it or on what ran before.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    init(seed: UInt64) {
        var sm = seed
        s0 = SeededGenerator.splitMix(&sm)
        s1 = SeededGenerator.splitMix(&sm)
        s2 = SeededGenerator.splitMix(&sm)
        s3 = SeededGenerator.splitMix(&sm)
    }

    /// An independent stream for job `stream` of a run seeded with `seed`.
    init(seed: UInt64, stream: UInt64) {
        var sm = seed ^ 0x6A09_E667_F3BC_C909
        let a = SeededGenerator.splitMix(&sm)
        var st = stream &+ 0xBB67_AE85_84CA_A73B
        let b = SeededGenerator.splitMix(&st)
        self.init(seed: a ^ (b &* 0x9E37_79B9_7F4A_7C15))
    }

    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform integer in 0..<n (n > 0) by Lemire's multiply-shift. The bias is at most
    /// n/2^64, far below anything a bootstrap of a few million draws can see.
    @inline(__always)
    mutating func index(below n: Int) -> Int {
        Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A standard normal deviate (Box-Muller; the second value is dropped to keep the stream
    /// position a simple function of the number of calls).
    mutating func normal() -> Double {
        let u1 = 1 - unit()  // in (0, 1]
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}
