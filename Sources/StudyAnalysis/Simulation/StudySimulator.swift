import Foundation
import TextInput
import JSONOutput

/// A synthetic study shaped like Gauvrit et al. (2017), to test and demonstrate the pipeline
/// without the real data: participants aged 4-91 (most of them young adults), the five tasks
/// of the `gauvrit2017` registry, response times, covariates, and a planted peak age.
///
/// The generative model, chosen so that the truth is known exactly:
/// - each participant has a propensity π to answer a task in "random mode", drawn from a Beta
///   distribution with mean π(age) = 0.85 - 0.15·(ln age - ln peak)² and concentration 8
///   (clamped to 0.05...0.95, which never binds for ages 4-91 when the peak lies in 15...40);
/// - per task, with probability π the response is uniformly random over the task's symbols
///   (its expected z is 0, by definition of the uniform reference); otherwise it comes from a
///   fixed mixture of human strategies (over-alternation, balancing, and the degenerate ones:
///   constant, alternation, counting, cycling, default padding) that does not depend on age.
///
/// Hence E[z | age] = (1 - π(age))·E_S[z], with E_S[z] < 0 the mean z of the strategy mixture:
/// exactly quadratic in ln(age), highest at the planted peak; and the share of degenerate
/// responses, (1 - π(age))·(share of degenerate strategies), is lowest there and rises towards
/// children and the old. A correct pipeline must find the peak within its CI.
public struct StudySimulator: Sendable {
    var participants: Int
    var seed: UInt64
    var peakAge: Double
    public var registry: TaskRegistry

    static let maxPropensity = 0.85
    static let curvature = 0.15
    static let concentration = 8.0
    /// Share of the non-random strategies that are degenerate (constant, alternation,
    /// counting, cycle, padding).
    static let degenerateStrategyShare = 0.35

    public init(participants: Int, seed: UInt64, peakAge: Double = 25, registry: TaskRegistry = .gauvrit2017) {
        self.participants = participants
        self.seed = seed
        self.peakAge = peakAge
        self.registry = registry
    }

    /// π(age), the mean propensity to answer in random mode.
    func randomModeProbability(age: Double) -> Double {
        let d = log(age) - log(peakAge)
        return min(0.95, max(0.05, StudySimulator.maxPropensity - StudySimulator.curvature * d * d))
    }

    struct Participant: Sendable {
        var id: String
        var age: Int
        /// Covariates of the 2017 data: sex, field of study, language, education level (1-5),
        /// belief in the paranormal (1-6, NA for some).
        var sex, field, language: String
        var education: Int
        var paranormal: Int?
        /// Per task of the registry: the response text and its time in seconds.
        var responses: [(text: String, seconds: Double)]
    }

    /// Participant i depends only on (seed, i): any subset can be regenerated alone.
    func participant(_ i: Int) -> Participant {
        var rng = SeededGenerator(seed: seed, stream: UInt64(i))
        let age = StudySimulator.drawAge(&rng)
        let mean = randomModeProbability(age: Double(age))
        let k = StudySimulator.concentration
        let propensity = StudySimulator.beta(&rng, mean * k, (1 - mean) * k)
        let sexes = ["F", "M"], fields = ["science", "humanities", "arts", "other"], languages = ["fr", "en", "de", "es", "it"]
        var p = Participant(id: String(format: "P%06d", i + 1), age: age,
                            sex: rng.unit() < 0.55 ? sexes[0] : sexes[1],
                            field: fields[rng.index(below: fields.count)],
                            language: languages[rng.index(below: languages.count)],
                            education: age < 18 ? 1 + rng.index(below: 2) : 1 + rng.index(below: 5),
                            paranormal: rng.unit() < 0.1 ? nil : 1 + rng.index(below: 6),
                            responses: [])
        for task in registry.tasks {
            let length = task.length ?? 10
            let symbols = rng.unit() < propensity
                ? (0..<length).map { _ in UInt8(rng.index(below: task.alphabet)) }
                : StudySimulator.strategy(&rng, task: task, length: length)
            let text = symbols.map { task.symbols[Int($0)] }.joined(separator: task.symbols.allSatisfy { $0.count == 1 } ? "" : " ")
            // Response time: log-normal, slower for children and the old; 0.5% recorded as an
            // impossibly fast 0.05 s per symbol (an input glitch).
            let median = Double(length) * (1.2 + 0.015 * abs(Double(age) - 25))
            var seconds = median * exp(0.35 * rng.normal())
            if rng.unit() < 0.005 { seconds = 0.05 * Double(length) }
            p.responses.append((text, (seconds * 100).rounded() / 100))
        }
        return p
    }

