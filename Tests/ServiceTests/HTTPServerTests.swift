import Foundation
import XCTest
@testable import Service

/// The HTTP layer: keep-alive, pipelining, interim responses, CORS, and every way a client
/// can misbehave (malformed heads, oversized heads and bodies, slow and partial requests,
/// abrupt disconnects), each answered with its status and the connection closed, never a
/// crash or a held thread; and a graceful stop.
final class HTTPServerTests: XCTestCase {
    func testKeepAlivePipeliningAndHTTP10() throws {
        let server = try TestServer()
        defer { server.stop() }
        let c = try server.client()
        for _ in 0..<3 {
            c.request("POST", "/v1/score", body: "{\"sequences\": [\"HTHHTHTT\"], \"alphabet\": 2}")
            let r = try XCTUnwrap(c.response())
            XCTAssertEqual(r.status, 200)
            XCTAssertEqual(r.headers["connection"], "keep-alive")
        }
        // Two requests in one write: two responses, in order.
        c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/version HTTP/1.1\r\nHost: x\r\n\r\n")
        XCTAssertEqual(c.response()?.body, "{\"status\": \"ok\"}\n")
        XCTAssertTrue(c.response()?.body.contains("version") ?? false)
        // Connection: close is honoured.
        c.request("GET", "/healthz", headers: ["Connection: close"])
        XCTAssertEqual(c.response()?.headers["connection"], "close")
        XCTAssertTrue(c.closes(within: 2))
        // HTTP/1.0 closes unless asked to keep the connection.
        let old = try server.client()
        old.send("GET /healthz HTTP/1.0\r\n\r\n")
        XCTAssertEqual(old.response()?.status, 200)
        XCTAssertTrue(old.closes(within: 2))
        XCTAssertEqual(server.log.all.count, 7, "one access-log line per request: \(server.log.all)")
        XCTAssertTrue(server.log.all[0].contains("\"POST /v1/score HTTP/1.1\" 200"), server.log.all[0])
    }

