import Dispatch
import Foundation

/// The seeded case bootstrap of the age curves: B times, draw n participants with replacement,
/// refit every curve (each target, both models) on the draw, and record where each is highest;
/// the 2.5% and 97.5% quantiles of those peak ages form the bootstrap CI, and the same
/// quantiles of the refitted curves form the pointwise band of the plots.
///
/// Why it is fast (B = 1000 over 100,000 participants in seconds): every design row depends on
/// the participant's age only, so a refit needs, per distinct age a, only the number of drawn
/// participants W_a and the sum of their outcomes S_a. Then X'WX = Σ_a W_a x_a x_aᵀ and
/// X'Wy = Σ_a S_a x_a, a p×p system (p ≤ 11) solved by Cholesky. A replicate costs n random
/// draws plus O(ages·p²) per curve. The rows are pre-multiplied by R⁻ᵀ, R from the QR of the
/// full-sample design, so the systems are close to the identity and well conditioned whatever
/// the basis. With more than `maxBins` distinct ages (ages given to the day), replicates group
/// ages to the month; the point estimates always use the exact ages.
///
/// Determinism: replicate r draws from `SeededGenerator(seed:stream: r)`, whatever thread runs
/// it, and writes only its own slots, so results do not depend on the thread count.
/// Choices fixed at the full-sample fit, as is usual: the spline's df and knots, the centring.
struct AgeCurveBootstrap {
    struct Curve {
        let target: Int
        let fit: AgeCurveFit
    }

    struct Result {
        /// Per curve: peak ages (NaN for a replicate whose system was singular) and whether
        /// each was interior.
        var peaks: [[Double]]
        var interior: [[Bool]]
        /// Per curve: the refitted curve on `AgeCurveFit.gridPoints` ages, replicate-major.
        var bands: [[Double]]
        var groupedToMonths: Bool
    }

    static let maxBins = 2000
    static let peakGridPoints = NaturalSplineModel.peakGridPoints

    let ages: [Double]             // participants with an age, in order
    let values: [[Double]]         // per target, per participant (NaN: missing)
    let curves: [Curve]

    /// Participant bins and the per-curve transformed rows.
    private struct Prepared {
        var binOf: [Int32]
        var binAges: [Double]
        var groupedToMonths: Bool
        // Per curve: p, rows (bins × p), R⁻¹ (p × p), peak grid rows (grid × p).
        var p: [Int]
        var rows: [[Double]]
        var rInverse: [Matrix]
        var gridRows: [[Double]]
    }

