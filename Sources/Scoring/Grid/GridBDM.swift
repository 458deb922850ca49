import Enumeration
import Foundation
import TuringMachines

/// The 2-D Block Decomposition Method value of an array (Zenil et al. 2018; pybdm
/// `BDM(ndim=2)`): BDM = Σ over DISTINCT blocks b of [K(b) + log2(multiplicity of b)], K from
/// a 2-D CTM table. A repeated block is paid for once, plus the bits that say how often.
public struct GridBDMResult: Sendable {
    public struct Block: Sendable, Equatable {
        public let block: PackedGrid
        /// The top-left cell of its first occurrence, 0-based.
        public let row: Int
        public let column: Int
        public let multiplicity: Int
        /// K of the block from the table.
        public let complexity: Double
    }

    public let value: Double
    /// Shannon entropy, in bits, of the distribution of blocks (each distinct block with
    /// probability multiplicity / blocks): pybdm's `ent(X, rv=True)`; 0 when every block is
    /// the same. (pybdm's plain `ent` is this times the number of blocks.)
    public let blockEntropy: Double
    /// Distinct blocks, in order of first occurrence.
    public let blocks: [Block]
    public let rows: Int
    public let columns: Int
    public let decomposition: GridBlockDecomposition
    public let table: GridTableDescriptor

    /// All blocks, repeats included.
    public var totalBlocks: Int { blocks.reduce(0) { $0 + $1.multiplicity } }
}

extension GridComplexityTable {
    /// Whether d x d blocks are within the table's listing; throws the message otherwise.
    public func check(_ decomposition: GridBlockDecomposition) throws(ScoringError) {
        let d = decomposition.blockSize
        guard d * d <= maxArea else { throw .gridBlockTooLarge(d, maxArea: maxArea, table: descriptor.name) }
    }

    /// BDM of counted blocks: each distinct block looked up once (`complexity(of:)`), summed in
    /// order of first occurrence so the value depends on nothing but the array.
    public func bdm(of counts: GridBlockCounts) throws(ScoringError) -> GridBDMResult {
        try check(counts.decomposition)
        guard !counts.entries.isEmpty else {
            throw .noGridBlocks(rows: counts.rows, columns: counts.columns, blockSize: counts.decomposition.blockSize,
                                boundary: counts.decomposition.boundary.rawValue)
        }
        var value = 0.0
        var blocks: [GridBDMResult.Block] = []
        blocks.reserveCapacity(counts.entries.count)
        for e in counts.entries {
            guard let k = complexity(of: e.block) else {
                throw .gridBlockNotInTable(e.block.description, row: e.row, column: e.column, table: descriptor.name)
            }
            value += k + log2(Double(e.multiplicity))
            blocks.append(GridBDMResult.Block(block: e.block, row: e.row, column: e.column, multiplicity: e.multiplicity, complexity: k))
        }
        let entropy = Pattern.shannon(counts.entries.map(\.multiplicity), total: counts.total)
        return GridBDMResult(value: value, blockEntropy: entropy, blocks: blocks, rows: counts.rows, columns: counts.columns,
                             decomposition: counts.decomposition, table: descriptor)
    }

    /// BDM of an array in memory (through the streamed counter).
    public func bdm(of array: GridArray, decomposition: GridBlockDecomposition = .standard) throws(ScoringError) -> GridBDMResult {
        try check(decomposition)
        return try bdm(of: GridBlockCounter.counts(of: array, decomposition: decomposition))
    }
}