    /// Ages like the 2017 sample: mostly 15-35, children from 4, a long tail to 91.
    static func drawAge(_ rng: inout SeededGenerator) -> Int {
        let u = rng.unit()
        switch u {
        case ..<0.10: return 4 + rng.index(below: 10)       // 4-13
        case ..<0.30: return 14 + rng.index(below: 8)       // 14-21
        case ..<0.65: return 22 + rng.index(below: 14)      // 22-35
        case ..<0.90: return 36 + rng.index(below: 25)      // 36-60
        default: return 61 + rng.index(below: 31)           // 61-91
        }
    }

    /// The non-random strategies, fixed shares: 45% over-alternating, 20% balancing, 35%
    /// degenerate (constant 12, alternation 8, counting 7, cycle 4, padding 4).
    static func strategy(_ rng: inout SeededGenerator, task: StudyTask, length: Int) -> [UInt8] {
        let m = task.alphabet
        let u = rng.unit()
        switch u {
        case ..<0.45:
            // Humans avoid repeats and, on ordered symbols, favour neighbours.
            var x: [UInt8] = [UInt8(rng.index(below: m))]
            while x.count < length {
                let last = Int(x.last!)
                let v = rng.unit()
                if m == 2 {
                    x.append(UInt8(v < 0.7 ? 1 - last : last))
                } else if v < 0.03 {
                    x.append(UInt8(last))
                } else if v < 0.43 {
                    x.append(UInt8((last + (rng.unit() < 0.5 ? 1 : m - 1)) % m))
                } else {
                    x.append(UInt8((last + 1 + rng.index(below: m - 1)) % m))
                }
            }
            return x
        case ..<0.65:
            // Balanced counts, shuffled.
            var x = (0..<length).map { UInt8($0 % m) }
            for i in stride(from: length - 1, to: 0, by: -1) { x.swapAt(i, rng.index(below: i + 1)) }
            return x
        case ..<0.77:
            return [UInt8](repeating: UInt8(rng.index(below: m)), count: length)
        case ..<0.85:
            let a = rng.index(below: m)
            let b = (a + 1 + rng.index(below: m - 1)) % m
            return (0..<length).map { UInt8($0 % 2 == 0 ? a : b) }
        case ..<0.92:
            let start = rng.index(below: m)
            let step = m == 2 || rng.unit() < 0.7 ? 1 : m - 1
            return (0..<length).map { UInt8((start + step * $0) % m) }
        case ..<0.96:
            let p = min(m, 3 + rng.index(below: max(1, m - 2)))
            var cycle = Array(0..<m)
            for i in stride(from: m - 1, to: 0, by: -1) { cycle.swapAt(i, rng.index(below: i + 1)) }
            return (0..<length).map { UInt8(cycle[$0 % p]) }
        default:
            // Started, then left untouched: the default symbol fills the rest.
            let code = task.defaultSymbol.flatMap { task.symbols.firstIndex(of: $0) } ?? 0
            let started = 1 + rng.index(below: max(1, length / 3))
            return (0..<length).map { $0 < started ? UInt8(rng.index(below: m)) : UInt8(code) }
        }
    }