    func testExpectContinue() throws {
        let server = try TestServer()
        defer { server.stop() }
        let c = try server.client()
        let body = "{\"sequences\": [\"HTHT\"], \"alphabet\": 2}"
        c.send("POST /v1/score HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        usleep(100_000)
        c.send(body)
        XCTAssertEqual(c.response()?.status, 200)
    }

    func testCORS() throws {
        let server = try TestServer(options: ServiceOptions(corsOrigin: "https://lab.example.org"))
        defer { server.stop() }
        let c = try server.client()
        c.request("OPTIONS", "/v1/score", headers: ["Origin: https://lab.example.org", "Access-Control-Request-Method: POST",
                                                   "Access-Control-Request-Headers: content-type"])
        let preflight = try XCTUnwrap(c.response())
        XCTAssertEqual(preflight.status, 204)
        XCTAssertEqual(preflight.headers["access-control-allow-origin"], "https://lab.example.org")
        XCTAssertEqual(preflight.headers["access-control-allow-headers"], "Content-Type")
        c.request("POST", "/v1/score", body: "{\"sequences\": [\"HTHT\"]}")
        XCTAssertEqual(c.response()?.headers["access-control-allow-origin"], "https://lab.example.org")
        let plain = try TestServer()
        defer { plain.stop() }
        XCTAssertNil(try plain.get("/healthz").headers["access-control-allow-origin"], "no CORS unless asked")
    }

    /// Malformed heads: 400 (or the status of the limit) and the connection closed.
    func testMalformedRequestsAreRefusedAndClosed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let cases: [(String, Int)] = [
            ("GET /healthz\r\n\r\n", 400),
            ("GET  /healthz HTTP/1.1\r\n\r\n", 400),
            ("GET /healthz HTTP/1.1\nHost: x\n\n", 400),
            ("GET /healthz HTTP/2.0\r\n\r\n", 505),
            ("GET /healthz HTTX/1.1\r\n\r\n", 400),
            ("GET healthz HTTP/1.1\r\n\r\n", 400),
            ("G(T /healthz HTTP/1.1\r\n\r\n", 400),
            ("GET /healthz HTTP/1.1\r\nHost x\r\n\r\n", 400),
            ("GET /healthz HTTP/1.1\r\nHo st: x\r\n\r\n", 400),
            ("GET /healthz HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n", 400),
            ("POST /v1/score HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400),
            ("POST /v1/score HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n", 400),
            ("POST /v1/score HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n", 400),
            ("POST /v1/score HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 501),
            ("POST /v1/score HTTP/1.1\r\nContent-Length: 2000000\r\n\r\n", 413),
            ("GET /healthz HTTP/1.1\r\nX: \(String(repeating: "a", count: 5000))\r\n\r\n", 431),
            ("GET /\(String(repeating: "a", count: 5000))", 431),
        ]
        for (request, status) in cases {
            let c = try server.client()
            c.send(request)
            let response = c.response(timeout: 3)
            XCTAssertEqual(response?.status, status, request.prefix(60).debugDescription)
            XCTAssertEqual(response?.headers["connection"], "close")
            XCTAssertTrue(c.closes(within: 2), "closed after \(request.prefix(40).debugDescription)")
        }
        // The server still serves.
        XCTAssertEqual(try server.get("/healthz").status, 200)
    }

    /// A slow client cannot hold a thread: a partial request gets 408 after the read timeout,
    /// an idle kept-alive connection is closed after the idle timeout; with one thread, the
    /// next client is served right after.
    func testSlowAndIdleClientsTimeOut() throws {
        let server = try TestServer(threads: 1, readTimeout: 0.3, idleTimeout: 0.3)
        defer { server.stop() }
        let slow = try server.client()
        slow.send("POST /v1/score HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"seq")
        let start = Date()
        XCTAssertEqual(slow.response(timeout: 3)?.status, 408)
        XCTAssertTrue(slow.closes(within: 1))
        XCTAssertLessThan(Date().timeIntervalSince(start), 2)
        // A head trickled byte by byte is bounded by the same deadline.
        let trickle = try server.client()
        let started = Date()
        for byte in Array("GET /healthz HTTP/1.1\r\nHost: x\r\n".utf8) {
            trickle.send([byte])
            usleep(30_000)
            if Date().timeIntervalSince(started) > 1 { break }
        }
        XCTAssertTrue(trickle.closes(within: 2), "the trickling client is cut off")
        let idle = try server.client()
        idle.request("GET", "/healthz")
        XCTAssertEqual(idle.response()?.status, 200)
        XCTAssertTrue(idle.closes(within: 2), "idle connection closed")
        XCTAssertEqual(try server.get("/healthz").status, 200)
    }

    /// Clients that vanish mid-request or before reading their answer leave the server serving.
    func testAbruptDisconnects() throws {
        let server = try TestServer(threads: 2)
        defer { server.stop() }
        for cut in [5, 40, 80] {
            let c = try server.client()
            let body = "{\"sequences\": [\"HTHHTHTT\", \"HHHH\"], \"alphabet\": 2}"
            let request = Array("POST /v1/score HTTP/1.1\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
            c.send(Array(request.prefix(cut)))
        }
        // Requests whose answers are never read (a large one, so the write meets a closed socket).
        for _ in 0..<3 {
            let c = try server.client()
            c.request("POST", "/v1/score", body: "{\"sequences\": [" + Array(repeating: "\"HTHHTHTTHT\"", count: 900).joined(separator: ",") + "]}")
            var linger = linger(l_onoff: 1, l_linger: 0)
            setsockopt(c.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
        }
        usleep(200_000)
        XCTAssertEqual(try server.get("/healthz").status, 200)
        XCTAssertEqual(try server.post("/v1/score", "{\"sequences\": [\"HT\"]}").status, 200)
    }

    /// stop(): answered requests, idle connections closed, wait() returns promptly.
    func testGracefulStop() throws {
        let server = try TestServer(readTimeout: 5, idleTimeout: 5)
        let idle = try server.client()
        idle.request("GET", "/healthz")
        XCTAssertEqual(idle.response()?.status, 200)
        let start = Date()
        server.stop()
        XCTAssertLessThan(Date().timeIntervalSince(start), 2, "stopped well before the idle timeout")
        XCTAssertTrue(idle.closes(within: 1))
        XCTAssertThrowsError(try TestClient(port: server.port), "nothing listens any more")
    }

    /// Many clients at once on a few threads: every request answered (the rest wait).
    func testConcurrentClients() throws {
        let server = try TestServer(threads: 3)
        defer { server.stop() }
        let failures = LogLines()
        DispatchQueue.concurrentPerform(iterations: 12) { i in
            guard let c = try? server.client() else { failures.append("connect \(i)"); return }
            for _ in 0..<5 {
                c.request("POST", "/v1/score", body: "{\"sequences\": [\"HTHHTHTT\"], \"alphabet\": 2}", headers: [])
                if c.response()?.status != 200 { failures.append("request \(i)") }
            }
            c.request("GET", "/healthz", headers: ["Connection: close"])
            _ = c.response()
        }
        XCTAssertEqual(failures.all, [])
    }
}
