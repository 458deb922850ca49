#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// What the server listens on and the limits it holds every client to.
public struct ServerConfiguration: Sendable {
    public var host: String
    /// 0: any free port (read it back from `HTTPServer.port`).
    public var port: Int
    /// Worker threads; each serves one connection at a time, so this is also the number of
    /// connections served at once (more wait in the listen backlog).
    public var threads: Int
    public var limits: HTTPLimits
    /// Seconds a request may take to arrive, from its first byte to its last (slow clients
    /// cannot hold a thread longer); 408 and the connection closed past it.
    public var readTimeout: Double
    /// Seconds a kept-alive connection may wait for its next request before it is closed.
    public var idleTimeout: Double
    /// Seconds a response may take to be written (a client that stops reading).
    public var writeTimeout: Double
    /// Pending connections the kernel queues while every thread is busy.
    public var backlog: Int32

    public static var defaultThreads: Int { max(8, 4 * ProcessInfo.processInfo.activeProcessorCount) }

    public init(host: String = "127.0.0.1", port: Int = 8080, threads: Int = ServerConfiguration.defaultThreads,
                limits: HTTPLimits = HTTPLimits(), readTimeout: Double = 10, idleTimeout: Double = 5,
                writeTimeout: Double = 10, backlog: Int32 = 128) {
        self.host = host
        self.port = port
        self.threads = threads
        self.limits = limits
        self.readTimeout = readTimeout
        self.idleTimeout = idleTimeout
        self.writeTimeout = writeTimeout
        self.backlog = backlog
    }
}

/// A problem starting the server (address, port, socket), with the system's reason.
public struct ServerError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// An HTTP/1.1 server on POSIX sockets: a fixed pool of threads, each accepting a connection
/// and serving its requests (keep-alive) until it closes, times out or the server stops.
/// Every wait is a `poll` with a deadline, so a slow or silent client holds a thread for at
/// most the read (or idle) timeout; a malformed request gets its 4xx/5xx and the connection is
/// closed. Writes use MSG_NOSIGNAL (a client that went away is not a SIGPIPE).
public final class HTTPServer: Sendable {
    public let configuration: ServerConfiguration
    /// The bound port (the chosen one when the configuration asked for 0).
    public let port: Int
    private let listener: Int32
    private let handler: @Sendable (HTTPRequest) -> HTTPResponse
    private let log: (@Sendable (String) -> Void)?
    private let stopping = Atomic<Bool>(false)
    private let running = Mutex<[Thread]>([])
    private let finished = DispatchGroup()

