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