    /// Beta(a, b) from two gamma variates.
    static func beta(_ rng: inout SeededGenerator, _ a: Double, _ b: Double) -> Double {
        let x = gamma(&rng, a), y = gamma(&rng, b)
        return x / (x + y)
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1)·U^(1/shape).
    static func gamma(_ rng: inout SeededGenerator, _ shape: Double) -> Double {
        if shape < 1 { return gamma(&rng, shape + 1) * pow(1 - rng.unit(), 1 / shape) }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = rng.normal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = 1 - rng.unit()
            if log(u) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
        }
    }

    // MARK: Files

    /// The long layout: participant_id,age,sex,field,language,education,paranormal,task,trial,response,rt_s.
    public func longCSV() -> String {
        var out = "participant_id,age,sex,field,language,education,paranormal,task,trial,response,rt_s\n"
        out.reserveCapacity(participants * registry.tasks.count * 64)
        for i in 0..<participants {
            let p = participant(i)
            let common = "\(p.id),\(p.age),\(p.sex),\(p.field),\(p.language),\(p.education),\(p.paranormal.map(String.init) ?? "NA")"
            for (t, task) in registry.tasks.enumerated() {
                let r = p.responses[t]
                out += "\(common),\(task.name),1,\(DelimitedText.csvField(r.text)),\(r.seconds)\n"
            }
        }
        return out
    }

    /// The wide layout of the public lifespan data (R `write.table` style: quoted strings,
    /// NA, a row name per line). The simulator does not score, so `TASK.K` and `K` are NA.
    /// The 2017 tasks keep the published column order (toss, grid, guess, roll, spot for the
    /// times and z, toss, guess, roll, spot, grid for the responses); other tasks follow in
    /// registry order.
    public func wideText() -> String {
        let names = registry.tasks.map(\.name)
        let timeOrder = ["toss", "grid", "guess", "roll", "spot"].filter(names.contains) + names.filter { !["toss", "grid", "guess", "roll", "spot"].contains($0) }
        let responseOrder = ["toss", "guess", "roll", "spot", "grid"].filter(names.contains) + names.filter { !["toss", "grid", "guess", "roll", "spot"].contains($0) }
        let columns = ["sex", "age", "field", "language", "education", "paranormal"] + timeOrder.flatMap { [$0 + ".K", $0 + ".RT"] }
            + ["K"] + responseOrder + ["RT"]
        var out = columns.map { "\"\($0)\"" }.joined(separator: " ") + "\n"
        let index = Dictionary(uniqueKeysWithValues: registry.tasks.enumerated().map { ($1.name, $0) })
        for i in 0..<participants {
            let p = participant(i)
            var fields = ["\"\(p.id)\"", "\"\(p.sex)\"", String(p.age), "\"\(p.field)\"", "\"\(p.language)\"", String(p.education),
                          p.paranormal.map(String.init) ?? "NA"]
            var total = 0.0
            for name in timeOrder {
                let seconds = p.responses[index[name]!].seconds
                fields += ["NA", String(seconds)]
                total += seconds
            }
            fields.append("NA")
            for name in responseOrder { fields.append("\"\(p.responses[index[name]!].text)\"") }
            fields.append(String((total * 100).rounded() / 100))
            out += fields.joined(separator: " ") + "\n"
        }
        return out
    }

    /// The planted truth, as JSON.
    public func truthJSON() -> String {
        let probability = "min(0.95, max(0.05, \(StudySimulator.maxPropensity) - \(StudySimulator.curvature) * (ln(age) - ln(\(peakAge)))^2))"
        return JSON.object([
            ("participants", .integer(participants)),
            ("seed", .integer(seed)),
            ("peak_age", .double(peakAge)),
            ("random_mode_probability", .string(probability)),
            ("propensity_concentration", .double(StudySimulator.concentration)),
            ("degenerate_strategy_share", .double(StudySimulator.degenerateStrategyShare)),
            ("expected_z", .string("(1 - random_mode_probability(age)) * E_S[z], E_S[z] < 0: quadratic in ln(age), highest at peak_age")),
            ("expected_degenerate_share", .string("(1 - random_mode_probability(age)) * degenerate_strategy_share (padding counts only for tasks with a default symbol)")),
            ("tasks", .array(registry.tasks.map { .string($0.name) })),
        ]).render() + "\n"
    }
}
