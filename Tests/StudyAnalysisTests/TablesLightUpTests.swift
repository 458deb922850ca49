import Foundation
import FrequencyTables
import Scoring
import TuringMachines
import XCTest
@testable import StudyAnalysis

/// Once a table exists for a task's alphabet, the task scores with no change to the study code.
final class TablesLightUpTests: XCTestCase {
    func testATaskScoresAsSoonAsItsTableExists() throws {
        try StudyFixtures.requireTables()
        // A stand-in for the (4,5) table of issue 4, in memory: three length-10 patterns.
        let counts: [[UInt8]: UInt128] = [
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]: 50_000,
            [0, 1, 2, 3, 4, 0, 1, 2, 3, 4]: 400,
            [0, 1, 2, 0, 3, 4, 1, 2, 0, 3]: 3,
        ]
        let fake45 = OutputTable(figures: .init(space: try MachineSpace(states: 4, symbols: 5), stepCap: 2000, machines: 1_000_000_000,
                                                halting: 60_000, latestHalt: 100, haltingAtCap: 0), counts: counts)
        let d5 = try TableFile.read(path: StudyFixtures.dataDirectory + "/D5-T500.tsv")
        let scorer = TableResponseScorer(estimator: try ComplexityEstimator(tables: [d5, fake45]))
        let csv = """
        participant_id,age,task,response
        a,20,toss,010011010001
        a,20,guess,1231452314
        b,30,guess,2222222222

        """
        var options = StudyOptions()
        options.bootstrapReplicates = 0
        // The stand-in covers three patterns only: with the default coverage rule the task is
        // scored but stays out of the composite.
        let strict = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: scorer, options: options)
        XCTAssertEqual(strict.tasks[1].status, .scored)
        XCTAssertLessThan(strict.tasks[1].coverage, 0.01)
        XCTAssertEqual(strict.compositeTasks, ["toss"])
        options.minimumCoverage = 0
        let result = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: scorer, options: options)
        let guess = result.tasks[1]
        XCTAssertEqual(guess.status, .scored)
        XCTAssertEqual(guess.scored, 2)
        XCTAssertEqual(result.compositeTasks, ["toss", "guess"])
        let reference = guess.references.first!
        for r in result.measurement.responses where r.task == 1 {
            let s = try result.measurement.patterns[1][Int(r.slot)].score.get()
            XCTAssertEqual(s.table, "K.5")
            XCTAssertEqual(s.zScore, (s.complexity - reference.mean) / reference.standardDeviation, accuracy: 1e-12)
        }
        // The constant response is the simplest: lowest K.
        let k = result.measurement.patterns[1].map(\.complexity)
        XCTAssertLessThan(k[1], k[0])
        let a = result.participants[0]
        XCTAssertEqual(a.composite, (a.taskZ[0] + a.taskZ[1]) / 2, accuracy: 1e-12)
    }
}
