import Foundation
import Scoring
import TestSupport
import XCTest
@testable import ACSSCommandLine
@testable import Service

/// The JSON API against the command line: every result row must be byte for byte the row
/// `acss COMMAND --format json` writes for the same input and options.
final class ServiceEndpointTests: XCTestCase {
    nonisolated(unsafe) static var server: TestServer!

    override class func setUp() {
        super.setUp()
        server = try! TestServer()
    }

    override class func tearDown() {
        server.stop()
        super.tearDown()
    }

    var server: TestServer { Self.server }

    /// `acss ARGS --format json --tables DATA` run in-process: its rows, one per line.
    func cliRows(_ arguments: [String]) -> [String] {
        let out = LogLines()
        let terminal = Terminal(out: { out.append($0) }, err: { _ in })
        _ = ACSSCommand.run(arguments + ["--format", "json", "--tables", server.data], terminal: terminal)
        return out.all.joined().split(separator: "\n").map(String.init).filter { $0 != "[" && $0 != "]" }
            .map { $0.hasSuffix(",") ? String($0.dropLast()) : $0 }
    }

    /// The service's rows, one per line (the body is `{"results": [` a row per line `]}`).
    func serviceRows(_ path: String, _ body: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        let response = try server.post(path, body)
        XCTAssertEqual(response.status, 200, response.body, file: file, line: line)
        XCTAssertNotNil(response.json, "the body is JSON", file: file, line: line)
        return response.body.split(separator: "\n").map(String.init).filter { $0 != "{\"results\": [" && $0 != "]}" && $0 != "{\"results\": []}" }
            .map { $0.hasSuffix(",") ? String($0.dropLast()) : $0 }
    }

