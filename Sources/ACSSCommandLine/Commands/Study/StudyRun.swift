import Enumeration
import Foundation
import StudyAnalysis
import TextInput

extension StudyCommand.Analysis {
    func run(registry: TaskRegistry, _ terminal: Terminal) throws -> Int32 {
        try prepareOutputDirectory(out)
        let quiet = self.quiet
        let start = ProcessUsage.wallClock()
        let progress: @Sendable (String) -> Void = { message in
            if !quiet { terminal.progress(String(format: "study [%5.1fs] %@", ProcessUsage.wallClock() - start, message)) }
        }
        progress("reading \(inputPath)")
        let input: StudyInput
        do {
            switch try StudyCommand.resolvedLayout(layout, path: inputPath, registry: registry, format: format) {
            case .wide: input = try WideLayoutImporter.read(path: inputPath, registry: registry)
            default: input = try LongLayoutReader.read(path: inputPath, registry: registry, format: format)
            }
        } catch let error as StudyInputError {
            throw UsageError(error.description)
        }
        if input.rowsRead == 0 {
            throw UsageError("\(inputPath) has a header but no rows: nothing to analyse")
        }
        for warning in input.warnings { terminal.error("acss study: warning: \(warning)") }
        for name in options.groupBy where !input.covariateNames.contains(name) {
            throw UsageError("--group-by '\(name)' is not a column of \(inputPath); covariates: \(input.covariateNames.isEmpty ? "none" : input.covariateNames.joined(separator: ", "))")
        }
        for name in options.covariates where !input.covariateNames.contains(name) {
            throw UsageError("--covariates '\(name)' is not a column of \(inputPath); covariates: \(input.covariateNames.isEmpty ? "none" : input.covariateNames.joined(separator: ", "))")
        }
        let readSeconds = ProcessUsage.wallClock() - start
        progress("read \(input.responses.count) responses of \(input.participants.count) participants")
        let scorer: TableResponseScorer
        do { scorer = try TableResponseScorer(tablesDirectory: tables.directory, using: tables.choices) } catch {
            throw UsageError(error.description)
        }
        var result = StudyPipeline.run(input: input, scorer: scorer, options: options, progress: progress)
        result.timings.insert(("read input", readSeconds), at: 0)
        progress("writing the report to \(out)")
        let writeStart = ProcessUsage.wallClock()
        let files: [String]
        do { files = try StudyReport.write(result, to: out, settings: report) } catch {
            terminal.error("acss study: \(error)")
            return 2
        }
        progress(String(format: "wrote %d files in %.2f s", files.count, ProcessUsage.wallClock() - writeStart))
        if !quiet { terminal.endProgress() }

        // Problems first, on standard error, each with its line.
        let shown = 20
        for issue in result.issues.prefix(shown) { terminal.error("acss study: \(inputPath): \(issue)") }
        if result.issues.count > shown {
            terminal.error("acss study: ... and \(result.issues.count - shown) more (all in \((out as NSString).appendingPathComponent("skipped_rows.csv")))")
        }
        // Every scoring failure, one line per task and message with its count.
        let failures = result.scoringFailures
        for failure in failures { terminal.error("acss study: \(failure)") }
        for t in result.tasks where t.responses > 0 && t.scored == 0 && !failures.contains(where: { $0.task == t.task.name }) {
            terminal.error("acss study: task \(t.task.name): \(t.status): \(t.message ?? "")")
        }
        terminal.print(StudyCommand.summary(result, out: out, files: files, seconds: ProcessUsage.wallClock() - start))
        // A table that is there but unusable makes the whole report wrong (a composite without
        // that task): an error, after the report that shows it.
        if result.tasks.contains(where: { $0.status == .unavailable(.tableUnusable) }) { return 2 }
        let lost = result.lostTasks
        if !lost.isEmpty {
            for problem in lost { terminal.error("acss study: \(inputPath): \(problem)") }
            terminal.error("acss study: the report is incomplete: the tasks and their symbols come from the registry \(registry.name); see it with acss study --print-registry, and describe your data with --registry FILE (docs/study.md)")
            return 1
        }
        return result.skippedRows > 0 ? 1 : 0
    }
}

