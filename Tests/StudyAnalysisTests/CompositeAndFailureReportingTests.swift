import Foundation
import XCTest
@testable import StudyAnalysis

/// What a report must not leave unsaid: over how many tasks the composite is, and every
/// response that failed to score, with its message.
final class CompositeAndFailureReportingTests: XCTestCase {
    static let options = { var o = StudyOptions(); o.bootstrapReplicates = 0; return o }()

    func testCompositeSaysOverHowManyTasks() throws {
        let csv = """
        participant_id,task,response
        p1,toss,010011010001
        p1,guess,1234512345
        p1,roll,1234561234
        p1,spot,1234567891
        p1,grid,010101010

        """
        let all = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: ArithmeticScorer(), options: Self.options)
        XCTAssertEqual(all.compositeCoverage, "composite over 5 of 5 tasks")
        let four = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: ArithmeticScorer(unavailable: ["grid"]), options: Self.options)
        XCTAssertEqual(four.compositeCoverage, "composite over 4 of 5 tasks: grid not scored (table not loaded)")
        let partial = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: ArithmeticScorer(coverage: ["spot": 0.5]), options: Self.options)
        XCTAssertEqual(partial.compositeCoverage, "composite over 4 of 5 tasks: spot left out (table coverage 50.0%)")
        // A task with no responses at all counts too.
        let toss = StudyPipeline.run(input: try StudyFixtures.long("participant_id,task,response\np1,toss,010011010001\n"),
                                     scorer: ArithmeticScorer(), options: Self.options)
        XCTAssertTrue(toss.compositeCoverage.hasPrefix("composite over 1 of 5 tasks: guess not scored (no responses)"), toss.compositeCoverage)

        let dir = StudyFixtures.scratchDirectory("composite")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try StudyReport.write(four, to: dir, plots: false)
        let md = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
        XCTAssertTrue(md.contains("**composite over 4 of 5 tasks: grid not scored (table not loaded).**"), md)
        let json = try String(contentsOfFile: dir + "/report.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"coverage\": \"composite over 4 of 5 tasks: grid not scored (table not loaded)\""), json)
        XCTAssertTrue(json.contains("\"tasks_in_registry\": 5"), json)
    }

    /// One response fails (the stub scorer refuses its pattern): it is listed with its message
    /// in the result, report.json, report.md and responses.csv, and counted once per message.
    func testEveryScoringFailureIsListedWithItsMessage() throws {
        let csv = """
        participant_id,task,response
        p1,toss,010011010001
        p2,toss,000000000000
        p3,toss,101100101110
        p4,toss,111111111111

        """
        // 000000000000 and 111111111111 share the pattern 000000000000: two responses, one message.
        let scorer = ArithmeticScorer(failing: ["000000000000"])
        let result = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: scorer, options: Self.options)
        XCTAssertEqual(result.tasks[0].status, .scored)
        XCTAssertEqual(result.scoringFailures, [ScoringFailureGroup(task: "toss", reason: .failed,
                                                                    message: "stub failure for pattern '000000000000'", responses: 2, firstLine: 3)])
        XCTAssertEqual(result.scoringFailures[0].description,
                       "task toss: scoring failed: stub failure for pattern '000000000000' (2 responses, first on line 3)")
        let dir = StudyFixtures.scratchDirectory("failures")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try StudyReport.write(result, to: dir, plots: false)
        let lines = try String(contentsOfFile: dir + "/responses.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(lines[0].hasSuffix(",status,message"), String(lines[0]))
        XCTAssertTrue(lines[2].hasSuffix(",scoring failed,stub failure for pattern '000000000000'"), String(lines[2]))
        XCTAssertTrue(lines[1].hasSuffix(",scored,"), String(lines[1]))
        let json = try String(contentsOfFile: dir + "/report.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"message\": \"stub failure for pattern '000000000000'\""), json)
        let md = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
        XCTAssertTrue(md.contains("| toss | scoring failed | 2 | 3 | stub failure for pattern '000000000000' |"), md)
    }
}
