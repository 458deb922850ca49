import Foundation

/// The classic indices of human random generation (Towse & Neil 1998, "Analyzing human random
/// generation behavior", Behavior Research Methods 30:583), for comparison with CTM
/// complexity. Each takes a response as symbol positions 0..<m of its task and is O(length)
/// (Evans' RNG O(length + distinct pairs)).
///
/// They look at one property each, where K looks at all structure at once:
/// - `evansRNG`: unevenness of the response pairs (Evans 1978):
///   RNG = Σ_ij n_ij log n_ij / Σ_i n_i log n_i, with n_ij the count of the overlapping pair
///   (i, j) and n_i = Σ_j n_ij the count of i as the first of a pair. 0 when no pair repeats,
///   1 when each symbol is always followed by the same symbol (a constant or a cycle). Nil when
///   the denominator is 0 (no symbol starts two pairs: too short to say anything).
/// - `redundancy`: R = 100·(1 - H/log2 m), H the Shannon entropy of the symbol frequencies
///   (the `entropy` column: `Pattern.entropy` of the scoring API) and m the task's alphabet:
///   0 when all m symbols are used equally, 100 for a constant.
/// - `turningPoints` (ordinal tasks): local peaks and troughs, a plateau of repeats counting
///   once (the sequence with repeats collapsed); `turningPointIndex` = 100·observed/expected,
///   expected 2(L-2)/3 for a random sequence of length L. Nil below 3 symbols.
/// - `adjacency` (ordinal tasks): the percentage of the L-1 steps that go to a neighbouring
///   value (|x_(i+1) - x_i| = 1), no wrap-around. High in counting-like responses.
enum RandomGenerationIndices {
    static func evansRNG(_ x: [UInt8], alphabet m: Int) -> Double? {
        guard x.count >= 2 else { return nil }
        var pairs = [Int](repeating: 0, count: m * m)
        var firsts = [Int](repeating: 0, count: m)
        for i in 0..<(x.count - 1) {
            pairs[Int(x[i]) * m + Int(x[i + 1])] += 1
            firsts[Int(x[i])] += 1
        }
        var numerator = 0.0, denominator = 0.0
        for c in pairs where c > 1 { numerator += Double(c) * log(Double(c)) }
        for c in firsts where c > 1 { denominator += Double(c) * log(Double(c)) }
        guard denominator > 0 else { return nil }
        return numerator / denominator
    }

    static func redundancy(entropy h: Double, alphabet m: Int) -> Double? {
        guard m >= 2 else { return nil }
        return 100 * (1 - h / log2(Double(m)))
    }

    static func turningPoints(_ x: [UInt8]) -> Int? {
        guard x.count >= 3 else { return nil }
        var collapsed: [UInt8] = [x[0]]
        for s in x.dropFirst() where s != collapsed.last! { collapsed.append(s) }
        guard collapsed.count >= 3 else { return 0 }
        var count = 0
        for i in 1..<(collapsed.count - 1) {
            let a = collapsed[i - 1], b = collapsed[i], c = collapsed[i + 1]
            if (b > a && b > c) || (b < a && b < c) { count += 1 }
        }
        return count
    }

    static func turningPointIndex(_ x: [UInt8]) -> Double? {
        guard let observed = turningPoints(x) else { return nil }
        return 100 * Double(observed) / (2 * Double(x.count - 2) / 3)
    }

    static func adjacency(_ x: [UInt8]) -> Double? {
        guard x.count >= 2 else { return nil }
        var adjacent = 0
        for i in 0..<(x.count - 1) where abs(Int(x[i + 1]) - Int(x[i])) == 1 { adjacent += 1 }
        return 100 * Double(adjacent) / Double(x.count - 1)
    }

    /// The longest run of one repeated symbol.
    static func longestRun(_ x: [UInt8]) -> Int {
        guard !x.isEmpty else { return 0 }
        var longest = 1, current = 1
        for i in 1..<x.count {
            current = x[i] == x[i - 1] ? current + 1 : 1
            longest = max(longest, current)
        }
        return longest
    }
}
