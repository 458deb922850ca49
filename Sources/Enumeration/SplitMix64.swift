/// SplitMix64 (Steele, Lea & Flood 2014): a small, fast, well-mixed 64-bit generator whose
/// output is fixed by its seed on every platform and Swift version. The samplers derive one
/// generator per stratum from (seed, stratum index), so results do not depend on threads,
/// scheduling or shards.
public struct SplitMix64: Sendable, RandomNumberGenerator {
    public private(set) var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// The generator of stream `stream` under `seed` (streams are decorrelated by mixing).
    public init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next() ^ (stream &+ 0x632B_E59B_D9B4_E019)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` without modulo bias (Lemire's multiply-and-reject).
    @inline(__always)
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }
}
