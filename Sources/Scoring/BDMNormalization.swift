import Enumeration
import Foundation

/// BDM put on a scale, in the two ways users meet (docs/aid.md §2).
///
/// - `normalized` is pybdm's `BDM.nbdm` (Zenil et al. 2018, Entropy 20:605, §3.4):
///   (BDM - min)/(max - min), where min and max are the smallest and largest BDM an object
///   cut into the same number of blocks of the same shapes can have, given the table. The
///   simplest object repeats the least complex block: min = Σ over shapes of
///   [K_min(shape) + log(n_shape)]. The most complex one uses the most complex blocks, each
///   string once, before any repeats: pybdm lists every string of the shape (a table pattern
///   with k symbols stands for m!/(m-k)! strings) from the largest K down and deals the
///   n_shape blocks out in that order, cycling when n_shape exceeds the number of strings.
///   Both use the decomposition's multiplicity term (log2 for `standard`, as pybdm).
/// - `perSymbol` is BDM/(length · log2 m): bits per symbol against the log2 m bits a symbol
///   of a uniform source carries, the scale compressors are compared on (pybdm issue #14).
public struct BDMNormalization: Sendable, Equatable {
    public let value: Double
    public let minimum: Double
    public let maximum: Double
    /// Symbols (cells) of the object and its alphabet, for `perSymbol`.
    public let symbols: Int
    public let alphabet: Int

    /// Nil when max = min (a single string of the shape: nothing to scale).
    public var normalized: Double? { maximum > minimum ? (value - minimum) / (maximum - minimum) : nil }
    public var perSymbol: Double { value / (Double(symbols) * log2(Double(alphabet))) }

    /// Min and max over the block shapes: for each shape, the K of every string the table
    /// lists (as (K, number of strings) pairs, any order) and the number of blocks of that
    /// shape; `cost` is the multiplicity term.
    static func extremes(_ shapes: [(entries: [(k: Double, strings: Int)], blocks: Int)],
                         cost: (Int) -> Double) -> (minimum: Double, maximum: Double) {
        var minimum = 0.0, maximum = 0.0
        for shape in shapes where shape.blocks > 0 {
            let sorted = shape.entries.sorted { $0.k > $1.k }
            guard let smallest = sorted.last else { continue }
            minimum += smallest.k + cost(shape.blocks)
            // Dealing n blocks over T strings from the top: the first n mod T strings get
            // n/T + 1 blocks, the others n/T.
            let total = sorted.reduce(0) { $0 + $1.strings }
            let q = shape.blocks / total, r = shape.blocks % total
            var position = 0
            for e in sorted {
                let more = min(max(r - position, 0), e.strings)
                if more > 0 { maximum += Double(more) * (e.k + cost(q + 1)) }
                if q > 0 { maximum += Double(e.strings - more) * (e.k + cost(q)) }
                position += e.strings
                if q == 0 && position >= r { break }
            }
        }
        return (minimum, maximum)
    }
}

/// The Shannon entropy of the distribution of blocks (each distinct block with probability
/// multiplicity / number of blocks), in bits (log base 2): pybdm's `BDM.ent`.
///
/// `normalized` divides by log2(min(N, S)), N the number of blocks and S the number of strings
/// of the blocks' shapes that the table lists: the largest entropy N blocks can have (all
/// different), which is pybdm's `nent` for the one block shape of its default partition (its
/// minimum is then 0). pybdm's `nent` for several shapes differs (it subtracts log2 of the
/// number of shapes and counts its maximum's blocks by index, so blocks of two shapes can
/// collide); docs/aid.md says how.
public struct BlockEntropy: Sendable, Equatable {
    public let bits: Double
    public let maximum: Double
    /// Nil when a single block (or a single listed string) leaves nothing to scale.
    public var normalized: Double? { maximum > 0 ? bits / maximum : nil }

    init(multiplicities: [Int], listedStrings: Int) {
        let n = multiplicities.reduce(0, +)
        bits = Pattern.shannon(multiplicities, total: n)
        maximum = log2(Double(min(n, listedStrings)))
    }
}

