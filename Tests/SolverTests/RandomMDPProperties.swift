import Arithmetic
import FiniteMDP
import PropertyBased
import Solvers
import Testing

let gammas = [Rational(1, 2), Rational(9, 10), Rational(99, 100), Rational(1)]
let alphas = [Rational(1, 100), Rational(1, 5), Rational(1), Rational(10)]

/// Random MDPs up to 30 states, with γ ∈ {1/2, 9/10, 99/100, 1}.
let randomMDP = zip(
    Gen.int(in: 0...1_000_000), Gen.int(in: 2...30), Gen.int(in: 1...4), Gen.int(in: 1...3), Gen.int(in: 0...3)
).map { seed, states, actions, successors, gammaIndex in
    MDPGenerator.random(
        states: states, actions: actions, successors: successors, gamma: gammas[gammaIndex], seed: UInt64(seed))
}

/// `r(s,a) + γ Σ P(s'|s,a) V(s')`, computed here independently of the solver.
func bellmanQ(_ mdp: MDP, _ action: MDP.Action, _ values: [Rational]) -> Rational {
    action.reward + mdp.gamma * action.transitions.map { $0.probability * values[$0.target] }.sum()
}

@Test func exactSolutionSatisfiesBellmanOptimalityExactly() async {
    await propertyCheck(count: 60, input: randomMDP) { mdp in
        let solution = try #require(try? StandardSolver.solve(mdp))
        for (index, state) in mdp.states.enumerated() {
            guard !state.isTerminal else {
                #expect(solution.values[index] == .zero)
                continue
            }
            let q = state.actions.map { bellmanQ(mdp, $0, solution.values) }
            #expect(q == solution.qValues[index])
            #expect(q.max() == solution.values[index])
            #expect(solution.optimalActions[index] == q.indices.filter { q[$0] == solution.values[index] })
        }
    }
}

@Test func softValuesLieBetweenTheStandardValuesAndTheEntropyBound() async {
    await propertyCheck(count: 40, input: randomMDP, Gen.int(in: 0...3)) { mdp, alphaIndex in
        guard mdp.gamma < 1 else { return }
        let alpha = alphas[alphaIndex]
        let tolerance = Rational(1) / Rational(10).power(30)
        let standard = try #require(try? StandardSolver.solve(mdp))
        let soft = try #require(try? SoftSolver.solve(mdp, alpha: alpha, tolerance: tolerance))
        #expect(soft.maximumWidth <= tolerance)
        let precision = soft.precision
        // V* ≤ V_α ≤ V* + α log(max|A|)/(1 − γ)   (μ ≡ 1)
        let slack = Ball(alpha, precision: precision) * Ball(mdp.maximumActionCount, precision: precision).log()
            / Ball(Rational.one - mdp.gamma, precision: precision)
        for index in mdp.states.indices {
            let upperBound = Ball(standard.values[index], precision: precision) + slack
            #expect(soft.values[index].upperBound! >= standard.values[index])
            #expect(!(soft.values[index] - upperBound).isCertainlyPositive)
            if !mdp.states[index].isTerminal {
                let total = soft.policy[index].reduce(Ball(0, precision: precision), +)
                #expect(total.contains(Rational.one))
                #expect(soft.policy[index].allSatisfy { $0.isCertainlyPositive })
            }
        }
    }
}

/// The policy balls' midpoints, renormalised exactly so each state's probabilities sum to 1.
func midpointPolicy(_ soft: SoftSolution, _ mdp: MDP) -> [[Rational]] {
    mdp.states.indices.map { index in
        let midpoints = soft.policy[index].map { $0.midpoint! }
        let total = midpoints.sum()
        return midpoints.map { $0 / total }
    }
}

@Test func softPolicyEvaluationReproducesTheSoftValue() async {
    await propertyCheck(count: 30, input: randomMDP, Gen.int(in: 0...3)) { mdp, alphaIndex in
        let alpha = alphas[alphaIndex]
        let tolerance = Rational(1) / Rational(10).power(30)
        let soft = try #require(try? SoftSolver.solve(mdp, alpha: alpha, tolerance: tolerance))
        let policy = midpointPolicy(soft, mdp)
        let evaluated = try #require(try? SoftSolver.evaluate(mdp, policy: policy, alpha: alpha, tolerance: tolerance))
        // π differs from π_α by ~1e-30, so V^π = V_α up to second order; allow 1e-25.
        let slack = Rational(1) / Rational(10).power(25)
        for index in mdp.states.indices {
            #expect(evaluated[index].overlaps(soft.values[index].widened(by: slack)))
            #expect(evaluated[index].lowerBound! <= soft.values[index].upperBound!)
        }
    }
}