extension StudyCommand {
    static func resolvedLayout(_ layout: Layout, path: String, registry: TaskRegistry, format: LongLayoutReader.Format) throws -> Layout {
        if layout != .auto { return layout }
        // A separator or a column map describes the long layout.
        if format.dialect != nil || !format.columnNames.isEmpty { return .long }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UsageError("cannot read '\(path)': " + (FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"))
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 65_536)) ?? Data())
        var firstLine = ""
        for line in TextLines.lines(of: head) {
            guard case .success(let text) = line.text else {
                if case .failure(let problem) = line.text { throw UsageError("\(path):\(line.number): \(problem)") }
                continue
            }
            if !text.allSatisfy(\.isWhitespace) { firstLine = text; break }
        }
        let separator: Character
        if case .separated(let b) = format.dialect ?? DelimitedText.detect(head) { separator = Character(UnicodeScalar(b)) } else { separator = " " }
        let names = firstLine.split(separator: separator).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"")).lowercased() }
        let idName = format.columnNames["participant_id"]?.lowercased() ?? "participant_id"
        if names.contains(idName) { return .long }
        if WideLayoutImporter.looksWide(headerLine: firstLine, registry: registry) { return .wide }
        throw UsageError("cannot tell the layout of '\(path)' from its first line '\(firstLine.prefix(80))': a long file has participant_id, task, response columns (or give a column map: --columns participant_id=subject,...); the wide layout has age and TASK, TASK.K columns. Use --layout long or --layout wide")
    }

    static func summary(_ result: StudyResult, out: String, files: [String], seconds: Double) -> String {
        var lines: [String] = []
        let input = result.input
        lines.append("responses: \(result.measurement.responses.count) measured of \(input.responses.count) read (\(result.skippedRows) rows skipped)")
        lines.append("participants: \(input.participants.count) (\(input.participants.filter { $0.age != nil }.count) with an age)")
        for t in result.tasks {
            var s = "task \(t.task.name): \(t.status)"
            if t.scored > 0 { s += ", \(t.scored) of \(t.responses) responses with z" }
            lines.append(s)
        }
        lines.append(result.compositeCoverage)
        if let composite = result.curve(.composite) {
            // Without evidence of an interior peak (the quadratic's b2 test), a maximum is
            // described, not headlined as a peak.
            let evidence = composite.quadratic?.evidence?.interiorPeak ?? false
            for fit in [composite.quadratic, composite.spline].compactMap({ $0 }) {
                let p = fit.peak
                var s = "composite peak, \(fit.basis.summary): "
                if p.interior && !evidence {
                    s += String(format: "maximum at %.1f years, not a peak: no evidence of an interior peak", p.age)
                } else if p.interior {
                    s += String(format: "%.1f years", p.age)
                    if !p.bootstrapLow.isNaN { s += String(format: ", bootstrap 95%% CI %.1f-%.1f", p.bootstrapLow, p.bootstrapHigh) }
                    if !p.deltaLow.isNaN { s += String(format: ", delta-method %.1f-%.1f", p.deltaLow, p.deltaHigh) }
                } else {
                    s += p.note ?? "no interior peak"
                }
                lines.append(s)
            }
            if let note = composite.note { lines.append("composite: \(note)") }
            if let evidence = result.compositePeakEvidence { lines.append("composite, quadratic: \(evidence)") }
            if let driver = result.ageCurveDriverStatement { lines.append(driver) }
        }
        lines.append(String(format: "time: %.1f s", seconds))
        lines.append("report: \((out as NSString).appendingPathComponent("report.md")) (\(files.count) files)")
        return lines.joined(separator: "\n")
    }
}
