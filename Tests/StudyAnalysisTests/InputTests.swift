import Foundation
import XCTest
@testable import StudyAnalysis
import TextInput

/// Reading study files: the CSV dialects, the long and wide layouts, the task registry. Every
/// bad row must come back with its line number and the offending value, and never stop the
/// rows after it.
final class InputTests: XCTestCase {
    func records(_ text: String, _ dialect: DelimitedText.Dialect = .csv) -> [(Int, [String]?, String?)] {
        var out: [(Int, [String]?, String?)] = []
        DelimitedText.parse(Array(text.utf8), dialect: dialect) { r in
            switch r {
            case .fields(let line, let f): out.append((line, f, nil))
            case .malformed(let line, let m): out.append((line, nil, m))
            }
        }
        return out
    }

    func testCSVQuotingAndLineNumbers() {
        let text = "\u{FEFF}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\n2,\"two\nlines\",z\n3,,\n"
        let r = records(text)
        XCTAssertEqual(r.count, 4)
        XCTAssertEqual(r[0].1!, ["a", "b", "c"])
        XCTAssertEqual(r[1].0, 2)
        XCTAssertEqual(r[1].1!, ["1", "x, y", "say \"hi\""])
        // Line 3 is blank; the record on line 4 spans two lines.
        XCTAssertEqual(r[2].0, 4)
        XCTAssertEqual(r[2].1!, ["2", "two\nlines", "z"])
        XCTAssertEqual(r[3].0, 6)
        XCTAssertEqual(r[3].1!, ["3", "", ""])
    }

    func testMalformedCSVRecordsAreReportedAndParsingResumes() {
        let text = "a,b\n1,\"ok\"\n2,\"bad\"x\n3,\"never closed\n4,fine\n"
        let r = records(text)
        XCTAssertEqual(r.map(\.0), [1, 2, 3, 4, 5])
        XCTAssertNil(r[2].1)
        XCTAssertTrue(r[2].2!.contains("after a closing quote"), r[2].2!)
        XCTAssertNil(r[3].1)
        XCTAssertTrue(r[3].2!.contains("never closed"), r[3].2!)
        XCTAssertEqual(r[4].1!, ["4", "fine"])
    }

    func testWhitespaceDialect() {
        let r = records("\"sex\" \"age\"  \"toss\"\n\"1\" \"F\" 23 \"0101\"\n\"2\"\t\"M\"   NA   NA\n", .whitespace)
        XCTAssertEqual(r[0].1!, ["sex", "age", "toss"])
        XCTAssertEqual(r[1].1!, ["1", "F", "23", "0101"])
        XCTAssertEqual(r[2].1!, ["2", "M", "NA", "NA"])
    }

    // MARK: Long layout

    func testLongLayoutReportsBadRowsWithLineNumbersAndKeepsTheRest() throws {
        let csv = """
        participant_id,age,task,response,rt_s,sex
        p1,20,toss,010011010001,12.5,F
        p1,20,roll,1234561234,9,F
        p2,abc,toss,000000000000,10,M
        p3,30,dice,123,10,M
        p4,40,toss,"0101,0,1
        ,40,toss,010101010101,3,F
        p5,41,toss,010101010101,fast,F
        p6,50,toss,000111000111,8
        p7,60,toss,111111111111,8,M
        p1,21,toss,010101010101,8,F

        """
        let input = try StudyFixtures.long(csv)
        XCTAssertEqual(input.rowsRead, 10)
        let byLine = Dictionary(uniqueKeysWithValues: input.issues.map { ($0.line, $0.message) })
        XCTAssertTrue(byLine[4]!.contains("age 'abc' is not a number"), byLine[4]!)
        XCTAssertTrue(byLine[5]!.contains("unknown task 'dice'"), byLine[5]!)
        XCTAssertTrue(byLine[6]!.contains("never closed"), byLine[6]!)
        XCTAssertTrue(byLine[7]!.contains("empty participant_id"), byLine[7]!)
        XCTAssertTrue(byLine[8]!.contains("rt_s 'fast' is not a number"), byLine[8]!)
        XCTAssertTrue(byLine[9]!.contains("5 fields, expected 6"), byLine[9]!)
        XCTAssertTrue(byLine[11]!.contains("age 21 here but 20"), byLine[11]!)
        XCTAssertTrue(input.issues.allSatisfy(\.skipped))
        // The good rows: p1 (two tasks) and p7.
        XCTAssertEqual(input.responses.map(\.line), [2, 3, 10])
        XCTAssertEqual(input.participants.map(\.id), ["p1", "p7"])
        XCTAssertEqual(input.participants[0].age, 20)
        XCTAssertEqual(input.participants[0].covariates, ["F"])
        XCTAssertEqual(input.covariateNames, ["sex"])
        XCTAssertEqual(input.responses[0].responseSeconds, 12.5)
    }

