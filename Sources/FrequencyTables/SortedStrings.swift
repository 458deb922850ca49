/// Strings in the file order of both table formats (shorter first, then lexicographically by
/// symbol), a value for each, and the index from a string to its position: the body of an
/// exhaustive or a sampled table.
struct SortedStrings<Value: Sendable & Equatable>: Sendable, Equatable {
    let keys: [[UInt8]]
    let values: [Value]
    private let index: [[UInt8]: Int]

    init(_ entries: [[UInt8]: Value]) {
        let sorted = entries.sorted { OutputTable.precedes($0.key, $1.key) }
        keys = sorted.map(\.key)
        values = sorted.map(\.value)
        var index: [[UInt8]: Int] = [:]
        index.reserveCapacity(sorted.count)
        for (i, s) in keys.enumerated() { index[s] = i }
        self.index = index
    }

    func value(of key: [UInt8]) -> Value? { index[key].map { values[$0] } }

    /// Equal keys give equal indexes: the index takes no part in equality.
    static func == (a: Self, b: Self) -> Bool { a.keys == b.keys && a.values == b.values }
}
