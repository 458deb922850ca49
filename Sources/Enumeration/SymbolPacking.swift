/// The one packed form of a string of small symbols, the key of every hot count: a string
/// s₀ … s_{len-1} of `b` bits a symbol is the UInt128
///
///     1 << (len·b) | s₀ << ((len-1)·b) | … | s_{len-1}
///
/// The leading 1 keeps lengths apart ("0" and "00" differ), so 0 is never a key and can mark
/// an empty slot. Strings longer than `capacity` do not pack; their owners keep them in an
/// ordinary dictionary. Used by the enumerator's output counters, the sampler's pattern sums
/// and the scoring tables.
public struct SymbolPacking: Sendable, Equatable {
    public let bitsPerSymbol: Int
    /// The longest string that packs.
    public let capacity: Int

    public init(bitsPerSymbol: Int) {
        precondition((1...8).contains(bitsPerSymbol), "bits per symbol must be 1...8")
        self.bitsPerSymbol = bitsPerSymbol
        capacity = (UInt128.bitWidth - 1) / bitsPerSymbol
    }

    /// The narrowest packing for symbols `0..<symbols`.
    public init(symbols: Int) {
        self.init(bitsPerSymbol: max(1, Int.bitWidth - (symbols - 1).leadingZeroBitCount))
    }

    /// The key of the empty string, to build keys symbol by symbol with `appending`.
    public static let empty: UInt128 = 1

    @inline(__always)
    public func appending(_ symbol: UInt8, to key: UInt128) -> UInt128 {
        key &<< UInt128(bitsPerSymbol) | UInt128(symbol)
    }

    /// The key of `symbols`, nil when longer than `capacity`.
    @inline(__always)
    public func pack(_ symbols: UnsafeBufferPointer<UInt8>) -> UInt128? {
        guard symbols.count <= capacity else { return nil }
        // The same key, built in one machine word (the common case: short patterns).
        if let key = packInWord(symbols) { return UInt128(key) }
        var key = Self.empty
        for s in symbols { key = appending(s, to: key) }
        return key
    }

    /// The key of `symbols` when it fits in 63 bits (the same value as `pack`), else nil.
    @inline(__always)
    public func packInWord(_ symbols: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard symbols.count * bitsPerSymbol < UInt64.bitWidth - 1 else { return nil }
        let bits = UInt64(bitsPerSymbol)
        var key: UInt64 = 1
        for s in symbols { key = key << bits | UInt64(s) }
        return key
    }

    public func pack(_ symbols: [UInt8]) -> UInt128? {
        symbols.withUnsafeBufferPointer { pack($0) }
    }

    public func length(of key: UInt128) -> Int {
        (UInt128.bitWidth - key.leadingZeroBitCount - 1) / bitsPerSymbol
    }

    /// The key of the same string read backwards.
    @inline(__always)
    public func reversed(_ key: UInt128) -> UInt128 {
        let mask = (UInt128(1) << bitsPerSymbol) - 1
        var rest = key, result = Self.empty
        while rest > 1 {
            result = result &<< UInt128(bitsPerSymbol) | (rest & mask)
            rest = rest &>> UInt128(bitsPerSymbol)
        }
        return result
    }

    public func unpack(_ key: UInt128) -> [UInt8] {
        let length = length(of: key)
        let mask = (UInt128(1) << bitsPerSymbol) - 1
        return (0..<length).map { i in
            UInt8(truncatingIfNeeded: (key >> ((length - 1 - i) * bitsPerSymbol)) & mask)
        }
    }
}
