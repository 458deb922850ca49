import Foundation
import TuringMachines

/// The coding-theorem step (SPEC.md §2): from an exhaustive output table to the algorithmic
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
        return Double(c) / Double(normalizer)
    }

    /// K(s) = -log2 D(s) in bits, or nil when no machine outputs `s`.
    public func complexity(of string: [UInt8]) -> Double? {
        let c = completedCount(of: string)
        guard c > 0 else { return nil }
        return log2(Double(normalizer)) - log2(Double(c))
    }
}
