import Foundation
import FrequencyTables
import XCTest
@testable import StudyAnalysis

/// What reproducing the published 2017 scores needs: their SD convention, their imputed K,
/// a composite that says over how many tasks it is.
final class PublishedConventionTests: XCTestCase {
    /// K of every binary pattern of length 12 (strings starting with 0) that D(5) lists,
    /// straight from the table file through the coding theorem: no scoring API involved.
    static func d5PatternComplexities() throws -> [Double] {
        let theorem = CodingTheorem(table: try TableFile.read(path: StudyFixtures.dataDirectory + "/D5-T500.tsv"))
        var values: [Double] = []
        for bits in 0..<(1 << 11) {
            let string = [UInt8(0)] + (0..<11).map { UInt8((bits >> (10 - $0)) & 1) }
            if let k = theorem.complexity(of: string) { values.append(k) }
        }
        return values
    }

    /// R's mean() and sd() (n - 1).
    static func meanAndSampleSD(_ x: [Double]) -> (mean: Double, sd: Double) {
        let mean = x.reduce(0, +) / Double(x.count)
        let squares = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (squares / Double(x.count - 1)).squareRoot())
    }

    func testPresetStandardizesTossesWithRsSDOverThePatterns() throws {
        try StudyFixtures.requireTables()
        let ks = try Self.d5PatternComplexities()
        XCTAssertEqual(ks.count, 2047)   // 2,048 patterns, 000110100111 absent
        let (mean, sd) = Self.meanAndSampleSD(ks)
        XCTAssertEqual(sd, 1.5608, accuracy: 5e-5)           // docs/formalism.md §6
        let constantK = try CodingTheorem(table: try TableFile.read(path: StudyFixtures.dataDirectory + "/D5-T500.tsv"))
            .complexity(of: [UInt8](repeating: 0, count: 12))!
        let csv = "participant_id,age,task,response\np1,20,toss,000000000000\n"
        var options = StudyOptions()
        options.bootstrapReplicates = 0
        XCTAssertEqual(TaskRegistry.gauvrit2017.deviation, .patterns)
        let published = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: StudyFixtures.scorer, options: options)
        XCTAssertEqual(published.participants[0].taskZ[0], (constantK - mean) / sd, accuracy: 1e-9)
        let reference = published.tasks[0].references[0]
        XCTAssertEqual(reference.convention, .patterns)
        XCTAssertEqual(reference.standardDeviation, sd, accuracy: 1e-12)
        // --z-sd strings: the population SD over all strings, a different (smaller) SD.
        options.deviation = .strings
        let strings = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: StudyFixtures.scorer, options: options)
        XCTAssertEqual(strings.tasks[0].references[0].convention, .strings)
        XCTAssertEqual(strings.tasks[0].references[0].standardDeviation, 1.560413, accuracy: 1e-6)
        XCTAssertLessThan(strings.participants[0].taskZ[0], published.participants[0].taskZ[0])
        // A registry file keeps the definition.
        let file = try TaskRegistry.parse("toss.symbols = 0 1\ntoss.length = 12\n", name: "file")
        XCTAssertEqual(file.deviation, .strings)
    }

    /// D(5) lacks 000110100111: no z by default; with a fill, K = 40, flagged, and z from it.
    func testFillMissingGivesTheAbsentPatternAFlaggedK() throws {
        try StudyFixtures.requireTables()
        let (mean, sd) = Self.meanAndSampleSD(try Self.d5PatternComplexities())
        let csv = "participant_id,age,task,response\np1,20,toss,000110100111\np2,30,toss,111001011000\np3,40,toss,010011010001\n"
        var options = StudyOptions()
        options.bootstrapReplicates = 0
        let plain = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: StudyFixtures.scorer, options: options)
        XCTAssertEqual(plain.tasks[0].bdm, 2)
        XCTAssertEqual(plain.tasks[0].scored, 1)
        XCTAssertTrue(plain.participants[0].taskZ[0].isNaN)
        XCTAssertTrue(plain.participants[1].taskZ[0].isNaN)

        options.fillMissing = MissingComplexityFill(byTask: ["toss": 40])
        let filled = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: StudyFixtures.scorer, options: options)
        XCTAssertEqual(filled.tasks[0].imputed, 2)
        XCTAssertEqual(filled.tasks[0].bdm, 0)
        XCTAssertEqual(filled.tasks[0].scored, 3)
        for p in 0..<2 { XCTAssertEqual(filled.participants[p].taskZ[0], (40 - mean) / sd, accuracy: 1e-9) }
        XCTAssertEqual(filled.participants[2].taskZ[0], plain.participants[2].taskZ[0])
        // A fill for another task leaves the toss alone.
        options.fillMissing = MissingComplexityFill(byTask: ["guess": 40])
        let other = StudyPipeline.run(input: try StudyFixtures.long(csv), scorer: StudyFixtures.scorer, options: options)
        XCTAssertEqual(other.tasks[0].imputed, 0)

        let dir = StudyFixtures.scratchDirectory("fill")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = try StudyReport.write(filled, to: dir, plots: false)
        let rows = try String(contentsOfFile: dir + "/responses.csv", encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = rows[0]
        let method = header.firstIndex(of: "method")!, k = header.firstIndex(of: "K")!, status = header.firstIndex(of: "status")!
        XCTAssertEqual(rows[1][method], "imputed")
        XCTAssertEqual(Double(rows[1][k]), 40)
        XCTAssertEqual(rows[1][status], "K imputed (not in table): --fill-missing")
        XCTAssertEqual(rows[3][method], "ctm")
        let md = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
        XCTAssertTrue(md.contains("toss: 2 responses are not in the table; their K is imputed (`--fill-missing`: K = 40)"), md)
        let json = try String(contentsOfFile: dir + "/report.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"responses_k_imputed\": 2"), json)
        XCTAssertTrue(json.contains("\"sd_convention\": \"patterns\""), json)
    }

    static let publishedFixture = StudyFixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/study/published-wide-synthetic.txt").path

    /// A made-up file in the published wide layout whose toss.K were computed from the D(5)
    /// table with the published convention by Tests/Fixtures/study/make-published-wide.py
    /// (no acss code): the preset with toss:K=40 reproduces every one of them.
    func testPresetReproducesPublishedTossScoresAndReportsAgreement() throws {
        try StudyFixtures.requireTables()
        let input = try WideLayoutImporter.read(path: Self.publishedFixture, registry: .gauvrit2017)
        XCTAssertFalse(input.covariateNames.contains("K") || input.covariateNames.contains("RT"), "\(input.covariateNames)")
        XCTAssertEqual(input.participants[0].publishedComposite, -4.415494560721258)
        XCTAssertEqual(input.participants[0].publishedResponseSeconds, 61.5)
        var options = StudyOptions()
        options.bootstrapReplicates = 0
        options.fillMissing = MissingComplexityFill(byTask: ["toss": 40])
        let result = StudyPipeline.run(input: input, scorer: StudyFixtures.scorer, options: options)
        let toss = try XCTUnwrap(result.agreement.measures.first { $0.measure == .task(index: 0, name: "toss") })
        XCTAssertEqual(toss.n, 7)
        XCTAssertLessThan(toss.maxAbsoluteDifference, 1e-12)
        XCTAssertEqual(toss.pearson, 1, accuracy: 1e-12)
        XCTAssertEqual(toss.spearman, 1, accuracy: 1e-12)
        // Participant 6 also did the guess task, which the published K (toss only here) lacks:
        // the composite's worst row names them.
        let composite = try XCTUnwrap(result.agreement.measures.first { $0.measure == .composite })
        XCTAssertEqual(composite.n, 7)
        XCTAssertEqual(composite.worst.first?.participant, "6")
        XCTAssertEqual(composite.worst.first?.line, 7)
        XCTAssertGreaterThan(composite.maxAbsoluteDifference, 0.01)

        // Without the fill, the two responses D(5) lacks have no z and are not compared.
        options.fillMissing = MissingComplexityFill()
        let plain = StudyPipeline.run(input: input, scorer: StudyFixtures.scorer, options: options)
        XCTAssertEqual(plain.agreement.measures.first?.n, 5)

        let dir = StudyFixtures.scratchDirectory("agreement")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try StudyReport.write(result, to: dir, plots: false)
        XCTAssertTrue(files.contains("agreement.csv"))
        let csv = try String(contentsOfFile: dir + "/agreement.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(csv[0], "measure,n,mean_abs_dz,max_abs_dz,spearman,pearson,worst_participant_id,worst_line,worst_response,worst_published,worst_ours")
        XCTAssertTrue(csv[1].hasPrefix("toss,7,"), String(csv[1]))
        XCTAssertTrue(csv[2].hasPrefix("composite,7,"), String(csv[2]))
        let md = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
        XCTAssertTrue(md.contains("## Agreement with the published scores"), md)
        let json = try String(contentsOfFile: dir + "/report.json", encoding: .utf8)
        XCTAssertTrue(json.contains("\"agreement\": ["), json)
        let participants = try String(contentsOfFile: dir + "/participants.csv", encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(participants[0].hasSuffix(",published_K,published_RT"), String(participants[0]))
        XCTAssertFalse(participants[0].contains(",K,"), String(participants[0]))
        // A file without published scores writes no agreement.csv.
        let none = StudyPipeline.run(input: try StudyFixtures.long("participant_id,task,response\np1,toss,010011010001\n"),
                                     scorer: StudyFixtures.scorer, options: options)
        XCTAssertTrue(none.agreement.isEmpty)
    }
}
