import Foundation
import TestSupport
import XCTest
@testable import FrequencyTables

/// The FIPS 180-2 test vectors, and agreement with the system's sha256sum.
final class SHA256Tests: XCTestCase {
    func digest(_ s: String) -> String {
        var h = SHA256()
        h.update(s)
        return h.finalizeHex()
    }

    func testStandardVectors() {
        XCTAssertEqual(digest(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(digest("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        XCTAssertEqual(digest(String(repeating: "a", count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalUpdatesEqualOneUpdate() {
        let text = Array((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        var whole = SHA256()
        whole.update(text)
        var pieces = SHA256()
        for chunk in stride(from: 0, to: text.count, by: 37) {
            pieces.update(text[chunk..<min(chunk + 37, text.count)])
        }
        XCTAssertEqual(whole.finalize(), pieces.finalize())
    }

    func testAgreesWithSha256sum() throws {
        let bytes = Array((0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ $0 >> 3) })
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acss-sha-\(UUID()).bin").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard let expected = try SystemTools.sha256sum(ofFileAt: path) else { throw XCTSkip("no sha256sum") }
        var h = SHA256()
        h.update(bytes)
        XCTAssertEqual(expected, h.finalizeHex())
    }
}
