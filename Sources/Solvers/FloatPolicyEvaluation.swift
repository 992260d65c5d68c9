/// Floating-point solution of the policy-evaluation system `(I − γ P_π) x = b`.
///
/// This is only ever a *guess*: the exact solver verifies its policy in rationals and the soft
/// solver certifies with ball arithmetic, so an inaccurate float answer costs time, never
/// correctness. BiCGSTAB handles the slow eigenvalue γ of `P_π` in a few dozen iterations where
/// Jacobi or Gauss–Seidel sweeps would need thousands at γ = 0.99.
struct PolicyMatrix {
    /// Row `s` holds `Σ_a π(a|s) P(·|s,a)` as (column, weight) pairs; terminal rows are empty.
    var rowStart: [Int]
    var column: [Int]
    var weight: [Double]
    let gamma: Double

    /// The transition matrix of a stochastic policy given as per-action-row probabilities.
    init(_ mdp: CompiledMDP, actionProbability: [Double]) {
        gamma = mdp.gammaDouble
        rowStart = [0]
        column = []
        weight = []
        column.reserveCapacity(mdp.target.count)
        weight.reserveCapacity(mdp.target.count)
        for state in 0..<mdp.stateCount {
            for row in mdp.actionRows(of: state) where actionProbability[row] > 0 {
                for t in mdp.transitions(of: row) {
                    column.append(mdp.target[t])
                    weight.append(actionProbability[row] * mdp.probabilityDouble[t])
                }
            }
            rowStart.append(column.count)
        }
    }

    /// The transition matrix of a deterministic policy (`policy[s]` is an action row, −1 when terminal).
    init(_ mdp: CompiledMDP, policy: [Int]) {
        var probability = [Double](repeating: 0, count: mdp.actionRowCount)
        for row in policy where row >= 0 { probability[row] = 1 }
        self.init(mdp, actionProbability: probability)
    }

    /// `y = x − γ P x`.
    func apply(_ x: [Double], into y: inout [Double]) {
        for row in 0..<(rowStart.count - 1) {
            var expected = 0.0
            for k in rowStart[row]..<rowStart[row + 1] { expected += weight[k] * x[column[k]] }
            y[row] = x[row] - gamma * expected
        }
    }

    /// An approximate solution of `(I − γ P) x = b`, starting from `initial` (or 0).
    /// Aims at a relative residual of `relativeTolerance`; returns its best iterate either way.
    func solve(_ b: [Double], initial: [Double]? = nil, relativeTolerance: Double = 1e-14) -> [Double] {
        let n = b.count
        var x = initial ?? [Double](repeating: 0, count: n)
        var ax = [Double](repeating: 0, count: n)
        apply(x, into: &ax)
        var r = zip(b, ax).map { $0 - $1 }
        let bNorm = max(norm(b), 1e-300)
        if norm(r) <= relativeTolerance * bNorm { return x }
        let rHat = r
        var rho = 1.0, alpha = 1.0, omega = 1.0
        var v = [Double](repeating: 0, count: n), p = v, s = v, t = v
        for _ in 0..<(4 * n + 200) {
            let rhoNew = dot(rHat, r)
            if rhoNew == 0 || omega == 0 { break }
            let beta = (rhoNew / rho) * (alpha / omega)
            for i in 0..<n { p[i] = r[i] + beta * (p[i] - omega * v[i]) }
            apply(p, into: &v)
            let denominator = dot(rHat, v)
            if denominator == 0 { break }
            alpha = rhoNew / denominator
            for i in 0..<n { s[i] = r[i] - alpha * v[i] }
            if norm(s) <= relativeTolerance * bNorm {
                for i in 0..<n { x[i] += alpha * p[i] }
                return x
            }
            apply(s, into: &t)
            let tt = dot(t, t)
            omega = tt == 0 ? 0 : dot(t, s) / tt
            for i in 0..<n {
                x[i] += alpha * p[i] + omega * s[i]
                r[i] = s[i] - omega * t[i]
            }
            rho = rhoNew
            if norm(r) <= relativeTolerance * bNorm { return x }
        }
        return gaussSeidel(b, from: x, relativeTolerance: relativeTolerance)
    }

    /// Fallback when BiCGSTAB breaks down: plain sweeps, which converge for every proper policy.
    private func gaussSeidel(_ b: [Double], from start: [Double], relativeTolerance: Double) -> [Double] {
        var x = start
        let scale = max(b.map(abs).max() ?? 0, 1e-300)
        for _ in 0..<100_000 {
            var change = 0.0
            for row in 0..<(rowStart.count - 1) {
                var expected = 0.0, selfWeight = 0.0
                for k in rowStart[row]..<rowStart[row + 1] {
                    if column[k] == row { selfWeight += weight[k] } else { expected += weight[k] * x[column[k]] }
                }
                let updated = (b[row] + gamma * expected) / (1 - gamma * selfWeight)
                change = max(change, abs(updated - x[row]))
                x[row] = updated
            }
            if change <= relativeTolerance * scale { break }
        }
        return x
    }

    private func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { sum += a[i] * b[i] }
        return sum
    }

    private func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }
}
