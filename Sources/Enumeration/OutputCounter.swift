import TuringMachines

/// Exact weighted counts of output strings, keyed by a packed form of the string.
///
/// A string of `len` symbols of `b` bits each (`b` = bits per symbol of the space) is packed as
/// `1 << (len·b) | s₀ << ((len-1)·b) | … | s_{len-1}`: the leading 1 keeps lengths apart, so the
/// key 0 never occurs and marks an empty slot. Strings longer than `packedCapacity` symbols go
/// to an ordinary dictionary; they are rare and only occur in large spaces.
///
/// Open addressing with linear probing, power-of-two capacity, load factor at most 1/2.
/// Owned by one worker thread; merged after the run, so no locking.
final class OutputCounter {
    let bitsPerSymbol: Int
    let packedCapacity: Int
    private(set) var capacity: Int
    private(set) var count = 0
    private var shift: Int
    private var keys: UnsafeMutablePointer<UInt128>
    private var values: UnsafeMutablePointer<UInt128>
    var longStrings: [[UInt8]: UInt128] = [:]

    init(symbols: Int, initialCapacity: Int = 1 << 12) {
        bitsPerSymbol = OutputCounter.bitsPerSymbol(symbols)
        packedCapacity = 127 / bitsPerSymbol
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

    static func bitsPerSymbol(_ symbols: Int) -> Int {
        max(1, Int.bitWidth - (symbols - 1).leadingZeroBitCount)
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
        if symbols.count <= packedCapacity {
            add(packed: pack(symbols), weight: weight)
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

    func pack(_ symbols: [UInt8]) -> UInt128 {
        var key: UInt128 = 1
        for s in symbols { key = (key << bitsPerSymbol) | UInt128(s) }
        return key
    }

    func unpack(_ key: UInt128) -> [UInt8] {
        let length = (UInt128.bitWidth - key.leadingZeroBitCount - 1) / bitsPerSymbol
        let mask = (UInt128(1) << bitsPerSymbol) - 1
        return (0..<length).map { i in
            UInt8(truncatingIfNeeded: (key >> ((length - 1 - i) * bitsPerSymbol)) & mask)
        }
    }

    /// Every (string, count) pair, in no particular order.
    func allCounts() -> [[UInt8]: UInt128] {
        var result = longStrings
        result.reserveCapacity(count + longStrings.count)
        for i in 0..<capacity where keys[i] != 0 {
            result[unpack(keys[i]), default: 0] += values[i]
        }
        return result
    }
}
