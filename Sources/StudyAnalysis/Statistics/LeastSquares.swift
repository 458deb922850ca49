import Foundation

/// A dense matrix in row-major order: the design matrices of the age curves (n rows, a
/// handful of columns) and the small p×p systems of the bootstrap.
struct Matrix: Sendable, Equatable {
    let rows: Int
    let columns: Int
    var values: [Double]

    init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "matrix needs rows·columns values")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    init(rows: Int, columns: Int) {
        self.init(rows: rows, columns: columns, values: [Double](repeating: 0, count: rows * columns))
    }

    /// Rows from a function of the row index, e.g. the basis of a model at each age.
    init(rows: Int, columns: Int, row: (Int) -> [Double]) {
        var values: [Double] = []
        values.reserveCapacity(rows * columns)
        for i in 0..<rows {
            let r = row(i)
            precondition(r.count == columns, "row \(i) has \(r.count) values, expected \(columns)")
            values += r
        }
        self.init(rows: rows, columns: columns, values: values)
    }

    subscript(i: Int, j: Int) -> Double {
        get { values[i * columns + j] }
        set { values[i * columns + j] = newValue }
    }
}

enum LeastSquaresError: Error, Equatable, CustomStringConvertible {
    case tooFewObservations(observations: Int, parameters: Int)
    case rankDeficient(column: Int)
    case notPositiveDefinite

    var description: String {
        switch self {
        case .tooFewObservations(let n, let p):
            return "\(n) observations cannot determine \(p) parameters"
        case .rankDeficient(let j):
            return "the design is rank deficient (column \(j + 1) is a combination of the others)"
        case .notPositiveDefinite:
            return "the normal equations are not positive definite"
        }
    }
}

/// Ordinary (and weighted) least squares by Householder QR: minimise Σ wᵢ (yᵢ - xᵢ'β)².
///
/// QR works on X itself, so its error grows with cond(X), not cond(X)² as the normal equations
/// do: the difference matters for the polynomial and spline bases of the age curves, whose
/// columns are far from orthogonal. O(n p²).
///
/// Reported alongside β: the residual sum of squares, σ̂² = RSS/(n-p), the unscaled covariance
/// (X'WX)⁻¹ (so Cov(β̂) = σ̂²(X'WX)⁻¹), R² against the intercept-only model, and the Gaussian
/// AIC as R's `AIC(lm(...))` computes it for an unweighted fit:
/// n·(log(2π·RSS/n) + 1) + 2(p + 1) (the +1 counts σ as a parameter).
struct LeastSquaresFit: Sendable {
    let coefficients: [Double]
    let observations, parameters: Int
    /// Σ wᵢ(yᵢ - xᵢ'β̂)² and Σ wᵢ(yᵢ - ȳ)² (ȳ the weighted mean).
    let residualSumOfSquares, totalSumOfSquares: Double
    /// (X'WX)⁻¹.
    let unscaledCovariance: Matrix

    var residualVariance: Double {
        observations > parameters ? residualSumOfSquares / Double(observations - parameters) : .nan
    }

    /// Cov(β̂) = σ̂²(X'WX)⁻¹.
    var covariance: Matrix {
        var c = unscaledCovariance
        let s2 = residualVariance
        for k in c.values.indices { c.values[k] *= s2 }
        return c
    }

    var standardErrors: [Double] {
        let s2 = residualVariance
        return (0..<parameters).map { (s2 * unscaledCovariance[$0, $0]).squareRoot() }
    }

    var rSquared: Double {
        totalSumOfSquares > 0 ? 1 - residualSumOfSquares / totalSumOfSquares : .nan
    }

    var aic: Double {
        let n = Double(observations)
        return n * (log(2 * Double.pi * residualSumOfSquares / n) + 1) + 2 * Double(parameters + 1)
    }

    /// xᵀβ.
    func predict(_ x: [Double]) -> Double {
        var s = 0.0
        for j in 0..<parameters { s += x[j] * coefficients[j] }
        return s
    }

    /// The standard error of xᵀβ̂: √(σ̂² xᵀ(X'WX)⁻¹x).
    func predictionStandardError(_ x: [Double]) -> Double {
        var q = 0.0
        for i in 0..<parameters {
            for j in 0..<parameters { q += x[i] * unscaledCovariance[i, j] * x[j] }
        }
        return (max(q, 0) * residualVariance).squareRoot()
    }

