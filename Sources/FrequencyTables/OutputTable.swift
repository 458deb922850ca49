import TuringMachines

/// An output-frequency table: for one machine space and step cap, how many machines halt on
/// blank tape 0 with each output string (c0 of SPEC.md §2), plus the figures of the run.
///
/// Entries are kept sorted by length, then lexicographically: the order of the file format.
public struct OutputTable: Sendable, Equatable {
    public var space: MachineSpace
    public var stepCap: Int
    /// Number of machines in the space (`B^(nm)`).
    public var machines: UInt128
    /// H: machines that halt within the cap (on blank 0).
    public var halting: UInt128
    /// The largest halting step seen (the busy-beaver step count when the cap is large enough).
    public var latestHalt: Int
    /// Machines whose halting instruction is exactly step `stepCap`.
    public var haltingAtCap: UInt128
    /// CPU and wall-clock seconds the run took. The only run-dependent figures of a table.
    public var cpuSeconds: Double
    public var wallSeconds: Double
    /// Output strings (symbols `0..<m`) and their counts c0, sorted.
    public private(set) var strings: [[UInt8]]
    public private(set) var counts: [UInt128]
    private var index: [[UInt8]: Int]

    public init(space: MachineSpace, stepCap: Int, machines: UInt128, halting: UInt128,
                latestHalt: Int, haltingAtCap: UInt128, cpuSeconds: Double, wallSeconds: Double,
                counts: [[UInt8]: UInt128]) {
        self.space = space
        self.stepCap = stepCap
        self.machines = machines
        self.halting = halting
        self.latestHalt = latestHalt
        self.haltingAtCap = haltingAtCap
        self.cpuSeconds = cpuSeconds
        self.wallSeconds = wallSeconds
        let sorted = counts.sorted { OutputTable.precedes($0.key, $1.key) }
        self.strings = sorted.map(\.key)
        self.counts = sorted.map(\.value)
        var index: [[UInt8]: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, s) in strings.enumerated() { index[s] = i }
        self.index = index
    }

    /// The file order: shorter strings first, then lexicographic by symbol.
    public static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count != b.count ? a.count < b.count : a.lexicographicallyPrecedes(b)
    }

    /// Number of distinct output strings.
    public var distinct: Int { strings.count }
    /// Length of the longest output string.
    public var longest: Int { strings.last?.count ?? 0 }
    /// Machines that do not halt within the cap.
    public var nonHalting: UInt128 { machines - halting }

    /// c0(s), 0 when the string never occurs.
    public func count(of string: [UInt8]) -> UInt128 {
        index[string].map { counts[$0] } ?? 0
    }

    /// Shortest length `L` such that some string of length `L` over the alphabet is missing;
    /// all strings shorter than `L` occur.
    public var completeUpToLength: Int {
        var perLength: [Int: Int] = [:]
        for s in strings { perLength[s.count, default: 0] += 1 }
        var length = 1
        var possible = space.symbols
        while perLength[length] == possible {
            length += 1
            possible *= space.symbols
        }
        return length - 1
    }
}

extension OutputTable {
    /// The symbol characters of the file format: `0-9` then `a-f`.
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    public static func render(_ string: [UInt8]) -> String {
        String(decoding: string.map { digits[Int($0)] }, as: UTF8.self)
    }

    /// Parses a string of symbol characters; nil when a character is not a symbol below `symbols`.
    public static func parse(_ text: Substring.UTF8View, symbols: Int) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        for c in text {
            let v: Int
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = Int(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): v = Int(c - UInt8(ascii: "a")) + 10
            default: return nil
            }
            if v >= symbols { return nil }
            result.append(UInt8(v))
        }
        return result.isEmpty ? nil : result
    }
}
