import Enumeration
import FrequencyTables

/// A string relabelled by first appearance, as ACSS's `normalize_string`: the first symbol
/// becomes 0, the next new symbol 1, and so on ("HTHHE" -> "01002").
///
/// Every measure of this module depends on a string only through its pattern (the Coding
/// Theorem tables give all strings of a pattern the same D, docs/formalism.md §2; entropy, alternations
/// and change complexity ignore which symbol is which), so the pattern is what gets scored,
/// looked up and cached. At most 10 distinct symbols (the digits `0-9`), as in ACSS.
public struct Pattern: Hashable, Sendable, CustomStringConvertible {
    /// Symbols `0..<distinct`, each new symbol one more than the largest before it.
    public let symbols: [UInt8]
    /// k: the number of distinct symbols.
    public let distinct: Int

    /// Most distinct symbols a pattern can have (ACSS: "more than 10" is an error).
    public static let maxDistinct = 10

    /// Relabels `sequence` by first appearance; nil when it has more than 10 distinct symbols.
    /// Empty input gives the empty pattern (callers reject empty strings before this).
    public init?<S: Sequence>(normalizing sequence: S) where S.Element: Hashable {
        // Give each distinct element a byte code (any injective coding will do: the pattern
        // does not depend on it), then relabel the codes.
        var codes: [S.Element: UInt8] = [:]
        var bytes: [UInt8] = []
        for element in sequence {
            if let code = codes[element] {
                bytes.append(code)
            } else {
                guard codes.count < Pattern.maxDistinct else { return nil }
                let code = UInt8(codes.count)
                codes[element] = code
                bytes.append(code)
            }
        }
        var symbols: [UInt8] = []
        var labels = [UInt8](repeating: 0xFF, count: 256)
        let distinct = labels.withUnsafeMutableBufferPointer { labels in
            bytes.withUnsafeBufferPointer { normalizeBytes($0, into: &symbols, labels: labels.baseAddress!) }
        }
        guard let distinct else { return nil }
        self.symbols = symbols
        self.distinct = distinct
    }

    /// A pattern from symbols already in normalized form (checked).
    public init?(normalized symbols: [UInt8]) {
        var next: UInt8 = 0
        for s in symbols {
            if s > next { return nil }
            if s == next { next += 1 }
        }
        guard next <= Pattern.maxDistinct else { return nil }
        self.symbols = symbols
        self.distinct = Int(next)
    }

    init(trusted symbols: [UInt8], distinct: Int) {
        self.symbols = symbols
        self.distinct = distinct
    }

    public var length: Int { symbols.count }

    /// The pattern in digits, e.g. "01002".
    public var description: String {
        String(decoding: symbols.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// count_class(s, m) = m!/(m-k)!: how many strings over `alphabet` symbols share this
    /// pattern (the ways to assign distinct symbols to the k labels in order). Nil when the
    /// pattern has more distinct symbols than the alphabet.
    public func countClass(alphabet: Int) -> Int? {
        Pattern.countClass(distinct: distinct, alphabet: alphabet)
    }

    static func countClass(distinct k: Int, alphabet m: Int) -> Int? {
        CodingTheorem.countClass(distinct: k, alphabet: m)
    }

}

/// The batch path's row-cache key of a pattern, one machine word: binary patterns (at most 2
/// labels) packed 1 bit a label (up to 62 symbols), the others 4 bits a label (up to 15) with
/// the top bit set, so that the two families never share a key. Tables pack with their own,
/// narrowest packing (`PatternTable.packing`).
enum PatternKey {
    static let binary = SymbolPacking(bitsPerSymbol: 1)
    static let general = SymbolPacking(bitsPerSymbol: 4)

    @inline(__always)
    static func key(_ pattern: UnsafeBufferPointer<UInt8>, distinct: Int) -> UInt64? {
        distinct <= 2 ? binary.packInWord(pattern) : general.packInWord(pattern).map { $0 | 1 << 63 }
    }
}

/// Relabels raw symbols into `pattern` by first appearance (`Patterns.relabel`), without
/// allocating, with ACSS's limit of 10 distinct symbols. `labels` must hold 256 entries and be
/// all 0xFF on entry; it is restored before returning. Returns the distinct count, or nil past
/// 10 distinct symbols.
@inline(__always)
func normalizeBytes(_ bytes: UnsafeBufferPointer<UInt8>, into pattern: inout [UInt8],
                    labels: UnsafeMutablePointer<UInt8>) -> Int? {
    Patterns.relabel(count: bytes.count, into: &pattern, labels: labels, maxDistinct: Pattern.maxDistinct) { bytes[$0] }
}
