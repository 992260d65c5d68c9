import Arithmetic
import Randomness
import JSON

/// Random finite MDPs for tests and benchmarks, reproducible from a seed.
public enum MDPGenerator {
    /// A random sparse MDP with `states` states, determined entirely by the parameters: the same
    /// seed gives the same MDP on every platform.
    ///
    /// Shape, so that benchmark sizes are predictable:
    /// - states are named `s0`, `s1`, …; the last `states / 10` of them are terminal, the rest
    ///   have exactly `actions` actions named `a0`, `a1`, … (measure 1);
    /// - each action moves to `min(successors, states)` distinct random states with
    ///   probabilities proportional to random weights 1…9 (exact rationals with small
    ///   denominators), and has reward k/4 for a random k in −8…8;
    /// - with γ = 1, the last state is the terminal state `done` (there is always at least one
    ///   terminal state), the random successors are drawn from the other states, and every action
    ///   moves to `done` with probability 1/10, so every policy terminates: the result has no end
    ///   component and passes `validate()`.
    ///
    /// `meta` records the generator and its parameters. Requires `states`, `actions` and
    /// `successors` ≥ 1 and γ ∈ [0, 1].
    public static func random(states: Int, actions: Int, successors: Int, gamma: Rational, seed: UInt64) -> MDP {
        precondition(states >= 1 && actions >= 1 && successors >= 1, "MDPGenerator.random: counts must be at least 1")
        precondition(gamma.signum >= 0 && gamma <= .one, "MDPGenerator.random: gamma must be in [0, 1]")
        let episodic = gamma == .one
        let terminalCount = episodic ? max(1, states / 10) : states / 10
        let doneState = episodic ? states - 1 : nil
        // With γ = 1 a tenth of every action's mass is reserved for the exit to `done`.
        let randomMass = episodic ? Rational(9, 10) : .one
        let randomTargets = doneState ?? states
        var random = SplitMix64(seed: seed)

        var generated: [MDP.State] = []
        generated.reserveCapacity(states)
        for index in 0..<states {
            let name = index == doneState ? "done" : "s\(index)"
            guard index < states - terminalCount else {
                generated.append(MDP.State(name: name))
                continue
            }
            var stateActions: [MDP.Action] = []
            stateActions.reserveCapacity(actions)
            for actionIndex in 0..<actions {
                let reward = Rational(random.integer(in: -8...8), 4)
                let targets = random.distinctIntegers(min(successors, randomTargets), below: randomTargets)
                let weights = targets.map { _ in random.integer(in: 1...9) }
                let totalWeight = weights.reduce(0, +)
                var transitions = zip(targets, weights).map { target, weight in
                    MDP.Transition(target: target, probability: randomMass * Rational(weight, totalWeight))
                }
                if let doneState {
                    transitions.append(MDP.Transition(target: doneState, probability: Rational(1, 10)))
                }
                stateActions.append(MDP.Action(name: "a\(actionIndex)", reward: reward, transitions: transitions))
            }
            generated.append(MDP.State(name: name, actions: stateActions))
        }
        let meta = JSONValue.object([
            ("generator", .string("maxent generate")),
            ("states", .number("\(states)")),
            ("actions", .number("\(actions)")),
            ("successors", .number("\(successors)")),
            ("gamma", gamma.isInteger ? .number(gamma.description) : .string(gamma.description)),
            ("seed", .number("\(seed)")),
        ])
        return MDP(gamma: gamma, states: generated, initialState: 0, meta: meta)
    }
}
