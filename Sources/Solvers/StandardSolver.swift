import Arithmetic
import FiniteMDP

/// The exact solution of the standard (entropy-free) objective (docs/theory.md §2).
public struct StandardSolution: Sendable {
    /// V*(s), exactly.
    public let values: [Rational]
    /// Q*(s,a), exactly, in the order of each state's actions (empty for terminal states).
    public let qValues: [[Rational]]
    /// Opt(s) = {a : Q*(s,a) = V*(s)}: indices into each state's actions. Ties are exact ties.
    public let optimalActions: [[Int]]
    /// The finite horizon solved for, or `nil` for the infinite-horizon objective.
    public let horizon: Int?
    /// How many exact policy-improvement steps were needed after the floating-point guess
    /// (0 when the guess was already optimal).
    public let exactImprovementSteps: Int
}

/// Exact optimal values, Q-values and optimal action sets of finite MDPs.
///
/// Method (infinite horizon): policy iteration in floating point finds a candidate optimal
/// policy; its values are then computed *exactly* (FLINT's Dixon solver), and the Bellman
/// optimality condition `Q(s,a) ≤ V(s)` is checked for every state-action pair in rationals.
/// Any violation triggers an exact policy-improvement step and a new exact solve, so the
/// returned answer always satisfies, exactly, `V = r_π + γ P_π V` and `max_a Q(s,a) = V(s)`.
public enum StandardSolver {
    /// Solves the discounted (γ < 1) or episodic (γ = 1, no end components) problem exactly.
    public static func solve(_ mdp: MDP) throws(SolverError) -> StandardSolution {
        try mdp.checkUndiscountedTermination()
        let compiled = CompiledMDP(mdp)
        var policy = floatPolicyIteration(compiled, rewards: compiled.rewardDouble).policy
        let evaluation = ExactPolicyEvaluation(compiled)
        var improvementSteps = 0
        while true {
            try evaluation.evaluate(policy: policy)
            var improved = false
            for state in 0..<compiled.stateCount where !compiled.isTerminal(state) {
                guard evaluation.compareQ(row: policy[state], withValueOf: state) == 0 else {
                    throw SolverError("internal error: exact policy evaluation does not satisfy its own equations")
                }
                var best = policy[state]
                for row in compiled.actionRows(of: state) where evaluation.compareQ(row: row, row: best) > 0 {
                    best = row
                }
                if best != policy[state] {
                    policy[state] = best
                    improved = true
                }
            }
            if !improved { break }
            improvementSteps += 1
        }
        return solution(compiled, evaluation, exactImprovementSteps: improvementSteps)
    }

    /// Values, Q-values and optimal sets of the values held by `evaluation` (`knownValues`, when
    /// given, are those same values already in canonical form).
    private static func solution(
        _ compiled: CompiledMDP, _ evaluation: ExactPolicyEvaluation, knownValues: [Rational]? = nil,
        exactImprovementSteps: Int
    ) -> StandardSolution {
        var values: [Rational] = [], qValues: [[Rational]] = [], optimal: [[Int]] = []
        for state in 0..<compiled.stateCount {
            values.append(knownValues?[state] ?? evaluation.value(of: state))
            let rows = compiled.actionRows(of: state)
            qValues.append(rows.map { evaluation.qValue(row: $0) })
            optimal.append(rows.filter { evaluation.compareQ(row: $0, withValueOf: state) == 0 }.map { $0 - rows.lowerBound })
        }
        return StandardSolution(
            values: values, qValues: qValues, optimalActions: optimal, horizon: nil,
            exactImprovementSteps: exactImprovementSteps)
    }

    /// Checks, exactly, whether `candidate` satisfies the Bellman optimality equations
    /// `V(s) = max_a [r(s,a) + γ Σ P(s'|s,a) V(s')]` at every state (and `V = 0` at terminal
    /// states). If it does, it *is* V* — the equations have exactly one solution when γ < 1, and
    /// when γ = 1 without end components — and the full solution is returned; otherwise `nil`.
    ///
    /// This is an exact certificate check, independent of how the candidate was obtained, and
    /// much cheaper than solving from scratch.
    public static func verify(_ mdp: MDP, candidate: [Rational]) throws(SolverError) -> StandardSolution? {
        guard candidate.count == mdp.states.count else { return nil }
        try mdp.checkUndiscountedTermination()
        let compiled = CompiledMDP(mdp)
        for state in 0..<compiled.stateCount where compiled.isTerminal(state) && !candidate[state].isZero {
            return nil
        }
        let evaluation = ExactPolicyEvaluation(compiled)
        evaluation.load(candidate: candidate)
        for state in 0..<compiled.stateCount where !compiled.isTerminal(state) {
            let comparisons = compiled.actionRows(of: state).map { evaluation.compareQ(row: $0, withValueOf: state) }
            guard comparisons.allSatisfy({ $0 <= 0 }), comparisons.contains(0) else { return nil }
        }
        return solution(compiled, evaluation, knownValues: candidate, exactImprovementSteps: 0)
    }

    /// Finite-horizon backward induction in exact rationals: `values[s]` is the optimal
    /// expected discounted reward of `horizon` steps from `s`; `optimalActions` are the
    /// optimal first actions.
    public static func solve(_ mdp: MDP, horizon: Int) -> StandardSolution {
        precondition(horizon >= 0, "horizon must be non-negative")
        var values = [Rational](repeating: .zero, count: mdp.states.count)
        var qValues = mdp.states.map { [Rational](repeating: .zero, count: $0.actions.count) }
        for _ in 0..<horizon {
            qValues = mdp.states.map { state in
                state.actions.map { action in
                    action.reward + mdp.gamma * action.transitions.map { $0.probability * values[$0.target] }.sum()
                }
            }
            values = qValues.map { $0.max() ?? .zero }
        }
        let optimal = zip(qValues, values).map { q, v in q.indices.filter { q[$0] == v } }
        return StandardSolution(
            values: values, qValues: qValues, optimalActions: optimal, horizon: horizon, exactImprovementSteps: 0)
    }

    /// Policy iteration in `Double` for the given per-row rewards: a fast guess of the optimal
    /// policy (action rows; −1 at terminal states) and its values. Switches action only on a
    /// clear improvement so rounding cannot make it cycle.
    static func floatPolicyIteration(_ mdp: CompiledMDP, rewards: [Double]) -> (policy: [Int], values: [Double]) {
        var policy = (0..<mdp.stateCount).map { state -> Int in
            mdp.actionRows(of: state).max { rewards[$0] < rewards[$1] } ?? -1
        }
        var values = [Double](repeating: 0, count: mdp.stateCount)
        func q(_ row: Int) -> Double {
            var expected = 0.0
            for t in mdp.transitions(of: row) { expected += mdp.probabilityDouble[t] * values[mdp.target[t]] }
            return rewards[row] + mdp.gammaDouble * expected
        }
        for _ in 0..<max(100, mdp.stateCount) {
            let matrix = PolicyMatrix(mdp, policy: policy)
            values = matrix.solve(policy.map { $0 >= 0 ? rewards[$0] : 0 }, initial: values)
            var changed = false
            for state in 0..<mdp.stateCount where policy[state] >= 0 {
                let current = q(policy[state])
                var best = policy[state], bestQ = current
                for row in mdp.actionRows(of: state) where q(row) > bestQ {
                    best = row
                    bestQ = q(row)
                }
                if bestQ > current + 1e-10 * (1 + abs(current)) {
                    policy[state] = best
                    changed = true
                }
            }
            if !changed { break }
        }
        return (policy, values)
    }
}