    /// Binds and listens (nothing is served before `start`).
    public init(configuration: ServerConfiguration, log: (@Sendable (String) -> Void)?,
                handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws(ServerError) {
        self.configuration = configuration
        self.handler = handler
        self.log = log
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(configuration.host, String(configuration.port), &hints, &list)
        guard status == 0, let first = list else {
            throw ServerError(description: "cannot use the address '\(configuration.host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var fd: Int32 = -1
        var reason = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let s = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if s < 0 { reason = String(cString: strerror(errno)); continue }
            var one: Int32 = 1
            setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if bind(s, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, listen(s, configuration.backlog) == 0 {
                fd = s
                break
            }
            reason = String(cString: strerror(errno))
            close(s)
        }
        guard fd >= 0 else {
            throw ServerError(description: "cannot listen on \(configuration.host):\(configuration.port): \(reason)")
        }
        // Non-blocking: when several threads wake for one connection, the others get EAGAIN.
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Self.port(of: address)
        listener = fd
    }

    /// Starts the worker threads.
    public func start() {
        running.withLock { threads in
            for i in 0..<max(1, configuration.threads) {
                finished.enter()
                let thread = Thread { [self] in
                    self.acceptLoop()
                    self.finished.leave()
                }
                thread.name = "acss-serve-\(i)"
                threads.append(thread)
                thread.start()
            }
        }
    }

    /// Asks every thread to finish: requests in progress are answered (with `Connection:
    /// close`), idle connections are closed, nothing new is accepted.
    public func stop() { stopping.store(true, ordering: .relaxed) }

    public var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Blocks until every thread has finished (after `stop`), then closes the listening socket.
    public func wait() {
        finished.wait()
        close(listener)
    }

    private func acceptLoop() {
        while !isStopping {
            var p = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&p, 1, 200)
            if ready <= 0 { continue }
            var address = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
            }
            if fd < 0 {
                if errno == EMFILE || errno == ENFILE { usleep(10_000) }
                continue
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            // Accepted sockets inherit O_NONBLOCK on some systems: blocking writes (with
            // SO_SNDTIMEO), reads polled with MSG_DONTWAIT.
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
            serve(fd, peer: Self.host(of: address))
            close(fd)
        }
    }

    /// glibc's `malloc_trim` (not in the Glibc module's headers), found at run time; nil
    /// elsewhere.
    private static let trimMemory: (@convention(c) (Int) -> Int32)? = {
        guard let symbol = dlsym(nil, "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
    }()

    /// Milliseconds on the monotonic clock.
    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) * 1000 + Double(t.tv_nsec) / 1_000_000
    }

    /// Serves one connection until it closes, fails, times out or the server stops.
    private func serve(_ fd: Int32, peer: String) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: Int(configuration.writeTimeout),
                              tv_usec: Int((configuration.writeTimeout - configuration.writeTimeout.rounded(.down)) * 1_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let limits = configuration.limits
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        var sentContinue = false
        var requestStarted: Double?
        var idleSince = Self.now()
        while true {
            if !buffer.isEmpty {
                let started = requestStarted ?? Self.now()
                do {
                    switch try HTTPParser.parse(buffer[...], limits: limits) {
                    case .request(let request, let consumed):
                        buffer.removeFirst(consumed)
                        let keepAlive = request.keepAlive && !isStopping
                        let response = handler(request)
                        let includeBody = request.method != "HEAD"
                        if includeBody && response.body.count > 64 * 1024 {
                            // A large body is written as it is, not copied behind the head.
                            guard send(fd, response.head(keepAlive: keepAlive)), send(fd, response.body) else { return }
                        } else {
                            guard send(fd, response.serialized(keepAlive: keepAlive, includeBody: includeBody)) else { return }
                        }
                        access(peer, request.method + " " + request.target + " HTTP/1.\(request.minorVersion)",
                               response.status, response.body.count, started)
                        // glibc keeps freed memory in each thread's arena: after a large answer
                        // (a batch), hand it back, or every thread holds the high-water mark of
                        // the largest batch it served.
                        if response.body.count > 1 << 20 { _ = Self.trimMemory?(0) }
                        guard keepAlive else { return }
                        sentContinue = false
                        requestStarted = nil
                        idleSince = Self.now()
                        continue
                    case .incomplete:
                        requestStarted = started
                        if !sentContinue, let head = try HTTPParser.parseHead(buffer[...], limits: limits), head.expectsContinue,
                           head.contentLength > 0, buffer.count == head.length {
                            sentContinue = true
                            guard send(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
                        }
                    }
                } catch {
                    let response = HTTPResponse.error(error.status, error.message)
                    _ = send(fd, response.serialized(keepAlive: false))
                    access(peer, Self.requestLine(buffer), error.status, response.body.count, started)
                    return
                }
            }
            // Wait for bytes until the deadline: the request's read timeout once it has
            // started, the idle timeout between requests.
            let deadline = requestStarted.map { $0 + configuration.readTimeout * 1000 } ?? idleSince + configuration.idleTimeout * 1000
            var received = 0
            while true {
                let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                if n > 0 { received = n; break }
                if n == 0 { return }  // the client closed
                if errno == EINTR { continue }
                guard errno == EAGAIN || errno == EWOULDBLOCK else { return }
                let left = deadline - Self.now()
                if left <= 0 {
                    if let started = requestStarted {
                        let response = HTTPResponse.error(408, "the request did not arrive within \(configuration.readTimeout) s")
                        _ = send(fd, response.serialized(keepAlive: false))
                        access(peer, Self.requestLine(buffer), 408, response.body.count, started)
                    }
                    return
                }
                if isStopping && buffer.isEmpty { return }
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&p, 1, Int32(min(left, 200).rounded(.up)))
                if ready < 0 && errno != EINTR { return }
            }
            if requestStarted == nil { requestStarted = Self.now() }
            buffer.append(contentsOf: chunk[0..<received])
        }
    }

    /// Writes all of `bytes`; false when the client is gone or stopped reading.
    private func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n > 0 { offset += n; continue }
                if n < 0 && errno == EINTR { continue }
                return false
            }
            return true
        }
    }

    /// The first line of what arrived, for the access log of a request that failed.
    private static func requestLine(_ buffer: [UInt8]) -> String {
        let line = buffer.prefix(200).prefix { $0 != 0x0D && $0 != 0x0A }
        return String(decoding: line.map { $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    /// One access-log line: time, peer, request line, status, body bytes, milliseconds.
    private func access(_ peer: String, _ line: String, _ status: Int, _ bytes: Int, _ started: Double) {
        guard let log else { return }
        var t = time(nil)
        var parts = tm()
        gmtime_r(&t, &parts)
        var stamp = [CChar](repeating: 0, count: 32)
        strftime(&stamp, stamp.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        let ms = String(format: "%.2f", Self.now() - started)
        log("\(Self.text(stamp)) \(peer) \"\(line)\" \(status) \(bytes) \(ms)ms")
    }

    private static func port(of address: sockaddr_storage) -> Int {
        var copy = address
        let family = Int32(address.ss_family)
        return withUnsafeBytes(of: &copy) { raw in
            if family == AF_INET6 { return Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port)) }
            return Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
        }
    }

    private static func host(of address: sockaddr_storage) -> String {
        var copy = address
        let family = Int32(address.ss_family)
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        withUnsafeBytes(of: &copy) { raw in
            if family == AF_INET6 {
                var a = raw.load(as: sockaddr_in6.self).sin6_addr
                _ = inet_ntop(AF_INET6, &a, &text, socklen_t(text.count))
            } else {
                var a = raw.load(as: sockaddr_in.self).sin_addr
                _ = inet_ntop(AF_INET, &a, &text, socklen_t(text.count))
            }
        }
        return Self.text(text)
    }

    /// A C string filled in by libc (up to its NUL) as a Swift string.
    private static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
