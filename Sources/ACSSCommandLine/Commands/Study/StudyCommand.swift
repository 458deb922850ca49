import Foundation
import TextInput
import Scoring
import StudyAnalysis

/// `acss study`: the cognitive-study pipeline, from raw responses to a report folder.
struct StudyCommand: Command {
    static let name = "study"
    static let abstract = "analyse a random-generation study: scores, summaries, age curves, plots"
    static let out = Option("--out", "DIR", "folder for the report (created if missing; existing report files are replaced)")
    static let registry = Option("--registry", "FILE", "task registry, key=value or JSON (docs/study.md); default: --preset gauvrit2017")
    static let preset = Option("--preset", "NAME", "a built-in registry: \(TaskRegistry.presets.keys.sorted().joined(separator: ", ")) (default gauvrit2017)")
    static let layout = Option("--layout", "L", "long (one response per CSV row), wide (the 2017 lifespan data), or auto (default: from the header)")
    static let tables = TableSource.directory.described("directory holding the CTM tables (default: $ACSS_DATA, ./data, or data/ above the executable)")
    static let bootstrap = Option("--bootstrap", "B", "bootstrap replicates for peak CIs and curve bands (default 1000; 0 to skip)")
    static let seed = Option("--seed", "S", "seed of the bootstrap (default 2017); the same seed gives the same report")
    static let threads = Option("--threads", "K", "worker threads (default: all cores); results do not depend on it")
    static let ageBands = Option("--age-bands", "LIST", "increasing age breaks in years (default 4,10,15,20,30,40,50,60,70)")
    static let groupBy = Option("--group-by", "COLUMN", "also summarise by this covariate column and test between its groups (one-way ANOVA; repeatable)")
    static let covariates = Option("--covariates", "LIST", "covariate columns added to the quadratic age models, e.g. sex,language (numeric, or categorical with the first level as reference)")
    static let splineMaxDF = Option("--spline-max-df", "N", "largest spline df AICc may choose (1...10, default 10; also at most n/10)")
    static let splineDF = Option("--spline-df", "auto|N", "spline df: auto (by AICc, default) or a fixed N (1...20)")
    static let ageScale = Option("--age-scale", "log|raw", "age in the age models: log (ln age, default, as in 2017) or raw (years)")
    static let minParticipants = Option("--min-participants", "N", "fewest participants with an age to fit an age curve (default 20)")
    static let minCoverage = Option("--min-coverage", "P", "a task enters the composite only if its table covers this share of its strings (0...1, default 0.99)")
    static let zSD = Option("--z-sd", "WHICH", "SD of the string tasks' z: strings (over all strings) or patterns (R's sd() over the table's patterns, as published); default patterns with gauvrit2017, strings with --registry")
    static let fillMissing = Option("--fill-missing", "K=V", "K of responses not in the table, for every task or, as TASK:K=V, one (repeatable), flagged imputed, with a z (2017: toss:K=40)")
    static let noPlots = Flag("--no-plots", "do not write the SVG figures")
    static let figureWidth = Option("--figure-width", "MM", "printed width of every figure in millimetres (\(Int(StudyReport.Settings.figureWidths.lowerBound))...\(Int(StudyReport.Settings.figureWidths.upperBound)); default \(Int(StudyReport.Settings.defaultFigureWidthMillimetres)), one journal column); text stays >= 7 pt")
    static let printRegistry = Flag("--print-registry", "print the task registry in key=value form and exit (a start for your own)")
    static let quiet = Flag("--quiet", "no progress lines on standard error (problems are still reported)")
    static let delimiter = Option("--delimiter", "D", "long layout: the field separator, comma, semicolon or tab (default: detected from the header)")
    static let columns = Option("--columns", "MAP", "long layout: the file's names of its columns, e.g. participant_id=subject,response=responses,rt_ms=rt (names: \(LongLayoutReader.columns.joined(separator: ", ")))")
    static let options: [any OptionDeclaration] = [
        out, registry, preset, layout, delimiter, columns, tables, TableSource.table, bootstrap, seed, threads, ageBands, groupBy,
        covariates, splineMaxDF, splineDF, ageScale, minParticipants, minCoverage, zSD, fillMissing, noPlots, figureWidth, printRegistry, quiet,
    ]