    func testResponsesAreCheckedAgainstTheirTask() throws {
        let csv = """
        participant_id,task,response
        a,toss,010011010001
        b,toss,01001101000
        c,toss,0100110100x1
        d,roll,1 2 3 4 5 6 6 5 4 3
        e,roll,1234567123
        f,roll,"  "
        g,roll,"1,,2,3,4,5,6,1,2,3"

        """
        let input = try StudyFixtures.long(csv)
        XCTAssertTrue(input.issues.isEmpty)
        let m = ResponseMeasurement(input: input, scorer: ArithmeticScorer())
        let byLine = Dictionary(uniqueKeysWithValues: m.issues.map { ($0.line, $0.message) })
        XCTAssertEqual(Set(byLine.keys), [3, 4, 6, 7, 8])
        XCTAssertTrue(byLine[3]!.contains("has 11 symbols, task toss expects 12"), byLine[3]!)
        XCTAssertTrue(byLine[4]!.contains("symbol 'x'"), byLine[4]!)
        XCTAssertTrue(byLine[6]!.contains("symbol '7'") && byLine[6]!.contains("1 2 3 4 5 6"), byLine[6]!)
        XCTAssertTrue(byLine[7]!.contains("empty response"), byLine[7]!)
        XCTAssertTrue(byLine[8]!.contains("empty symbol"), byLine[8]!)
        XCTAssertTrue(byLine[3]!.contains("participant 'b'"), byLine[3]!)
        // Separated symbols are read as symbols.
        XCTAssertEqual(m.responses.count, 2)
        XCTAssertEqual(m.patterns[2][Int(m.responses[1].slot)].pattern, "0123455432")
    }

    func testMissingRequiredColumnIsAnInputError() {
        XCTAssertThrowsError(try StudyFixtures.long("id,task,response\n1,toss,0101\n")) { error in
            XCTAssertTrue("\(error)".contains("'participant_id'"), "\(error)")
        }
        XCTAssertThrowsError(try StudyFixtures.long(""))
    }

    // MARK: Wide layout

    func testWideLayoutImport() throws {
        // The layout of the public lifespan data, with R row names; toss.K is the published z.
        let text = """
        "sex" "age" "field" "language" "education" "paranormal" "toss.K" "toss.RT" "grid.K" "grid.RT" "guess.K" "guess.RT" "roll.K" "roll.RT" "spot.K" "spot.RT" "K" "toss" "guess" "roll" "spot" "grid" "RT"
        "1" "F" 23 "science" "fr" 3 NA -4.4155 10.2 NA 8 NA 9.1 NA 7 NA 6 -2.1 "000000000000" "1234512345" "6543216543" "1111111111" "000000000" 40.3
        "2" "M" NA "arts" NA 4 2 0.5 11 NA NA NA NA NA NA NA NA NA "010011010001" NA NA NA NA 11
        "3" "M" old "arts" "en" 4 2 0.5 11 NA NA NA NA NA NA NA NA NA "010011010001" NA NA NA NA 11
        "4" "F" 30 "arts" "en"

        """
        let input = try WideLayoutImporter.read(bytes: Array(text.utf8), registry: .gauvrit2017, source: "wide.txt")
        XCTAssertEqual(input.participants.map(\.id), ["1", "2"])
        XCTAssertEqual(input.participants[0].age, 23)
        XCTAssertNil(input.participants[1].age)
        // The published overall score and time are kept apart, not covariates.
        XCTAssertEqual(input.covariateNames, ["sex", "field", "language", "education", "paranormal"])
        XCTAssertEqual(input.participants[0].covariates, ["F", "science", "fr", "3", ""])
        XCTAssertEqual(input.participants[0].publishedComposite, -2.1)
        XCTAssertEqual(input.participants[0].publishedResponseSeconds, 40.3)
        // Participant 1 answered all five tasks, participant 2 only the coin.
        XCTAssertEqual(input.responses.filter { $0.participant == 0 }.count, 5)
        XCTAssertEqual(input.responses.filter { $0.participant == 1 }.map(\.text), ["010011010001"])
        let toss = input.responses.first { $0.participant == 0 && $0.task == 0 }!
        XCTAssertEqual(toss.publishedZ, -4.4155)
        XCTAssertEqual(toss.responseSeconds, 10.2)
        XCTAssertEqual(input.issues.map(\.line), [4, 5])
        XCTAssertTrue(input.issues[0].message.contains("age 'old' is not a number"), input.issues[0].message)
        XCTAssertTrue(input.issues[1].message.contains("fields"), input.issues[1].message)
        XCTAssertTrue(WideLayoutImporter.looksWide(headerLine: String(text.prefix { $0 != "\n" }), registry: .gauvrit2017))
    }

