import Foundation
import Plotting
import Scoring
import XCTest
@testable import StudyAnalysis

/// The figures' layout arithmetic, without a browser: at the printed width every text is at
/// least 7 pt, and every text box, estimated from the font metrics, stays on the canvas and
/// clear of every other (scripts/check-figures.sh checks the same in Chromium). And the two
/// renderings of the report, Markdown and HTML, of one document.
final class ReportLayoutTests: XCTestCase {
    func simulated(participants: Int, unavailable: Set<String> = ["grid"], seed: UInt64 = 7) throws -> StudyResult {
        let input = try StudyFixtures.long(StudySimulator(participants: participants, seed: seed, peakAge: 25).longCSV())
        var options = StudyOptions()
        options.bootstrapReplicates = 0
        options.threads = 2
        options.minimumParticipantsForFit = 20
        return StudyPipeline.run(input: input, scorer: ArithmeticScorer(unavailable: unavailable), options: options)
    }

    func checkLayout(_ figure: StudyPlots.Rendered, widthMillimetres: Double, file: StaticString = #filePath, line: UInt = #line) {
        let doc = figure.document
        let name = "\(figure.name) at \(widthMillimetres) mm"
        XCTAssertEqual(doc.physicalWidth, widthMillimetres, name, file: file, line: line)
        XCTAssertEqual(doc.width, widthMillimetres * 72 / 25.4, accuracy: 1e-9, "viewBox in points", file: file, line: line)
        let svg = figure.svg
        XCTAssertTrue(svg.contains("width=\"\(String(format: "%.2f", widthMillimetres))mm\""), name, file: file, line: line)
        XCTAssertTrue(svg.contains("viewBox=\"0 0 \(String(format: "%.2f", doc.width)) \(String(format: "%.2f", doc.height))\""), name, file: file, line: line)
        XCTAssertFalse(doc.textBoxes.isEmpty, name, file: file, line: line)
        for box in doc.textBoxes {
            XCTAssertGreaterThanOrEqual(box.size, StudyPlots.FigureLayout.minimumFontSize, "\(name): \(box)", file: file, line: line)
            XCTAssertTrue(box.x >= 0 && box.y >= 0 && box.maxX <= doc.width && box.maxY <= doc.height,
                          "\(name): \(box) leaves the \(doc.width) x \(doc.height) canvas", file: file, line: line)
        }
        let boxes = doc.textBoxes
        for i in boxes.indices {
            for j in boxes.indices where j > i && boxes[i].overlaps(boxes[j]) {
                XCTFail("\(name): \(boxes[i]) overlaps \(boxes[j])", file: file, line: line)
            }
        }
    }

    func testFiguresFitAJournalColumnWithReadableTextAndNoCollisions() throws {
        let studies = [try simulated(participants: 240), try simulated(participants: 12, seed: 3), try simulated(participants: 60, unavailable: [])]
        for result in studies {
            for width in [85.0, 40, 180] {
                let figures = StudyPlots.render(result, widthMillimetres: width)
                XCTAssertFalse(figures.isEmpty)
                for figure in figures { checkLayout(figure, widthMillimetres: width) }
            }
        }
    }

    func testAUnscoredTaskGetsNoPanelAndTheCaptionSaysWhy() throws {
        let result = try simulated(participants: 120)
        let figures = StudyPlots.render(result)
        let tasks = try XCTUnwrap(figures.first { $0.name == "tasks_vs_age.svg" })
        XCTAssertFalse(tasks.document.textBoxes.contains { $0.text.hasPrefix("grid") }, "no empty panel for the unscored grid task")
        XCTAssertTrue(tasks.caption.contains("Not shown (no scores): grid (no CTM table for 2 symbols loaded)"), tasks.caption)
        // Nothing scored: no composite or per-task figure, only the two-part view's degenerate share.
        let none = try simulated(participants: 60, unavailable: ["toss", "guess", "roll", "spot", "grid"])
        XCTAssertEqual(StudyPlots.render(none).map(\.name), ["degenerate_vs_age.svg"])
    }

    func testConfidenceBarsOnlyWhereAYearHasThreeParticipants() throws {
        let result = try simulated(participants: 30)
        let curve = try XCTUnwrap(result.curve(.composite))
        let withBars = curve.byAge.filter { $0.n >= 3 && $0.low.isFinite }.count
        var doc = SVGDocument(width: 300, height: 300)
        _ = StudyPlots.drawCurve(&doc, curve, StudyPlots.FigureLayout(widthMillimetres: 85), left: 0, top: 0, width: 240,
                                 title: nil, yLabel: "z", ages: StudyPlots.ageDomain(result))
        let bars = doc.render().components(separatedBy: "stroke=\"#aaaaaa\" stroke-width=\"0.60\"").count - 1
        XCTAssertEqual(bars, withBars)
        XCTAssertLessThan(withBars, curve.byAge.count, "some years of 30 participants have fewer than 3")
    }

    func testHTMLAndMarkdownAreOneDocumentAndUserTextIsEscaped() throws {
        let csv = "participant_id,age,task,response,sex\n<p1>,30,toss,HTHTTHHTHTTH,\"a<b>&\"\"c\"\"\"\n"
        let input = try LongLayoutReader.read(bytes: Array(csv.utf8), registry: .gauvrit2017, source: "<script>alert('x')</script>.csv")
        var options = StudyOptions()
        options.bootstrapReplicates = 0
        let result = StudyPipeline.run(input: input, scorer: ArithmeticScorer(), options: options)
        let settings = StudyReport.Settings(plots: true, commandLine: ["acss", "study", "<in>.csv", "--out", "r&d"])
        let doc = StudyReportDocument.build(result, figures: StudyPlots.render(result), settings: settings)
        let html = doc.html(), md = doc.markdown()
        XCTAssertFalse(html.contains("<script"), "user text became markup")
        XCTAssertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.csv"))
        XCTAssertTrue(html.contains("&lt;in&gt;.csv --out r&amp;d"))
        XCTAssertFalse(html.contains("src=") || html.contains("href=\"http") || html.contains("<link") || html.contains("url("),
                       "nothing fetched from elsewhere")
        XCTAssertTrue(html.contains(ACSSVersion.string) && md.contains(ACSSVersion.string))
        // Every heading and every figure of the Markdown is in the HTML.
        for line in md.split(separator: "\n") where line.hasPrefix("## ") {
            XCTAssertTrue(html.contains("<h2>\(ReportDocument.escape(String(line.dropFirst(3))))</h2>"), String(line))
        }
        for figure in StudyPlots.render(result) {
            XCTAssertTrue(md.contains("![\(figure.name)](\(figure.name))"))
            XCTAssertTrue(html.contains("<figure id=\"\(figure.name)\">\n<svg "))
        }
        // A bar in a table cell does not end the cell.
        XCTAssertEqual(ReportDocument.markdown("a|b", inTable: true), "a\\|b")
    }

    func testReferencesAreThePapersOfCitationFile() throws {
        let cff = try String(contentsOf: StudyFixtures.repositoryRoot.appendingPathComponent("CITATION.cff"), encoding: .utf8)
        for title in StudyReferences.paperTitles {
            XCTAssertTrue(cff.contains("title: \"\(title)\""), title)
            XCTAssertTrue(StudyReferences.all.contains { $0.contains(title) }, title)
        }
        XCTAssertEqual(cff.components(separatedBy: "  - type: article").count - 1, StudyReferences.paperTitles.count)
        XCTAssertTrue(StudyReferences.all.last!.contains(ACSSVersion.string))
    }
}
