/// A response to write: status, content type, body, and the headers every response carries.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    /// Extra headers (CORS, Allow, Content-Security-Policy).
    public var headers: [(String, String)]

    public init(status: Int, contentType: String = "application/json", body: [UInt8], headers: [(String, String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    public init(status: Int, json: String, headers: [(String, String)] = []) {
        self.init(status: status, body: Array(json.utf8), headers: headers)
    }

    /// `{"error": message}` (and the field it names).
    public static func error(_ status: Int, _ message: String, field: String? = nil) -> HTTPResponse {
        var text = "{\"error\": " + jsonQuote(message)
        if let field { text += ", \"field\": " + jsonQuote(field) }
        return HTTPResponse(status: status, json: text + "}\n")
    }

    public static func reason(_ status: Int) -> String {
        switch status {
        case 100: return "Continue"
        case 200: return "OK"
        case 204: return "No Content"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 413: return "Content Too Large"
        case 415: return "Unsupported Media Type"
        case 417: return "Expectation Failed"
        case 422: return "Unprocessable Content"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 501: return "Not Implemented"
        case 503: return "Service Unavailable"
        case 505: return "HTTP Version Not Supported"
        default: return "Status"
        }
    }

    /// The status line and headers, blank line included.
    public func head(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        head += "Content-Type: \(contentType)\r\nContent-Length: \(body.count)\r\n"
        head += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n"
        head += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n"
        for (name, value) in headers { head += name + ": " + value + "\r\n" }
        head += "\r\n"
        return Array(head.utf8)
    }

    /// The bytes on the wire; `includeBody` false omits the body (HEAD requests).
    public func serialized(keepAlive: Bool, includeBody: Bool = true) -> [UInt8] {
        var bytes = head(keepAlive: keepAlive)
        if includeBody { bytes.append(contentsOf: body) }
        return bytes
    }
}

import JSONOutput

func jsonQuote(_ s: String) -> String { JSON.quote(s) }
