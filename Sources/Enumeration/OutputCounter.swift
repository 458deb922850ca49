import TuringMachines

/// Exact weighted counts of output strings, keyed by their `SymbolPacking` (the narrowest for
/// the space's symbols): the key 0 never occurs and marks an empty slot. Strings longer than
/// the packing's capacity go to an ordinary dictionary; they are rare and only occur in large
/// spaces.
///
/// Open addressing with linear probing, power-of-two capacity, load factor at most 1/2.
/// Owned by one worker thread; merged after the run, so no locking.
final class OutputCounter {
    let packing: SymbolPacking
    private(set) var capacity: Int
    private(set) var count = 0
    private var shift: Int
    private var keys: UnsafeMutablePointer<UInt128>
    private var values: UnsafeMutablePointer<UInt128>
    var longStrings: [[UInt8]: UInt128] = [:]

    init(symbols: Int, initialCapacity: Int = 1 << 12) {
        packing = SymbolPacking(symbols: symbols)
        capacity = initialCapacity
        shift = 64 - initialCapacity.trailingZeroBitCount
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
    }

    /// Forgets every count (capacity is kept).
    func removeAll() {
        keys.update(repeating: 0, count: capacity)
        values.update(repeating: 0, count: capacity)
        count = 0
        longStrings = [:]
    }

    deinit {
        keys.deallocate()
        values.deallocate()
    }

    @inline(__always)
    private func slot(_ key: UInt128) -> Int {
        let mixed = (UInt64(truncatingIfNeeded: key) ^ (UInt64(truncatingIfNeeded: key >> 64) &* 0xC2B2_AE3D_27D4_EB4F))
            &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> UInt64(shift))
    }

    @inline(__always)
    func add(packed key: UInt128, weight: UInt128) {
        var i = slot(key)
        let mask = capacity - 1
        while true {
            let k = keys[i]
            if k == key {
                values[i] &+= weight
                return
            }
            if k == 0 {
                keys[i] = key
                values[i] = weight
                count += 1
                if count * 2 > capacity { grow() }
                return
            }
            i = (i + 1) & mask
        }
    }

    func add(symbols: [UInt8], weight: UInt128) {
        if let key = packing.pack(symbols) {
            add(packed: key, weight: weight)
        } else {
            longStrings[symbols, default: 0] += weight
        }
    }

    private func grow() {
        let oldKeys = keys, oldValues = values, oldCapacity = capacity
        capacity *= 2
        shift -= 1
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
        count = 0
        for i in 0..<oldCapacity where oldKeys[i] != 0 {
            add(packed: oldKeys[i], weight: oldValues[i])
        }
        oldKeys.deallocate()
        oldValues.deallocate()
    }

    func merge(_ other: OutputCounter) {
        for i in 0..<other.capacity where other.keys[i] != 0 {
            add(packed: other.keys[i], weight: other.values[i])
        }
        for (s, w) in other.longStrings { longStrings[s, default: 0] += w }
    }

    /// Calls `body` with every packed key and its count, in no particular order.
    func forEach(_ body: (_ key: UInt128, _ count: UInt128) -> Void) {
        for i in 0..<capacity where keys[i] != 0 { body(keys[i], values[i]) }
    }

    /// Every (string, count) pair, in no particular order.
    func allCounts() -> [[UInt8]: UInt128] {
        var result = longStrings
        result.reserveCapacity(count + longStrings.count)
        for i in 0..<capacity where keys[i] != 0 {
            result[packing.unpack(keys[i]), default: 0] += values[i]
        }
        return result
    }
}
