/// Floating-point solution of the policy-evaluation system `(I − γ P_π) x = b`.
///
/// This is only ever a *guess*: the exact solver verifies its policy in rationals and the soft
/// solver certifies with ball arithmetic, so an inaccurate float answer costs time, never
/// correctness. BiCGSTAB handles the slow eigenvalue γ of `P_π` in a few dozen iterations where
/// Jacobi or Gauss–Seidel sweeps would need thousands at γ = 0.99.
///
/// The diagonal `1 − γ Σ_a π(a|s) P(s|s,a)` is formed from the exact per-action complements
/// (`CompiledMDP.selfLoopComplement`), and every row is divided by it (Jacobi scaling), so a state
/// that stays put with probability 1 − 10⁻⁵⁰ keeps its 10⁻⁵⁰ instead of rounding it to 0.
struct PolicyMatrix {
    /// Row `s` holds `γ Σ_a π(a|s) P(s'|s,a) / diagonal(s)` for s' ≠ s as (column, weight) pairs;
    /// terminal rows are empty.
    var rowStart: [Int]
    var column: [Int]
    var weight: [Double]
    /// `1 − γ Σ_a π(a|s) P(s|s,a)` (1 at terminal states).
    var diagonal: [Double]

    /// The transition matrix of a stochastic policy given as per-action-row probabilities.
    init(_ mdp: CompiledMDP, actionProbability: [Double]) {
        rowStart = [0]
        column = []
        weight = []
        diagonal = []
        column.reserveCapacity(mdp.target.count)
        weight.reserveCapacity(mdp.target.count)
        for state in 0..<mdp.stateCount {
            let rows = mdp.actionRows(of: state).filter { actionProbability[$0] > 0 }
            let stay = rows.reduce(0.0) { $0 + actionProbability[$1] * mdp.selfLoopComplement[$1] }
            // 0 only for a policy that never leaves s at γ = 1 (singular either way).
            let scale = stay > 0 ? stay : 1
            diagonal.append(scale)
            for row in rows {
                for t in mdp.transitions(of: row) where mdp.target[t] != state {
                    column.append(mdp.target[t])
                    weight.append(mdp.gammaDouble * actionProbability[row] * mdp.probabilityDouble[t] / scale)
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

    /// `y = D⁻¹ (I − γ P) x`, with D the diagonal of `I − γ P`.
    func apply(_ x: [Double], into y: inout [Double]) {
        for row in 0..<(rowStart.count - 1) {
            var expected = 0.0
            for k in rowStart[row]..<rowStart[row + 1] { expected += weight[k] * x[column[k]] }
            y[row] = x[row] - expected
        }
    }

    /// An approximate solution of `(I − γ P) x = b`, starting from `initial` (or 0).
    /// Aims at a relative residual of `relativeTolerance` in the scaled system; returns its best
    /// iterate either way.
    func solve(_ unscaled: [Double], initial: [Double]? = nil, relativeTolerance: Double = 1e-14) -> [Double] {
        let b = zip(unscaled, diagonal).map { $0 / $1 }
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
                var expected = 0.0
                for k in rowStart[row]..<rowStart[row + 1] { expected += weight[k] * x[column[k]] }
                let updated = b[row] + expected
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
