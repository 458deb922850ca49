import Dispatch
import Foundation
import Scoring
import Service

/// `acss serve`: the scoring library over HTTP (a JSON API) and the web calculator.
struct ServeCommand: Command {
    static let name = "serve"
    static let abstract = "HTTP service: a JSON API over score/local/bdm/reference, and the web calculator"
    static let host = Option("--host", "ADDRESS", "address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for every interface)")
    static let port = Option("--port", "N", "TCP port (default 8080; 0 picks a free one, printed on standard error)")
    static let threads = Option("--threads", "N", "worker threads = connections served at once (default: 4 per core, at least 8)")
    static let cors = Option("--cors", "ORIGIN", "let pages from ORIGIN (e.g. https://lab.example.org, or *) call the API (Access-Control-Allow-Origin)")
    static let maxSequences = Option("--max-sequences", "N", "sequences per request (default 100000)")
    static let maxLength = Option("--max-length", "BYTES", "bytes per sequence (default 10000)")
    static let maxBody = Option("--max-body", "BYTES", "bytes per request body (default 8388608 = 8 MiB)")
    static let readTimeout = Option("--read-timeout", "SECONDS", "time a request may take to arrive, first byte to last (default 10)")
    static let idleTimeout = Option("--idle-timeout", "SECONDS", "time a kept-alive connection may wait for its next request (default 5)")
    static let quiet = Flag("--quiet", "no access log (one line per request on standard error)")
    static let options: [any OptionDeclaration] = [host, port, TableSource.directory, threads, cors, maxSequences, maxLength,
                                                   maxBody, readTimeout, idleTimeout, quiet]
    static let takesArguments = false

    static let usage = "acss serve [--host 127.0.0.1] [--port 8080] [--tables DIR] [--threads N] [--cors ORIGIN]"
    static let summary = "Serve the scoring library over HTTP/1.1: a JSON API for programs and online experiments, and a web calculator at / for people who will not install anything."
    static var details: String {
        """
        Endpoints (docs/online-experiments.md; the full description at GET /v1/openapi.json):
          POST /v1/score       {"sequences": ["HTHHTHTT"], "alphabet": 2, "prior": 0.5, ...}
          POST /v1/local       {"sequences": [...], "span": 5, "mean": false}
          POST /v1/bdm         {"sequences": [...], "block_size": 10, "step": 10, "2d": false}
          POST /v1/reference   {"alphabet": 2, "length": "1-12"}
          GET  /v1/tables  /v1/version  /healthz  /v1/openapi.json  /  (the calculator)
        Fields are the command's options without their dashes (--block-size is block_size,
        --2d is 2d). Answers are {"results": [...]}, each object with exactly the keys and
        values of `acss COMMAND --format json`; a sequence that fails has its text and an
        error, the others are still scored. A bad field is 400 {"error": ..., "field": ...}.

        Examples:
          acss serve                                   # http://127.0.0.1:8080/
          acss serve --port 0 --cors https://lab.example.org
          curl -s localhost:8080/v1/score -d '{"sequences": ["HTHHTHTT"], "alphabet": 2}'

        Limits: request head 16 KiB (431), body --max-body (413), --max-sequences (400),
        --max-length (that sequence's row is an error), --threads connections at once (more
        wait), --read-timeout (408) and --idle-timeout. Malformed HTTP gets 400 and the
        connection closed. SIGINT or SIGTERM stops it gracefully (requests in progress are
        answered). Tables load on first use per alphabet and are shared by every thread.
        Exit status: 0 stopped by a signal, 2 usage error, missing tables or an address that
        cannot be used.
        """
    }

    let configuration: ServerConfiguration
    let serviceOptions: ServiceOptions
    let tables: String?
    let quiet: Bool

    init(_ args: ParsedArguments) throws {
        var configuration = ServerConfiguration()
        configuration.host = args.value(Self.host) ?? "127.0.0.1"
        configuration.port = try args.int(Self.port, default: 8080, in: 0...65535)
        configuration.threads = try args.int(Self.threads, default: ServerConfiguration.defaultThreads, in: 1...1024)
        configuration.limits.maxBodyBytes = try args.int(Self.maxBody, default: configuration.limits.maxBodyBytes, in: 1...1 << 30)
        configuration.readTimeout = try Self.seconds(args, Self.readTimeout, default: configuration.readTimeout)
        configuration.idleTimeout = try Self.seconds(args, Self.idleTimeout, default: configuration.idleTimeout)
        self.configuration = configuration
        var options = ServiceOptions()
        options.maxSequences = try args.int(Self.maxSequences, default: options.maxSequences, in: 1...10_000_000)
        options.maxSequenceLength = try args.int(Self.maxLength, default: options.maxSequenceLength, in: 1...1 << 30)
        if let origin = args.value(Self.cors) {
            guard origin == "*" || origin.hasPrefix("http://") || origin.hasPrefix("https://"),
                  !origin.contains(where: { $0.isWhitespace || $0 == "," }) else {
                throw UsageError("invalid value '\(origin)' for --cors: expected one origin such as https://lab.example.org, or *")
            }
            options.corsOrigin = origin
        }
        serviceOptions = options
        tables = args.value(TableSource.directory)
        quiet = args.has(Self.quiet)
    }

    static func seconds(_ args: ParsedArguments, _ option: Option, default fallback: Double) throws(UsageError) -> Double {
        guard let text = args.value(option) else { return fallback }
        guard let s = Double(text), s > 0, s <= 3600 else {
            throw UsageError("invalid value '\(text)' for \(option.name): expected seconds, more than 0 and at most 3600")
        }
        return s
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        let service = try ScoringService(tablesDirectory: tables, options: serviceOptions)
        let log: (@Sendable (String) -> Void)? = quiet ? nil : { @Sendable line in terminal.error(line) }
        let server: HTTPServer
        do {
            server = try HTTPServer(configuration: configuration, log: log) { service.respond(to: $0) }
        } catch {
            throw UsageError(error.description)
        }
        // SIGINT and SIGTERM stop the server; the threads finish what they are answering.
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { server.stop() }
            source.resume()
            sources.append(source)
        }
        server.start()
        // The catalogue hashes every table file (about 3 s for the shipped 165 MB): done
        // now, so the calculator's first visit does not wait for it.
        Thread { _ = service.tableCatalogue() }.start()
        let shown = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
        terminal.error("acss serve: listening on http://\(shown):\(server.port)/ (tables: \(service.directory); \(configuration.threads) threads); Ctrl-C stops")
        server.wait()
        for source in sources { source.cancel() }
        for number in [SIGINT, SIGTERM] { signal(number, SIG_DFL) }
        terminal.error("acss serve: stopped")
        return 0
    }
}