@Test func perturbingTheSoftOptimalPolicyNeverRaisesTheSoftValue() async {
    await propertyCheck(count: 30, input: randomMDP, Gen.int(in: 0...3), Gen.int(in: 0...1_000)) { mdp, alphaIndex, salt in
        let alpha = alphas[alphaIndex]
        let tolerance = Rational(1) / Rational(10).power(20)
        let soft = try #require(try? SoftSolver.solve(mdp, alpha: alpha, tolerance: tolerance))
        // Mix π_α with a deterministic-per-salt distribution: (1 − 1/10) π_α + 1/10 q.
        let perturbed = midpointPolicy(soft, mdp).enumerated().map { index, probabilities in
            guard !probabilities.isEmpty else { return probabilities }
            let weights = probabilities.indices.map { Rational((index * 7 + $0 * 13 + salt) % 5 + 1) }
            let total = weights.sum()
            return zip(probabilities, weights).map { Rational(9, 10) * $0 + Rational(1, 10) * $1 / total }
        }
        let evaluated = try #require(try? SoftSolver.evaluate(mdp, policy: perturbed, alpha: alpha, tolerance: tolerance))
        for index in mdp.states.indices {
            #expect(evaluated[index].lowerBound! <= soft.values[index].upperBound!)
        }
    }
}

@Test func finiteHorizonBackwardInductionIsExact() async {
    await propertyCheck(count: 30, input: randomMDP, Gen.int(in: 0...6)) { mdp, horizon in
        let solution = StandardSolver.solve(mdp, horizon: horizon)
        let previous = horizon == 0 ? nil : StandardSolver.solve(mdp, horizon: horizon - 1)
        for (index, state) in mdp.states.enumerated() {
            guard let previous, !state.isTerminal else {
                #expect(solution.values[index] == .zero)
                continue
            }
            let q = state.actions.map { bellmanQ(mdp, $0, previous.values) }
            #expect(q.max() == solution.values[index])
        }
    }
}

@Test func exactTiesAreReportedAsTies() throws {
    let toSink = [MDP.Transition(target: 1, probability: .one)]
    let mdp = MDP(gamma: Rational(9, 10), states: [
        MDP.State(name: "s", actions: [
            MDP.Action(name: "a", reward: Rational(1, 3), transitions: toSink),
            MDP.Action(name: "b", reward: Rational(1, 3), transitions: toSink),
            MDP.Action(name: "c", reward: Rational(1, 3) - Rational(1, 1_000_000_000_000), transitions: toSink),
        ]),
        MDP.State(name: "sink"),
    ])
    let solution = try StandardSolver.solve(mdp)
    #expect(solution.optimalActions[0] == [0, 1])
    #expect(solution.values[0] == Rational(1, 3))
}

@Test func episodicProblemsWithEndComponentsAreRefused() {
    let mdp = MDP(gamma: 1, states: [
        MDP.State(name: "a", actions: [MDP.Action(name: "stay", reward: 1, transitions: [.init(target: 0, probability: 1)])]),
    ])
    #expect(throws: SolverError.self) { try StandardSolver.solve(mdp) }
    #expect(throws: SolverError.self) { try SoftSolver.solve(mdp, alpha: 1, tolerance: Rational(1, 1000)) }
}

@Test func softSolutionAtFixedPrecisionIsStillAnEnclosure() throws {
    let mdp = MDPGenerator.random(states: 20, actions: 3, successors: 2, gamma: Rational(9, 10), seed: 7)
    let coarse = try SoftSolver.solve(mdp, alpha: Rational(1, 2), precision: 64)
    let fine = try SoftSolver.solve(mdp, alpha: Rational(1, 2), tolerance: Rational(1) / Rational(10).power(40))
    for index in mdp.states.indices {
        #expect(coarse.values[index].contains(fine.values[index]))
    }
}