extension ComplexityEstimator {
    /// pybdm's normalized BDM and the per-symbol BDM of a BDM result (see `BDMNormalization`).
    /// Overlapping windows (step below the block size) have no such scale: an error.
    public func normalization(of result: BDMResult, length: Int, alphabet: Alphabet) throws(ScoringError) -> BDMNormalization {
        let d = result.decomposition
        guard d.step == d.blockSize else { throw .normalizationNeedsPartition(step: d.step, blockSize: d.blockSize) }
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        let shapes = blocksByLength(result).map { (entries: listed(length: $0.length, alphabet: alphabet, table: table), blocks: $0.blocks) }
        let (minimum, maximum) = BDMNormalization.extremes(shapes) { d.multiplicityCost($0, alphabet: alphabet.size) }
        return BDMNormalization(value: result.value, minimum: minimum, maximum: maximum, symbols: length, alphabet: alphabet.size)
    }

    /// The entropy of the blocks of a BDM result (see `BlockEntropy`).
    public func blockEntropy(of result: BDMResult, alphabet: Alphabet) throws(ScoringError) -> BlockEntropy {
        let table = try registry.table(forTableAlphabet: alphabet.tableSize)
        let listed = blocksByLength(result).reduce(0) { sum, shape in
            sum + self.listed(length: shape.length, alphabet: alphabet, table: table).reduce(0) { $0 + $1.strings }
        }
        return BlockEntropy(multiplicities: result.blocks.map(\.multiplicity), listedStrings: listed)
    }

    /// Blocks per length, in increasing length.
    private func blocksByLength(_ result: BDMResult) -> [(length: Int, blocks: Int)] {
        var byLength: [Int: Int] = [:]
        for b in result.blocks { byLength[b.firstOccurrence.count, default: 0] += b.multiplicity }
        return byLength.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Every pattern of the length the table lists with at most m symbols: its K and the
    /// number of strings it stands for (count_class).
    func listed(length: Int, alphabet: Alphabet, table: any ComplexityTable) -> [(k: Double, strings: Int)] {
        table.entries(ofLength: length).compactMap { e in
            guard e.distinct <= alphabet.size, let c = Pattern.countClass(distinct: e.distinct, alphabet: alphabet.size) else { return nil }
            return (e.complexity, c)
        }
    }
}

extension GridComplexityTable {
    /// pybdm's normalized BDM and the per-cell BDM of a 2-D result (see `BDMNormalization`):
    /// every array of each block shape is looked up. Correlated windows overlap: an error.
    public func normalization(of result: GridBDMResult) throws(ScoringError) -> BDMNormalization {
        let d = result.decomposition
        guard d.boundary != .correlated else { throw .normalizationNeedsPartition(step: d.shift, blockSize: d.blockSize) }
        var bySide: [Int: Int] = [:]
        for b in result.blocks { bySide[b.block.rows, default: 0] += b.multiplicity }
        let shapes = bySide.sorted { $0.key < $1.key }.map { (entries: listed(side: $0.key), blocks: $0.value) }
        let (minimum, maximum) = BDMNormalization.extremes(shapes) { log2(Double($0)) }
        return BDMNormalization(value: result.value, minimum: minimum, maximum: maximum,
                                symbols: result.rows * result.columns, alphabet: 2)
    }

    /// The entropy of the blocks of a 2-D result, normalized as `BlockEntropy` says.
    public func blockEntropy(of result: GridBDMResult) -> BlockEntropy {
        let sides = Set(result.blocks.map(\.block.rows))
        let listed = sides.reduce(0) { $0 + self.listed(side: $1).count }
        return BlockEntropy(multiplicities: result.blocks.map(\.multiplicity), listedStrings: listed)
    }

    /// K of every k x k array the table lists (each one string).
    func listed(side k: Int) -> [(k: Double, strings: Int)] {
        var out: [(k: Double, strings: Int)] = []
        for bits in 0..<(UInt64(1) << UInt64(k * k)) {
            if let c = complexity(of: PackedGrid(rows: k, columns: k, bits: bits)) { out.append((c, 1)) }
        }
        return out
    }
}
