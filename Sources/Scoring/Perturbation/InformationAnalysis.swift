import Foundation

/// What the deltas of a perturbation analysis say (Zenil, Kiani, Marabita et al. 2019,
/// iScience 19:1160, "An algorithmic information calculus for causal discovery and
/// reprogramming systems"; the R package algodyn; docs/aid.md §1).
///
/// delta = BDM(perturbed) - BDM(original), pybdm's sign convention (`PerturbationExperiment`).
/// The information contribution of the element is I = -delta = C(G) - C(G \ e), algodyn's
/// `bdm_difference`:
/// - I > 0 (`positive`): the perturbation makes the object simpler; the element carries
///   algorithmic information (it is part of what a short program must produce);
/// - I < 0 (`negative`): the perturbation makes it more complex; the element moves the object
///   towards simplicity (removing it pushes towards randomness);
/// - I = 0 (`neutral`), within `InformationAnalysis.tolerance`.
public enum InformationSign: String, Sendable {
    case positive, negative, neutral
}

public struct InformationAnalysis: Sendable {
    /// |delta| below this is 0: incremental sums of logs leave ~1e-14 where a perturbation
    /// changes nothing (a block swapped for one of the same K).
    public static let tolerance = 1e-9

    /// Per element, nil where the perturbed object has no BDM (a block missing from the table).
    public let deltas: [Double?]
    /// InfoRank: 1 for the largest information contribution I; ties share the smallest rank
    /// (algodyn: rank(-bdm_difference, ties.method = "min")).
    public let ranks: [Int?]
    /// The information signature: every element's I, largest first.
    public let signature: [Double]
    /// algodyn's relative reprogrammability: MAD/max of the positive contributions (its
    /// `info_signature` keeps I > 0), MAD the median absolute deviation from the median
    /// (unscaled, R's median averaging the two middle values); 0 when no I is positive.
    public let relativeReprogrammability: Double

    public init(deltas: [Double?]) {
        self.deltas = deltas
        let information = deltas.map { $0.map(Self.information) }
        let known = information.compactMap { $0 }
        let sorted = known.sorted(by: >)
        signature = sorted
        ranks = information.map { i in
            guard let i else { return nil }
            // 1 + the number strictly greater (binary search in the descending list).
            var lo = 0, hi = sorted.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if sorted[mid] > i { lo = mid + 1 } else { hi = mid }
            }
            return lo + 1
        }
        let positive = sorted.filter { $0 > 0 }
        if let top = positive.first {
            let m = Self.median(positive)
            relativeReprogrammability = Self.median(positive.map { abs($0 - m) }) / top
        } else {
            relativeReprogrammability = 0
        }
    }

    /// I = -delta, with |delta| below the tolerance taken as 0.
    public static func information(_ delta: Double) -> Double {
        abs(delta) < tolerance ? 0 : -delta
    }

    public static func sign(_ delta: Double) -> InformationSign {
        let i = information(delta)
        return i > 0 ? .positive : i < 0 ? .negative : .neutral
    }

    public var positives: Int { signature.filter { $0 > 0 }.count }
    public var negatives: Int { signature.filter { $0 < 0 }.count }
    public var neutrals: Int { signature.filter { $0 == 0 }.count }

    static func median(_ values: [Double]) -> Double {
        let s = values.sorted()
        let n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}
