import TuringMachines

/// A binary array of area at most 64 in one word, the key the 2-D enumerator counts under:
/// bits 0..<64 hold the cells row-major with the top row first (cell i = row r, column c with
/// i = r * columns + c, at bit i), bits 64..<72 the number of columns, bits 72..<80 the rows.
/// The key is never 0 (rows >= 1), which the open-addressing counters use as "empty".
public struct PackedGrid: Hashable, Sendable, CustomStringConvertible {
    public let raw: UInt128

    /// The largest area a key holds.
    public static let maxArea = 64

    public init(raw: UInt128) { self.raw = raw }

    public init(rows: Int, columns: Int, bits: UInt64) {
        precondition(rows >= 1 && columns >= 1 && rows * columns <= Self.maxArea && rows < 256 && columns < 256)
        raw = UInt128(rows) << 72 | UInt128(columns) << 64 | UInt128(bits)
    }

    /// The array's key, or nil when its area is above `maxArea`.
    public init?(_ array: GridArray) {
        guard array.cells.count <= Self.maxArea else { return nil }
        var bits: UInt64 = 0
        for (i, cell) in array.cells.enumerated() where cell != 0 { bits |= 1 << UInt64(i) }
        self.init(rows: array.rows, columns: array.columns, bits: bits)
    }

    public var rows: Int { Int(truncatingIfNeeded: raw >> 72) & 0xFF }
    public var columns: Int { Int(truncatingIfNeeded: raw >> 64) & 0xFF }
    public var area: Int { rows * columns }
    public var bits: UInt64 { UInt64(truncatingIfNeeded: raw) }

    public func cell(row: Int, column: Int) -> UInt8 { UInt8(truncatingIfNeeded: bits >> UInt64(row * columns + column)) & 1 }

    public var array: GridArray {
        GridArray(rows: rows, columns: columns, cells: (0..<area).map { UInt8(truncatingIfNeeded: bits >> UInt64($0)) & 1 })
    }

    /// Rows separated by "/": "000/010/000".
    public var description: String { array.description }

    /// The complemented array.
    public var complemented: PackedGrid {
        let mask: UInt64 = area == 64 ? ~0 : (1 << UInt64(area)) - 1
        return PackedGrid(rows: rows, columns: columns, bits: ~bits & mask)
    }

    /// A quarter turn clockwise: the new row r, column c holds the old row (rows - 1 - c),
    /// column r.
    public var rotatedClockwise: PackedGrid {
        let (h, w) = (rows, columns)
        var out: UInt64 = 0
        for r in 0..<w {
            for c in 0..<h where cell(row: h - 1 - c, column: r) != 0 { out |= 1 << UInt64(r * h + c) }
        }
        return PackedGrid(rows: w, columns: h, bits: out)
    }

    /// The rows in reverse order (the up/down mirror image).
    public var flippedUpsideDown: PackedGrid {
        var out: UInt64 = 0
        for r in 0..<rows {
            for c in 0..<columns where cell(row: r, column: c) != 0 { out |= 1 << UInt64((rows - 1 - r) * columns + c) }
        }
        return PackedGrid(rows: rows, columns: columns, bits: out)
    }

    /// The 4 rotations, or with `flips` also their up/down mirror images: the 8 symmetries of
    /// the square (images may coincide for symmetric arrays; each is listed once per
    /// group element).
    public func images(rotations: Bool, flips: Bool) -> [PackedGrid] {
        var base = [self]
        if flips { base.append(flippedUpsideDown) }
        guard rotations else { return base }
        return base.flatMap { g in
            var out = [g]
            for _ in 0..<3 { out.append(out.last!.rotatedClockwise) }
            return out
        }
    }
}

/// Fast symmetries for arrays of at most 8 rows and 8 columns, on the 8x8 bit matrix form
/// (row r in byte r, column c at bit c of that byte): flipping the rows is a byte swap,
/// flipping the columns a bit reversal within bytes, transposing the classic 8x8 bit-matrix
/// transpose (three delta swaps). Larger arrays use the cell-by-cell definitions above; the
/// tests check that both give the same images.
extension PackedGrid {
    /// Whether the fast path applies.
    @inline(__always) var fitsMatrix: Bool { rows <= 8 && columns <= 8 }