    func testPublishedZIsComparedWithOurs() throws {
        try StudyFixtures.requireTables()
        // docs/formalism.md §3: K(000000000000) = 25.610414; §6: z = (K - 32.50209)/1.5608 = -4.41547.
        let text = """
        "age" "toss.K" "toss"
        30 -4.41547 "000000000000"
        31 NA "010011010001"

        """
        let input = try WideLayoutImporter.read(bytes: Array(text.utf8), registry: .gauvrit2017, source: "w")
        var options = StudyOptions()
        options.bootstrapReplicates = 0
        let result = StudyPipeline.run(input: input, scorer: StudyFixtures.scorer, options: options)
        let agreement = result.agreement.measures[0]
        XCTAssertEqual(agreement.measure, .task(index: 0, name: "toss"))
        XCTAssertEqual(agreement.n, 1)
        // The preset's SD is the published 1.5608 (R's sd() over the patterns): the 5 decimals
        // of the published figures are all that differ.
        XCTAssertLessThan(agreement.maxAbsoluteDifference, 1e-4)
    }

    // MARK: Registry

    func testRegistryKeyValueRoundTripAndJSON() throws {
        let preset = TaskRegistry.gauvrit2017
        let again = try TaskRegistry.parse(preset.keyValueText, name: "printed")
        XCTAssertEqual(again.tasks, preset.tasks)
        let json = """
        {"tasks": [{"name": "coin", "symbols": ["H", "T"], "length": 8},
                   {"name": "die", "symbols": [1, 2, 3, 4, 5, 6], "length": "any", "ordinal": true, "default": "1", "min_rt_s": 0.5}]}
        """
        let r = try TaskRegistry.parse(json, name: "j")
        XCTAssertEqual(r.tasks.map(\.name), ["coin", "die"])
        XCTAssertEqual(r.tasks[1].symbols, ["1", "2", "3", "4", "5", "6"])
        XCTAssertNil(r.tasks[1].length)
        XCTAssertTrue(r.tasks[1].ordinal)
        XCTAssertEqual(r.tasks[1].defaultSymbol, "1")
        XCTAssertEqual(r.tasks[1].minResponseSeconds, 0.5)
    }

