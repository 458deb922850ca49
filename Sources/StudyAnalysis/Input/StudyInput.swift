/// The raw material of a study after reading, before any scoring: participants (with age and
/// covariates), their responses, and the problems found on the way.
///
/// Invariants the readers guarantee: every response names a participant index and a task
/// index that exist; `participants[i].covariates` lines up with `covariateNames`; a
/// participant has at most one age (the first valid one; a conflicting later age is an issue).
public struct StudyInput: Sendable {
    public struct Participant: Sendable {
        public var id: String
        /// Years; nil when not given (`NA`, empty).
        public var age: Double?
        public var covariates: [String]
    }

    public struct Response: Sendable {
        public var participant: Int
        public var task: Int
        public var trial: String
        public var text: String
        /// Response time in seconds (NaN when not given).
        public var responseSeconds: Double
        /// A z-score published with the data (the wide layout's `task.K`), NaN when none.
        public var publishedZ: Double
        /// Line of the input file.
        public var line: Int
    }

    public var registry: TaskRegistry
    public var participants: [Participant] = []
    public var responses: [Response] = []
    public var covariateNames: [String] = []
    public var issues: [InputIssue] = []
    /// Records read, malformed ones included (header excluded).
    public var rowsRead = 0
    public var source: String = ""
    public var layout = Layout.long

    /// The two file layouts the readers know (`LongLayoutReader`, `WideLayoutImporter`).
    public enum Layout: String, Sendable {
        case long, wide
    }

    public init(registry: TaskRegistry) { self.registry = registry }

    public var skippedRows: Int { issues.filter(\.skipped).count }
}

/// Builds a `StudyInput` participant by participant, checking what is common to both layouts.
struct StudyInputBuilder {
    var input: StudyInput
    private var participantIndex: [String: Int] = [:]

    init(registry: TaskRegistry, covariateNames: [String], source: String, layout: StudyInput.Layout) {
        input = StudyInput(registry: registry)
        input.covariateNames = covariateNames
        input.source = source
        input.layout = layout
    }

    /// Parses an age cell: empty and NA (any case) are missing; anything else must be a
    /// number of years in 0...130. The message names the value.
    static func parseAge(_ text: String) -> Result<Double?, AgeError> {
        let t = text.trimmedField
        if t.isMissingValue { return .success(nil) }
        guard let v = Double(t), v.isFinite else { return .failure(AgeError(message: "age '\(t)' is not a number")) }
        guard v > 0, v <= 130 else { return .failure(AgeError(message: "age '\(t)' is not a plausible age in years (expected more than 0 and at most 130)")) }
        return .success(v)
    }

    struct AgeError: Error { let message: String }

    /// Parses an optional number cell (response time, published z): empty and NA are missing.
    static func parseNumber(_ text: String, what: String) -> Result<Double, AgeError> {
        let t = text.trimmedField
        if t.isMissingValue { return .success(.nan) }
        guard let v = Double(t), v.isFinite else { return .failure(AgeError(message: "\(what) '\(t)' is not a number")) }
        return .success(v)
    }

    /// The index of participant `id`, adding it on first sight. A second, different age is an
    /// issue (the response is skipped: which age is right cannot be known).
    mutating func participant(id: String, age: Double?, covariates: [String], line: Int) -> Int? {
        if let i = participantIndex[id] {
            if let age {
                if let known = input.participants[i].age {
                    if known != age {
                        input.issues.append(InputIssue(line: line, message: "participant '\(id)' has age \(format(age)) here but \(format(known)) on an earlier line"))
                        return nil
                    }
                } else {
                    input.participants[i].age = age
                }
            }
            for (k, v) in covariates.enumerated() where input.participants[i].covariates[k].isEmpty && !v.isEmpty {
                input.participants[i].covariates[k] = v
            }
            return i
        }
        let i = input.participants.count
        participantIndex[id] = i
        input.participants.append(StudyInput.Participant(id: id, age: age, covariates: covariates))
        return i
    }

    private func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(v)
    }
}
