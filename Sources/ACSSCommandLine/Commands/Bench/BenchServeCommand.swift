import Enumeration
import Foundation
import JSONOutput
import Service

/// `acss bench serve`: load on a running `acss serve` (loopback): keep-alive requests of one
/// sequence, or one request with a batch of sequences.
struct BenchServeCommand: Command {
    static let name = "serve"
    static let abstract = "load on a running acss serve: requests per second and latency percentiles, or one large batch"
    static let port = Option("--port", "N", "port of the acss serve to load, on 127.0.0.1 (required)")
    static let connections = Option("--connections", "C", "keep-alive connections, each on its own thread (default 2)")
    static let seconds = Option("--seconds", "S", "how long to send requests (default 10, at most 600)")
    static let requests = Option("--requests", "N", "stop after N requests in all (default 10000000)")
    static let sequence = Option("--sequence", "STRING", "the sequence of every request (default HTHHTHTTHT, 10 symbols; alphabet 2)")
    static let batch = Option("--batch", "N", "instead: one request with N sequences of 8-12 coin tosses (fixed seed), timed --repeat times")
    static let repeats = Option("--repeat", "R", "with --batch: requests, one after the other; the median and minimum are reported (default 5)")
    static let json = Flag("--json", "one JSON object")
    static let options: [any OptionDeclaration] = [port, connections, seconds, requests, sequence, batch, repeats, json]
    static let takesArguments = false
    static let usage = "acss bench serve --port N [--connections C] [--seconds S] [--requests N]    or    acss bench serve --port N --batch N"
    static let summary = "Load a running `acss serve` on this machine: keep-alive POST /v1/score requests of one sequence from C connections (requests per second, latency p50/p90/p99/max), or one request with a batch of sequences (seconds). The client shares the machine's cores with the server."
    static let details = """
        Examples:
          acss serve --port 8080 --quiet &
          acss bench serve --port 8080 --connections 2 --seconds 10
          acss bench serve --port 8080 --batch 100000
        scripts/bench-serve.sh runs these (and a 1-minute memory run) for docs/benchmarks.md.
        """

    let portNumber: Int
    let connectionCount: Int
    let duration: Double
    let maxRequests: Int
    let text: String
    let batchSize: Int?
    let repeatCount: Int
    let asJSON: Bool

    init(_ args: ParsedArguments) throws {
        guard args.value(Self.port) != nil else { throw UsageError("missing required option --port (the port acss serve listens on)") }
        portNumber = try args.int(Self.port, default: 8080, in: 1...65535)
        connectionCount = try args.int(Self.connections, default: 2, in: 1...256)
        duration = Double(try args.int(Self.seconds, default: 10, in: 1...600))
        maxRequests = try args.int(Self.requests, default: 10_000_000, in: 1...1_000_000_000)
        text = args.value(Self.sequence) ?? "HTHHTHTTHT"
        batchSize = try args.int(Self.batch, in: 1...10_000_000)
        repeatCount = try args.int(Self.repeats, default: 5, in: 1...100)
        asJSON = args.has(Self.json)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        if let batchSize { return try runBatch(terminal, batchSize) }
        let body = "{\"sequences\": [" + JSON.quote(text) + "], \"alphabet\": 2}"
        let result = LoadGenerator.run(port: portNumber, connections: connectionCount, seconds: duration, maxRequests: maxRequests,
                                       request: LoadGenerator.post("/v1/score", body: body))
        let ms = { (p: Double) in result.percentile(p) / 1000 }
        if asJSON {
            terminal.print(JSON.object([
                ("connections", .integer(connectionCount)), ("requests", .integer(result.requests)), ("errors", .integer(result.errors)),
                ("seconds", .fixed(result.seconds, 3)), ("requests_per_second", .fixed(result.requestsPerSecond, 0)),
                ("p50_ms", .fixed(ms(50), 3)), ("p90_ms", .fixed(ms(90), 3)), ("p99_ms", .fixed(ms(99), 3)), ("max_ms", .fixed(ms(100), 3)),
            ]).compact)
        } else {
            terminal.print(String(format: "%d connections: %d requests in %.2f s = %.0f requests/s; latency p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms; %d errors",
                                  connectionCount, result.requests, result.seconds, result.requestsPerSecond, ms(50), ms(90), ms(99), ms(100), result.errors))
        }
        return result.errors == 0 && result.requests > 0 ? 0 : 1
    }

    private func runBatch(_ terminal: Terminal, _ n: Int) throws -> Int32 {
        var rng = SplitMix64(seed: 20_261_207)
        var items: [String] = []
        items.reserveCapacity(n)
        for _ in 0..<n {
            let length = 8 + Int(rng.next() % 5)
            var s = ""
            for _ in 0..<length { s.append(rng.next() & 1 == 0 ? "H" : "T") }
            items.append("\"" + s + "\"")
        }
        let request = LoadGenerator.post("/v1/score", body: "{\"sequences\": [" + items.joined(separator: ",") + "], \"alphabet\": 2}")
        var times: [Double] = []
        var bytes = 0
        for _ in 0..<repeatCount {
            guard let r = LoadGenerator.once(port: portNumber, request: request), r.status == 200 else {
                terminal.error("acss bench serve: the batch request failed (is acss serve running on port \(portNumber), with --max-sequences >= \(n)?)")
                return 1
            }
            times.append(r.seconds)
            bytes = r.bytes
        }
        times.sort()
        let median = times[times.count / 2]
        if asJSON {
            terminal.print(JSON.object([("sequences", .integer(n)), ("request_bytes", .integer(request.count)), ("response_bytes", .integer(bytes)),
                                        ("repeats", .integer(repeatCount)), ("median_s", .fixed(median, 4)), ("min_s", .fixed(times[0], 4))]).compact)
        } else {
            terminal.print(String(format: "one request of %d sequences (%d bytes; answer %d bytes): median %.3f s, min %.3f s over %d requests",
                                  n, request.count, bytes, median, times[0], repeatCount))
        }
        return 0
    }
}
