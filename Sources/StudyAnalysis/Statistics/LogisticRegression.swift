import Foundation

/// Logistic regression for grouped binomial data (successes out of trials at each row of a
/// design), fitted by iteratively reweighted least squares: the maximum-likelihood fit R's
/// `glm(cbind(successes, failures) ~ ..., family = binomial)` computes.
///
/// Each IRLS step is a weighted least squares fit (QR) of the working response
/// η + (y - μ)/(μ(1-μ)) with weights n·μ(1-μ); it stops when the deviance changes by less
/// than 1e-10 relative (R's `glm.control` uses 1e-8). Standard errors from the inverse Fisher
/// information (X'WX)⁻¹ at the optimum. O(iterations · rows · p²); the study fits it on one
/// row per distinct age.
struct LogisticFit: Sendable {
    let coefficients: [Double]
    let standardErrors: [Double]
    let covariance: Matrix
    let deviance: Double
    let iterations: Int
    let converged: Bool

    init(design: Matrix, successes: [Double], trials: [Double], maxIterations: Int = 50) throws(LeastSquaresError) {
        let n = design.rows, p = design.columns
        var mu = (0..<n).map { (successes[$0] + 0.5) / (trials[$0] + 1) }  // R's binomial start
        var eta = mu.map { log($0 / (1 - $0)) }
        var deviance = LogisticFit.deviance(successes, trials, mu)
        var fit: LeastSquaresFit?
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            var z = [Double](repeating: 0, count: n)
            var w = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let v = max(mu[i] * (1 - mu[i]), 1e-12)
                let y = trials[i] > 0 ? successes[i] / trials[i] : 0
                z[i] = eta[i] + (y - mu[i]) / v
                w[i] = max(trials[i] * v, 1e-300)
            }
            let step = try LeastSquaresFit(design: design, response: z, weights: w)
            fit = step
            for i in 0..<n {
                var e = 0.0
                for j in 0..<p { e += design[i, j] * step.coefficients[j] }
                eta[i] = e
                mu[i] = LogisticFit.logistic(e)
            }
            let newDeviance = LogisticFit.deviance(successes, trials, mu)
            if abs(newDeviance - deviance) / (abs(newDeviance) + 0.1) < 1e-10 {
                deviance = newDeviance
                converged = true
                break
            }
            deviance = newDeviance
        }
        coefficients = fit!.coefficients
        // The inverse Fisher information (X'WX)⁻¹ with W = n·μ(1-μ) at the final μ: the
        // unscaled covariance of one more weighted fit (dispersion 1 for the binomial). R's
        // glm reports it at the weights of its last iteration, one step earlier, so its
        // standard errors differ from these in the sixth digit.
        let finalWeights = (0..<n).map { max(trials[$0] * mu[$0] * (1 - mu[$0]), 1e-300) }
        let last = try LeastSquaresFit(design: design, response: eta, weights: finalWeights)
        covariance = last.unscaledCovariance
        standardErrors = (0..<p).map { last.unscaledCovariance[$0, $0].squareRoot() }
        self.deviance = deviance
        self.iterations = iterations
        self.converged = converged
    }

    /// 2 Σ [y log(y/μ) + (n-y) log((n-y)/(n-μ))] with μ the expected count; 0·log 0 = 0.
    static func deviance(_ successes: [Double], _ trials: [Double], _ mu: [Double]) -> Double {
        var d = 0.0
        for i in successes.indices {
            let y = successes[i], n = trials[i], m = n * mu[i]
            if y > 0 { d += y * log(y / m) }
            if n - y > 0 { d += (n - y) * log((n - y) / (n - m)) }
        }
        return 2 * d
    }

    /// The inverse of the logit: 1 / (1 + e^-η).
    static func logistic(_ eta: Double) -> Double { 1 / (1 + exp(-eta)) }

    func probability(_ x: [Double]) -> Double {
        var e = 0.0
        for j in coefficients.indices { e += x[j] * coefficients[j] }
        return LogisticFit.logistic(e)
    }

    /// Pointwise 95% interval of the probability: ±1.96 SE on the logit scale, transformed.
    func probabilityInterval(_ x: [Double]) -> (low: Double, high: Double) {
        var e = 0.0, q = 0.0
        for j in coefficients.indices {
            e += x[j] * coefficients[j]
            for k in coefficients.indices { q += x[j] * covariance[j, k] * x[k] }
        }
        let z = Distributions.normalQuantile(0.975)
        let se = max(q, 0).squareRoot()
        return (LogisticFit.logistic(e - z * se), LogisticFit.logistic(e + z * se))
    }

    /// The cluster-robust (sandwich) covariance of the coefficients, CR1: rows in the same
    /// cluster (a participant's responses) may be correlated, rows in different clusters not.
    ///
    /// V = G/(G-1) · B M B, with B = (X'WX)⁻¹ the model-based covariance (the bread),
    /// M = Σ_g s_g s_gᵀ the meat, s_g = Σ_{i∈g} x_i (y_i - n_i μ_i) cluster g's score, G the
    /// number of clusters (Liang & Zeger 1986; the G/(G-1) factor is Stata's for maximum-
    /// likelihood models). Why it is sound: the MLE solves Σ_g s_g(β) = 0; its variance is
    /// B Var(Σ s_g) B to first order, and Var(Σ s_g) = E Σ s_g s_gᵀ when clusters are
    /// independent, whatever the correlation inside them (several responses of one person are
    /// not independent draws). With one response per cluster and a correct model it tends to
    /// the model-based B. `design`, `successes`, `trials` are the rows the fit was made on.
    func clusterRobustCovariance(design: Matrix, successes: [Double], trials: [Double], clusters: [Int]) -> Matrix {
        let p = coefficients.count
        var scores: [Int: [Double]] = [:]
        for i in 0..<design.rows {
            var eta = 0.0
            for j in 0..<p { eta += design[i, j] * coefficients[j] }
            let residual = successes[i] - trials[i] * LogisticFit.logistic(eta)
            var s = scores[clusters[i]] ?? [Double](repeating: 0, count: p)
            for j in 0..<p { s[j] += design[i, j] * residual }
            scores[clusters[i]] = s
        }
        var meat = Matrix(rows: p, columns: p)
        // In cluster order: a dictionary's iteration order changes from run to run, and the
        // sum must not (results never depend on anything but the data).
        for cluster in scores.keys.sorted() {
            let s = scores[cluster]!
            for j in 0..<p { for k in 0..<p { meat[j, k] += s[j] * s[k] } }
        }
        let g = Double(scores.count)
        let factor = g > 1 ? g / (g - 1) : .nan
        let b = covariance
        var bm = Matrix(rows: p, columns: p)
        for i in 0..<p { for j in 0..<p { for k in 0..<p { bm[i, j] += b[i, k] * meat[k, j] } } }
        var v = Matrix(rows: p, columns: p)
        for i in 0..<p { for j in 0..<p { for k in 0..<p { v[i, j] += bm[i, k] * b[k, j] } } }
        for k in v.values.indices { v.values[k] *= factor }
        return v
    }
}

