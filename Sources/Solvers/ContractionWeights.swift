import Arithmetic
import Foundation

/// Weights `w > 0` and a certified factor `β < 1` with `γ Σ P(s'|s,a) w(s') ≤ β w(s)` for every
/// non-terminal state and action, so that every soft Bellman operator is a β-contraction in the
/// weighted norm `‖x‖_w = max_s |x(s)| / w(s)`, and hence `‖V − V_α‖_w ≤ ‖T V − V‖_w / (1 − β)`.
///
/// For γ < 1, `w ≡ 1` gives `β ≤ γ`. For γ = 1 (no end components), `w` is the largest expected
/// number of steps to termination, for which `Σ P w ≤ w − 1`, so `β = max (w − 1)/w < 1`.
/// `w` itself is a floating-point guess; `β` is then bounded rigorously from the `w` actually
/// used, so the guarantee does not depend on the guess being accurate.
struct ContractionWeights {
    let weight: [Double]
    /// A certified upper bound on the contraction factor, as an exact rational.
    let beta: Rational

    init(_ mdp: CompiledMDP) throws(SolverError) {
        var weight = [Double](repeating: 1, count: mdp.stateCount)
        if mdp.gamma == .one {
            let steps = StandardSolver.floatPolicyIteration(
                mdp, rewards: [Double](repeating: 1, count: mdp.actionRowCount)
            ).values
            // Float64 cannot see termination probabilities far below its precision (a self-loop
            // left with probability 10⁻⁵⁰ looks certain); such a guess is not finite.
            guard steps.allSatisfy({ $0.isFinite }) else {
                throw SolverError(
                    "cannot certify soft values at γ = 1: the float64 estimate of the expected episode length is not finite (termination probabilities too small for float64)")
            }
            weight = steps.map { max($0, 1) }
        }
        for state in 0..<mdp.stateCount where mdp.isTerminal(state) { weight[state] = 0 }

        // β is as close to 1 as 1/w (w up to the largest weight) or a self-loop's 1 − γP(s|s,a):
        // resolving it takes as many bits beyond the usual 64.
        let smallestComplement = mdp.selfLoopComplement.filter { $0 > 0 }.min() ?? 1
        let precision = 64 + Int(Foundation.log2(max(weight.max() ?? 1, 1 / smallestComplement, 1)).rounded(.up))
        let total = 0, worst = 1
        let sums = BallVector(count: 2)
        let gamma = Ball(mdp.gamma, precision: precision)
        for state in 0..<mdp.stateCount where !mdp.isTerminal(state) {
            for row in mdp.actionRows(of: state) {
                sums.setZero(total)
                for t in mdp.transitions(of: row) where weight[mdp.target[t]] > 0 {
                    sums.addProduct(total, mdp.probability[t], weight[mdp.target[t]], precision: precision)
                }
                sums.multiply(total, by: gamma, precision: precision)
                sums.divide(total, by: weight[state], precision: precision)
                sums.formMaximum(worst, with: sums, total, precision: precision)
            }
        }
        guard let beta = sums.upperBound(worst, precision: precision, below: 1) else {
            throw SolverError(
                "cannot certify soft values: no contraction factor below 1 could be proved from the float64 expected episode lengths (termination probabilities too small for float64)")
        }
        self.weight = weight
        self.beta = beta
    }
}
