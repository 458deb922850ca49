import Enumeration
import Foundation

/// The measures of one binary array scored with a 2-D table: the columns of 1-D scoring that
/// have a meaning for arrays (K, D, likelihoods, prob_random, z, percentile, entropy; K_se is 0,
/// the table is exact), the others left empty.
public struct GridScore: Sendable {
    /// The array as given.
    public let text: String
    public let array: PackedGrid
    public let table: GridTableDescriptor
    public let complexity: Double
    public let probability: Double
    /// D(s) over the sum of D over all arrays of the shape.
    public let likelihoodD: Double
    /// 2^-cells over `likelihoodD`.
    public let likelihoodRatio: Double
    public let probRandom: Double
    public let zScore: Double?
    public let percentile: Double?
    /// Shannon entropy of the cells, bits per cell.
    public let entropy: Double
    public let notes: [String]

    public var cells: Int { array.area }
}

extension GridComplexityTable {
    /// Scores an array by direct lookup: every array the table lists up to its area.
    /// z and percentile are against all arrays of the same shape (n - 1 SD), and left empty
    /// with a note when the table covers less than `minimumCoverage` of them.
    public func score(_ array: PackedGrid, text: String, prior: Double = 0.5,
                      minimumCoverage: Double = UniformReference.minimumCoverage) throws(ScoringError) -> GridScore {
        guard prior > 0, prior < 1 else { throw .invalidPrior(prior) }
        guard array.area <= maxArea else {
            throw .arrayNotCovered(text, area: array.area, maxArea: maxArea, table: descriptor.name)
        }
        guard let k = complexity(of: array) else { throw .arrayNotInTable(text, table: descriptor.name) }
        let d = exp2(-k)
        var notes: [String] = []
        var z: Double?, percentile: Double?
        var likelihoodD = Double.nan
        let chance = exp2(-Double(array.area))
        if array.area <= GridReference.maxArea {
            let reference = try reference(rows: array.rows, columns: array.columns)
            likelihoodD = d / reference.probabilitySum
            if reference.coverage < minimumCoverage {
                notes.append("z and percentile left empty: the table gives K to \(ComplexityEstimator.percentage(reference.coverage)) of the \(reference.arrays) arrays of shape \(array.rows)x\(array.columns)")
            } else {
                z = reference.z(k)
                percentile = reference.percentile(k)
            }
        } else {
            notes.append("z, percentile and likelihoods need every array of the shape: computed up to \(GridReference.maxArea) cells")
        }
        let ones = array.bits.nonzeroBitCount
        let p = Double(ones) / Double(array.area)
        let entropy = p == 0 || p == 1 ? 0 : -(p * log2(p) + (1 - p) * log2(1 - p))
        return GridScore(
            text: text, array: array, table: descriptor, complexity: k, probability: d, likelihoodD: likelihoodD,
            likelihoodRatio: chance / likelihoodD,
            probRandom: likelihoodD.isNaN ? .nan : ComplexityEstimator.probRandom(chance: chance, likelihoodD: likelihoodD, prior: prior),
            zScore: z, percentile: percentile, entropy: entropy, notes: notes)
    }
}

/// Arrays written as text: rows of 0/1 separated by "/" ("000/010/000"), or, with a shape, the
/// cells flattened row by row ("000010000" with 3x3, as the 2017 study's grid task stores them).
public enum GridArrayText {
    public static func parse(_ text: String, shape: (rows: Int, columns: Int)? = nil) throws(ScoringError) -> PackedGrid {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw .emptyString }
        var rows: [[UInt8]] = []
        if let shape {
            let cells = Array(trimmed.utf8)
            guard !trimmed.contains("/") else {
                throw .invalidArray(text, reason: "--shape \(shape.rows)x\(shape.columns) reads the cells flattened row by row, without '/'")
            }
            guard cells.count == shape.rows * shape.columns else {
                throw .invalidArray(text, reason: "\(cells.count) cells, but --shape \(shape.rows)x\(shape.columns) needs \(shape.rows * shape.columns)")
            }
            rows = (0..<shape.rows).map { Array(cells[($0 * shape.columns)..<(($0 + 1) * shape.columns)]) }
        } else {
            rows = trimmed.split(separator: "/", omittingEmptySubsequences: false).map { Array($0.utf8) }
            if let empty = rows.firstIndex(where: \.isEmpty) {
                throw .invalidArray(text, reason: "row \(empty + 1) is empty (rows are separated by a single '/')")
            }
            if let ragged = rows.firstIndex(where: { $0.count != rows[0].count }) {
                throw .invalidArray(text, reason: "row \(ragged + 1) has \(rows[ragged].count) cells, row 1 has \(rows[0].count): an array is a rectangle")
            }
        }
        let area = rows.count * rows[0].count
        guard area <= PackedGrid.maxArea, rows.count < 256, rows[0].count < 256 else {
            throw .invalidArray(text, reason: "\(rows.count)x\(rows[0].count) has \(area) cells; arrays are scored directly up to \(PackedGrid.maxArea) cells (use acss bdm --2d for larger ones)")
        }
        var bits: UInt64 = 0
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() {
                switch cell {
                case UInt8(ascii: "0"): break
                case UInt8(ascii: "1"): bits |= 1 << UInt64(r * row.count + c)
                default:
                    throw .invalidArray(text, reason: "cell \(r + 1),\(c + 1) is '\(String(decoding: [cell], as: UTF8.self))'; cells are 0 (white) or 1 (black)")
                }
            }
        }
        return PackedGrid(rows: rows.count, columns: rows[0].count, bits: bits)
    }

    /// "RxC" (e.g. "3x3").
    public static func parseShape(_ text: String) -> (rows: Int, columns: Int)? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let r = Int(parts[0]), let c = Int(parts[1]), r >= 1, c >= 1, r * c <= PackedGrid.maxArea else { return nil }
        return (r, c)
    }
}
