import Dispatch
import Enumeration
import TuringMachines
import Foundation

/// Perturbation analysis of a binary array and of a network given by its adjacency matrix
/// (docs/aid.md §1): the change of 2-D BDM when cells are flipped, computed from the blocks
/// that contain them (the argument of `SequencePerturbation`: BDM depends only on the multiset
/// of blocks, and a flip changes only the blocks holding the cell), and when a vertex (its
/// row and column) is deleted, by a new count of the smaller matrix (every later block moves,
/// so nothing is local; the counts run in parallel).
public struct GridPerturbation {
    public let table: GridComplexityTable
    public let decomposition: GridBlockDecomposition
    public let rows: Int
    public let columns: Int
    /// BDM of the original array (`GridComplexityTable.bdm`).
    public let value: Double
    public private(set) var cells: [UInt8]
    let placements: [GridBlockDecomposition.Placement]
    /// ignore/recursive: the placement holding each cell (-1: none); the blocks tile.
    let owner: [Int32]
    let rowStarts: Int
    let columnStarts: Int
    var counts: [UInt64: Int] = [:]
    var complexities: [UInt64: Double?] = [:]

    public init(_ array: GridArray, decomposition: GridBlockDecomposition, table: GridComplexityTable) throws(ScoringError) {
        try table.check(decomposition)
        value = try table.bdm(of: GridBlockCounter.counts(of: array, decomposition: decomposition)).value
        self.table = table
        self.decomposition = decomposition
        rows = array.rows
        columns = array.columns
        cells = array.cells
        placements = decomposition.placements(rows: rows, columns: columns)
        let d = decomposition.blockSize, shift = decomposition.shift
        rowStarts = rows >= d ? (rows - d) / shift + 1 : 0
        columnStarts = columns >= d ? (columns - d) / shift + 1 : 0
        var owner: [Int32] = []
        if decomposition.boundary != .correlated {
            owner = [Int32](repeating: -1, count: rows * columns)
            for (i, p) in placements.enumerated() {
                for r in p.row..<(p.row + p.side) {
                    for c in p.column..<(p.column + p.side) { owner[r * columns + c] = Int32(i) }
                }
            }
        }
        self.owner = owner
        for p in placements { counts[key(p), default: 0] += 1 }
    }

    /// A block as one word: its side in bits 32..., its cells row-major from bit 0.
    func key(_ p: GridBlockDecomposition.Placement) -> UInt64 {
        var bits: UInt64 = 0
        for r in 0..<p.side {
            let base = (p.row + r) * columns + p.column
            for c in 0..<p.side where cells[base + c] != 0 { bits |= 1 << UInt64(r * p.side + c) }
        }
        return UInt64(p.side) << 32 | bits
    }

    mutating func complexity(_ key: UInt64) -> Double? {
        if let known = complexities[key] { return known }
        let side = Int(key >> 32)
        let k = table.complexity(of: PackedGrid(rows: side, columns: side, bits: key & 0xFFFF_FFFF))
        complexities[key] = k
        return k
    }

    /// The placements holding cell (r, c).
    func placements(holding r: Int, _ c: Int) -> [Int] {
        if decomposition.boundary != .correlated {
            let o = owner[r * columns + c]
            return o < 0 ? [] : [Int(o)]
        }
        let d = decomposition.blockSize, s = decomposition.shift
        func starts(_ x: Int, _ count: Int) -> ClosedRange<Int>? {
            let first = x - d + 1 <= 0 ? 0 : (x - d + 1 + s - 1) / s
            let last = min(x / s, count - 1)
            return first <= last ? first...last : nil
        }
        guard let rs = starts(r, rowStarts), let cs = starts(c, columnStarts) else { return [] }
        var out: [Int] = []
        for i in rs { for j in cs { out.append(i * columnStarts + j) } }
        return out
    }

