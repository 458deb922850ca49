import TuringMachines

/// Exact weighted counts of output strings, keyed by their `SymbolPacking` (the narrowest for
/// the space's symbols): the key 0 never occurs and marks an empty slot. Strings longer than
/// the packing's capacity go to an ordinary dictionary; they are rare and only occur in large
/// spaces.
///
/// Open addressing with linear probing, power-of-two capacity, load factor at most 1/2.
/// Owned by one worker thread; merged after the run, so no locking.
///
/// With `tracksFastest` (the 1-D tree walker's counters) it keeps, next to each count, the
/// earliest halting step seen for the string (the step of the fastest halting machine with that
/// output, `UInt32.max` until one is added with a step): a minimum, which like the sums does not
/// depend on the order of the adds or of the merges. Counters that record no steps (the 2-D
/// walker's) neither allocate nor update that column.
final class OutputCounter {
    let packing: SymbolPacking
    private(set) var capacity: Int
    private(set) var count = 0
    private var shift: Int
    private var keys: UnsafeMutablePointer<UInt128>
    private var values: UnsafeMutablePointer<UInt128>
    private var fastest: UnsafeMutablePointer<UInt32>?
    var longStrings: [[UInt8]: UInt128] = [:]
    var longFastest: [[UInt8]: UInt32] = [:]

    init(symbols: Int, initialCapacity: Int = 1 << 12, tracksFastest: Bool = false) {
        packing = SymbolPacking(symbols: symbols)
        capacity = initialCapacity
        shift = 64 - initialCapacity.trailingZeroBitCount
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
        fastest = tracksFastest ? Self.stepColumn(capacity) : nil
    }

    private static func stepColumn(_ capacity: Int) -> UnsafeMutablePointer<UInt32> {
        let column = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        column.initialize(repeating: .max, count: capacity)
        return column
    }

    /// Forgets every count (capacity is kept).
    func removeAll() {
        keys.update(repeating: 0, count: capacity)
        values.update(repeating: 0, count: capacity)
        fastest?.update(repeating: .max, count: capacity)
        count = 0
        longStrings = [:]
        longFastest = [:]
    }

    deinit {
        keys.deallocate()
        values.deallocate()
        fastest?.deallocate()
    }

    @inline(__always)
    private func slot(_ key: UInt128) -> Int {
        let mixed = (UInt64(truncatingIfNeeded: key) ^ (UInt64(truncatingIfNeeded: key >> 64) &* 0xC2B2_AE3D_27D4_EB4F))
            &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> UInt64(shift))
    }

    /// Adds `weight` machines with output `key`; `step` is their halting step (`UInt32.max`
    /// when the caller does not track steps: the 2-D walker, merges of counts alone).
    @inline(__always)
    func add(packed key: UInt128, weight: UInt128, step: UInt32 = .max) {
        var i = slot(key)
        let mask = capacity - 1
        while true {
            let k = keys[i]
            if k == key {
                values[i] &+= weight
                if let fastest, step < fastest[i] { fastest[i] = step }
                return
            }
            if k == 0 {
                keys[i] = key
                values[i] = weight
                if let fastest { fastest[i] = step }
                count += 1
                if count * 2 > capacity { grow() }
                return
            }
            i = (i + 1) & mask
        }
    }

    func add(symbols: [UInt8], weight: UInt128, step: UInt32 = .max) {
        if let key = packing.pack(symbols) {
            add(packed: key, weight: weight, step: step)
        } else {
            longStrings[symbols, default: 0] += weight
            if step < longFastest[symbols, default: .max] { longFastest[symbols] = step }
        }
    }

    private func grow() {
        let oldKeys = keys, oldValues = values, oldFastest = fastest, oldCapacity = capacity
        capacity *= 2
        shift -= 1
        keys = .allocate(capacity: capacity)
        keys.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
        fastest = oldFastest == nil ? nil : Self.stepColumn(capacity)
        count = 0
        for i in 0..<oldCapacity where oldKeys[i] != 0 {
            add(packed: oldKeys[i], weight: oldValues[i], step: oldFastest?[i] ?? .max)
        }
        oldKeys.deallocate()
        oldValues.deallocate()
        oldFastest?.deallocate()
    }

    func merge(_ other: OutputCounter) {
        for i in 0..<other.capacity where other.keys[i] != 0 {
            add(packed: other.keys[i], weight: other.values[i], step: other.fastest?[i] ?? .max)
        }
        for (s, w) in other.longStrings {
            add(symbols: s, weight: w, step: other.longFastest[s, default: .max])
        }
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

    /// Every string's earliest halting step, for the strings added with one.
    func allFastest() -> [[UInt8]: Int] {
        var result: [[UInt8]: Int] = [:]
        result.reserveCapacity(count + longFastest.count)
        for (s, t) in longFastest where t != .max { result[s] = Int(t) }
        guard let fastest else { return result }
        for i in 0..<capacity where keys[i] != 0 && fastest[i] != .max {
            result[packing.unpack(keys[i])] = Int(fastest[i])
        }
        return result
    }
}
