import Foundation

/// The scale ages enter the age models on (`--age-scale`): u = ln(age) (the default, as the
/// 2017 study's quadratic: development is fast in childhood and slow in adulthood, so equal
/// steps in log age are comparable amounts of change) or u = age in years.
public enum AgeScale: String, Sendable, CaseIterable {
    case log
    case raw

    /// u for an age in years (> 0 on the log scale).
    func scaled(_ age: Double) -> Double { self == .log ? Foundation.log(age) : age }
    /// The age in years at u.
    func age(_ u: Double) -> Double { self == .log ? exp(u) : u }
    /// The variable's name in reports.
    var variable: String { self == .log ? "ln(age)" : "age" }
}

/// A regression basis in u, the scaled age (`AgeScale`): each model of the age curve is least
/// squares on the columns this produces for each participant's age.
public protocol AgeCurveBasis: Sendable {
    /// Columns of the design, intercept included.
    var parameterCount: Int { get }
    /// The scale of u.
    var scale: AgeScale { get }
    /// Writes the `parameterCount` basis values at u into `row`.
    func fill(scaledAge u: Double, into row: UnsafeMutablePointer<Double>)
    /// A short description for reports: "quadratic in ln(age)", "natural cubic spline, df 4".
    var summary: String { get }
}

extension AgeCurveBasis {
    func row(scaledAge u: Double) -> [Double] {
        var r = [Double](repeating: 0, count: parameterCount)
        r.withUnsafeMutableBufferPointer { fill(scaledAge: u, into: $0.baseAddress!) }
        return r
    }

    func design(scaledAges: [Double]) -> Matrix {
        var m = Matrix(rows: scaledAges.count, columns: parameterCount)
        m.values.withUnsafeMutableBufferPointer { buffer in
            for (i, u) in scaledAges.enumerated() { fill(scaledAge: u, into: buffer.baseAddress! + i * parameterCount) }
        }
        return m
    }
}

/// Where a fitted age curve is highest within the observed ages.
///
/// `age` is the argmax over [youngest, oldest]; `interior` says whether it lies strictly
/// inside (a true peak) or at an end of the age range (the curve still rises there, or it is
/// U-shaped: "no interior peak").
public struct PeakEstimate: Sendable {
    public var age: Double
    public var interior: Bool
    /// Why there is no interior peak, or nil.
    public var note: String?
    /// 95% interval of the peak age from the delta method (quadratic only) and from the
    /// bootstrap; NaN when not computed.
    public var deltaLow = Double.nan
    public var deltaHigh = Double.nan
    public var bootstrapLow = Double.nan
    public var bootstrapHigh = Double.nan
    /// Share of bootstrap replicates whose maximum is interior.
    var bootstrapInteriorShare = Double.nan
    var bootstrapReplicates = 0
}

/// One fitted age curve: the model, its least squares fit, the curve on a grid of ages for
/// plots (with a pointwise 95% band) and its peak.
public struct AgeCurveFit: Sendable {
    enum Model: String, Sendable, CaseIterable {
        case quadratic = "quadratic_log_age"
        case spline = "natural_spline"
    }

    let model: Model
    public let basis: any AgeCurveBasis
    let fit: LeastSquaresFit
    /// Range of ln(age) in the data.
    let scaledAgeRange: ClosedRange<Double>
    public var peak: PeakEstimate
    /// The grid the plots draw and the bootstrap band is computed on: ages, fitted values and
    /// the pointwise 95% band (analytic ±1.96·SE until the bootstrap replaces it).
    var gridAges: [Double]
    var gridFitted: [Double]
    var gridLow: [Double]
    var gridHigh: [Double]
    var bandMethod: String
    /// Spline only: AIC and AICc for each df tried, in order (nil where the df was not
    /// possible or not allowed), and how the df was chosen.
    var aicByDegreesOfFreedom: [(df: Int, aic: Double?, aicc: Double?)] = []
    var degreesOfFreedomRule = ""
    /// Quadratic only: b2's test, the F test against the line, and whether there is evidence
    /// of an interior peak.
    public var evidence: QuadraticEvidence?

    static let gridPoints = 101

    func value(atAge age: Double) -> Double {
        fit.predict(basis.row(scaledAge: basis.scale.scaled(age)))
    }

    init(model: Model, basis: any AgeCurveBasis, fit: LeastSquaresFit, scaledAgeRange: ClosedRange<Double>, peak: PeakEstimate) {
        self.model = model
        self.basis = basis
        self.fit = fit
        self.scaledAgeRange = scaledAgeRange
        self.peak = peak
        let grid = AgeCurveFit.scaledAgeGrid(scaledAgeRange, points: AgeCurveFit.gridPoints)
        gridAges = grid.map { basis.scale.age($0) }
        let z = Distributions.normalQuantile(0.975)
        var fitted: [Double] = [], low: [Double] = [], high: [Double] = []
        for u in grid {
            let row = basis.row(scaledAge: u)
            let v = fit.predict(row)
            let se = fit.predictionStandardError(row)
            fitted.append(v)
            low.append(v - z * se)
            high.append(v + z * se)
        }
        gridFitted = fitted
        gridLow = low
        gridHigh = high
        bandMethod = "analytic (±1.96 SE)"
    }

    /// `points` equally spaced values of ln(age) from the youngest to the oldest.
    static func scaledAgeGrid(_ range: ClosedRange<Double>, points: Int) -> [Double] {
        let width = range.upperBound - range.lowerBound
        return (0..<points).map { range.lowerBound + width * Double($0) / Double(points - 1) }
    }

    /// The argmax of a curve sampled on an equally spaced grid, refined by the parabola
    /// through the best point and its two neighbours; interior when not at either end.
    static func gridArgmax(_ values: UnsafeBufferPointer<Double>, grid: (Int) -> Double, step: Double) -> (u: Double, interior: Bool) {
        var best = 0
        for i in 1..<values.count where values[i] > values[best] { best = i }
        if best == 0 || best == values.count - 1 { return (grid(best), false) }
        let a = values[best - 1], b = values[best], c = values[best + 1]
        let denominator = a - 2 * b + c
        let shift = denominator < 0 ? 0.5 * (a - c) / denominator : 0
        return (grid(best) + max(-0.5, min(0.5, shift)) * step, true)
    }
}