    /// BDM(array with cell (r, c) flipped) - BDM(array) for every cell, row-major (index
    /// r * columns + c): pybdm's `PerturbationExperiment.run()` over all cells. With a tiling
    /// boundary each block's key and multiplicity are read once and every cell of it is the
    /// one-block replacement of `flip` (its flipped key differs in that cell's bit), so the
    /// values are `flip([(r, c)])`'s, computed without re-reading the block per cell; a cell
    /// no block holds (cut off by boundary ignore) changes nothing. The correlated boundary,
    /// where blocks overlap, flips cell by cell.
    public mutating func cellFlips() -> [Double?] {
        guard decomposition.boundary != .correlated else {
            var out: [Double?] = []
            out.reserveCapacity(rows * columns)
            for r in 0..<rows { for c in 0..<columns { out.append(flip([(r, c)])) } }
            return out
        }
        var out = [Double?](repeating: 0, count: rows * columns)
        for p in placements {
            let oldKey = key(p)
            let n = counts[oldKey] ?? 0
            let oldK = n == 1 ? complexity(oldKey) : nil
            for r in 0..<p.side {
                for c in 0..<p.side {
                    out[(p.row + r) * columns + p.column + c] = replacement(oldKey, n, oldK, bit: r * p.side + c)
                }
            }
        }
        return out
    }

    /// The change when one occurrence of block `oldKey` (multiplicity n, K `oldK` when n = 1)
    /// becomes the block with `bit` flipped (`BlockReplacement`).
    private mutating func replacement(_ oldKey: UInt64, _ n: Int, _ oldK: Double?, bit: Int) -> Double? {
        let newKey = oldKey ^ (1 << UInt64(bit))
        let m = counts[newKey] ?? 0
        return BlockReplacement.delta(leaving: n, oldK: oldK, joining: m, newK: m == 0 ? complexity(newKey) : nil,
                                      cost: { log2(Double($0)) })
    }

    /// BDM(array with `flips` flipped) - BDM(array); the cells are (row, column), distinct.
    /// Nil when a new block is not in the table.
    public mutating func flip(_ flips: [(row: Int, column: Int)]) -> Double? {
        if flips.count == 1, decomposition.boundary != .correlated {
            // One cell in one block (the blocks tile): the old and new keys differ in one bit,
            // so the two terms need only the two multiplicities.
            let (r, c) = flips[0]
            let o = owner[r * columns + c]
            guard o >= 0 else { return 0 }
            let p = placements[Int(o)]
            let oldKey = key(p)
            let n = counts[oldKey] ?? 0
            return replacement(oldKey, n, n == 1 ? complexity(oldKey) : nil, bit: (r - p.row) * p.side + (c - p.column))
        }
        var touched: [Int] = []
        for f in flips { touched += placements(holding: f.row, f.column) }
        touched = Array(Set(touched)).sorted()
        var delta = 0.0
        var failed = false
        var saved: [(UInt64, Int)] = []
        for i in touched {
            let k = key(placements[i])
            let n = counts[k] ?? 0
            saved.append((k, n))
            if n == 1 {
                if let c = complexity(k) { delta -= c } else { failed = true }
            } else {
                delta += log2(Double(n - 1)) - log2(Double(n))
            }
            counts[k] = n - 1
        }
        for f in flips { cells[f.row * columns + f.column] ^= 1 }
        for i in touched {
            let k = key(placements[i])
            let n = counts[k] ?? 0
            saved.append((k, n))
            if n == 0 {
                if let c = complexity(k) { delta += c } else { failed = true }
            } else {
                delta += log2(Double(n + 1)) - log2(Double(n))
            }
            counts[k] = n + 1
        }
        for f in flips { cells[f.row * columns + f.column] ^= 1 }
        for (k, n) in saved.reversed() { counts[k] = n }
        return failed ? nil : delta
    }
}

/// A network as its adjacency matrix: undirected when the matrix is symmetric.
public struct Network: Sendable {
    public let adjacency: GridArray
    public let vertexNames: [String]
    public let directed: Bool

