#if canImport(Glibc)
import Glibc
#endif
import Foundation
import TestSupport
@testable import Service

/// A raw HTTP client over a socket, for driving the server byte by byte (partial requests,
/// pipelining, abrupt disconnects).
final class TestClient {
    let fd: Int32
    private var pending: [UInt8] = []

    init(port: Int) throws {
        fd = try LoadGenerator.connectLoopback(port: port)
    }

    deinit { close(fd) }


    struct Response {
        let status: Int
        let headers: [String: String]
        let body: String
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body.utf8)) }
    }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    /// A request with a body and the usual headers.
    func request(_ method: String, _ path: String, body: String? = nil, headers: [String] = []) {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for h in headers { text += h + "\r\n" }
        if let body { text += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + (body ?? "")
        send(text)
    }

    /// Reads more bytes within `timeout` seconds; false when the server closed or nothing came.
    private func fill(deadline: Double) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = deadline - Date().timeIntervalSince1970
            if left <= 0 { return false }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, Int32(left * 1000) + 1)
            if ready <= 0 { continue }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return false }
            pending.append(contentsOf: chunk[0..<n])
            return true
        }
    }

    /// The next response; nil when the connection closed (or nothing came) first.
    func response(timeout: Double = 10, headOnly: Bool = false) -> Response? {
        let deadline = Date().timeIntervalSince1970 + timeout
        while true {
            if let end = find([13, 10, 13, 10]) {
                let head = String(decoding: pending[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
                let status = Int(head[0].split(separator: " ")[1])!
                var headers: [String: String] = [:]
                for line in head.dropFirst() {
                    let parts = line.split(separator: ":", maxSplits: 1)
                    headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces)
                }
                if status == 100 { pending.removeFirst(end + 4); continue }
                let length = headOnly ? 0 : Int(headers["content-length"] ?? "0")!
                while pending.count < end + 4 + length { if !fill(deadline: deadline) { return nil } }
                let body = String(decoding: pending[(end + 4)..<(end + 4 + length)], as: UTF8.self)
                pending.removeFirst(end + 4 + length)
                return Response(status: status, headers: headers, body: body)
            }
            if !fill(deadline: deadline) { return nil }
        }
    }

    /// Whether the server closes the connection within `timeout` seconds (reading whatever
    /// comes before).
    func closes(within timeout: Double) -> Bool {
        let deadline = Date().timeIntervalSince1970 + timeout
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = deadline - Date().timeIntervalSince1970
            if left <= 0 { return false }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, Int32(left * 1000) + 1) <= 0 { continue }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return true }
        }
    }

    private func find(_ needle: [UInt8]) -> Int? {
        guard pending.count >= needle.count else { return nil }
        for i in 0...(pending.count - needle.count) where pending[i] == needle[0] && Array(pending[i..<(i + needle.count)]) == needle { return i }
        return nil
    }
}

/// A server on an ephemeral loopback port, over a data folder holding D5-T500, D6-T1000 and
/// G4-T2000 only (the catalogue then shows the others as unavailable, and no test hashes the
/// large sampled tables), with short timeouts.
final class TestServer: @unchecked Sendable {
    let server: HTTPServer
    let service: ScoringService
    let data: String
    let log = LogLines()
    var port: Int { server.port }

    static let dataFolder: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("acss-serve-tests-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["D5-T500.tsv", "D6-T1000.tsv", "G4-T2000.tsv"] {
            let link = (folder as NSString).appendingPathComponent(name)
            if !FileManager.default.fileExists(atPath: link) {
                try? FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Repository.table(name))
            }
        }
        return folder
    }()

    init(threads: Int = 4, limits: HTTPLimits = HTTPLimits(maxHeaderBytes: 4096, maxBodyBytes: 1 << 20),
         options: ServiceOptions = ServiceOptions(maxSequences: 1000, maxSequenceLength: 2000),
         readTimeout: Double = 0.5, idleTimeout: Double = 0.5) throws {
        data = Self.dataFolder
        service = try ScoringService(tablesDirectory: data, options: options)
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threads: threads, limits: limits,
                                                readTimeout: readTimeout, idleTimeout: idleTimeout, writeTimeout: 2)
        let service = self.service
        let log = self.log
        server = try HTTPServer(configuration: configuration, log: { log.append($0) }) { service.respond(to: $0) }
        server.start()
    }

    func stop() {
        server.stop()
        server.wait()
    }

    func client() throws -> TestClient { try TestClient(port: port) }

    /// One request on a new connection.
    func post(_ path: String, _ body: String) throws -> TestClient.Response {
        let c = try client()
        c.request("POST", path, body: body)
        return c.response()!
    }

    func get(_ path: String) throws -> TestClient.Response {
        let c = try client()
        c.request("GET", path)
        return c.response()!
    }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
