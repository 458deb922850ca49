import Foundation
import XCTest
@testable import FrequencyTables

/// `AtomicFile` writes in chunks: every byte arrives once and in order, whatever the chunk size
/// (a 2.5 GB table is written in 256 MB chunks; here tiny chunks exercise the same loop).
final class AtomicFileTests: XCTestCase {
    func testChunkedWriteKeepsEveryByteInOrder() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("acss-atomic-\(getpid()).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let data = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        for chunk in [1, 7, 999, 1000, 4096] {
            try AtomicFile.write(data, to: path, chunkSize: chunk)
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), data, "chunk \(chunk)")
        }
        try AtomicFile.write(Data(), to: path, chunkSize: 7)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)).count, 0)
        XCTAssertThrowsError(try AtomicFile.write(data, to: "/nonexistent-dir/x.tsv"))
    }
}
