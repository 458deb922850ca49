import Enumeration
import Foundation
import StudyAnalysis

/// `acss study`: the cognitive-study pipeline, from raw responses to a report folder.
enum StudyCommand {
    static let options: [Arguments.Option] = [
        .value("--out", "DIR", "folder for the report (created if missing; existing report files are replaced)"),
        .value("--registry", "FILE", "task registry, key=value or JSON (docs/study.md); default: --preset gauvrit2017"),
        .value("--preset", "NAME", "a built-in registry: \(TaskRegistry.presets.keys.sorted().joined(separator: ", ")) (default gauvrit2017)"),
        .value("--layout", "L", "long (one response per CSV row), wide (the 2017 lifespan data), or auto (default: from the header)"),
        .value("--tables", "DIR", "directory holding the CTM tables (default: $ACSS_DATA, ./data, or data/ above the executable)"),
        ScoringOptions.tableOption,
        .value("--bootstrap", "B", "bootstrap replicates for peak CIs and curve bands (default 1000; 0 to skip)"),
        .value("--seed", "S", "seed of the bootstrap (default 2017); the same seed gives the same report"),
        .value("--threads", "K", "worker threads (default: all cores); results do not depend on it"),
        .value("--age-bands", "LIST", "increasing age breaks in years (default 4,10,15,20,30,40,50,60,70)"),
        .value("--group-by", "COLUMN", "also summarise by this covariate column (repeatable)"),
        .value("--spline-max-df", "N", "largest spline df tried by AIC (1...10, default 10)"),
        .value("--min-participants", "N", "fewest participants with an age to fit an age curve (default 20)"),
        .value("--min-coverage", "P", "a task enters the composite only if its table covers this share of its strings (0...1, default 0.99)"),
        .flag("--no-plots", "do not write the SVG figures"),
        .flag("--print-registry", "print the task registry in key=value form and exit (a start for your own)"),
        .flag("--quiet", "no progress lines on standard error (problems are still reported)"),
        .flag("--help", "show this help"),
    ]

    static let help = Arguments.helpText(
        usage: "acss study INPUT --out DIR [options]",
        summary: "Analyse a random-generation study: score every response, aggregate participants, summarise by age band, fit age curves with bootstrap CIs, write CSV/JSON/Markdown and SVG plots.",
        options: options,
        details: """
        INPUT, long layout: a CSV with columns participant_id, task, response (required) and
        trial, rt_s, age, published_z and any covariates (optional). Wide layout: the 2017
        lifespan data (space-separated, quoted, NA; columns sex age ... toss.K toss.RT ... toss
        guess roll spot grid RT). Tasks and their symbols come from the registry.

        Writes to DIR: responses.csv, participants.csv, summary_by_ageband.csv,
        summary_by_COLUMN.csv (with --group-by), model_fits.csv, skipped_rows.csv, report.json,
        report.md, complexity_vs_age.svg, tasks_vs_age.svg, degenerate_vs_age.svg,
        z_distribution.svg. See docs/study.md.

        Tasks whose CTM table is not built yet are reported "table not built yet" (no K, no z;
        entropy, RNG indices and quality flags are still computed) and score automatically once
        the table exists.

        Examples:
          acss simulate-study --participants 3429 --seed 1 --out sim
          acss study sim/study_long.csv --out report
          acss study sim/study_wide.txt --layout wide --out report-wide --bootstrap 200
          acss study data.csv --registry tasks.txt --out report --group-by sex --age-bands 6,12,18,30,50,70
          acss study --print-registry > tasks.txt

        Exit status: 0 success, 1 some rows were skipped (each is reported with its line
        number; the rest is analysed), 2 usage error or unreadable input.
        """)