    /// Fits y on the columns of `design` (include a column of ones for an intercept).
    /// `weights`, when given, must be positive. The total sum of squares for R² is taken
    /// around the weighted mean of y.
    init(design: Matrix, response y: [Double], weights: [Double]? = nil) throws(LeastSquaresError) {
        let n = design.rows, p = design.columns
        precondition(y.count == n, "response has \(y.count) values, design has \(n) rows")
        guard n >= p, p > 0 else { throw .tooFewObservations(observations: n, parameters: p) }
        // Scale rows by √w: weighted LS is ordinary LS on the scaled system.
        var a = design.values
        var b = y
        if let weights {
            for i in 0..<n {
                let s = weights[i].squareRoot()
                for j in 0..<p { a[i * p + j] *= s }
                b[i] *= s
            }
        }
        // Householder QR, column by column: a becomes R in its upper triangle, b becomes Qᵀb.
        var diagonal = [Double](repeating: 0, count: p)
        var columnNorms = [Double](repeating: 0, count: p)
        for i in 0..<n {
            for j in 0..<p { columnNorms[j] += a[i * p + j] * a[i * p + j] }
        }
        for j in 0..<p {
            var norm2 = 0.0
            for i in j..<n { norm2 += a[i * p + j] * a[i * p + j] }
            let norm = norm2.squareRoot()
            // What is left of column j after removing its projection on the previous columns:
            // (numerically) nothing means it is a combination of them.
            if !(norm > 1e-9 * columnNorms[j].squareRoot()) { throw .rankDeficient(column: j) }
            let alpha = a[j * p + j] > 0 ? -norm : norm
            // v = x - alpha e1, stored in place below the diagonal.
            a[j * p + j] -= alpha
            let vnorm2 = norm2 - 2 * alpha * (a[j * p + j] + alpha) + alpha * alpha
            // vᵀv = (x0 - alpha)² + Σ_{i>j} x_i² = norm2 - 2·alpha·x0 + alpha².
            diagonal[j] = alpha
            if vnorm2 > 0 {
                for k in (j + 1)..<p {
                    var dot = 0.0
                    for i in j..<n { dot += a[i * p + j] * a[i * p + k] }
                    let f = 2 * dot / vnorm2
                    for i in j..<n { a[i * p + k] -= f * a[i * p + j] }
                }
                var dot = 0.0
                for i in j..<n { dot += a[i * p + j] * b[i] }
                let f = 2 * dot / vnorm2
                for i in j..<n { b[i] -= f * a[i * p + j] }
            }
        }
        // R: diagonal in `diagonal`, strictly upper part in a.
        var r = Matrix(rows: p, columns: p)
        for i in 0..<p {
            r[i, i] = diagonal[i]
            for j in (i + 1)..<p { r[i, j] = a[i * p + j] }
        }
        // Back substitution R β = (Qᵀb)[0..<p].
        var beta = [Double](repeating: 0, count: p)
        for i in stride(from: p - 1, through: 0, by: -1) {
            var s = b[i]
            for j in (i + 1)..<p { s -= r[i, j] * beta[j] }
            beta[i] = s / r[i, i]
        }
        var rss = 0.0
        for i in p..<n { rss += b[i] * b[i] }
        // (X'WX)⁻¹ = R⁻¹R⁻ᵀ.
        let rInverse = LeastSquaresFit.invertUpperTriangular(r)
        var cov = Matrix(rows: p, columns: p)
        for i in 0..<p {
            for j in i..<p {
                var s = 0.0
                for k in j..<p { s += rInverse[i, k] * rInverse[j, k] }
                cov[i, j] = s
                cov[j, i] = s
            }
        }
        // Total sum of squares around the weighted mean.
        var sw = 0.0, swy = 0.0
        for i in 0..<n {
            let w = weights?[i] ?? 1
            sw += w
            swy += w * y[i]
        }
        let ybar = swy / sw
        var tss = 0.0
        for i in 0..<n {
            let w = weights?[i] ?? 1
            tss += w * (y[i] - ybar) * (y[i] - ybar)
        }
        coefficients = beta
        residualSumOfSquares = rss
        observations = n
        parameters = p
        unscaledCovariance = cov
        totalSumOfSquares = tss
        upperFactor = r
    }

    /// R of the QR factorisation of √W·X (so RᵀR = X'WX); the bootstrap reuses it to
    /// orthonormalise its binned designs.
    let upperFactor: Matrix

    static func invertUpperTriangular(_ r: Matrix) -> Matrix {
        let p = r.rows
        var inverse = Matrix(rows: p, columns: p)
        for j in stride(from: p - 1, through: 0, by: -1) {
            inverse[j, j] = 1 / r[j, j]
            for i in stride(from: j - 1, through: 0, by: -1) {
                var s = 0.0
                for k in (i + 1)...j { s += r[i, k] * inverse[k, j] }
                inverse[i, j] = -s / r[i, i]
            }
        }
        return inverse
    }
}

/// Solves the small symmetric positive definite systems A x = b of the bootstrap by Cholesky
/// (A = L Lᵀ), in place and without allocating: `a` holds A row-major (p×p) and is destroyed,
/// `b` holds b and receives x. Returns false when A is not positive definite (a resample that
/// left too few distinct ages to determine the curve). O(p³/6).
@inline(__always)
func choleskySolve(_ a: UnsafeMutablePointer<Double>, _ b: UnsafeMutablePointer<Double>, _ p: Int) -> Bool {
    for j in 0..<p {
        var d = a[j * p + j]
        for k in 0..<j { d -= a[j * p + k] * a[j * p + k] }
        guard d > 1e-12 else { return false }
        let l = d.squareRoot()
        a[j * p + j] = l
        for i in (j + 1)..<p {
            var s = a[i * p + j]
            for k in 0..<j { s -= a[i * p + k] * a[j * p + k] }
            a[i * p + j] = s / l
        }
    }
    // L y = b, then Lᵀ x = y.
    for i in 0..<p {
        var s = b[i]
        for k in 0..<i { s -= a[i * p + k] * b[k] }
        b[i] = s / a[i * p + i]
    }
    for i in stride(from: p - 1, through: 0, by: -1) {
        var s = b[i]
        for k in (i + 1)..<p { s -= a[k * p + i] * b[k] }
        b[i] = s / a[i * p + i]
    }
    return true
}