    @inline(__always) static func matrix(bits: UInt64, rows: Int, columns: Int) -> UInt64 {
        let mask: UInt64 = (1 << UInt64(columns)) &- 1
        var m: UInt64 = 0
        for r in 0..<rows { m |= ((bits >> UInt64(r * columns)) & mask) << UInt64(8 * r) }
        return m
    }

    @inline(__always) static func packed(matrix m: UInt64, rows: Int, columns: Int) -> UInt64 {
        let mask: UInt64 = (1 << UInt64(columns)) &- 1
        var bits: UInt64 = 0
        for r in 0..<rows { bits |= ((m >> UInt64(8 * r)) & mask) << UInt64(r * columns) }
        return bits
    }

    @inline(__always) static func flipRows(_ m: UInt64, rows: Int) -> UInt64 { m.byteSwapped >> UInt64(8 * (8 - rows)) }

    @inline(__always) static func flipColumns(_ m: UInt64, columns: Int) -> UInt64 {
        reversedWithinBytes(m) >> UInt64(8 - columns)
    }

    /// The bits of each byte in reverse order (three swaps: neighbours, pairs, nibbles).
    @inline(__always) static func reversedWithinBytes(_ m: UInt64) -> UInt64 {
        var v = m
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        return v
    }

    @inline(__always) static func transposed(_ m: UInt64) -> UInt64 {
        var x = m
        var t = (x ^ (x >> 7)) & 0x00AA_00AA_00AA_00AA
        x = x ^ t ^ (t << 7)
        t = (x ^ (x >> 14)) & 0x0000_CCCC_0000_CCCC
        x = x ^ t ^ (t << 14)
        t = (x ^ (x >> 28)) & 0x0000_0000_F0F0_F0F0
        x = x ^ t ^ (t << 28)
        return x
    }

    /// Calls `body` with each of the 8 images (identity, the flips, the rotations and the
    /// transposes; equal images are repeated). No allocation.
    @inline(__always) public func forEachImage(_ body: (PackedGrid) -> Void) {
        guard fitsMatrix else {
            forEachWideImage(body)
            return
        }
        let m = Self.matrix(bits: bits, rows: rows, columns: columns)
        for transpose in [false, true] {
            let base = transpose ? Self.transposed(m) : m
            let (h, w) = transpose ? (columns, rows) : (rows, columns)
            for flip in 0..<4 {
                var v = base
                if flip & 1 != 0 { v = Self.flipRows(v, rows: h) }
                if flip & 2 != 0 { v = Self.flipColumns(v, columns: w) }
                body(PackedGrid(uncheckedRows: h, columns: w, bits: Self.packed(matrix: v, rows: h, columns: w)))
            }
        }
    }

    /// `forEachImage` for arrays with more than 8 rows or columns (area still at most 64), on
    /// the row-major bits: the transpose cell by cell; turning by 180 degrees (flipping rows
    /// and columns) maps cell i to area - 1 - i, a reversal of the low `area` bits; flipping
    /// the rows moves whole rows; flipping the columns is both. The images are the 8 of the
    /// fast path, in its order, and the cell-by-cell definitions' (`images`), as the tests check.
    func forEachWideImage(_ body: (PackedGrid) -> Void) {
        let (h, w, n) = (rows, columns, area)
        var transposed: UInt64 = 0
        for r in 0..<h {
            for c in 0..<w where bits >> UInt64(r * w + c) & 1 != 0 { transposed |= 1 << UInt64(c * h + r) }
        }
        func fourImages(_ b: UInt64, _ h: Int, _ w: Int) {
            let rowMask: UInt64 = w == 64 ? ~0 : (1 << UInt64(w)) - 1
            var flippedRows: UInt64 = 0
            for r in 0..<h { flippedRows |= (b >> UInt64(r * w) & rowMask) << UInt64((h - 1 - r) * w) }
            body(PackedGrid(uncheckedRows: h, columns: w, bits: b))
            body(PackedGrid(uncheckedRows: h, columns: w, bits: flippedRows))
            body(PackedGrid(uncheckedRows: h, columns: w, bits: Self.reversed(flippedRows, area: n)))
            body(PackedGrid(uncheckedRows: h, columns: w, bits: Self.reversed(b, area: n)))
        }
        fourImages(bits, h, w)
        fourImages(transposed, w, h)
    }

