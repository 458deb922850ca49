import Enumeration
import TuringMachines

/// The distinct blocks of an array under a `GridBlockDecomposition`: each block's cells, how
/// often it occurs and where first (the smallest top-left corner, row-major).
public struct GridBlockCounts: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let block: PackedGrid
        public let multiplicity: Int
        /// The top-left cell of its first occurrence (0-based; smallest row, then column).
        public let row: Int
        public let column: Int
    }

    public let rows: Int
    public let columns: Int
    public let decomposition: GridBlockDecomposition
    /// In order of first occurrence.
    public let entries: [Entry]

    /// All blocks, repeats included.
    public var total: Int { entries.reduce(0) { $0 + $1.multiplicity } }

    init(rows: Int, columns: Int, decomposition: GridBlockDecomposition, entries: [Entry]) {
        self.rows = rows
        self.columns = columns
        self.decomposition = decomposition
        self.entries = entries.sorted {
            ($0.row, $0.column, $0.block.rows) < ($1.row, $1.column, $1.block.rows)
        }
    }

    /// The plain definition on an array in memory: every placement of
    /// `GridBlockDecomposition.placements`, its cells read one by one, counted in a
    /// dictionary. Shares nothing with `GridBlockCounter` but the layout of pybdm's slices;
    /// the tests compare the two.
    public init(array: GridArray, decomposition: GridBlockDecomposition) {
        var found: [PackedGrid: (count: Int, row: Int, column: Int)] = [:]
        for p in decomposition.placements(rows: array.rows, columns: array.columns) {
            var cells: [UInt8] = []
            for r in p.row..<(p.row + p.side) {
                for c in p.column..<(p.column + p.side) { cells.append(array.cells[r * array.columns + c]) }
            }
            let block = PackedGrid(GridArray(rows: p.side, columns: p.side, cells: cells))!
            if let seen = found[block] {
                let first = (seen.row, seen.column) < (p.row, p.column) ? (seen.row, seen.column) : (p.row, p.column)
                found[block] = (seen.count + 1, first.0, first.1)
            } else {
                found[block] = (1, p.row, p.column)
            }
        }
        self.init(rows: array.rows, columns: array.columns, decomposition: decomposition,
                  entries: found.map { Entry(block: $0.key, multiplicity: $0.value.count, row: $0.value.row, column: $0.value.column) })
    }
}

/// Counts the blocks of an array given one row at a time, in memory O(columns · d): the
/// streamed path of 2-D BDM, for arrays of any height (10,000 x 10,000 in seconds).
///
/// Why bands suffice: every block of every boundary lies within d consecutive rows.
/// `ignore` and `recursive` tiles start at rows 0, d, 2d, ..., and pybdm re-tiles a clipped
/// slice inside that slice, so a band of d rows holds whole blocks; the last, shorter band
/// (rows below the last multiple of d) is only known to be last when the input ends
/// (`finish`). `correlated` windows starting at row r need rows r..<r + d: a ring of d rows,
/// with the window row starts 0, shift, 2·shift, ... handled as their last row arrives.
///
/// The hot loop allocates nothing: each arriving row is turned once into d-bit codes (the
/// cells c..<c + d of the row at c, rolling from the right), so a d x d block is d loads and
/// shifts, and its count lives in a dense array indexed by its bits (at most 2^16 entries for
/// d = 4). Blocks of other sides (recursive re-tiling) are few and read cell by cell.
public struct GridBlockCounter {
    public let decomposition: GridBlockDecomposition
    public let columns: Int
    public private(set) var rows = 0

    private let d: Int
    /// The last d rows, row i in slot i % d.
    private var cells: [UInt8]
    /// codes[slot * columns + c]: the cells c..<c + d of the slot's row, cell c at bit 0.
    private var codes: [UInt8]
    /// Per side k in 1...d: counts and first positions of the 2^(k·k) blocks, at
    /// `offsets[k] + bits`. First position = row << 32 | column, so < is row-major order.
    private var counts: [Int]
    private var firsts: [Int]
    private let offsets: [Int]
    /// recursive: the squares (relative to the slice) of a clipped slice, by slice shape.
    private var sliceLayouts: [Int: [GridBlockDecomposition.Placement]] = [:]

    public init(decomposition: GridBlockDecomposition, columns: Int) {
        precondition(columns >= 1)
        self.decomposition = decomposition
        self.columns = columns
        d = decomposition.blockSize
        cells = [UInt8](repeating: 0, count: d * columns)
        codes = [UInt8](repeating: 0, count: d * columns)
        var offsets = [0, 0] // offsets[k] for side k (offsets[0] unused); offsets[d + 1] is the total
        for k in 1...d { offsets.append(offsets[k] + (1 << (k * k))) }
        self.offsets = offsets
        counts = [Int](repeating: 0, count: offsets[d + 1])
        firsts = [Int](repeating: 0, count: offsets[d + 1])
    }