    static let usage = "acss study INPUT --out DIR [options]"
    static let summary = "Analyse a random-generation study: score every response, aggregate participants, summarise by age band, fit age curves with bootstrap CIs, write CSV/JSON/Markdown/HTML and SVG plots."
    static let details = """
        INPUT, long layout: a CSV with columns participant_id, task, response (required) and
        trial, rt_s (or rt_ms), age, published_z and any covariates (optional); semicolons or
        tabs instead of commas are detected (or --delimiter), and --columns maps other
        names (jsPsych, PsychoPy exports) to these. Wide layout: the 2017
        lifespan data (space-separated, quoted, NA; columns sex age ... toss.K toss.RT ... toss
        guess roll spot grid RT). Tasks and their symbols come from the registry.

        Writes to DIR: responses.csv, participants.csv, summary_by_ageband.csv,
        summary_by_COLUMN.csv (with --group-by), model_fits.csv, skipped_rows.csv, report.json,
        report.md, report.html (the same report as one self-contained page with the figures
        inline: open it in any browser), complexity_vs_age.svg, tasks_vs_age.svg,
        degenerate_vs_age.svg, z_distribution.svg (each --figure-width wide, 85 mm by
        default; tasks without scores get no panel), and agreement.csv when the input has
        published scores (TASK.K and K of the wide layout, published_z of the long one).
        The methods of report.md/html name the version, every setting and each table's file
        with its SHA-256. See docs/study.md.

        Reproducing the 2017 scores: the gauvrit2017 preset divides by R's sd() over the
        table's patterns (--z-sd patterns) as they did; add --fill-missing toss:K=40 for the
        coin pattern D(5) lacks, which they scored as K = 40. The composite line says over
        how many of the registry's tasks it is.

        Age models: a quadratic in ln(age) (b2 with SE, t, p; F tests against the line and
        the constant; "no evidence of an interior peak" unless b2 < 0 at p < 0.05 with the
        vertex inside the ages) and a natural spline whose df AICc chooses among 1...min(10,
        n/10). The two-part view: the share of degenerate responses by age (logistic, SEs
        clustered by participant) and the curve of engaged responses; the headline says
        which drives the composite's curve.

        Grid tasks (the 3x3 black/white grid) are scored with the exact 2-D table G5-T2000
        (z over every array of the shape, SD with n - 1, as published). A task without its
        table is reported with the reason (no K, no z; entropy, RNG indices and quality flags
        are still computed) and left out of the composite.

        Examples:
          acss simulate-study --participants 3429 --seed 1 --out sim
          acss study sim/study_long.csv --out report
          acss study sim/study_wide.txt --layout wide --out report-wide --bootstrap 200
          acss study lifespan.txt --fill-missing toss:K=40 --out report-2017
          acss study data.csv --registry tasks.txt --out report --group-by sex --age-bands 6,12,18,30,50,70
          acss study data.csv --out report --covariates sex,language --spline-df 3 --age-scale raw
          acss study --print-registry > tasks.txt
          acss study export.tsv --columns participant_id=subject,response=responses,rt_ms=rt --out report

        Exit status: 0 success, 1 some rows were skipped (each is reported with its line
        number; the rest is analysed) or whole tasks were lost (task names or symbols the
        registry does not know: see --print-registry), 2 usage error, unreadable input or a
        file with no rows.
        """

    enum Layout: String { case long, wide, auto }

    let registry: TaskRegistry
    /// Nil with --print-registry: nothing else is needed.
    let analysis: Analysis?

    /// What a run of the pipeline needs.
    struct Analysis {
        let inputPath: String
        let out: String
        let options: StudyOptions
        let layout: Layout
        let format: LongLayoutReader.Format
        let tables: TableSource
        let report: StudyReport.Settings
        let quiet: Bool
    }

