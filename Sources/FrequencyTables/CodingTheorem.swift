import Enumeration
import Foundation
import TuringMachines

/// The coding-theorem step (docs/formalism.md §2): from an exhaustive output table to the algorithmic
/// probability D and the complexity estimate K = -log2 D, with no additive constant.
///
/// The distribution counts (machine, blank symbol) pairs. Running a machine on blank `b` is
/// running the machine with symbols 0 and `b` swapped on blank 0, and that swap is a bijection
/// of the space, so the count of `s` on blank `b` is c0 of `s` with 0 and `b` swapped:
///
///     D(s) = Σ_b c0(swap(0, b)(s)) / (m · H)
///
/// For m = 2 this is (c0(s) + c0(complement of s)) / (2H). Counts stay exact integers up to
/// the final division.
public struct CodingTheorem: Sendable {
    public let table: OutputTable

    public init(table: OutputTable) {
        self.table = table
    }

    /// Σ_b c0(swap(0, b)(s)): the machines, over all blanks, that output `s`.
    public func completedCount(of string: [UInt8]) -> UInt128 {
        var total = table.count(of: string)
        for b in 1..<UInt8(table.space.symbols) {
            total += table.count(of: Self.swapping(string, blank: b))
        }
        return total
    }

    /// The string with symbols 0 and `b` exchanged: what a machine writes on blank `b` when
    /// its swapped twin writes `string` on blank 0.
    public static func swapping(_ string: [UInt8], blank b: UInt8) -> [UInt8] {
        string.map { $0 == 0 ? b : ($0 == b ? 0 : $0) }
    }

    /// Denominator of D: `m · H`.
    public var normalizer: UInt128 { UInt128(table.space.symbols) * table.halting }

    /// D(s), or nil when no machine outputs `s` (K is then undefined by this table).
    public func probability(of string: [UInt8]) -> Double? {
        let c = completedCount(of: string)
        guard c > 0 else { return nil }
        return Self.probability(count: c, classSize: table.space.symbols, halting: table.halting)
    }

    /// K(s) = -log2 D(s) in bits, or nil when no machine outputs `s`.
    public func complexity(of string: [UInt8]) -> Double? {
        let c = completedCount(of: string)
        guard c > 0 else { return nil }
        return Self.complexity(count: c, classSize: table.space.symbols, log2Halting: Self.log2(table.halting))
    }
}

/// D and K from counts: the one place where the coding theorem's division and its -log2 are
/// written. Exhaustive tables, sampled tables and the scoring tables all call these.
///
/// A class of strings that share their D (the m blank-swapped twins of a string, or the
/// m!/(m-k)! strings of a pattern with k distinct symbols) has `count` machines in all, so
/// each of its strings has D = count / (classSize · H), and
///
///     K = -log2 D = log2(classSize) + log2(H) − log2(count),
///
/// written as a sum of three logarithms so that no product of large counts is rounded first.
extension CodingTheorem {
    /// D of each string of a class with `count` machines in all, over `classSize` strings.
    public static func probability(count: UInt128, classSize: Int, halting: UInt128) -> Double {
        count.doubleValue / (Double(classSize) * halting.doubleValue)
    }

    /// K of each string of a class; `log2Halting` is `log2(H)` (`CodingTheorem.log2`), taken
    /// once per table.
    @inline(__always)
    public static func complexity(count: UInt128, classSize: Int, log2Halting: Double) -> Double {
        Foundation.log2(Double(classSize)) + log2Halting - Foundation.log2(count.doubleValue)
    }

    /// log2 of a count.
    public static func log2(_ count: UInt128) -> Double { Foundation.log2(count.doubleValue) }

    /// count_class(k, m) = m!/(m-k)!: how many strings over `m` symbols share a pattern with
    /// `k` distinct symbols (the ways to give the k labels distinct symbols in order). Nil
    /// when k > m.
    public static func countClass(distinct k: Int, alphabet m: Int) -> Int? {
        guard k >= 0, k <= m else { return nil }
        var product = 1
        for factor in stride(from: m, to: m - k, by: -1) { product *= factor }
        return product
    }
}