    /// The low `area` bits of `x` in reverse order.
    @inline(__always) static func reversed(_ x: UInt64, area: Int) -> UInt64 {
        reversedWithinBytes(x).byteSwapped >> UInt64(64 - area)
    }

    @inline(__always) init(uncheckedRows rows: Int, columns: Int, bits: UInt64) {
        self.init(raw: UInt128(rows) << 72 | UInt128(columns) << 64 | UInt128(bits))
    }
}

/// The 8 symmetries of the square acting on arrays, and the canonical member of a class: the
/// least image with rows <= columns, by rows, then columns, then the cells as a string of 0
/// and 1 (top row first).
public enum GridSymmetry {
    /// The distinct images of an array under the 8 symmetries (its class).
    public static func orbit(_ array: PackedGrid) -> [PackedGrid] {
        var seen: [PackedGrid] = []
        array.forEachImage { image in if !seen.contains(image) { seen.append(image) } }
        return seen
    }

    /// The number of distinct images (1, 2, 4 or 8), without allocating.
    @inline(__always) public static func orbitSize(_ array: PackedGrid) -> Int {
        var images = (PackedGrid(raw: 0), PackedGrid(raw: 0), PackedGrid(raw: 0), PackedGrid(raw: 0),
                      PackedGrid(raw: 0), PackedGrid(raw: 0), PackedGrid(raw: 0), PackedGrid(raw: 0))
        var count = 0
        array.forEachImage { image in
            withUnsafeMutableBytes(of: &images) { raw in
                let seen = raw.bindMemory(to: PackedGrid.self)
                for i in 0..<count where seen[i] == image { return }
                seen[count] = image
                count += 1
            }
        }
        return count
    }

    /// The least image: rows <= columns, then the least cell string.
    @inline(__always) public static func canonical(_ array: PackedGrid) -> PackedGrid {
        var best = PackedGrid(raw: 0)
        var bestOrder: UInt64 = 0
        array.forEachImage { image in
            guard image.rows <= image.columns else { return }
            let order = stringOrder(image)
            if best.raw == 0 || image.rows < best.rows || (image.rows == best.rows && image.columns < best.columns)
                || (image.rows == best.rows && image.columns == best.columns && order < bestOrder) {
                best = image
                bestOrder = order
            }
        }
        return best
    }

    /// File order: by rows, then columns, then the cells as a string of 0 and 1 (top row first).
    public static func precedes(_ a: PackedGrid, _ b: PackedGrid) -> Bool {
        if a.rows != b.rows { return a.rows < b.rows }
        if a.columns != b.columns { return a.columns < b.columns }
        return stringOrder(a) < stringOrder(b)
    }

    /// The cells with cell 0 as the most significant bit: numeric order is string order.
    @inline(__always) static func stringOrder(_ a: PackedGrid) -> UInt64 {
        a.bits.bitReversed >> UInt64(64 - a.area)
    }
}

extension UInt64 {
    @inline(__always) var bitReversed: UInt64 {
        var v = self
        v = ((v >> 1) & 0x5555_5555_5555_5555) | ((v & 0x5555_5555_5555_5555) << 1)
        v = ((v >> 2) & 0x3333_3333_3333_3333) | ((v & 0x3333_3333_3333_3333) << 2)
        v = ((v >> 4) & 0x0F0F_0F0F_0F0F_0F0F) | ((v & 0x0F0F_0F0F_0F0F_0F0F) << 4)
        return v.byteSwapped
    }
}
