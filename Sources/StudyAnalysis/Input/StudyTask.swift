import Foundation

/// One random-generation task of a study: what a response may contain and how it is judged.
///
/// - `symbols`: every symbol the task allows, in their natural order when `ordinal` (die faces
///   1-6). Their number m is the task's POSSIBLE alphabet, which decides the CTM table and the
///   uniform reference (docs/formalism.md §6), whatever symbols a particular response happens to use.
/// - `length`: the number of symbols a response must have (nil: any length).
/// - `ordinal`: the symbols have an order, so turning points and adjacency mean something.
/// - `defaultSymbol`: what an input shows when the participant does not touch it (an
///   unclicked cell); a response ending in a long run of it was probably not finished.
/// - `grid`: the response is a rows×cols picture read row by row (the 3x3 black/white grid),
///   which needs a 2-D table, not a string table.
/// - `minResponseSeconds`/`maxResponseSeconds`: response times outside are impossible and
///   flagged. Default minimum: 0.2 s per symbol (faster than anyone can choose and enter
///   symbols one by one); default maximum: none.
public struct StudyTask: Sendable, Hashable {
    struct GridShape: Sendable, Hashable, CustomStringConvertible {
        let rows: Int
        let columns: Int
        var description: String { "\(rows)x\(columns)" }
    }

    public var name: String
    var symbols: [String]
    var length: Int?
    var ordinal: Bool
    var defaultSymbol: String?
    var grid: GridShape?
    var minResponseSeconds: Double?
    var maxResponseSeconds: Double?
    var about: String

    public var alphabet: Int { symbols.count }

    /// Seconds below which a response of `length` symbols cannot have been produced.
    func impossiblyFast(length: Int) -> Double {
        minResponseSeconds ?? 0.2 * Double(length)
    }

    init(name: String, symbols: [String], length: Int?, ordinal: Bool = false,
                defaultSymbol: String? = nil, grid: GridShape? = nil,
                minResponseSeconds: Double? = nil, maxResponseSeconds: Double? = nil, about: String = "") {
        self.name = name
        self.symbols = symbols
        self.length = length
        self.ordinal = ordinal
        self.defaultSymbol = defaultSymbol
        self.grid = grid
        self.minResponseSeconds = minResponseSeconds
        self.maxResponseSeconds = maxResponseSeconds
        self.about = about
    }

    /// The position of each symbol in `symbols`, for reading responses.
    var symbolIndex: [String: UInt8] {
        var index: [String: UInt8] = [:]
        for (i, s) in symbols.enumerated() { index[s] = UInt8(i) }
        return index
    }

    /// Checks what a registry must never hold; the message names the task and the value.
    func validate() throws(RegistryError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw .invalid("task name '\(name)' must be letters, digits, '_' or '-'")
        }
        guard symbols.count >= 2 else {
            throw .invalid("task '\(name)' has \(symbols.count) symbol(s): a random-generation task needs at least 2")
        }
        guard symbols.count <= 10 else {
            throw .invalid("task '\(name)' has \(symbols.count) symbols: the Coding Theorem Method (as ACSS) handles at most 10")
        }
        if let duplicate = Dictionary(grouping: symbols, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw .invalid("task '\(name)' lists symbol '\(duplicate)' twice")
        }
        for s in symbols where s.isEmpty || s.contains(where: { $0 == "," || $0.isWhitespace }) {
            throw .invalid("task '\(name)': symbol '\(s)' must be non-empty and contain no comma or space")
        }
        if let length, length < 1 {
            throw .invalid("task '\(name)': length \(length) must be at least 1")
        }
        if let d = defaultSymbol, !symbols.contains(d) {
            throw .invalid("task '\(name)': default symbol '\(d)' is not one of its symbols \(symbols.joined(separator: " "))")
        }
        if let grid {
            guard grid.rows >= 1, grid.columns >= 1 else { throw .invalid("task '\(name)': grid \(grid) needs positive sides") }
            if let length, length != grid.rows * grid.columns {
                throw .invalid("task '\(name)': grid \(grid) has \(grid.rows * grid.columns) cells but length is \(length)")
            }
        }
        if let lo = minResponseSeconds, let hi = maxResponseSeconds, lo >= hi {
            throw .invalid("task '\(name)': min_rt_s \(lo) must be below max_rt_s \(hi)")
        }
    }
}

public struct RegistryError: Error, CustomStringConvertible, Equatable {
    public let description: String
    static func invalid(_ message: String) -> RegistryError { RegistryError(description: message) }
}