/// The Wald test of "coefficients `indices` are all 0": W = b_Sᵀ V_S⁻¹ b_S, chi-square with
/// |S| df under the null (V_S the block of the covariance, model-based or sandwich). The
/// large-sample test that goes with a maximum-likelihood or sandwich covariance.
struct WaldTest: Sendable, Equatable {
    let statistic: Double
    let degreesOfFreedom: Int
    let p: Double

    init(coefficients b: [Double], covariance v: Matrix, indices: [Int]) {
        let q = indices.count
        degreesOfFreedom = q
        // Scaled to the correlation matrix (W is unchanged), so the Cholesky threshold does
        // not mistake the tiny variances of a large sample for singularity.
        let scale = indices.map { max(v[$0, $0], 0).squareRoot() }
        guard scale.allSatisfy({ $0 > 0 }) else { statistic = .nan; p = .nan; return }
        var a = [Double](repeating: 0, count: q * q)
        let z = indices.enumerated().map { b[$1] / scale[$0] }
        var x = z
        for (r, i) in indices.enumerated() { for (c, j) in indices.enumerated() { a[r * q + c] = v[i, j] / (scale[r] * scale[c]) } }
        let solved = a.withUnsafeMutableBufferPointer { m in
            x.withUnsafeMutableBufferPointer { y in choleskySolve(m.baseAddress!, y.baseAddress!, q) }
        }
        guard solved else { statistic = .nan; p = .nan; return }
        statistic = zip(z, x).reduce(0) { $0 + $1.0 * $1.1 }
        p = Distributions.chiSquareUpperTail(statistic, degreesOfFreedom: Double(q))
    }
}