    /// The next row of the array: `columns` cells, each 0 or 1.
    public mutating func append(row: UnsafeBufferPointer<UInt8>) {
        precondition(row.count == columns, "a row of \(row.count) cells in an array of \(columns) columns")
        let i = rows
        rows += 1
        let slot = i % d
        let base = slot * columns
        let d = self.d, columns = self.columns
        let mask = UInt8((1 << d) - 1)
        cells.withUnsafeMutableBufferPointer { cells in
            codes.withUnsafeMutableBufferPointer { codes in
                var code: UInt8 = 0
                for c in stride(from: columns - 1, through: 0, by: -1) {
                    let cell = row[c] & 1
                    cells[base + c] = cell
                    code = ((code << 1) | cell) & mask
                    codes[base + c] = code
                }
            }
        }
        switch decomposition.boundary {
        case .ignore, .recursive:
            guard slot == d - 1 else { return }
            let top = i + 1 - d
            countTiles(top: top, step: d)
            if decomposition.boundary == .recursive, columns % d != 0 {
                let c = columns - columns % d
                countSlice(top: top, column: c, height: d, width: columns % d)
            }
        case .correlated:
            let top = i + 1 - d
            if top >= 0 && top % decomposition.shift == 0 { countTiles(top: top, step: decomposition.shift) }
        }
    }

    /// The counts, once every row has been given.
    public mutating func finish() -> GridBlockCounts {
        if decomposition.boundary == .recursive, rows % d != 0 {
            let h = rows % d, top = rows - h
            for c in stride(from: 0, to: columns, by: d) { countSlice(top: top, column: c, height: h, width: min(d, columns - c)) }
        }
        var entries: [GridBlockCounts.Entry] = []
        for k in 1...d {
            for bits in 0..<(1 << (k * k)) where counts[offsets[k] + bits] > 0 {
                let first = firsts[offsets[k] + bits]
                entries.append(GridBlockCounts.Entry(block: PackedGrid(rows: k, columns: k, bits: UInt64(bits)),
                                                     multiplicity: counts[offsets[k] + bits], row: first >> 32, column: first & 0xFFFF_FFFF))
            }
        }
        return GridBlockCounts(rows: rows, columns: columns, decomposition: decomposition, entries: entries)
    }

    /// The d x d blocks of the band whose top row is `top`, at columns 0, step, ... while
    /// they fit.
    private mutating func countTiles(top: Int, step: Int) {
        let d = self.d, columns = self.columns
        guard columns >= d else { return }
        // Where the band's rows are in the ring (rows beyond d unused).
        func slotBase(_ k: Int) -> Int { k < d ? ((top + k) % d) * columns : 0 }
        let (b0, b1, b2, b3) = (slotBase(0), slotBase(1), slotBase(2), slotBase(3))
        let offset = offsets[d]
        let rowKey = top << 32
        codes.withUnsafeBufferPointer { codes in
            counts.withUnsafeMutableBufferPointer { counts in
                firsts.withUnsafeMutableBufferPointer { firsts in
                    for c in stride(from: 0, through: columns - d, by: step) {
                        var bits = Int(codes[b0 + c]) | Int(codes[b1 + c]) << d
                        if d > 2 { bits |= Int(codes[b2 + c]) << (2 * d) }
                        if d > 3 { bits |= Int(codes[b3 + c]) << (3 * d) }
                        let at = offset + bits
                        // Bands arrive top to bottom and columns left to right: the first
                        // count is the first occurrence.
                        if counts[at] == 0 { firsts[at] = rowKey | c }
                        counts[at] += 1
                    }
                }
            }
        }
    }

    /// recursive: the squares of the clipped slice at (`top`, `column`), `height` x `width`,
    /// as pybdm re-tiles it; read cell by cell (there are O(rows + columns) of them).
    private mutating func countSlice(top: Int, column: Int, height: Int, width: Int) {
        let key = height << 8 | width
        if sliceLayouts[key] == nil {
            var layout: [GridBlockDecomposition.Placement] = []
            GridBlockDecomposition.recursiveSquares(row: 0, column: 0, rows: height, columns: width, side: d,
                                                    minLength: decomposition.minLength) { layout.append($0) }
            sliceLayouts[key] = layout
        }
        for p in sliceLayouts[key]! {
            var bits = 0
            for r in 0..<p.side {
                let base = ((top + p.row + r) % d) * columns + column + p.column
                for c in 0..<p.side where cells[base + c] != 0 { bits |= 1 << (r * p.side + c) }
            }
            let at = offsets[p.side] + bits
            let position = (top + p.row) << 32 | (column + p.column)
            if counts[at] == 0 || position < firsts[at] { firsts[at] = position }
            counts[at] += 1
        }
    }
}

extension GridBlockCounter {
    /// The counts of an array in memory, through the streamed path.
    public static func counts(of array: GridArray, decomposition: GridBlockDecomposition) -> GridBlockCounts {
        var counter = GridBlockCounter(decomposition: decomposition, columns: array.columns)
        array.cells.withUnsafeBufferPointer { all in
            for r in 0..<array.rows {
                counter.append(row: UnsafeBufferPointer(rebasing: all[(r * array.columns)..<((r + 1) * array.columns)]))
            }
        }
        return counter.finish()
    }
}
