import XCTest
@testable import Enumeration
import TuringMachines

/// The stratified sampler against exhaustive enumeration on spaces small enough to enumerate.
final class SamplerTests: XCTestCase {
    /// Exact pattern counts of a space, as fractions of the space.
    func exactPatternFractions(_ space: MachineSpace, steps: Int) throws -> (patterns: [[UInt8]: Double], halting: Double) {
        let r = try TreeEnumerator(space: space, stepCap: steps, threads: 2).run()
        var result: [[UInt8]: UInt128] = [:]
        for (s, c) in r.counts { result[Patterns.normalize(s), default: 0] += c }
        let total = Double(space.machineCount!)
        return (result.mapValues { Double($0) / total }, Double(r.halting) / total)
    }

    func fractions(_ r: SampleResult) -> [[UInt8]: Double] {
        r.patterns.mapValues { Double($0.count) / Double(r.unitsTotal) }
    }

    func testPatternNormalization() {
        XCTAssertEqual(Patterns.normalize([7, 3, 7, 7, 1]), [0, 1, 0, 0, 2])
        XCTAssertEqual(Patterns.normalize([0, 0]), [0, 0])
        XCTAssertEqual(Patterns.normalize([2, 0, 1, 2]), [0, 1, 2, 0])
    }

    func testThreeSmoothRounding() {
        XCTAssertEqual(StratifiedSampler.threeSmooth(atMost: 1).0, 1)
        XCTAssertEqual(StratifiedSampler.threeSmooth(atMost: 5.9).0, 4)
        XCTAssertEqual(StratifiedSampler.threeSmooth(atMost: 100).0, 96)
        XCTAssertEqual(StratifiedSampler.threeSmooth(atMost: 1000).0, 972)
    }

    /// When the strata are fully defined machines, every sample of a stratum is the same
    /// machine: the estimate must equal the exhaustive count exactly, whatever the sample size.
    func testFullDepthStrataGiveTheExactDistribution() throws {
        let space = try MachineSpace(states: 2, symbols: 2)
        let exact = try exactPatternFractions(space, steps: 6)
        let sampler = try StratifiedSampler(space: space, stepCap: 6, samples: 50, seed: 7, depth: space.entryCount)
        let r = sampler.run()
        let estimate = fractions(r)
        XCTAssertEqual(Set(estimate.keys), Set(exact.patterns.keys))
        for (p, f) in exact.patterns {
            XCTAssertEqual(estimate[p]!, f, accuracy: 1e-15, "\(p)")
            XCTAssertEqual(r.patterns[p]!.variance, 0, "\(p)")
        }
        XCTAssertEqual(Double(r.halting) / Double(r.unitsTotal), exact.halting, accuracy: 1e-15)
    }

    /// With one undefined entry per stratum the Rao-Blackwellised estimator is exact too (its
    /// halting choices are all counted, and a fully defined machine cannot halt): patterns,
    /// halting total and the tail of halting steps beyond half the cap, against the enumerator.
    func testRaoBlackwellisedEstimatorIsExactOneEntryBelowTheLeaves() throws {
        let space = try MachineSpace(states: 2, symbols: 2)
        let cap = 6
        let enumeration = try TreeEnumerator(space: space, stepCap: cap, threads: 1).run()
        let exact = try exactPatternFractions(space, steps: cap)
        for (depth, estimator) in [(space.entryCount, StratifiedSampler.Estimator.plain),
                                   (space.entryCount - 1, .raoBlackwellised(splitSpans: []))] {
            var sampler = try StratifiedSampler(space: space, stepCap: cap, samples: 50, seed: 7, depth: depth)
            sampler.estimator = estimator
            let r = sampler.run()
            for (p, f) in exact.patterns { XCTAssertEqual(fractions(r)[p]!, f, accuracy: 1e-12, "\(estimator) \(p)") }
            let total = Double(space.machineCount!), units = Double(r.unitsTotal)
            let late = enumeration.haltingSteps.enumerated().filter { 2 * $0.offset > cap }.reduce(UInt128(0)) { $0 + $1.element }
            XCTAssertGreaterThan(late, 0)
            XCTAssertEqual(Double(r.figures.haltingAfterHalfCap!) / units, Double(late) / total, accuracy: 1e-12, "\(estimator)")
            XCTAssertEqual(Double(r.halting) / units, exact.halting, accuracy: 1e-12)
        }
    }

    /// Estimates against the exact distribution of (2,3): about 95% of the patterns must lie
    /// within two standard errors (the errors are the sampler's own).
    func testEstimatesFallWithinTheirErrorBars() throws {
        let space = try MachineSpace(states: 2, symbols: 3)
        let steps = 40
        let exact = try exactPatternFractions(space, steps: steps)
        var inside = 0, checked = 0
        for seed: UInt64 in [1, 2, 3] {
            let r = try StratifiedSampler(space: space, stepCap: steps, samples: 20_000, seed: seed, depth: 2, threads: 2).run()
            for (p, e) in r.patterns where e.hits >= 5 {
                let se = (Double(e.variance) / 0x1p100).squareRoot()
                guard se > 0 else { continue }
                let estimate = Double(e.count) / Double(r.unitsTotal)
                let truth = exact.patterns[p] ?? 0
                checked += 1
                if abs(estimate - truth) <= 2 * se { inside += 1 }
            }
            // Every pattern the sampler reports exists in the space.
            for p in r.patterns.keys { XCTAssertNotNil(exact.patterns[p], "sampled pattern \(p) does not exist") }
            // Counts add up to the halting total.
            XCTAssertEqual(r.patterns.values.reduce(UInt128(0)) { $0 + $1.count }, r.halting)
        }
        XCTAssertGreaterThan(checked, 30)
        let rate = Double(inside) / Double(checked)
        XCTAssertGreaterThan(rate, 0.88, "\(inside) of \(checked) within 2 SE")
        XCTAssertLessThan(rate, 0.999, "error bars far too wide: \(inside) of \(checked)")
    }