    init(_ args: ParsedArguments) throws {
        registry = try Self.loadRegistry(args)
        if args.has(Self.printRegistry) { analysis = nil; return }
        guard args.positionals.count == 1 else {
            throw UsageError(args.positionals.isEmpty ? "missing INPUT (a CSV of responses, or the wide lifespan file)"
                                                      : "expected one INPUT, got \(args.positionals.count): \(args.positionals.joined(separator: " "))")
        }
        let out = try args.required(Self.out)
        var options = StudyOptions()
        options.bootstrapReplicates = try args.int(Self.bootstrap, default: 1000, in: 0...100_000)
        if let text = args.value(Self.seed) {
            guard let seed = UInt64(text) else { throw UsageError("invalid value '\(text)' for --seed: expected a whole number 0...\(UInt64.max)") }
            options.seed = seed
        }
        options.threads = try args.int(Self.threads, default: ProcessInfo.processInfo.activeProcessorCount, in: 1...256)
        options.splineMaxDegreesOfFreedom = try args.int(Self.splineMaxDF, default: 10, in: 1...10)
        if let text = args.value(Self.splineDF), text != "auto" {
            guard let df = Int(text), (1...20).contains(df) else {
                throw UsageError("invalid value '\(text)' for --spline-df: expected auto or a whole number 1...20")
            }
            options.splineDegreesOfFreedom = df
        }
        options.ageScale = try args.choice(Self.ageScale, default: .log, among: AgeScale.allCases)
        if let text = args.value(Self.covariates) {
            let names = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard !names.contains(where: \.isEmpty) else {
                throw UsageError("invalid value '\(text)' for --covariates: expected column names separated by commas, e.g. sex,language")
            }
            options.covariates = names
        }
        options.minimumParticipantsForFit = try args.int(Self.minParticipants, default: 20, in: 5...1_000_000)
        if let text = args.value(Self.minCoverage) {
            guard let p = DecimalNumber.parse(text), (0...1).contains(p) else {
                throw UsageError("invalid value '\(text)' for --min-coverage: expected a share between 0 and 1, e.g. 0.99")
            }
            options.minimumCoverage = p
        }
        if let text = args.value(Self.ageBands) {
            let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let values = parts.map { DecimalNumber.parse($0) }
            guard !parts.isEmpty, values.allSatisfy({ $0 != nil }), let bands = AgeBands(breaks: values.map { $0! }) else {
                throw UsageError("invalid value '\(text)' for --age-bands: expected increasing ages in years separated by commas, e.g. 4,10,15,20,30,40,50,60,70")
            }
            options.ageBands = bands
        }
        options.groupBy = args.values(Self.groupBy)
        if args.value(Self.zSD) != nil {
            options.deviation = try args.choice(Self.zSD, default: .strings, among: DeviationConvention.choices)
        }
        for text in args.values(Self.fillMissing) {
            try Self.parseFill(text, registry: registry, into: &options.fillMissing)
        }
        let layout = try args.choice(Self.layout, default: .auto, among: [Layout.long, .wide, .auto])
        var dialect: DelimitedText.Dialect? = nil
        if let text = args.value(Self.delimiter) {
            guard let d = DelimitedText.Dialect(named: text) else {
                throw UsageError("invalid value '\(text)' for --delimiter: expected comma, semicolon or tab")
            }
            dialect = d
        }
        let format: LongLayoutReader.Format
        do { format = try LongLayoutReader.Format(dialect: dialect, columnMap: args.value(Self.columns)) } catch {
            throw UsageError("invalid value for --columns: \(error)")
        }
        if layout == .wide && (dialect != nil || !format.columnNames.isEmpty) {
            throw UsageError("--delimiter and --columns describe the long layout; the wide layout is the 2017 lifespan file as R writes it")
        }
        let tables = try TableSource(args, directory: Self.tables)
        var report = StudyReport.Settings(plots: !args.has(Self.noPlots), commandLine: ["acss", Self.name] + args.arguments)
        if let text = args.value(Self.figureWidth) {
            let range = StudyReport.Settings.figureWidths
            guard let mm = DecimalNumber.parse(text), range.contains(mm) else {
                throw UsageError("invalid value '\(text)' for --figure-width: expected millimetres between \(Int(range.lowerBound)) and \(Int(range.upperBound)), e.g. 85 (one column) or 180 (two)")
            }
            report.figureWidthMillimetres = mm
        }
        // A chosen table no task of the registry uses would be ignored without a word.
        for choice in tables.choices where !registry.tasks.contains(where: { (try? Alphabet($0.alphabet))?.tableSize == choice.alphabet }) {
            throw UsageError("--table \(choice.name) scores strings of \(choice.alphabet) symbols, but no task of the registry \(registry.name) has that alphabet (\(registry.tasks.map { "\($0.name): \($0.alphabet)" }.joined(separator: ", ")))")
        }
        analysis = Analysis(inputPath: args.positionals[0], out: out, options: options, layout: layout, format: format,
                            tables: tables, report: report,
                            quiet: args.has(Self.quiet))
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        guard let analysis else {
            terminal.write(registry.keyValueText)
            return 0
        }
        return try analysis.run(registry: registry, terminal)
    }

    /// `K=V` (every task) or `TASK:K=V`; V a decimal number of bits.
    static func parseFill(_ text: String, registry: TaskRegistry, into fill: inout MissingComplexityFill) throws(UsageError) {
        let usage = "expected K=VALUE or TASK:K=VALUE, e.g. toss:K=40"
        var task: String?
        var rest = Substring(text)
        if let colon = rest.firstIndex(of: ":") {
            task = String(rest[..<colon])
            rest = rest[rest.index(after: colon)...]
        }
        guard rest.hasPrefix("K=") else { throw UsageError("invalid value '\(text)' for --fill-missing: \(usage)") }
        let number = String(rest.dropFirst(2))
        guard let k = DecimalNumber.parse(number), k.isFinite, k > 0 else {
            throw UsageError("invalid value '\(text)' for --fill-missing: K '\(number)' is not a positive number of bits (\(usage))")
        }
        if let task {
            guard registry.tasks.contains(where: { $0.name == task }) else {
                throw UsageError("invalid value '\(text)' for --fill-missing: '\(task)' is not a task of the registry \(registry.name) (\(registry.tasks.map(\.name).joined(separator: ", ")))")
            }
            fill.byTask[task] = k
        } else {
            fill.all = k
        }
    }

    static func loadRegistry(_ args: ParsedArguments) throws -> TaskRegistry {
        if let path = args.value(registry) {
            if args.value(preset) != nil { throw UsageError("give --registry or --preset, not both") }
            do { return try TaskRegistry.load(path: path) } catch { throw UsageError("\(error)") }
        }
        let name = args.value(preset) ?? "gauvrit2017"
        guard let preset = TaskRegistry.presets[name] else {
            throw UsageError("unknown preset '\(name)'; presets: \(TaskRegistry.presets.keys.sorted().joined(separator: ", "))")
        }
        return preset
    }
}
