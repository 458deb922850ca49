/// One HTTP/1.x request, parsed.
public struct HTTPRequest: Sendable {
    public let method: String
    /// The request target as sent ("/v1/score?x=1").
    public let target: String
    /// The target without its query.
    public var path: Substring { target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0] }
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    public let minorVersion: Int
    /// Header names in lowercase, values trimmed, in the order sent.
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]

    public func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }

    /// HTTP/1.1 keeps the connection unless told `close`; 1.0 closes unless told `keep-alive`.
    public var keepAlive: Bool {
        let tokens = (header("connection") ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: " \t") }
        return minorVersion == 1 ? !tokens.contains("close") : tokens.contains("keep-alive")
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}

/// The limits the parser enforces.
public struct HTTPLimits: Sendable {
    /// Request line and headers, bytes (431 past it).
    public var maxHeaderBytes: Int
    /// Body, bytes (413 past it).
    public var maxBodyBytes: Int

    public init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 8 * 1024 * 1024) {
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}

/// A request that cannot be served: the status to answer with (the connection is then closed).
public struct HTTPError: Error, Sendable, Equatable {
    public let status: Int
    public let message: String
    public init(_ status: Int, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// The request line and headers, before the body.
public struct HTTPHead: Sendable {
    public let method: String
    public let target: String
    public let minorVersion: Int
    public let headers: [(name: String, value: String)]
    public let contentLength: Int
    /// Bytes of the head, the blank line included.
    public let length: Int
    /// `Expect: 100-continue`: the client waits for an interim response before the body.
    public let expectsContinue: Bool
}

/// HTTP/1.1 request parsing (RFC 9112) as pure functions over bytes, so that it can be tested
/// and fuzzed without sockets. Strict where leniency would be a risk: lines end in CRLF, header
/// names are tokens, no whitespace before the colon, one Content-Length (digits only), no
/// Transfer-Encoding (a body needs Content-Length), no obsolete line folding. Anything else is
/// an `HTTPError` (400, 413, 431, 501, 505) and the server closes the connection.
public enum HTTPParser {
    public enum Outcome: Sendable {
        /// More bytes are needed.
        case incomplete
        /// A whole request, and how many bytes of the buffer it took.
        case request(HTTPRequest, consumed: Int)
    }

    /// The first request of `bytes`, if whole.
    public static func parse(_ bytes: ArraySlice<UInt8>, limits: HTTPLimits) throws(HTTPError) -> Outcome {
        guard let head = try parseHead(bytes, limits: limits) else { return .incomplete }
        let total = head.length + head.contentLength
        guard bytes.count >= total else { return .incomplete }
        let start = bytes.startIndex
        let request = HTTPRequest(method: head.method, target: head.target, minorVersion: head.minorVersion,
                                  headers: head.headers, body: Array(bytes[(start + head.length)..<(start + total)]))
        return .request(request, consumed: total)
    }

    /// The head of the first request, once its blank line has arrived; nil before.
    public static func parseHead(_ bytes: ArraySlice<UInt8>, limits: HTTPLimits) throws(HTTPError) -> HTTPHead? {
        // Blank lines before a request line are ignored (RFC 9112 §2.2), up to a few.
        var start = bytes.startIndex
        while start + 1 < bytes.endIndex, bytes[start] == 0x0D, bytes[start + 1] == 0x0A, start - bytes.startIndex < 8 { start += 2 }
        guard let end = headEnd(bytes[start...], limit: limits.maxHeaderBytes) else {
            // A line ending in a bare LF would never complete the head: refuse it now rather
            // than at the read timeout.
            var i = start
            while let lf = bytes[i...].firstIndex(of: 0x0A) {
                if lf == start || bytes[lf - 1] != 0x0D { throw HTTPError(400, "a line of the head ends in LF without CR") }
                i = lf + 1
            }
            if bytes.count - (start - bytes.startIndex) > limits.maxHeaderBytes {
                throw HTTPError(431, "request line and headers exceed \(limits.maxHeaderBytes) bytes")
            }
            return nil
        }
        if end - start > limits.maxHeaderBytes { throw HTTPError(431, "request line and headers exceed \(limits.maxHeaderBytes) bytes") }
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = start
        var i = start
        while i < end {
            if bytes[i] == 0x0D {
                guard i + 1 < bytes.endIndex, bytes[i + 1] == 0x0A else { throw HTTPError(400, "a bare CR in the head") }
                lines.append(bytes[lineStart..<i])
                i += 2
                lineStart = i
            } else if bytes[i] == 0x0A {
                throw HTTPError(400, "a line of the head ends in LF without CR")
            } else {
                i += 1
            }
        }
        lines.append(bytes[lineStart..<end])
        guard let requestLine = lines.first else { throw HTTPError(400, "no request line") }
        let parts = requestLine.split(separator: 0x20, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw HTTPError(400, "the request line is not METHOD TARGET HTTP/1.1") }
        guard !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte) else { throw HTTPError(400, "invalid method") }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw HTTPError(400, "invalid request target") }
        let version = Array(parts[2])
        guard version.count == 8, version.starts(with: Array("HTTP/".utf8)), version[6] == UInt8(ascii: "."),
              (0x30...0x39).contains(version[5]), (0x30...0x39).contains(version[7]) else {
            throw HTTPError(400, "invalid HTTP version")
        }
        guard version[5] == UInt8(ascii: "1"), version[7] <= UInt8(ascii: "1") else { throw HTTPError(505, "only HTTP/1.0 and HTTP/1.1 are served") }
        let method = String(decoding: parts[0], as: UTF8.self)
        let target = String(decoding: parts[1], as: UTF8.self)
        guard target.hasPrefix("/") || (method == "OPTIONS" && target == "*") else {
            throw HTTPError(400, "the request target must be a path starting with '/'")
        }
        var headers: [(name: String, value: String)] = []
        var contentLength: Int?
        var expectsContinue = false
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                if let f = line.first, f == 0x20 || f == 0x09 { throw HTTPError(400, "obsolete header line folding") }
                throw HTTPError(400, "a header line without ':'")
            }
            let name = line[line.startIndex..<colon]
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else { throw HTTPError(400, "invalid header name") }
            var value = line[(colon + 1)...]
            while let f = value.first, f == 0x20 || f == 0x09 { value = value.dropFirst() }
            while let l = value.last, l == 0x20 || l == 0x09 { value = value.dropLast() }
            guard value.allSatisfy({ $0 >= 0x20 && $0 != 0x7F || $0 == 0x09 }) else { throw HTTPError(400, "a control character in a header value") }
            let lowerName = String(decoding: name, as: UTF8.self).lowercased()
            let text = String(decoding: value, as: UTF8.self)
            switch lowerName {
            case "content-length":
                guard !value.isEmpty, value.count <= 18, value.allSatisfy({ (0x30...0x39).contains($0) }), let n = Int(text) else {
                    throw HTTPError(400, "invalid Content-Length '\(text.prefix(40))'")
                }
                if let previous = contentLength, previous != n { throw HTTPError(400, "two different Content-Length headers") }
                contentLength = n
            case "transfer-encoding":
                throw HTTPError(501, "Transfer-Encoding is not supported: send the body with Content-Length")
            case "expect":
                guard text.lowercased() == "100-continue" else { throw HTTPError(417, "unsupported Expect '\(text.prefix(40))'") }
                expectsContinue = true
            default: break
            }
            headers.append((lowerName, text))
        }
        let length = contentLength ?? 0
        if length > limits.maxBodyBytes { throw HTTPError(413, "the body (\(length) bytes) exceeds \(limits.maxBodyBytes) bytes") }
        return HTTPHead(method: method, target: target, minorVersion: Int(version[7] - 0x30), headers: headers,
                        contentLength: length, length: end + 4 - bytes.startIndex, expectsContinue: expectsContinue)
    }

    /// The index of the CRLFCRLF that ends the head, searched in the first `limit` + 4 bytes.
    private static func headEnd(_ bytes: ArraySlice<UInt8>, limit: Int) -> Int? {
        var i = bytes.startIndex
        let last = min(bytes.endIndex, bytes.startIndex + limit + 4) - 3
        while i < last {
            if bytes[i] == 0x0D, bytes[i + 1] == 0x0A, bytes[i + 2] == 0x0D, bytes[i + 3] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    /// tchar of RFC 9110 §5.6.2.
    static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(b)
        }
    }
}