    static func run(_ arguments: [String], _ terminal: Terminal) throws -> Int32 {
        let args = try Arguments(arguments, options: options)
        if args.has("--help") { terminal.write(help); return 0 }
        let registry = try loadRegistry(args)
        if args.has("--print-registry") {
            terminal.write(registry.keyValueText)
            return 0
        }
        guard args.positionals.count == 1 else {
            throw UsageError(args.positionals.isEmpty ? "missing INPUT (a CSV of responses, or the wide lifespan file)"
                                                      : "expected one INPUT, got \(args.positionals.count): \(args.positionals.joined(separator: " "))")
        }
        let inputPath = args.positionals[0]
        let out = try args.required("--out")
        var options = StudyOptions()
        options.bootstrapReplicates = try args.int("--bootstrap", default: 1000, in: 0...100_000)!
        if let text = args.string("--seed") {
            guard let seed = UInt64(text) else { throw UsageError("invalid value '\(text)' for --seed: expected a whole number 0...\(UInt64.max)") }
            options.seed = seed
        }
        options.threads = try args.int("--threads", default: ProcessInfo.processInfo.activeProcessorCount, in: 1...256)!
        options.splineMaxDegreesOfFreedom = try args.int("--spline-max-df", default: 10, in: 1...10)!
        options.minimumParticipantsForFit = try args.int("--min-participants", default: 20, in: 5...1_000_000)!
        if let text = args.string("--min-coverage") {
            guard let p = Double(text), (0...1).contains(p) else {
                throw UsageError("invalid value '\(text)' for --min-coverage: expected a share between 0 and 1, e.g. 0.99")
            }
            options.minimumCoverage = p
        }
        if let text = args.string("--age-bands") {
            let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let values = parts.map(Double.init)
            guard !parts.isEmpty, values.allSatisfy({ $0 != nil }), let bands = AgeBands(breaks: values.map { $0! }) else {
                throw UsageError("invalid value '\(text)' for --age-bands: expected increasing ages in years separated by commas, e.g. 4,10,15,20,30,40,50,60,70")
            }
            options.ageBands = bands
        }
        options.groupBy = args.strings("--group-by")
        let layout = args.string("--layout") ?? "auto"
        guard ["long", "wide", "auto"].contains(layout) else {
            throw UsageError("invalid value '\(layout)' for --layout: expected long, wide or auto")
        }
        try prepareOutputDirectory(out)

        let quiet = args.has("--quiet")
        let start = ProcessUsage.wallClock()
        let progress: @Sendable (String) -> Void = { message in
            if !quiet { terminal.progress(String(format: "study [%5.1fs] %@", ProcessUsage.wallClock() - start, message)) }
        }
        progress("reading \(inputPath)")
        let input: StudyInput
        do {
            switch try resolvedLayout(layout, path: inputPath, registry: registry) {
            case "wide": input = try WideLayoutImporter.read(path: inputPath, registry: registry)
            default: input = try LongLayoutReader.read(path: inputPath, registry: registry)
            }
        } catch let error as StudyInputError {
            throw UsageError(error.description)
        }
        for name in options.groupBy where !input.covariateNames.contains(name) {
            throw UsageError("--group-by '\(name)' is not a column of \(inputPath); covariates: \(input.covariateNames.isEmpty ? "none" : input.covariateNames.joined(separator: ", "))")
        }
        let readSeconds = ProcessUsage.wallClock() - start
        progress("read \(input.responses.count) responses of \(input.participants.count) participants")
        let scorer: TableResponseScorer
        let tables = try ScoringOptions.tableChoices(args)
        do { scorer = try TableResponseScorer(tablesDirectory: args.string("--tables"), using: tables) } catch {
            throw UsageError(error.description)
        }
        var result = StudyPipeline.run(input: input, scorer: scorer, options: options, progress: progress)
        result.timings.insert(("read input", readSeconds), at: 0)
        progress("writing the report to \(out)")
        let writeStart = ProcessUsage.wallClock()
        let files: [String]
        do { files = try StudyReport.write(result, to: out, plots: !args.has("--no-plots")) } catch {
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
        for t in result.tasks where t.responses > 0 && t.scored == 0 {
            terminal.error("acss study: task \(t.task.name): \(t.status): \(t.message ?? "")")
        }
        terminal.print(summary(result, out: out, files: files, seconds: ProcessUsage.wallClock() - start))
        return result.skippedRows > 0 ? 1 : 0
    }

    static func loadRegistry(_ args: Arguments) throws -> TaskRegistry {
        if let path = args.string("--registry") {
            if args.string("--preset") != nil { throw UsageError("give --registry or --preset, not both") }
            do { return try TaskRegistry.load(path: path) } catch { throw UsageError("\(error)") }
        }
        let name = args.string("--preset") ?? "gauvrit2017"
        guard let preset = TaskRegistry.presets[name] else {
            throw UsageError("unknown preset '\(name)'; presets: \(TaskRegistry.presets.keys.sorted().joined(separator: ", "))")
        }
        return preset
    }

    static func resolvedLayout(_ layout: String, path: String, registry: TaskRegistry) throws -> String {
        if layout != "auto" { return layout }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw UsageError("cannot read '\(path)': " + (FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file"))
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 65_536)) ?? Data()
        let firstLine = String(decoding: head.prefix { $0 != 0x0A && $0 != 0x0D }, as: UTF8.self)
        let names = firstLine.split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " \"\u{FEFF}")).lowercased() }
        if names.contains("participant_id") { return "long" }
        if WideLayoutImporter.looksWide(headerLine: firstLine, registry: registry) { return "wide" }
        throw UsageError("cannot tell the layout of '\(path)' from its first line '\(firstLine.prefix(80))': a long CSV has participant_id, task, response columns; the wide layout has age and TASK, TASK.K columns. Use --layout long or --layout wide")
    }

    static func prepareOutputDirectory(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw UsageError("--out '\(path)' exists and is not a directory") }
        } else {
            do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) } catch {
                throw UsageError("cannot create --out directory '\(path)': \(error.localizedDescription)")
            }
        }
        guard FileManager.default.isWritableFile(atPath: path) else { throw UsageError("--out directory '\(path)' is not writable") }
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
        if let composite = result.curve(.composite) {
            for fit in [composite.quadratic, composite.spline].compactMap({ $0 }) {
                let p = fit.peak
                var s = "composite peak, \(fit.basis.summary): "
                if p.interior {
                    s += String(format: "%.1f years", p.age)
                    if !p.bootstrapLow.isNaN { s += String(format: ", bootstrap 95%% CI %.1f-%.1f", p.bootstrapLow, p.bootstrapHigh) }
                    if !p.deltaLow.isNaN { s += String(format: ", delta-method %.1f-%.1f", p.deltaLow, p.deltaHigh) }
                } else {
                    s += p.note ?? "no interior peak"
                }
                lines.append(s)
            }
            if let note = composite.note { lines.append("composite: \(note)") }
        }
        lines.append(String(format: "time: %.1f s", seconds))
        lines.append("report: \((out as NSString).appendingPathComponent("report.md")) (\(files.count) files)")
        return lines.joined(separator: "\n")
    }
}