    /// The edges in row-major order of the matrix: (i, j) with a 1, and for an undirected
    /// network only i <= j (a self-loop is the one cell (i, i)).
    public var edges: [(from: Int, to: Int)] {
        let n = adjacency.rows
        var out: [(Int, Int)] = []
        for i in 0..<n {
            for j in (directed ? 0 : i)..<n where adjacency.cells[i * n + j] != 0 { out.append((i, j)) }
        }
        return out
    }

    /// From a square 0/1 matrix; `directed` nil: directed exactly when the matrix is not symmetric.
    public init(adjacency: GridArray, vertexNames: [String]? = nil, directed: Bool? = nil) throws(ScoringError) {
        guard adjacency.rows == adjacency.columns else {
            throw .noPerturbation("an adjacency matrix is square: this one has \(adjacency.rows) rows and \(adjacency.columns) columns")
        }
        let n = adjacency.rows
        var symmetric = true
        for i in 0..<n { for j in 0..<i where adjacency.cells[i * n + j] != adjacency.cells[j * n + i] { symmetric = false } }
        if directed == false && !symmetric {
            throw .noPerturbation("the network is undirected but its adjacency matrix is not symmetric")
        }
        self.adjacency = adjacency
        self.vertexNames = vertexNames ?? (0..<n).map(String.init)
        self.directed = directed ?? !symmetric
    }

    /// From an edge list: one edge a line, two vertex names separated by a comma, tab or
    /// spaces; vertices numbered in order of first appearance; lines empty or starting with
    /// '#' skipped.
    public init(edgeList text: String, directed: Bool = false) throws(ScoringError) {
        var index: [String: Int] = [:]
        var names: [String] = []
        var pairs: [(Int, Int)] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let parts = trimmed.split(whereSeparator: { $0 == "," || $0 == "\t" || $0 == " " })
            guard parts.count == 2 else {
                throw .badArrayInput(line: number + 1, reason: "an edge is two vertex names separated by a comma, tab or space; found '\(trimmed)'")
            }
            var ends: [Int] = []
            for p in parts {
                let name = String(p)
                if let i = index[name] { ends.append(i) } else { index[name] = names.count; ends.append(names.count); names.append(name) }
            }
            pairs.append((ends[0], ends[1]))
        }
        guard !names.isEmpty else { throw .badArrayInput(line: nil, reason: "the edge list has no edge") }
        let n = names.count
        var cells = [UInt8](repeating: 0, count: n * n)
        for (a, b) in pairs {
            cells[a * n + b] = 1
            if !directed { cells[b * n + a] = 1 }
        }
        try self.init(adjacency: GridArray(rows: n, columns: n, cells: cells), vertexNames: names, directed: directed)
    }
}

extension GridPerturbation {
    /// Deleting each edge: its cell (both cells (i, j) and (j, i) when undirected) set to 0.
    public mutating func edgeDeletions(_ network: Network) -> [Double?] {
        network.edges.map { e in
            e.from == e.to || network.directed ? flip([(e.from, e.to)]) : flip([(e.from, e.to), (e.to, e.from)])
        }
    }

    /// Deleting each vertex: its row and column removed (algodyn's `delete_vertices`; the
    /// matrix becomes (n-1) x (n-1)). Nil where the smaller matrix has no block.
    public func vertexDeletions() -> [Double?] {
        let n = rows
        let out = UnsafeMutableBufferPointer<Double?>.allocate(capacity: n)
        out.initialize(repeating: nil)
        defer { out.deallocate() }
        let cells = self.cells, table = self.table, decomposition = self.decomposition, value = self.value
        nonisolated(unsafe) let results = out
        DispatchQueue.concurrentPerform(iterations: n) { v in
            guard n > 1 else { return }
            var counter = GridBlockCounter(decomposition: decomposition, columns: n - 1)
            var row = [UInt8](repeating: 0, count: n - 1)
            for r in 0..<n where r != v {
                var k = 0
                for c in 0..<n where c != v { row[k] = cells[r * n + c]; k += 1 }
                row.withUnsafeBufferPointer { counter.append(row: $0) }
            }
            if let result = try? table.bdm(of: counter.finish()) { results[v] = result.value - value }
        }
        return Array(out)
    }
}