    /// The plain reference sampler agrees with the exact distribution within binomial errors.
    func testUniformSamplerAgreesWithTheExactDistribution() throws {
        let space = try MachineSpace(states: 2, symbols: 3)
        let exact = try exactPatternFractions(space, steps: 40)
        let n = 40_000
        let r = UniformSampler(space: space, stepCap: 40, samples: UInt64(n), seed: 3).run()
        let halting = Double(r.halting) / Double(n)
        XCTAssertEqual(halting, exact.halting, accuracy: 4 * (exact.halting * (1 - exact.halting) / Double(n)).squareRoot())
        var inside = 0
        for (p, truth) in exact.patterns where truth > 0.01 {
            let estimate = Double(r.hits[p] ?? 0) / Double(n)
            if abs(estimate - truth) <= 3 * (truth * (1 - truth) / Double(n)).squareRoot() { inside += 1 }
        }
        XCTAssertGreaterThanOrEqual(inside, exact.patterns.values.filter { $0 > 0.01 }.count - 1)
    }

    func testThreadsAndShardsDoNotChangeTheResult() throws {
        let space = try MachineSpace(states: 2, symbols: 3)
        let single = try StratifiedSampler(space: space, stepCap: 30, samples: 3_000, seed: 11, depth: 2, threads: 1).run()
        let parallel = try StratifiedSampler(space: space, stepCap: 30, samples: 3_000, seed: 11, depth: 2, threads: 3).run()
        XCTAssertEqual(single.patterns, parallel.patterns)
        XCTAssertEqual(single.halting, parallel.halting)
        var merged: [[UInt8]: PatternEstimate] = [:]
        var halting: UInt128 = 0
        var variance: UInt128 = 0
        for i in 1...4 {
            var s = try StratifiedSampler(space: space, stepCap: 30, samples: 3_000, seed: 11, depth: 2, threads: 2)
            s.shard = try Shard(index: i, count: 4)
            let part = s.run()
            XCTAssertEqual(part.unitsTotal, single.unitsTotal)
            for (p, e) in part.patterns { merged[p] = (merged[p] ?? PatternEstimate()) + e }
            halting += part.halting
            variance += part.haltingVariance
        }
        XCTAssertEqual(merged, single.patterns)
        XCTAssertEqual(halting, single.halting)
        XCTAssertEqual(variance, single.haltingVariance)
        let otherSeed = try StratifiedSampler(space: space, stepCap: 30, samples: 3_000, seed: 12, depth: 2).run()
        XCTAssertNotEqual(otherSeed.patterns, single.patterns)
    }
}

/// The keep length: patterns up to it are kept one by one, longer outputs only per length, and
/// nothing else changes.
final class KeepLengthTests: XCTestCase {
    func testLongerOutputsMoveToPerLengthCountsAndNothingElseChanges() throws {
        let space = try MachineSpace(states: 3, symbols: 3)
        for estimator in [StratifiedSampler.Estimator.plain, .raoBlackwellised(splitSpans: [4, 6])] {
            func run(_ keep: Int) throws -> SampleResult {
                var s = try StratifiedSampler(space: space, stepCap: 60, samples: 4_000, seed: 3, depth: 2, threads: 2)
                s.estimator = estimator
                s.keepLength = keep
                return s.run()
            }
            let all = try run(StratifiedSampler.maxKeepLength(symbols: 3))
            XCTAssertTrue(all.figures.longerCounts.isEmpty, "outputs of (3,3) T=60 are shorter than 21")
            for keep in [3, 6, 9] {
                let r = try run(keep)
                XCTAssertEqual(r.patterns, all.patterns.filter { $0.key.count <= keep }, "\(estimator) keep \(keep)")
                var expected: [Int: UInt128] = [:]
                for (p, e) in all.patterns where p.count > keep { expected[p.count, default: 0] += e.count }
                XCTAssertEqual(r.figures.haltingVariance, all.figures.haltingVariance)
                if estimator == .plain {
                    // Whole outputs: every count is exact, so the sums agree to the unit.
                    XCTAssertEqual(r.figures.longerCounts, expected)
                    XCTAssertEqual(r.figures.halting, all.figures.halting)
                } else {
                    // A stratum's count is rounded down to a unit (2^-40 of a sample's weight)
                    // once per length instead of once per pattern.
                    XCTAssertEqual(Set(r.figures.longerCounts.keys), Set(expected.keys))
                    for (length, count) in expected {
                        XCTAssertEqual(Double(r.figures.longerCounts[length]!), Double(count), accuracy: Double(count) * 1e-9)
                    }
                    XCTAssertEqual(Double(r.figures.halting), Double(all.figures.halting), accuracy: Double(all.figures.halting) * 1e-12)
                }
                XCTAssertEqual(r.figures.keepLength, keep)
            }
        }
    }
}
