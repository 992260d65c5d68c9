import Arithmetic
import FiniteMDP

/// Enclosures of the soft optimum computed here, apart from the solver: plain `Ball` arithmetic
/// on the MDP as read (no compiled arrays, no Newton steps, no contraction weights of the
/// solver's), at a precision of the caller's choosing.
enum IndependentOracle {
    /// `α log Σ_a μ(a) exp(Q(a)/α)` with `Q(a) = r(a) + γ Σ P(s'|a) V(s')` for the given values.
    static func softBackup(_ mdp: MDP, state: Int, values: [Ball], alpha: Rational, precision: Int) -> (value: Ball, q: [Ball]) {
        let a = Ball(alpha, precision: precision)
        let q = mdp.states[state].actions.map { action in
            action.transitions.reduce(Ball(action.reward, precision: precision)) { sum, transition in
                sum + mdp.gamma * transition.probability * values[transition.target]
            }
        }
        let weights = mdp.states[state].actions.map { Ball($0.measure, precision: precision) }
        return (a * Ball.logSumExp(q.map { $0 / a }, weights: weights), q)
    }

    /// For a forward MDP (every transition to the same state or a later one): states from last
    /// to first. The soft backup `T_s(x; v)` of state s is increasing in its own value x and in
    /// the later values v, and a contraction in x (factor `γ max_a P(s|s,a) < 1`). So if, for
    /// every v in the later states' enclosures, `T_s(m + r) ≤ m + r` and `T_s(m − r) ≥ m − r`,
    /// the interval `[m − r, m + r]` is mapped into itself and holds V(s). The radius tried
    /// first is the solver's plus the widest later enclosure's, then doubled up to 16 times.
    static func forwardValues(
        _ mdp: MDP, midpoints: [Rational], radii: [Rational], alpha: Rational, precision: Int
    ) -> [Ball]? {
        var values = [Ball](repeating: Ball(0, precision: precision), count: mdp.states.count)
        var laterRadius = Rational.zero
        for state in mdp.states.indices.reversed() where !mdp.states[state].isTerminal {
            let m = midpoints[state]
            var radius = radii[state] + laterRadius
            if radius.isZero { radius = Rational(1) / Rational(2).power(precision) }
            func invariant(_ radius: Rational) -> Bool {
                var trial = values
                trial[state] = Ball(m + radius, precision: precision)
                let above = softBackup(mdp, state: state, values: trial, alpha: alpha, precision: precision).value
                trial[state] = Ball(m - radius, precision: precision)
                let below = softBackup(mdp, state: state, values: trial, alpha: alpha, precision: precision).value
                guard let high = above.upperBound, let low = below.lowerBound else { return false }
                return high <= m + radius && low >= m - radius
            }
            var attempts = 0
            while !invariant(radius) {
                attempts += 1
                guard attempts <= 16 else { return nil }
                radius *= 2
            }
            values[state] = Ball(from: m - radius, to: m + radius, precision: precision)
            laterRadius = max(laterRadius, radius)
        }
        return values
    }

    /// For any MDP with γ < 1: terminal values are fixed at 0, so the soft Bellman operator is a
    /// contraction in the max norm with factor `κ = γ max_{s,a} P(non-terminal | s, a) ≤ γ`, and
    /// every `V(s)` lies within `max_s |T(m)(s) − m(s)| / (1 − κ)` of the solver's midpoints `m`.
    static func discountedValues(_ mdp: MDP, midpoints: [Rational], alpha: Rational, precision: Int) -> [Ball]? {
        precondition(mdp.gamma < .one)
        let continuing = mdp.states.flatMap(\.actions).map { action in
            action.transitions.filter { !mdp.states[$0.target].isTerminal }.map(\.probability).sum()
        }
        let kappa = mdp.gamma * (continuing.max() ?? .zero)
        let points = midpoints.map { Ball($0, precision: precision) }
        var residual = Rational.zero
        for state in mdp.states.indices where !mdp.states[state].isTerminal {
            let difference = softBackup(mdp, state: state, values: points, alpha: alpha, precision: precision).value - midpoints[state]
            guard let upper = difference.upperBound, let lower = difference.lowerBound else { return nil }
            residual = max(residual, upper, -lower)
        }
        let radius = residual / (Rational.one - kappa)
        return mdp.states.indices.map { state in
            mdp.states[state].isTerminal ? Ball(0, precision: precision) : points[state].widened(by: radius)
        }
    }

    /// `π(a|s) = μ(a) exp((Q(a) − V(s))/α)` from enclosures of V.
    static func policy(_ mdp: MDP, state: Int, values: [Ball], alpha: Rational, precision: Int) -> [Ball] {
        let backup = softBackup(mdp, state: state, values: values, alpha: alpha, precision: precision)
        let a = Ball(alpha, precision: precision)
        return zip(mdp.states[state].actions, backup.q).map { action, q in
            Ball(action.measure, precision: precision) * ((q - values[state]) / a).exp()
        }
    }
}