    func testJSONRegistryErrorsNameTheTaskFieldAndValue() {
        let cases: [(String, String)] = [
            (#"{"tasks": [{"name": "coin", "symbols": ["H", "T"], "lenght": 8}]}"#, "j: task 'coin': unknown field 'lenght'"),
            (#"{"tasks": [{"symbols": ["H", "T"]}]}"#, #"j: task 1 needs a "name""#),
            (#"{"tasks": [{"name": "a", "symbols": [0, 1]}, 3]}"#, "j: task 2 must be an object"),
            (#"{"tasks": [{"name": "coin", "symbols": ["H", "T"], "length": 8.5}]}"#, "j: task 'coin', field length: length '8.5'"),
            (#"{"tasks": [{"name": "coin", "symbols": ["H", "T"], "ordinal": "maybe"}]}"#, "ordinal 'maybe'"),
            (#"{"tasks": [{"name": "coin", "symbols": {"H": 1}}]}"#, "j: task 'coin', field symbols: expected a string, a number"),
            (#"{"tasks": [{"name": "coin", "symbols": ["H"]}]}"#, "task 'coin' has 1 symbol(s)"),
            (#"{"task": []}"#, #"j: expected {"tasks": "#),
            (#"{"tasks": ["#, "j: not valid JSON"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try TaskRegistry.parse(text, name: "j"), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
        // null leaves a field out; numbers and true/false read as the key=value form spells them.
        let r = try? TaskRegistry.parse(#"{"tasks": [{"name": "c", "symbols": "0 1", "length": null, "ordinal": 1, "max_rt_s": 2.5}]}"#, name: "j")
        XCTAssertNil(r?.tasks[0].length)
        XCTAssertEqual(r?.tasks[0].ordinal, true)
        XCTAssertEqual(r?.tasks[0].maxResponseSeconds, 2.5)
    }

    func testRegistryErrorsNameTheLineAndValue() {
        let cases: [(String, String)] = [
            ("toss.symbols = 0 1\ntoss.lenght = 12\n", "t:2: unknown field 'lenght'"),
            ("toss.symbols = 0 1\ntoss.length = twelve\n", "length 'twelve'"),
            ("toss.symbols = 0\n", "1 symbol(s)"),
            ("toss.symbols = 0 1 0\n", "symbol '0' twice"),
            ("toss.symbols = 0 1\ntoss.default = 2\n", "default symbol '2'"),
            ("grid.symbols = 0 1\ngrid.shape = 3x3\ngrid.length = 8\n", "9 cells but length is 8"),
            ("just text\n", "t:1: expected TASK.FIELD = VALUE"),
            ("toss.ordinal = maybe\ntoss.symbols = 0 1\n", "ordinal 'maybe'"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try TaskRegistry.parse(text, name: "t"), text) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(error) should contain \(expected)")
            }
        }
    }

    /// CRLF and CR-only registries are read line by line (a CRLF file read as one line once
    /// gave a single task 'toss' with the symbols of every line).
    func testRegistryLineEndsAndStrictText() throws {
        for end in ["\r\n", "\r", "\n"] {
            let text = ["# coins", "coin.symbols = H T", "coin.length = 4", "die.symbols = 1 2 3 4 5 6", "die.length = 3"].joined(separator: end) + end
            let registry = try TaskRegistry.parse(text, name: "t")
            XCTAssertEqual(registry.tasks.map(\.name), ["coin", "die"], "line end \(end.debugDescription)")
            XCTAssertEqual(registry.tasks[0].symbols, ["H", "T"])
            XCTAssertEqual(registry.tasks[0].length, 4)
        }
        let bad = Array("coin.symbols = H T\ncoin.length = 4\ndie.symbols = 1 2 ".utf8) + [0xFF] + Array("\n".utf8)
        XCTAssertThrowsError(try TaskRegistry.parse(bytes: bad, name: "t")) { error in
            XCTAssertTrue("\(error)".contains("t:3: invalid UTF-8 at byte 19 (0xFF)"), "\(error)")
        }
        XCTAssertThrowsError(try TaskRegistry.parse("coin.symbols = H T\ncoin.min_rt_s = 0x10\n", name: "t")) { error in
            XCTAssertTrue("\(error)".contains("t:2: min_rt_s '0x10' is not a number of seconds"), "\(error)")
        }
    }

    /// A field that is not UTF-8 text is a malformed row with its line, never a symbol.
    func testLongLayoutRefusesInvalidUTF8AndNUL() throws {
        let bytes = Array("participant_id,task,response\rp1,toss,010101010101\rp2,toss,0101".utf8) + [0xC3, 0x28]
            + Array("01010101\rp3,toss,0101010".utf8) + [0] + Array("10101\rp4,toss,110011001100\r".utf8)
        let input = try LongLayoutReader.read(bytes: bytes, registry: .gauvrit2017, source: "f.csv")
        XCTAssertEqual(input.responses.map(\.line), [2, 5])
        XCTAssertEqual(input.issues.map(\.description), [
            "line 3: malformed CSV: field 3: invalid UTF-8 at byte 5 (0xC3); save the file as UTF-8 (row skipped)",
            "line 4: malformed CSV: field 3: NUL byte at byte 8 (binary data, or a UTF-16 file? save it as UTF-8) (row skipped)",
        ])
    }

    /// `0x19` was read as age 25 and `0x10` as 16 s (Swift's Double reads hexadecimal).
    func testNumbersAreDecimalOnly() throws {
        let text = "participant_id,task,response,age,rt_s\np1,toss,010101010101,0x19,3\np2,toss,010101010101,25,0x10\np3,toss,010101010101,inf,3\np4,toss,010101010101,2.5e1,1.5\n"
        let input = try LongLayoutReader.read(bytes: Array(text.utf8), registry: .gauvrit2017, source: "f.csv")
        XCTAssertEqual(input.responses.map(\.line), [5])
        XCTAssertEqual(input.participants.map(\.age), [25])
        XCTAssertEqual(input.issues.map(\.description), [
            "line 2: age '0x19' is not a number (years in decimal, e.g. 25 or 7.5) (row skipped)",
            "line 3: rt_s '0x10' is not a number (decimal, e.g. 3.25) (row skipped)",
            "line 4: age 'inf' is not a number (years in decimal, e.g. 25 or 7.5) (row skipped)",
        ])
        let wide = "sex age toss toss.K toss.RT\n1 0x19 \"010101010101\" 1 3\n1 30 \"010101010101\" 1 0x10\n"
        let w = try WideLayoutImporter.read(bytes: Array(wide.utf8), registry: .gauvrit2017, source: "w.txt")
        XCTAssertEqual(w.responses.count, 0)
        XCTAssertEqual(w.issues.map(\.description), [
            "line 2: age '0x19' is not a number (years in decimal, e.g. 25 or 7.5) (row skipped)",
            "line 3: toss.RT '0x10' is not a number (decimal, e.g. 3.25) (row skipped)",
        ])
    }
}
