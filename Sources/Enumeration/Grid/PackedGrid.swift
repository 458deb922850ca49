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
