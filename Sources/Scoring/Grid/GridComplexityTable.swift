import Enumeration
import Foundation
import FrequencyTables
import Synchronization

/// The shipped 2-D tables (docs/two-dimensional.md): the one place that names their files.
/// Both are exact enumerations; the first is the default.
public struct GridTableDescriptor: Sendable, Hashable, CustomStringConvertible {
    public let name: String
    public let fileName: String
    public let states: Int
    public let steps: Int

    public var description: String { name }

    public static let tables: [GridTableDescriptor] = [
        GridTableDescriptor(name: "G5-T2000", fileName: "G5-T2000.tsv", states: 5, steps: 2000),
        GridTableDescriptor(name: "G4-T2000", fileName: "G4-T2000.tsv", states: 4, steps: 2000),
    ]

    public static var defaultTable: GridTableDescriptor { tables[0] }

    public static func named(_ name: String) -> GridTableDescriptor? { tables.first { $0.name == name } }
}

/// A 2-D table loaded for scoring: K, D and the counts of arrays by direct lookup
/// (`GridOutputTable`, canonicalized over the symmetries), checked on load against its
/// descriptor (states, step cap).
public final class GridComplexityTable: Sendable {
    public let descriptor: GridTableDescriptor
    public let table: GridOutputTable
    public let path: String
    private let log2Halting: Double
    private let references = Mutex<[Int: GridReference]>([:])

    public init(table: GridOutputTable, descriptor: GridTableDescriptor, path: String = "(table in memory)") throws(ScoringError) {
        guard table.figures.states == descriptor.states, table.figures.stepCap == descriptor.steps, table.figures.part == nil else {
            throw .tableMismatch(path: path, expected: "the whole 2-D (\(descriptor.states),2) run with step cap \(descriptor.steps)",
                                 found: "2-D (\(table.figures.states),2), step cap \(table.figures.stepCap)"
                                    + (table.figures.part.map { ", shard \($0.shard)" } ?? ""))
        }
        self.descriptor = descriptor
        self.table = table
        self.path = path
        log2Halting = CodingTheorem.log2(UInt128(table.figures.halting))
    }

    /// Loads `descriptor`'s file from the data directory (`TableLocator`).
    public convenience init(locator: TableLocator = TableLocator(), descriptor: GridTableDescriptor = .defaultTable) throws(ScoringError) {
        let path = (try locator.locate() as NSString).appendingPathComponent(descriptor.fileName)
        guard FileManager.default.fileExists(atPath: path) else { throw .tableMissing(path: path, table: descriptor.name) }
        let table: GridOutputTable
        do { table = try GridTableFile.read(path: path) } catch { throw .tableUnreadable(path: path, reason: error.description) }
        try self.init(table: table, descriptor: descriptor, path: path)
    }

    /// The largest area the table answers for: its listing (or keep area).
    public var maxArea: Int { table.figures.listedMaxArea ?? table.figures.keepArea }

    /// K(s) = -log2 D(s), D(s) = (c0(s) + c0(~s)) / 2H; nil when the array is beyond the
    /// listing or no machine outputs it or its complement.
    public func complexity(of array: PackedGrid) -> Double? {
        guard array.area <= maxArea else { return nil }
        let c = table.completedCount(of: array)
        return c == 0 ? nil : CodingTheorem.complexity(count: UInt128(c), classSize: 2, log2Halting: log2Halting)
    }

    public func probability(of array: PackedGrid) -> Double? {
        guard array.area <= maxArea else { return nil }
        return table.probability(of: array)
    }

    /// The distribution of K over all 2^(rows·columns) arrays of a shape (computed on first use).
    public func reference(rows: Int, columns: Int) throws(ScoringError) -> GridReference {
        let key = rows * 256 + columns
        if let r = references.withLock({ $0[key] }) { return r }
        guard rows >= 1, columns >= 1, rows * columns <= min(maxArea, GridReference.maxArea) else {
            throw .gridReferenceUnavailable(rows: rows, columns: columns, maxArea: min(maxArea, GridReference.maxArea))
        }
        let r = GridReference(rows: rows, columns: columns, table: self)
        references.withLock { $0[key] = r }
        return r
    }
}
