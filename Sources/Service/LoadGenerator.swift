#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// A load generator for `acss bench serve`: keep-alive connections on loopback, each on its
/// own thread, sending one fixed request and reading its whole response before the next, with
/// each request's latency (send to last byte) on the monotonic clock.
public enum LoadGenerator {
    public struct Result: Sendable {
        public let requests: Int
        /// Responses other than 200, and broken connections.
        public let errors: Int
        public let seconds: Double
        /// Microseconds, sorted.
        public let latencies: [Double]

        public var requestsPerSecond: Double { Double(requests) / seconds }
        public func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return .nan }
            // The nearest-rank percentile.
            let rank = Int((p / 100 * Double(latencies.count)).rounded(.up))
            return latencies[min(latencies.count - 1, max(0, rank - 1))]
        }
    }

    /// An HTTP/1.1 POST of `body` to `path`.
    public static func post(_ path: String, body: String) -> [UInt8] {
        Array("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8)
    }

    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// `connections` clients for `seconds` (or until `maxRequests` in all).
    public static func run(port: Int, connections: Int, seconds: Double, maxRequests: Int, request: [UInt8]) -> Result {
        let total = Atomic<Int>(0)
        let collected = Mutex<(latencies: [Double], errors: Int)>(([], 0))
        let group = DispatchGroup()
        let start = now()
        let end = start + seconds
        for _ in 0..<connections {
            group.enter()
            Thread {
                var latencies: [Double] = []
                latencies.reserveCapacity(1 << 16)
                var errors = 0
                defer {
                    collected.withLock { $0.latencies += latencies; $0.errors += errors }
                    group.leave()
                }
                guard let client = try? Connection(port: port) else { errors += 1; return }
                while now() < end, total.add(1, ordering: .relaxed).newValue <= maxRequests {
                    let t0 = now()
                    guard client.send(request), let status = client.readResponse() else { errors += 1; return }
                    latencies.append((now() - t0) * 1e6)
                    if status != 200 { errors += 1 }
                }
            }.start()
        }
        group.wait()
        let elapsed = now() - start
        let (latencies, errors) = collected.withLock { $0 }
        return Result(requests: latencies.count, errors: errors, seconds: elapsed, latencies: latencies.sorted())
    }

    /// One request on a new connection: seconds to the last byte of the response, the status
    /// and the body's size.
    public static func once(port: Int, request: [UInt8]) -> (seconds: Double, status: Int, bytes: Int)? {
        guard let client = try? Connection(port: port) else { return nil }
        let t0 = now()
        guard client.send(request), let status = client.readResponse() else { return nil }
        return (now() - t0, status, client.lastBodyBytes)
    }

    /// A blocking TCP connection to 127.0.0.1:`port` with Nagle's delay off (requests go out at
    /// once): the load generator's connections, and the test suite's client.
    public static func connectLoopback(port: Int) throws(ServerError) -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError(description: "socket: \(String(cString: strerror(errno)))") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ServerError(description: "connect: \(reason)")
        }
        return fd
    }

    /// A blocking keep-alive connection to 127.0.0.1.
    final class Connection {
        let fd: Int32
        private var buffer = [UInt8](repeating: 0, count: 1 << 16)
        private var pending: [UInt8] = []
        private(set) var lastBodyBytes = 0

        init(port: Int) throws {
            fd = try LoadGenerator.connectLoopback(port: port)
        }

        deinit { close(fd) }

        func send(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    if n <= 0 { if errno == EINTR { continue }; return false }
                    offset += n
                }
                return true
            }
        }

        /// Reads one response (head and Content-Length body); its status, nil when the
        /// connection broke.
        func readResponse() -> Int? {
            var headEnd: Int?
            var length = 0
            while true {
                if headEnd == nil, pending.count >= 4 {
                    for i in 0...(pending.count - 4) where pending[i] == 13 && pending[i + 1] == 10 && pending[i + 2] == 13 && pending[i + 3] == 10 {
                        headEnd = i + 4
                        let head = String(decoding: pending[0..<i], as: UTF8.self).lowercased()
                        if let range = head.range(of: "content-length: ") {
                            length = Int(head[range.upperBound...].prefix { $0.isNumber }) ?? 0
                        }
                        pending.reserveCapacity(i + 4 + length)
                        break
                    }
                }
                if let end = headEnd, pending.count >= end + length {
                    let status = Int(String(decoding: pending[9..<12], as: UTF8.self)) ?? 0
                    pending.removeFirst(end + length)
                    lastBodyBytes = length
                    return status
                }
                let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return nil }
                pending.append(contentsOf: buffer[0..<n])
            }
        }
    }
}
