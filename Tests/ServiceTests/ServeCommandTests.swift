import Foundation
import XCTest
@testable import ACSSCommandLine

/// `acss serve`'s options: every bad value is a usage error naming it, before anything listens.
final class ServeCommandTests: XCTestCase {
    func run(_ arguments: [String]) -> (status: Int32, err: String) {
        let err = LogLines()
        let status = ACSSCommand.run(["serve"] + arguments, terminal: Terminal(out: { _ in }, err: { err.append($0) }))
        return (status, err.all.joined())
    }

    func testBadOptionsAreUsageErrors() {
        let cases: [([String], String)] = [
            (["--port", "70000"], "--port"),
            (["--port", "x"], "--port"),
            (["--threads", "0"], "--threads"),
            (["--cors", "lab.example.org"], "--cors"),
            (["--cors", "https://a.org, https://b.org"], "--cors"),
            (["--read-timeout", "0"], "--read-timeout"),
            (["--idle-timeout", "forever"], "--idle-timeout"),
            (["--max-sequences", "0"], "--max-sequences"),
            (["--tables", "/nonexistent/acss-tables"], "D5-T500"),
            (["extra"], "unexpected argument"),
            (["--host", "not an address", "--port", "0", "--tables", TestServer.dataFolder], "cannot use the address"),
        ]
        for (arguments, named) in cases {
            let (status, err) = run(arguments)
            XCTAssertEqual(status, 2, "\(arguments): \(err)")
            XCTAssertTrue(err.contains(named), "\(arguments): the message names \(named): \(err)")
        }
    }

    func testAnOccupiedPortIsAnError() throws {
        let server = try TestServer()
        defer { server.stop() }
        let (status, err) = run(["--port", String(server.port), "--tables", TestServer.dataFolder])
        XCTAssertEqual(status, 2)
        XCTAssertTrue(err.contains("cannot listen on 127.0.0.1:\(server.port)"), err)
    }
}
