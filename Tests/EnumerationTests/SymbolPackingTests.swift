import XCTest
@testable import Enumeration

/// The one packed form of symbol strings: unique keys, exact round trips, reversal.
final class SymbolPackingTests: XCTestCase {
    func testRoundTripsReversalAndDistinctKeys() {
        for symbols in [2, 3, 4, 9] {
            let packing = SymbolPacking(symbols: symbols)
            var rng = SplitMix64(seed: UInt64(symbols), stream: 0)
            var seen: [UInt128: [UInt8]] = [:]
            for _ in 0..<2000 {
                let length = 1 + Int(rng.below(UInt64(min(packing.capacity, 40))))
                let s = (0..<length).map { _ in UInt8(rng.below(UInt64(symbols))) }
                let key = packing.pack(s)!
                XCTAssertEqual(packing.unpack(key), s)
                XCTAssertEqual(packing.length(of: key), length)
                XCTAssertEqual(packing.reversed(key), packing.pack(s.reversed())!)
                if let other = seen[key] { XCTAssertEqual(other, s, "two strings share a key") }
                seen[key] = s
            }
            // Leading zeros do not collide: "0", "00", "000" differ.
            XCTAssertEqual(Set([[0], [0, 0], [0, 0, 0]].map { packing.pack($0)! }).count, 3)
            XCTAssertNil(packing.pack([UInt8](repeating: 0, count: packing.capacity + 1)))
        }
        XCTAssertEqual(SymbolPacking(symbols: 2).bitsPerSymbol, 1)
        XCTAssertEqual(SymbolPacking(symbols: 9).bitsPerSymbol, 4)
    }
}

/// The sampler's word-keyed pattern maps and its register relabelling, against the plain
/// implementations they replace in the hot loop.
final class PackedPatternKeyTests: XCTestCase {
    /// `Patterns.packedKey` is `relabel` followed by `packInWord`, for every packing width
    /// (the register path up to 4 bits a symbol, the table path above).
    func testPackedKeyIsTheRelabelledPattern() {
        let labels = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        defer { labels.deallocate() }
        labels.initialize(repeating: 0xFF, count: 256)
        var rng = SplitMix64(seed: 5, stream: 1)
        for symbols in [2, 3, 4, 5, 9, 16, 17, 40] {
            let packing = SymbolPacking(symbols: symbols)
            let longest = (UInt64.bitWidth - 2) / packing.bitsPerSymbol
            for _ in 0..<500 {
                let s = (0..<(1 + Int(rng.below(UInt64(longest))))).map { _ in UInt8(rng.below(UInt64(symbols))) }
                let expected = Patterns.normalize(s).withUnsafeBufferPointer { packing.packInWord($0) }!
                XCTAssertEqual(Patterns.packedKey(count: s.count, packing: packing, labels: labels) { s[$0] }, expected, "\(s)")
                let r = Array(s.reversed())
                XCTAssertEqual(Patterns.packedKey(count: s.count, packing: packing, labels: labels) { s[s.count - 1 - $0] },
                               Patterns.normalize(r).withUnsafeBufferPointer { packing.packInWord($0) }!)
            }
            for i in 0..<256 { XCTAssertEqual(labels[i], 0xFF, "relabelling buffer not reset") }
        }
    }

    /// The open-addressing map agrees with a Dictionary through growth, batch lookups and
    /// clearing (both the slot-by-slot and the whole-table path).
    func testPackedKeyMapAgreesWithADictionary() {
        var rng = SplitMix64(seed: 9, stream: 2)
        let map = PackedKeyMap<UInt64>(initialCapacity: 16)
        for round in 0..<4 {
            var reference: [UInt64: UInt64] = [:]
            let keys = round == 3 ? 3 : 5_000
            for _ in 0..<(4 * keys) {
                let key = 1 + rng.below(UInt64(keys)) * 0x1_0000_0001 // collide in the low bits
                let x = rng.below(1000)
                let p = map.position(of: key, inserting: 0)
                map.values[p] += x
                reference[key, default: 0] += x
            }
            XCTAssertEqual(map.count, reference.count)
            for p in 0..<map.count { XCTAssertEqual(map.values[p], reference[map.keys[p]]) }
            // A batch of distinct keys, half present, half new.
            let batch: [UInt64] = (0..<200).map { (i: Int) -> UInt64 in
                let high: UInt64 = i % 2 == 0 ? 0 : 1 << 62
                return 1 + UInt64(i) * 0x1_0000_0001 + high
            }
            var positions = [Int](repeating: -1, count: batch.count)
            batch.withUnsafeBufferPointer { b in
                positions.withUnsafeMutableBufferPointer { map.positions(of: b.baseAddress!, count: b.count, into: $0.baseAddress!, inserting: 7) }
            }
            for (key, p) in zip(batch, positions) {
                XCTAssertEqual(map.keys[p], key)
                XCTAssertEqual(map.values[p], reference[key] ?? 7)
            }
            map.removeAll()
            XCTAssertEqual(map.count, 0)
            XCTAssertNil(map.value(of: batch[0]))
        }
    }
}
