import Foundation
import XCTest
import StudyAnalysis  // deliberately not @testable: this file sees only the public API

/// The module's public API is what the `acss` command and docs/study.md's example use; this
/// file compiles against it alone, so making one of those declarations internal fails here
/// and not first in another module.
final class PublicAPITests: XCTestCase {
    func testTheDocumentedExampleNeedsOnlyThePublicAPI() throws {
        try StudyFixtures.requireTables()
        let directory = StudyFixtures.scratchDirectory("public-api")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The coin task alone: the other tables take seconds to load in a debug build.
        try "toss.symbols = 0 1\ntoss.length = 12\n".write(toFile: directory + "/tasks.txt", atomically: true, encoding: .utf8)
        let registry = try TaskRegistry.load(path: directory + "/tasks.txt")
        XCTAssertEqual(registry.tasks.map(\.name), TaskRegistry.gauvrit2017.tasks.prefix(1).map(\.name))
        let simulator = StudySimulator(participants: 40, seed: 5, registry: registry)
        try simulator.longCSV().write(toFile: directory + "/responses.csv", atomically: true, encoding: .utf8)

        let input = try LongLayoutReader.read(path: directory + "/responses.csv", registry: registry)
        // `TableResponseScorer(tablesDirectory:)` is the public way (the golden CLI runs use it);
        // the shared scorer saves loading the tables once more.
        let scorer: TableResponseScorer = StudyFixtures.scorer
        var options = StudyOptions()
        options.bootstrapReplicates = 10
        options.threads = 2
        options.ageBands = try XCTUnwrap(AgeBands(breaks: [4, 18, 40]))
        let result = StudyPipeline.run(input: input, scorer: scorer, options: options)
        let files = try StudyReport.write(result, to: directory, plots: false)

        XCTAssertTrue(files.contains("report.md"))
        XCTAssertEqual(result.tasks.first?.task.name, "toss")
        XCTAssertEqual(result.tasks.first?.status, .scored)
        XCTAssertEqual(result.skippedRows, 0)
        XCTAssertEqual(result.measurement.responses.count, 40)
        XCTAssertNotNil(result.curve(.composite)?.quadratic?.peak.age)
    }
}
