/// A hash map from word-sized packed keys (`SymbolPacking.packInWord`: never 0) to values, for the
/// sampler's per-sample, per-stratum and per-worker pattern sums: no allocation per insertion,
/// no hashing of arrays, and iteration over a dense array.
///
/// Entries live in insertion order in `keys`/`values`; `index` is an open-addressing table
/// (linear probing, power-of-two size, load at most 1/2) of positions in them, plus one (0 marks
/// an empty slot). `removeAll` clears only the slots in use when there are few, so a map
/// emptied after every sample costs in proportion to what the sample touched. Owned by one
/// thread. A class, so that a walker holds it in a `let` and its hot updates need no exclusive
/// access to the walker's properties.
final class PackedKeyMap<Value> {
    private(set) var count = 0
    private var capacity: Int
    private var shift: UInt64
    private var index: UnsafeMutablePointer<Int32>
    private(set) var keys: UnsafeMutablePointer<UInt64>
    private(set) var values: UnsafeMutablePointer<Value>
    private var storage: Int

    init(initialCapacity: Int = 1 << 8) {
        capacity = max(16, 1 << (Int.bitWidth - (initialCapacity - 1).leadingZeroBitCount))
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        index = .allocate(capacity: capacity)
        index.initialize(repeating: 0, count: capacity)
        storage = capacity / 2
        keys = .allocate(capacity: storage)
        values = .allocate(capacity: storage)
    }

    deinit {
        values.deinitialize(count: count)
        values.deallocate()
        keys.deallocate()
        index.deallocate()
    }

    /// Fibonacci hashing: the top bits of key times 2^64/φ.
    @inline(__always)
    private func home(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The position of `key` in `keys`/`values`, inserting it with `initial` when absent. It may
    /// move the buffers: read `values` only after the call (`let p = map.position(...);
    /// map.values[p] += x`, never `map.values[map.position(...)]`).
    @inline(__always)
    func position(of key: UInt64, inserting initial: @autoclosure () -> Value) -> Int {
        let mask = capacity - 1
        var slot = home(key)
        while true {
            let p = Int(index[slot])
            if p == 0 { break }
            if keys[p - 1] == key { return p - 1 }
            slot = (slot + 1) & mask
        }
        let p = count
        if p == storage { growStorage() }
        keys[p] = key
        (values + p).initialize(to: initial())
        count += 1
        index[slot] = Int32(truncatingIfNeeded: count)
        if count * 2 > capacity { growIndex() }
        return p
    }

    /// `position(of:inserting:)` for `n` distinct keys at once, into `positions`: the same
    /// positions as calling it key by key in order. The table is read in passes (every key's
    /// home slot, then every candidate's key, then the rest one by one), so that the cache
    /// misses of a large map overlap instead of following each other: the sampler's fold into
    /// its worker totals is bound by them.
    func positions(of batch: UnsafePointer<UInt64>, count n: Int, into positions: UnsafeMutablePointer<Int>,
                   inserting initial: Value) {
        for i in 0..<n { positions[i] = Int(index[home(batch[i])]) }
        for i in 0..<n {
            let p = positions[i]
            positions[i] = p != 0 && keys[p - 1] == batch[i] ? p - 1 : -1
        }
        for i in 0..<n where positions[i] < 0 { positions[i] = position(of: batch[i], inserting: initial) }
    }

    /// The value of `key`, or nil.
    func value(of key: UInt64) -> Value? {
        let mask = capacity - 1
        var slot = home(key)
        while true {
            let p = Int(index[slot])
            if p == 0 { return nil }
            if keys[p - 1] == key { return values[p - 1] }
            slot = (slot + 1) & mask
        }
    }

    /// Forgets every entry (the buffers are kept).
    func removeAll() {
        if count * 8 < capacity {
            let mask = capacity - 1
            for p in 0..<count {
                var slot = home(keys[p])
                while Int(index[slot]) != p + 1 { slot = (slot + 1) & mask }
                index[slot] = 0
            }
        } else {
            index.update(repeating: 0, count: capacity)
        }
        values.deinitialize(count: count)
        count = 0
    }

    private func growStorage() {
        let bigger = storage * 2
        let newKeys = UnsafeMutablePointer<UInt64>.allocate(capacity: bigger)
        newKeys.moveInitialize(from: keys, count: count)
        keys.deallocate()
        keys = newKeys
        let newValues = UnsafeMutablePointer<Value>.allocate(capacity: bigger)
        newValues.moveInitialize(from: values, count: count)
        values.deallocate()
        values = newValues
        storage = bigger
    }

    private func growIndex() {
        index.deallocate()
        capacity *= 2
        shift -= 1
        index = .allocate(capacity: capacity)
        index.initialize(repeating: 0, count: capacity)
        let mask = capacity - 1
        for p in 0..<count {
            var slot = home(keys[p])
            while index[slot] != 0 { slot = (slot + 1) & mask }
            index[slot] = Int32(truncatingIfNeeded: p + 1)
        }
    }
}
