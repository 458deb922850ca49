import Enumeration
import Foundation
import XCTest
@testable import Service

/// The request parser and the JSON reader on random and mutated input, from a fixed seed:
/// they must never crash, must agree with themselves when the bytes arrive in pieces, and a
/// live server fed the same requests must answer or close every connection within its
/// timeouts.
final class HTTPParserFuzzTests: XCTestCase {
    /// SplitMix64 (Steele, Lea & Flood 2014): a small deterministic generator.
    typealias Random = SplitMix64

    static let seeds: [String] = [
        "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /v1/score HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n{\"sequences\": [\"HTHHTHTT\"], \"alphabet\": 2}",
        "POST /v1/bdm HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: 31\r\nExpect: 100-continue\r\n\r\n{\"sequences\": [\"0101\"], \"2d\": 1}",
        "OPTIONS * HTTP/1.1\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ]

    static let alphabet = Array("GETPOST /:\r\n\t HTP1.0{}[]\",-0123456789chunkedContent-Length".utf8)

    static func mutate(_ input: [UInt8], _ rng: inout Random) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + rng.index(below: 4)) {
            switch rng.index(below: 6) {
            case 0 where !bytes.isEmpty: bytes.remove(at: rng.index(below: bytes.count))
            case 1: bytes.insert(alphabet[rng.index(below: alphabet.count)], at: rng.index(below: bytes.count + 1))
            case 2 where !bytes.isEmpty: bytes[rng.index(below: bytes.count)] = UInt8(truncatingIfNeeded: rng.next())
            case 3 where !bytes.isEmpty:
                let cut = rng.index(below: bytes.count)
                bytes = Array(bytes.prefix(cut))
            case 4 where bytes.count > 2:
                let a = rng.index(below: bytes.count), b = rng.index(below: bytes.count)
                bytes.swapAt(a, b)
            default:
                let start = rng.index(below: bytes.count + 1)
                bytes.insert(contentsOf: bytes[start...].prefix(rng.index(below: 20)), at: start)
            }
        }
        return bytes
    }

    static func random(_ rng: inout Random) -> [UInt8] {
        (0..<rng.index(below: 200)).map { _ in rng.index(below: 3) == 0 ? UInt8(truncatingIfNeeded: rng.next()) : alphabet[rng.index(below: alphabet.count)] }
    }

    /// The outcome in a comparable form.
    static func outcome(_ bytes: [UInt8], _ limits: HTTPLimits) -> String {
        do {
            switch try HTTPParser.parse(bytes[...], limits: limits) {
            case .incomplete: return "incomplete"
            case .request(let r, let consumed): return "request \(r.method) \(r.target) \(r.body.count) \(consumed)"
            }
        } catch {
            return "error \(error.status)"
        }
    }

    func testParserNeverCrashesAndIsConsistentAcrossPieces() {
        var rng = Random(seed: 2026_12_07)
        let limits = HTTPLimits(maxHeaderBytes: 512, maxBodyBytes: 1024)
        var kinds: [String: Int] = [:]
        for i in 0..<20_000 {
            let bytes = i % 3 == 0 ? Self.random(&rng) : Self.mutate(Array(Self.seeds[rng.index(below: Self.seeds.count)].utf8), &rng)
            let whole = Self.outcome(bytes, limits)
            kinds[String(whole.prefix(while: { $0 != " " })), default: 0] += 1
            // Every prefix must be incomplete, or the same error or request as the whole
            // (a parser that decides differently on a prefix would answer before the end).
            let cut = rng.index(below: bytes.count + 1)
            let prefix = Self.outcome(Array(bytes.prefix(cut)), limits)
            if prefix != "incomplete" && !whole.hasPrefix("request") {
                XCTAssertEqual(prefix, whole, "\(String(decoding: bytes, as: UTF8.self).debugDescription) cut at \(cut)")
            }
            if prefix.hasPrefix("request") { XCTAssertEqual(prefix, whole) }
            _ = try? JSONValue.parse(Array(bytes.drop { $0 != UInt8(ascii: "{") }))
        }
        XCTAssertGreaterThan(kinds["request"] ?? 0, 1000, "\(kinds)")
        XCTAssertGreaterThan(kinds["error"] ?? 0, 1000, "\(kinds)")
        XCTAssertGreaterThan(kinds["incomplete"] ?? 0, 1000, "\(kinds)")
    }

    func testJSONReaderOnMutatedDocuments() {
        var rng = Random(seed: 42)
        let documents = ["{\"sequences\": [\"HTHHTHTT\", \"3152646213\"], \"alphabet\": 2, \"prior\": 0.5, \"strict\": false, \"x\": null}",
                         "[1, -2.5e3, 0.0, \"\\u00e9\\ud83d\\ude00\\n\", {\"a\": [[]]}]"]
        var parsed = 0
        for _ in 0..<20_000 {
            let bytes = Self.mutate(Array(documents[rng.index(below: documents.count)].utf8), &rng)
            if (try? JSONValue.parse(bytes)) != nil { parsed += 1 }
        }
        XCTAssertGreaterThan(parsed, 100)
        XCTAssertEqual(try JSONValue.parse(Array(documents[1].utf8)),
                       .array([.number("1"), .number("-2.5e3"), .number("0.0"), .string("é😀\n"), .object([("a", .array([.array([])]))])]))
        XCTAssertThrowsError(try JSONValue.parse(Array(String(repeating: "[", count: 100).utf8)), "depth limit")
        for bad in ["01", "1.", "-", "\"\\ud800\"", "tru", "{\"a\" 1}", "[1,]", "\"a\u{1}\"", "1 2", "\u{FEFF}{}"] {
            XCTAssertThrowsError(try JSONValue.parse(Array(bad.utf8)), bad.debugDescription)
        }
    }

    /// Live: mutated requests on real connections; each gets a response or a close within
    /// the read timeout (plus scheduling slack), and the server keeps serving.
    func testLiveServerOnMutatedRequests() throws {
        let server = try TestServer(threads: 4, readTimeout: 0.1, idleTimeout: 0.1)
        defer { server.stop() }
        let slow = LogLines()
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            var rng = Random(seed: 7 + UInt64(worker))
            for _ in 0..<15 {
                guard let c = try? server.client() else { slow.append("connect"); continue }
                c.send(Self.mutate(Array(Self.seeds[rng.index(below: Self.seeds.count)].utf8), &rng))
                let start = Date()
                while c.response(timeout: 2) != nil {}
                if Date().timeIntervalSince(start) > 1.5 { slow.append("\(Date().timeIntervalSince(start)) s") }
            }
        }
        XCTAssertEqual(slow.all, [], "every connection answered or closed within the timeouts")
        XCTAssertEqual(try server.get("/healthz").status, 200)
    }
}

extension SplitMix64 {
    /// `next() % n`: the fuzz cases of this file are defined by this draw.
    mutating func index(below n: Int) -> Int { Int(next() % UInt64(n)) }
}