    func jsonList(_ strings: [String]) -> String {
        "[" + strings.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }.joined(separator: ", ") + "]"
    }

    func testScoreRowsEqualTheCommandLine() throws {
        // Plain strings (the cached path), repeated patterns, separated symbols, a long string
        // (BDM), strings that fail, and digits.
        let sequences = ["HTHHTHTT", "THTTHTHH", "HTHHTHTT", "0101010101", "1,2,1,1", "heads tails tails",
                         "HTHTHTHTHTHTHTHTHTHTTTHH", "3152646213", "HTTTH,,T", "01"]
        let variants: [(cli: [String], json: String)] = [
            (["--alphabet", "2"], "\"alphabet\": 2"),
            ([], "\"prior\": 0.5"),
            (["--alphabet", "2", "--prior", "0.8", "--flavour", "standard", "--boundary", "recursive"],
             "\"alphabet\": 2, \"prior\": 0.8, \"flavour\": \"standard\", \"boundary\": \"recursive\""),
            (["--alphabet", "2", "--table", "D6-T1000", "--change-complexity", "acss", "--force-z"],
             "\"alphabet\": 2, \"table\": \"D6-T1000\", \"change_complexity\": \"acss\", \"force_z\": true"),
            (["--alphabet", "2", "--strict"], "\"alphabet\": 2, \"strict\": true"),
        ]
        for variant in variants {
            let cli = cliRows(["score"] + variant.cli + sequences)
            let service = try serviceRows("/v1/score", "{\"sequences\": \(jsonList(sequences)), \(variant.json)}")
            XCTAssertEqual(cli.count, sequences.count, "\(variant.cli)")
            XCTAssertEqual(service, cli, "\(variant.cli)")
        }
    }

    func testTwoDimensionalScoreRowsEqualTheCommandLine() throws {
        let arrays = ["000/010/000", "111/000/111", "0110/1001", "01/1", "000010000"]
        XCTAssertEqual(try serviceRows("/v1/score", "{\"sequences\": \(jsonList(arrays)), \"2d\": true, \"table\": \"G4-T2000\"}"),
                       cliRows(["score", "--2d", "--table", "G4-T2000"] + arrays))
        let flat = ["000010000", "111000111"]
        XCTAssertEqual(try serviceRows("/v1/score", "{\"sequences\": \(jsonList(flat)), \"2d\": true, \"shape\": \"3x3\", \"table\": \"G4-T2000\"}"),
                       cliRows(["score", "--2d", "--shape", "3x3", "--table", "G4-T2000"] + flat))
    }

    func testLocalBDMAndReferenceRowsEqualTheCommandLine() throws {
        let sequences = ["HHHHTHTHHTTH", "0101101110010110101", "HT", "1,2,3,1,2,3"]
        XCTAssertEqual(try serviceRows("/v1/local", "{\"sequences\": \(jsonList(sequences)), \"span\": 4}"),
                       cliRows(["local", "--span", "4"] + sequences))
        XCTAssertEqual(try serviceRows("/v1/local", "{\"sequences\": \(jsonList(sequences)), \"alphabet\": 2, \"mean\": true}"),
                       cliRows(["local", "--alphabet", "2", "--mean"] + sequences))
        XCTAssertEqual(try serviceRows("/v1/bdm", "{\"sequences\": \(jsonList(sequences)), \"alphabet\": 2}"),
                       cliRows(["bdm", "--alphabet", "2"] + sequences))
        XCTAssertEqual(try serviceRows("/v1/bdm", "{\"sequences\": \(jsonList(sequences)), \"flavour\": \"standard\", \"block_size\": 4, \"step\": 1, \"blocks\": true}"),
                       cliRows(["bdm", "--flavour", "standard", "--block-size", "4", "--step", "1", "--blocks"] + sequences))
        XCTAssertEqual(try serviceRows("/v1/bdm", "{\"sequences\": \(jsonList(sequences)), \"alphabet\": 2, \"flavour\": \"standard\", \"block_size\": 4, \"normalized\": true, \"block_entropy\": true, \"given\": \"0110\"}"),
                       cliRows(["bdm", "--alphabet", "2", "--flavour", "standard", "--block-size", "4", "--normalized", "--block-entropy", "--given", "0110"] + sequences))
        let arrays = ["10011/01001/00100/11010/10101", "0000/0000/0000"]
        XCTAssertEqual(try serviceRows("/v1/bdm", "{\"sequences\": \(jsonList(arrays)), \"2d\": true, \"table\": \"G4-T2000\", \"block_size\": 3, \"boundary\": \"recursive\"}"),
                       cliRows(["bdm", "--2d", "--table", "G4-T2000", "--block-size", "3", "--boundary", "recursive"] + arrays))
        XCTAssertEqual(try serviceRows("/v1/bdm", "{\"sequences\": \(jsonList(arrays)), \"2d\": true, \"table\": \"G4-T2000\", \"block_size\": 2, \"boundary\": \"correlated\", \"blocks\": true}"),
                       cliRows(["bdm", "--2d", "--table", "G4-T2000", "--block-size", "2", "--boundary", "correlated", "--blocks"] + arrays))
        XCTAssertEqual(try serviceRows("/v1/reference", "{\"alphabet\": 2}"), cliRows(["reference", "--alphabet", "2"]))
        XCTAssertEqual(try serviceRows("/v1/reference", "{\"alphabet\": 2, \"length\": \"4-6\"}"), cliRows(["reference", "--alphabet", "2", "--length", "4-6"]))
        XCTAssertEqual(try serviceRows("/v1/reference", "{\"alphabet\": 2, \"length\": 12}"), cliRows(["reference", "--alphabet", "2", "--length", "12"]))
    }

    /// Published values through the service: the uniform reference of 12 coin tosses (mean
    /// 32.50209, Gauvrit et al. 2016), and the same K for a string and its complement.
    func testPublishedFigures() throws {
        let reference = try server.post("/v1/reference", "{\"alphabet\": 2, \"length\": 12}").json as! [String: Any]
        let row = (reference["results"] as! [[String: Any]])[0]
        XCTAssertEqual(row["mean"] as! Double, 32.50209, accuracy: 5e-6)
        let score = try server.post("/v1/score", "{\"sequences\": [\"HTHHTHTT\", \"THTTHTHH\"], \"alphabet\": 2}").json as! [String: Any]
        let rows = score["results"] as! [[String: Any]]
        XCTAssertEqual(rows[0]["K"] as! Double, rows[1]["K"] as! Double)
        XCTAssertEqual(rows[0]["table"] as? String, "D5-T500")
    }

    func testEveryGetEndpoint() throws {
        let health = try server.get("/healthz")
        XCTAssertEqual(health.status, 200)
        XCTAssertEqual((health.json as? [String: String])?["status"], "ok")
        let version = try server.get("/v1/version").json as! [String: String]
        XCTAssertEqual(version["version"], ACSSVersion.string)
        let openapi = try server.get("/v1/openapi.json")
        XCTAssertEqual(openapi.status, 200)
        let document = try XCTUnwrap(openapi.json as? [String: Any], "the OpenAPI document is JSON")
        let paths = try XCTUnwrap(document["paths"] as? [String: Any])
        for path in ScoringService.endpoints + ["/v1/tables", "/v1/version", "/healthz", "/v1/openapi.json", "/"] {
            XCTAssertNotNil(paths[path], "openapi.json describes \(path)")
        }
        let page = try server.get("/")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.headers["content-type"]!.hasPrefix("text/html"))
        XCTAssertNotNil(page.headers["content-security-policy"])
        XCTAssertTrue(page.body.hasPrefix("<!doctype html>"))
    }

    /// The catalogue's SHA-256 against coreutils' sha256sum (an independent implementation).
    func testTableCatalogue() throws {
        let catalogue = try server.get("/v1/tables").json as! [String: Any]
        let tables = catalogue["tables"] as! [[String: Any]]
        XCTAssertEqual(tables.map { $0["name"] as! String }, TableCatalog.tables.map(\.name) + GridTableDescriptor.tables.map(\.name))
        let d5 = tables.first { $0["name"] as? String == "D5-T500" }!
        XCTAssertEqual(d5["available"] as? Bool, true)
        XCTAssertEqual(d5["default"] as? Bool, true)
        XCTAssertEqual(d5["space"] as? String, "(5,2)")
        if let expected = try SystemTools.sha256sum(ofFileAt: Repository.table("D5-T500.tsv")) {
            XCTAssertEqual(d5["sha256"] as? String, expected)
        }
        let k4 = tables.first { $0["name"] as? String == "K.4" }!
        XCTAssertEqual(k4["available"] as? Bool, false, "not in the test's data folder")
        XCTAssertNil(k4["sha256"])
    }

    /// A bad field is a 400 naming it; a bad sequence is its own row, the others are scored.
    func testRequestErrorsNameTheField() throws {
        let cases: [(String, String, String?)] = [
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"alphabet\": \"2\"}", "alphabet"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"alphabet\": true}", "alphabet"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"alphabet\": 2.5}", "alphabet"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"alphabet\": 10}", "alphabet"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"prior\": 1}", "prior"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"prior\": \"0.5\"}", "prior"),
            ("/v1/score", "{\"sequences\": \"HTHT\"}", "sequences"),
            ("/v1/score", "{\"alphabet\": 2}", "sequences"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"alphabt\": 2}", "alphabt"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"block_size\": 20}", "block_size"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"flavour\": \"pybdm\"}", "flavour"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"boundary\": \"recursive\"}", "boundary"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"table\": \"K.7\"}", "table"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"alphabet\": 4, \"table\": \"D6-T1000\"}", "table"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"strict\": \"yes\"}", "strict"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"], \"shape\": \"3x3\"}", "shape"),
            ("/v1/local", "{\"sequences\": [\"HTHT\"], \"span\": 1}", "span"),
            ("/v1/bdm", "{\"sequences\": [\"0101\"], \"shift\": 1}", "shift"),
            ("/v1/bdm", "{\"sequences\": [\"0101\"], \"2d\": true, \"step\": 1}", "step"),
            ("/v1/bdm", "{\"sequences\": [\"0101\"], \"normalized\": true, \"blocks\": true}", "blocks"),
            ("/v1/bdm", "{\"sequences\": [\"0101\"], \"given\": 7}", "given"),
            ("/v1/bdm", "{\"sequences\": [\"01/10\"], \"2d\": true, \"normalized\": true}", "normalized"),
            ("/v1/reference", "{\"length\": 4}", "alphabet"),
            ("/v1/reference", "{\"alphabet\": 2, \"length\": \"4-x\"}", "length"),
            ("/v1/reference", "{\"alphabet\": 2, \"length\": 13}", "length"),
            ("/v1/score", "{\"sequences\": [\"HTHT\"]", nil),
            ("/v1/score", "[\"HTHT\"]", nil),
            ("/v1/score", "", nil),
            ("/v1/score", "{\"sequences\": [\"\u{1}\"]}", nil),
        ]
        for (path, body, field) in cases {
            let response = try server.post(path, body)
            XCTAssertEqual(response.status, 400, "\(body): \(response.body)")
            let json = try XCTUnwrap(response.json as? [String: String], body)
            XCTAssertEqual(json["field"], field, "\(body): \(response.body)")
            XCTAssertFalse(json["error"]!.isEmpty)
            if let field { XCTAssertTrue(json["error"]!.contains(field), "the message names \(field): \(json["error"]!)") }
        }
        let mixed = try server.post("/v1/score", "{\"sequences\": [\"HTHT\", 12, null, \"\", \"HTHT\"], \"alphabet\": 2}").json as! [String: Any]
        let rows = mixed["results"] as! [[String: Any]]
        XCTAssertEqual(rows.count, 5)
        XCTAssertTrue(rows[0]["error"] is NSNull)
        XCTAssertEqual(rows[1]["error"] as? String, "sequences[1]: expected a string, found a number 12")
        XCTAssertEqual(rows[2]["error"] as? String, "sequences[2]: expected a string, found null null")
        XCTAssertTrue((rows[3]["error"] as? String ?? "").contains("empty"), "\(rows[3])")
        XCTAssertEqual(rows[4]["K"] as? Double, rows[0]["K"] as? Double)
    }

    func testLimitsOnSequences() throws {
        let many = "{\"sequences\": \(jsonList(Array(repeating: "HT", count: 1001)))}"
        let response = try server.post("/v1/score", many)
        XCTAssertEqual(response.status, 400)
        XCTAssertTrue(response.body.contains("at most 1000"), response.body)
        let long = try server.post("/v1/score", "{\"sequences\": [\"\(String(repeating: "HT", count: 1001))\"]}").json as! [String: Any]
        let row = (long["results"] as! [[String: Any]])[0]
        XCTAssertTrue((row["error"] as! String).contains("longer than the limit of 2000"), "\(row)")
    }

    func testRoutesAndMethods() throws {
        XCTAssertEqual(try server.get("/v1/nothing").status, 404)
        XCTAssertEqual(try server.get("/../../etc/passwd").status, 404)
        XCTAssertEqual(try server.get("/v1/score").status, 405)
        XCTAssertEqual(try server.get("/v1/score").headers["allow"], "POST")
        XCTAssertEqual(try server.post("/healthz", "{}").status, 405)
        let c = try server.client()
        c.request("HEAD", "/healthz")
        let head = try XCTUnwrap(c.response(headOnly: true))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.body, "", "HEAD has no body")
        c.request("GET", "/v1/score?alphabet=2")
        XCTAssertEqual(c.response()?.status, 405, "the query is not part of the route")
    }
}
