import Foundation

/// Signs that a response is not a genuine attempt at randomness, each decided from the
/// response alone (and its task) in O(length²) at worst.
///
/// - `constant`: one symbol repeated (at least 2 symbols).
/// - `stereotype`, the first that applies of:
///   - `alternation`: two symbols taking turns, ABAB... (at least 4 symbols);
///   - `counting`: every step goes to the next symbol in the task's listed order, or every step
///     to the previous one, wrapping around (123456123..., 54321543...; at least 4 symbols);
///     applied to every task, because the listed order is usually the order of the buttons;
///   - `cycle`: the same ordering of p distinct symbols repeated (3 ≤ p, at least 3 symbols
///     past the first cycle: 1352413524...).
/// - `defaultPadding`: the response ends in a run of r copies of the task's default symbol
///   that a uniform random producer would end in with probability m^-r ≤ 1%
///   (`paddingChanceLevel`): r ≥ 7 for m = 2, r ≥ 3 for m = 5, 6, 9. The mark of an input left
///   untouched.
/// - `impossibleTime`: a response time at or below 0, below the task's minimum (0.2 s per
///   symbol unless the registry says otherwise) or above its maximum.
///
/// `degenerate` = constant, stereotyped or padded: the responses whose z reflects a strategy,
/// not randomness judgement (docs/formalism.md §6: a constant response is an extreme low outlier). An
/// impossible time is a data-quality flag and does not by itself make a response degenerate.
struct QualityFlags: Sendable, Equatable {
    enum Stereotype: String, Sendable {
        case alternation, counting, cycle
    }

    var constant = false
    var stereotype: Stereotype?
    var defaultPadding = false
    var impossibleTime = false

    var degenerate: Bool { constant || stereotype != nil || defaultPadding }

    static let paddingChanceLevel = 0.01

    init() {}

    /// `x`: the response as symbol positions 0..<m in the task's listed order.
    init(_ x: [UInt8], task: StudyTask, responseSeconds: Double) {
        let m = task.alphabet
        let n = x.count
        constant = n >= 2 && x.allSatisfy { $0 == x[0] }
        if !constant {
            stereotype = QualityFlags.stereotype(x, alphabet: m)
        }
        if let d = task.defaultSymbol, let code = task.symbols.firstIndex(of: d) {
            var run = 0
            for s in x.reversed() { if Int(s) == code { run += 1 } else { break } }
            defaultPadding = run > 0 && pow(Double(m), -Double(run)) <= QualityFlags.paddingChanceLevel
        }
        if !responseSeconds.isNaN {
            impossibleTime = responseSeconds <= 0
                || responseSeconds < task.impossiblyFast(length: n)
                || (task.maxResponseSeconds.map { responseSeconds > $0 } ?? false)
        }
    }

    static func stereotype(_ x: [UInt8], alphabet m: Int) -> Stereotype? {
        let n = x.count
        if n >= 4, x[0] != x[1] {
            var alternates = true
            for i in 2..<n where x[i] != x[i - 2] || x[i] == x[i - 1] { alternates = false; break }
            if alternates { return .alternation }
        }
        if n >= 4 {
            for direction in [1, m - 1] {
                var counts = true
                for i in 1..<n where Int(x[i]) != (Int(x[i - 1]) + direction) % m { counts = false; break }
                if counts { return .counting }
            }
        }
        // A cycle of p distinct symbols: x[i] = x[i - p] for every i ≥ p, first p distinct.
        var seen = Set<UInt8>()
        for p in 1...n {
            guard seen.insert(x[p - 1]).inserted else { break }
            guard p >= 3, n - p >= 3 else { continue }
            var periodic = true
            for i in p..<n where x[i] != x[i - p] { periodic = false; break }
            if periodic { return .cycle }
        }
        return nil
    }
}
