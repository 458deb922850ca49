import Foundation
import TextInput
import StudyAnalysis

/// `acss simulate-study`: a synthetic study with a planted peak age, in both layouts.
struct SimulateStudyCommand: Command {
    static let name = "simulate-study"
    static let abstract = "write a synthetic study with a planted peak age (both layouts)"
    static let participants = Option("--participants", "N", "number of participants (1...10,000,000)")
    static let seed = Option("--seed", "S", "seed; the same seed gives the same files")
    static let out = Option("--out", "DIR", "folder for study_long.csv, study_wide.txt and truth.json (created if missing)")
    static let peakAge = Option("--peak-age", "A", "planted age of peak complexity, years (default 25; 8...70)")
    static let layout = Option("--layout", "L", "long, wide or both (default both)")
    static let registry = Option("--registry", "FILE", "simulate these tasks instead of the five of gauvrit2017 (key=value or JSON registry)")
    static let options: [any OptionDeclaration] = [participants, seed, out, peakAge, layout, registry]
    static let takesArguments = false

    static let usage = "acss simulate-study --participants N --seed S --out DIR [--peak-age A] [--layout both] [--registry FILE]"
    static let summary = "Write a realistic synthetic random-generation study (the five tasks of Gauvrit et al. 2017) with a known peak age."
    static let details = """
        Ages 4-91 shaped like the 2017 sample; each participant answers every task of the
        gauvrit2017 registry in "random mode" with a probability that is highest at the planted
        peak age (quadratic in ln age), otherwise with one of a fixed mix of human strategies,
        degenerate ones included (constant, alternation, counting, cycling, default padding), so
        degenerate answers are commonest among children and the old. Response times, covariates
        (sex, field, language, education, paranormal) and 0.5% impossible times are included.
        truth.json states the model. The wide file leaves the published z columns NA: the
        simulator does not score.

        Examples:
          acss simulate-study --participants 3429 --seed 1 --out sim
          acss simulate-study --participants 100000 --seed 7 --out big --layout long
          acss simulate-study --participants 500 --seed 2 --registry tasks.txt --out mine
          acss study sim/study_long.csv --out report
        """

    enum Layout: String { case long, wide, both }

    let participants: Int
    let seed: UInt64
    let out: String
    let peak: Double
    let layout: Layout
    let registryPath: String?

    init(_ args: ParsedArguments) throws {
        participants = try args.requiredInt(Self.participants, in: 1...10_000_000)
        let seedText = try args.required(Self.seed)
        guard let seed = UInt64(seedText) else { throw UsageError("invalid value '\(seedText)' for --seed: expected a whole number 0...\(UInt64.max)") }
        self.seed = seed
        out = try args.required(Self.out)
        var peak = 25.0
        if let text = args.value(Self.peakAge) {
            guard let v = DecimalNumber.parse(text), (8...70).contains(v) else {
                throw UsageError("invalid value '\(text)' for --peak-age: expected an age in years between 8 and 70")
            }
            peak = v
        }
        self.peak = peak
        layout = try args.choice(Self.layout, default: .both, among: [Layout.long, .wide, .both])
        registryPath = args.value(Self.registry)
    }

    func run(_ terminal: Terminal) throws -> Int32 {
        try prepareOutputDirectory(out)
        var registry = TaskRegistry.gauvrit2017
        if let path = registryPath {
            do { registry = try TaskRegistry.load(path: path) } catch { throw UsageError("\(error)") }
        }
        let simulator = StudySimulator(participants: participants, seed: seed, peakAge: peak, registry: registry)
        var written: [String] = []
        func save(_ text: String, _ name: String) throws {
            let path = (out as NSString).appendingPathComponent(name)
            do { try text.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw UsageError("cannot write '\(path)': \(error.localizedDescription)")
            }
            written.append(path)
        }
        if layout != .wide { try save(simulator.longCSV(), "study_long.csv") }
        if layout != .long { try save(simulator.wideText(), "study_wide.txt") }
        try save(simulator.truthJSON(), "truth.json")
        terminal.print("participants  \(participants) (\(participants * simulator.registry.tasks.count) responses), seed \(seed), planted peak age \(NumberFormatter.localizedString(from: NSNumber(value: peak), number: .decimal))")
        for path in written { terminal.print("wrote  \(path)") }
        return 0
    }
}
