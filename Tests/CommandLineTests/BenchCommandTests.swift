import Foundation
import XCTest
@testable import ACSSCommandLine

/// `acss bench`: the numbers are timings, so the tests check what must hold whatever the
/// machine: one line per thread count, the same enumeration every time, and named errors.
final class BenchCommandTests: XCTestCase {
    func testEnumerateReportsEachThreadCountOnTheSameWork() throws {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bench", "enumerate", "--states", "3", "--threads", "1,2", "--json"]), 0, c.stderr)
        let runs = try c.stdout.split(separator: "\n").map {
            try XCTUnwrap(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        XCTAssertEqual(runs.map { $0["threads"] as? Int }, [1, 2])
        for run in runs {
            XCTAssertEqual(run["space"] as? String, "(3,2)")
            XCTAssertEqual(run["steps"] as? Int, 21, "the busy-beaver step cap of n = 3 is the default")
            XCTAssertEqual(run["identical"] as? Bool, true, "every thread count must give the same table")
            XCTAssertGreaterThan(run["simulated_steps"] as? Int ?? 0, 0)
        }
        // The work does not depend on the thread count.
        XCTAssertEqual(runs[0]["branch_nodes"] as? Int, runs[1]["branch_nodes"] as? Int)
        XCTAssertEqual(runs[0]["simulated_steps"] as? Int, runs[1]["simulated_steps"] as? Int)
    }

    func testSampleComparesStratifiedWithUniform() {
        let c = CommandCapture()
        XCTAssertEqual(c.run(["bench", "sample", "--symbols", "2", "--steps", "20", "--samples", "20000",
                              "--uniform-samples", "20000"]), 0, c.stderr)
        XCTAssertTrue(c.stdout.contains("top100_variance_reduction_median"), c.stdout)
    }

    func testBadArgumentsAreNamed() {
        for (arguments, named) in [(["bench", "enumerate", "--states", "0"], "'0'"), (["bench", "frob"], "frob"),
                                   (["bench", "enumerate", "--threads", "1,x"], "'x'")] {
            let c = CommandCapture()
            XCTAssertEqual(c.run(arguments), 2, "\(arguments)")
            XCTAssertTrue(c.stderr.contains(named), "\(arguments): \(c.stderr)")
        }
    }
}
