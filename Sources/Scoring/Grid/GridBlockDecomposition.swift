/// How a binary array too large for the 2-D table is cut into square blocks for the 2-D Block
/// Decomposition Method (Zenil, Hernández-Orozco, Kiani, Soler-Toscano, Rueda-Toicen & Tegnér
/// 2018, Entropy 20:605), with the three boundary conditions of the Python `pybdm`
/// (`BDM(ndim=2, partition=...)`): the same blocks, block for block.
///
/// pybdm slices an array with one rule: block starts at 0, step, 2·step, ... in each
/// dimension, every slice clipped to the array, so only slices on the bottom and right edges
/// can be smaller than d x d. The boundaries differ in what they do with those edge slices:
/// - `ignore` (pybdm `PartitionIgnore`, its default): step d, and a clipped slice is dropped.
///   The leftover rows (below the last full band) and columns (right of the last full tile)
///   do not count; cheap, and every block is d x d, so one CTM shape scores them all.
/// - `recursive` (pybdm `PartitionRecursive`): step d, and a clipped slice of h x w cells is
///   sliced again the same way with squares of side min(h, w), recursively; a slice whose
///   shorter side is below `minLength` (pybdm's `min_length`, default 2) is dropped. Every
///   cell of the array that lies in some square of side >= minLength is counted once; blocks
///   of different sides are different blocks. Since d x r strips re-tile as r x r squares
///   and then (d mod r) x r, ..., the sides follow Euclid's algorithm on (d, r).
/// - `correlated` (pybdm `PartitionCorrelated`): windows of d x d at every `shift` in both
///   directions, starting at 0 and kept while they fit (pybdm steps over the
///   `rows - d + 1` valid starts); no clipped window is ever made. Shift 1 counts every d x d
///   window of the array, so neighbouring blocks share cells ("correlated").
///
/// Blocks are told apart by their cells (and shape), as pybdm counts them: "01/10" and "10/01"
/// are two blocks with the same K.
public struct GridBlockDecomposition: Sendable, Hashable, CustomStringConvertible {
    public enum Boundary: String, Sendable, CaseIterable {
        case ignore, recursive, correlated
    }

    /// One block: its top-left cell (0-based row and column) and its side.
    public struct Placement: Sendable, Hashable {
        public let row: Int
        public let column: Int
        public let side: Int

        public init(row: Int, column: Int, side: Int) {
            self.row = row
            self.column = column
            self.side = side
        }
    }

    public let blockSize: Int
    public let boundary: Boundary
    /// `correlated` only: the distance between window starts, in both directions.
    public let shift: Int
    /// `recursive` only: the smallest side of a square re-tiling a leftover strip.
    public let minLength: Int

    /// 4 x 4 (16 cells) is the largest square both 2-D tables cover, and the largest whose
    /// blocks are counted in a dense 2^16 array (`GridBlockCounter`).
    public static let blockSizes = 2...4
    public static let defaultBlockSize = 4

    public init(blockSize: Int = GridBlockDecomposition.defaultBlockSize, boundary: Boundary = .ignore,
                shift: Int = 1, minLength: Int = 2) throws(ScoringError) {
        guard Self.blockSizes.contains(blockSize) else { throw .invalidGridBlockSize(blockSize, valid: Self.blockSizes) }
        guard (1...blockSize).contains(shift) else { throw .invalidShift(shift, blockSize: blockSize) }
        guard (1...blockSize).contains(minLength) else { throw .invalidMinLength(minLength, blockSize: blockSize) }
        self.blockSize = blockSize
        self.boundary = boundary
        self.shift = boundary == .correlated ? shift : blockSize
        self.minLength = boundary == .recursive ? minLength : blockSize
    }

    /// pybdm's defaults for 2-D: 4 x 4 blocks, boundary ignore.
    public static let standard = try! GridBlockDecomposition()

    public var description: String {
        var text = "\(blockSize)x\(blockSize) blocks, boundary \(boundary.rawValue)"
        switch boundary {
        case .ignore: break
        case .recursive: text += ", min length \(minLength)"
        case .correlated: text += ", shift \(shift)"
        }
        return text
    }

    /// Every block of a `rows` x `columns` array, in pybdm's order (slices row-major, a
    /// clipped slice's squares in its place). The plain definition, for small arrays and for
    /// tests; `GridBlockCounter` counts the same blocks in one pass over the rows.
    public func placements(rows: Int, columns: Int) -> [Placement] {
        var out: [Placement] = []
        switch boundary {
        case .ignore:
            for r in stride(from: 0, through: rows - blockSize, by: blockSize) {
                for c in stride(from: 0, through: columns - blockSize, by: blockSize) {
                    out.append(Placement(row: r, column: c, side: blockSize))
                }
            }
        case .correlated:
            for r in stride(from: 0, through: rows - blockSize, by: shift) {
                for c in stride(from: 0, through: columns - blockSize, by: shift) {
                    out.append(Placement(row: r, column: c, side: blockSize))
                }
            }
        case .recursive:
            Self.recursiveSquares(row: 0, column: 0, rows: rows, columns: columns, side: blockSize, minLength: minLength) {
                out.append($0)
            }
        }
        return out
    }

    /// pybdm's recursive partition of the region (`row`, `column`, `rows` x `columns`) with
    /// squares of `side`: slices at steps of `side`, clipped; a full slice is a block, a
    /// clipped one is partitioned again with squares of its shorter side unless that side is
    /// below `minLength`.
    static func recursiveSquares(row: Int, column: Int, rows: Int, columns: Int, side: Int, minLength: Int,
                                 _ emit: (Placement) -> Void) {
        for r in stride(from: row, to: row + rows, by: side) {
            let h = min(side, row + rows - r)
            for c in stride(from: column, to: column + columns, by: side) {
                let w = min(side, column + columns - c)
                if h == side && w == side {
                    emit(Placement(row: r, column: c, side: side))
                } else if min(h, w) >= minLength {
                    recursiveSquares(row: r, column: c, rows: h, columns: w, side: min(h, w), minLength: minLength, emit)
                }
            }
        }
    }
}