    func run(replicates: Int, seed: UInt64, threads: Int, progress: (@Sendable (Int) -> Void)? = nil) -> Result {
        let prepared = prepare()
        let n = ages.count
        let targets = values.count
        let bins = prepared.binAges.count
        let curveCount = curves.count
        let bandPoints = AgeCurveFit.gridPoints
        let stride = (AgeCurveBootstrap.peakGridPoints - 1) / (bandPoints - 1)
        // Participant-major outcomes: one cache line per draw.
        var y = [Double](repeating: .nan, count: n * targets)
        for t in 0..<targets { for i in 0..<n { y[i * targets + t] = values[t][i] } }

        let peaks = UnsafeMutableBufferPointer<Double>.allocate(capacity: curveCount * replicates)
        let interior = UnsafeMutableBufferPointer<Bool>.allocate(capacity: curveCount * replicates)
        let bands = UnsafeMutableBufferPointer<Double>.allocate(capacity: curveCount * replicates * bandPoints)
        peaks.initialize(repeating: .nan)
        interior.initialize(repeating: false)
        bands.initialize(repeating: .nan)
        defer { peaks.deallocate(); interior.deallocate(); bands.deallocate() }
        let shared = UncheckedSendable((peaks, interior, bands))
        let done = UncheckedSendable(Counter())
        let workers = max(1, min(threads, replicates))
        let yShared = y
        let curves = self.curves

        DispatchQueue.concurrentPerform(iterations: workers) { w in
            let (peaks, interior, bands) = shared.value
            var weight = [Double](repeating: 0, count: targets * bins)
            var sums = [Double](repeating: 0, count: targets * bins)
            let maxP = prepared.p.max() ?? 1
            var system = [Double](repeating: 0, count: maxP * maxP)
            var rhs = [Double](repeating: 0, count: maxP)
            var beta = [Double](repeating: 0, count: maxP)
            var curveValues = [Double](repeating: 0, count: AgeCurveBootstrap.peakGridPoints)
            let lo = replicates * w / workers, hi = replicates * (w + 1) / workers
            for r in lo..<hi {
                var rng = SeededGenerator(seed: seed, stream: UInt64(r))
                for k in weight.indices { weight[k] = 0; sums[k] = 0 }
                yShared.withUnsafeBufferPointer { yb in
                    prepared.binOf.withUnsafeBufferPointer { binOf in
                        weight.withUnsafeMutableBufferPointer { wb in
                            sums.withUnsafeMutableBufferPointer { sb in
                                for _ in 0..<n {
                                    let i = rng.index(below: n)
                                    let b = Int(binOf[i])
                                    let row = i * targets
                                    for t in 0..<targets {
                                        let v = yb[row + t]
                                        if !v.isNaN {
                                            wb[t * bins + b] += 1
                                            sb[t * bins + b] += v
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                for (c, curve) in curves.enumerated() {
                    let p = prepared.p[c]
                    let ok = AgeCurveBootstrap.solve(rows: prepared.rows[c], p: p, bins: bins,
                                                     weight: weight, sums: sums, offset: curve.target * bins,
                                                     system: &system, rhs: &rhs)
                    guard ok else { continue }
                    // Curve on the peak grid: (R⁻ᵀ g)ᵀ γ.
                    prepared.gridRows[c].withUnsafeBufferPointer { g in
                        for k in 0..<AgeCurveBootstrap.peakGridPoints {
                            var s = 0.0
                            for j in 0..<p { s += g[k * p + j] * rhs[j] }
                            curveValues[k] = s
                        }
                    }
                    let slot = c * replicates + r
                    for k in 0..<bandPoints { bands[slot * bandPoints + k] = curveValues[k * stride] }
                    let range = curve.fit.scaledAgeRange
                    let peak: (u: Double, interior: Bool)
                    if let quadratic = curve.fit.basis as? QuadraticAgeBasis {
                        // β = R⁻¹γ, then the vertex.
                        let rInv = prepared.rInverse[c]
                        for i in 0..<p {
                            var s = 0.0
                            for j in i..<p { s += rInv[i, j] * rhs[j] }
                            beta[i] = s
                        }
                        peak = beta.withUnsafeBufferPointer { quadratic.argmax($0.baseAddress!, in: range) }
                    } else {
                        let step = (range.upperBound - range.lowerBound) / Double(AgeCurveBootstrap.peakGridPoints - 1)
                        peak = curveValues.withUnsafeBufferPointer {
                            AgeCurveFit.gridArgmax($0, grid: { range.lowerBound + step * Double($0) }, step: step)
                        }
                    }
                    peaks[slot] = curve.fit.basis.scale.age(peak.u)
                    interior[slot] = peak.interior
                }
                if let progress { progress(done.value.increment()) }
            }
        }
        var result = Result(peaks: [], interior: [], bands: [], groupedToMonths: prepared.groupedToMonths)
        for c in 0..<curveCount {
            result.peaks.append(Array(peaks[(c * replicates)..<((c + 1) * replicates)]))
            result.interior.append(Array(interior[(c * replicates)..<((c + 1) * replicates)]))
            result.bands.append(Array(bands[(c * replicates * bandPoints)..<((c + 1) * replicates * bandPoints)]))
        }
        return result
    }

    /// Builds Σ W_a z_a z_aᵀ and Σ S_a z_a from the bin sums of one target and solves for γ
    /// (left in `rhs`). False when the system is singular.
    static func solve(rows: [Double], p: Int, bins: Int, weight: [Double], sums: [Double], offset: Int,
                      system: inout [Double], rhs: inout [Double]) -> Bool {
        for k in 0..<(p * p) { system[k] = 0 }
        for k in 0..<p { rhs[k] = 0 }
        rows.withUnsafeBufferPointer { z in
            system.withUnsafeMutableBufferPointer { m in
                for a in 0..<bins {
                    let w = weight[offset + a]
                    if w == 0 { continue }
                    let s = sums[offset + a]
                    let row = z.baseAddress! + a * p
                    for i in 0..<p {
                        let wi = w * row[i]
                        rhs[i] += s * row[i]
                        for j in 0...i { m[i * p + j] += wi * row[j] }
                    }
                }
                for i in 0..<p { for j in (i + 1)..<p { m[i * p + j] = m[j * p + i] } }
            }
        }
        return system.withUnsafeMutableBufferPointer { m in
            rhs.withUnsafeMutableBufferPointer { b in choleskySolve(m.baseAddress!, b.baseAddress!, p) }
        }
    }

    private func prepare() -> Prepared {
        var distinct = Array(Set(ages)).sorted()
        var grouped = false
        var key: (Double) -> Double = { $0 }
        if distinct.count > AgeCurveBootstrap.maxBins {
            grouped = true
            key = { ($0 * 12).rounded() / 12 }
            distinct = Array(Set(ages.map(key))).sorted()
        }
        let index = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, Int32($0)) })
        let binOf = ages.map { index[key($0)]! }
        let binAges = distinct.map { max($0, 1e-9) }
        var prepared = Prepared(binOf: binOf, binAges: binAges, groupedToMonths: grouped,
                                p: [], rows: [], rInverse: [], gridRows: [])
        for curve in curves {
            let basis = curve.fit.basis
            let p = basis.parameterCount
            // R from the full-sample fit: RᵀR = X'X. z_a = R⁻ᵀ x_a.
            let rInverse = LeastSquaresFit.invertUpperTriangular(curve.fit.fit.upperFactor)
            func transform(_ x: [Double]) -> [Double] {
                // (R⁻ᵀ x)_i = Σ_k R⁻¹[k, i] x_k.
                (0..<p).map { i in (0...i).reduce(0.0) { $0 + rInverse[$1, i] * x[$1] } }
            }
            var rows: [Double] = []
            rows.reserveCapacity(binAges.count * p)
            for a in binAges { rows += transform(basis.row(scaledAge: basis.scale.scaled(a))) }
            var grid: [Double] = []
            for u in AgeCurveFit.scaledAgeGrid(curve.fit.scaledAgeRange, points: AgeCurveBootstrap.peakGridPoints) {
                grid += transform(basis.row(scaledAge: u))
            }
            prepared.p.append(p)
            prepared.rows.append(rows)
            prepared.rInverse.append(rInverse)
            prepared.gridRows.append(grid)
        }
        return prepared
    }
}

/// A thread-safe counter for progress lines.
final class Counter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
