import Arithmetic
@testable import Bifurcation
import FiniteMDP
import Foundation
import PropertyBased
import Solvers
import Testing

let lemmaTolerance = Rational(1) / Rational(10).power(25)

/// Boundary functions of a request with neutral continue actions (ρ = 0, n₁ = 1) and exact reach factors.
func boundaryFunctions(_ request: BifurcationRequest) throws -> BoundaryFunctions {
    let count = request.mdp.states[request.state].actions.count
    let reach = request.stateIsReachableFromItsSuccessors()
        ? try EntropicBifurcation.reachFactors(request) : [Rational](repeating: 0, count: count)
    return BoundaryFunctions(
        request: request, continueRewards: [Rational](repeating: 0, count: count),
        continueMeasures: [Rational](repeating: 1, count: count), bailRewardBounds: [Rational](repeating: 0, count: count),
        boundIsExpectedValue: [Bool](repeating: true, count: count), reachFactors: reach)
}

/// A random MDP for the lemma tests: discounted (γ ∈ {1/2, 9/10, 99/100}) or, for index 3, γ = 1
/// with cycles (MDPGenerator's episodic family: no end component, s usually on a cycle).
func lemmaMDP(seed: Int, states: Int, actions: Int, gammaIndex: Int) -> MDP {
    let gamma = gammaIndex == 3 ? Rational.one : discountedGammas[gammaIndex]
    return MDPGenerator.random(states: states, actions: actions, successors: 3, gamma: gamma, seed: UInt64(seed))
}

/// max_π Pr_x(reach s within h steps) for γ = 1, by backward induction in Double: an independent
/// reference for the reach probabilities q behind q_a (it increases to q as h grows).
func reachProbabilities(_ mdp: MDP, state: Int, horizon: Int) -> [Double] {
    var values = [Double](repeating: 0, count: mdp.states.count)
    for _ in 0..<horizon {
        values = mdp.states.indices.map { index in
            if index == state { return 1 }
            return mdp.states[index].actions.map { action in
                action.transitions.reduce(0) { $0 + $1.probability.doubleValue * values[$1.target] }
            }.max() ?? 0
        }
    }
    return values
}

/// Soft values of M with s held at K, by h-step backward induction in Double (V_0 = 0): an
/// independent reference for V^K when every action exits with probability ≥ 1/10 per step.
func heldSoftValues(_ mdp: MDP, state: Int, boundaryValue: Double, alpha: Double, horizon: Int) -> [Double] {
    var values = [Double](repeating: 0, count: mdp.states.count)
    for _ in 0..<horizon {
        values = mdp.states.indices.map { index in
            if index == state { return boundaryValue }
            let state = mdp.states[index]
            guard !state.isTerminal else { return 0 }
            let q = state.actions.map { action in
                action.reward.doubleValue + mdp.gamma.doubleValue * action.transitions.reduce(0) { $0 + $1.probability.doubleValue * values[$1.target] }
            }
            let top = q.max()!
            return top + alpha * log(zip(state.actions, q).reduce(0) { $0 + $1.0.measure.doubleValue * exp(($1.1 - top) / alpha) })
        }
    }
    return values
}

/// proofs/bifurcation.md, Lemma 2: V^K(x) = sup_π [c_π(x) + K ρ_π(x)], so E_a(K) is non-decreasing,
/// convex and q_a-Lipschitz in K (q_a ≤ 1), for γ < 1 and for γ = 1 with cycles through s. The
/// certified E_a(K) are checked against backward induction at γ = 1 and q_a against the h-step
/// reach probabilities.
@Test func expectedSoftValueIsMonotoneConvexAndReachLipschitzInK() async throws {
    let inputs = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 2...14), Gen.int(in: 1...3), Gen.int(in: 0...3), Gen.int(in: 0...3))
    await propertyCheck(count: 24, input: inputs) { seed, states, actions, gammaIndex, stepIndex in
        let mdp = lemmaMDP(seed: seed, states: states, actions: actions, gammaIndex: gammaIndex)
        guard !mdp.states[0].isTerminal else { return }
        let count = mdp.states[0].actions.count
        let request = BifurcationRequest(
            mdp: mdp, state: 0, target: [Rational](repeating: Rational(1, count), count: count),
            alpha: alpha(seed: seed), tolerance: epsilon)
        let functions = try boundaryFunctions(request)
        let reach = request.stateIsReachableFromItsSuccessors()
            ? try EntropicBifurcation.reachFactors(request) : [Rational](repeating: 0, count: count)
        let step = [Rational(1, 10), Rational(1), Rational(7), Rational(40)][stepIndex]
        let base = Rational(seed % 21 - 10)
        let values = try [base - step, base, base + step].map {
            try functions.expectedSoftValues(boundaryValue: $0, tolerance: lemmaTolerance)
        }
        for index in 0..<count {
            let (low, middle, high) = (values[0][index], values[1][index], values[2][index])
            let increase = high - middle
            #expect(!increase.isCertainlyNegative)
            #expect(!(increase - reach[index] * step).isCertainlyPositive)
            #expect(!(middle * 2 - low - high).isCertainlyPositive)
        }
        guard mdp.gamma == .one else { return }
        let heldAt = heldSoftValues(mdp, state: 0, boundaryValue: base.doubleValue, alpha: request.alpha.doubleValue, horizon: 600)
        for (index, action) in mdp.states[0].actions.enumerated() {
            let reference = action.transitions.reduce(0) { $0 + $1.probability.doubleValue * heldAt[$1.target] }
            #expect(abs(values[1][index].midpointDouble - reference) < 1e-6 * max(1, abs(reference)))
        }
        let probabilities = reachProbabilities(mdp, state: 0, horizon: 600)
        for (index, action) in mdp.states[0].actions.enumerated() {
            let reference = action.transitions.reduce(0) { $0 + $1.probability.doubleValue * probabilities[$1.target] }
            #expect(abs(reach[index].doubleValue - reference) < 1e-9)
        }
    }
}

/// proofs/bifurcation.md, Lemmas 3 and 3′: g_a(K') − g_a(K) ≥ (1/γ − γ q_a)(K' − K) — for γ = 1 with
/// s on a cycle that is 1 − q_a > 0, with q_a the exact reach factor.
@Test func marginGrowsAtLeastAtTheGuaranteedRate() async throws {
    await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...3)) { seed, gammaIndex in
        let mdp = lemmaMDP(seed: seed, states: 12, actions: 3, gammaIndex: gammaIndex)
        guard !mdp.states[0].isTerminal else { return }
        let request = BifurcationRequest(
            mdp: mdp, state: 0, target: [Rational(1, 2), Rational(1, 3), Rational(1, 6)], alpha: alpha(seed: seed),
            tolerance: epsilon)
        let count = 3
        let reach = request.stateIsReachableFromItsSuccessors()
            ? try EntropicBifurcation.reachFactors(request) : [Rational](repeating: 0, count: count)
        if mdp.gamma == .one { #expect(reach.allSatisfy { $0 < 1 }) }
        let functions = BoundaryFunctions(
            request: request, continueRewards: [Rational(1, 4), 0, -1], continueMeasures: [1, 2, Rational(1, 2)],
            bailRewardBounds: [0, 0, 0], boundIsExpectedValue: [true, true, true], reachFactors: reach)
        let step = Rational(3)
        let low = try functions.evaluate(at: 0, tolerance: lemmaTolerance).margins
        let high = try functions.evaluate(at: step, tolerance: lemmaTolerance).margins
        for index in 0..<count {
            let rate = Rational.one / mdp.gamma - mdp.gamma * reach[index]
            #expect(!(high[index] - low[index] - rate * step).isCertainlyNegative)
        }
    }
}

/// proofs/bifurcation.md, Lemma 6: moving every stored r_T(a) by at most δ (either sign) moves every
/// soft value of M̂ by at most δ — for every γ ≤ 1, since a trajectory bails at most once — and
/// π̂_α(a|s) by at most e^{2δ/α} − 1.
@Test func bailRewardChangesMoveSoftValuesByAtMostTheChange() async throws {
    let inputs = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 2...10), Gen.int(in: 1...3), Gen.int(in: 0...3))
    await propertyCheck(count: 14, input: inputs) { seed, states, actions, gammaIndex in
        let mdp = lemmaMDP(seed: seed, states: states, actions: actions, gammaIndex: gammaIndex)
        guard !mdp.states[0].isTerminal else { return }
        let count = mdp.states[0].actions.count
        let request = BifurcationRequest(
            mdp: mdp, state: 0, target: target(count: count, seed: seed), alpha: alpha(seed: seed),
            tolerance: Rational(1, 1000))
        let construction = try EntropicBifurcation.construct(request)
        let delta = Rational(seed % 5 + 1, 4)
        var perturbed = construction.extended
        for (index, name) in construction.parameters.mediocreStates.enumerated() {
            let mediocre = perturbed.stateIndex(named: name)!
            perturbed.states[mediocre].actions[1].reward += index % 2 == 0 ? -delta : delta * Rational(seed % 3, 2)
        }
        let before = try SoftSolver.solve(construction.extended, alpha: request.alpha, tolerance: lemmaTolerance)
        let after = try SoftSolver.solve(perturbed, alpha: request.alpha, tolerance: lemmaTolerance)
        for state in perturbed.states.indices {
            let change = after.values[state] - before.values[state]
            #expect(!(change - delta).isCertainlyPositive && !(change + delta).isCertainlyNegative)
        }
        let policyBound = (Ball(2 * delta / request.alpha, precision: before.precision).exp() - 1).upperBound!
        for index in 0..<count {
            let change = after.policy[0][index] - before.policy[0][index]
            #expect(!(change - policyBound).isCertainlyPositive && !(change + policyBound).isCertainlyNegative)
        }
    }
}

/// proofs/soft-bounds.md, Lemma S2 for general measures: with ℓ(x) = log min_a μ(x,a),
/// L(x) = log Σ_a μ(x,a) and w(x) = 1/(1 − γ) (γ < 1) or the longest expected time to termination
/// (γ = 1, computed exactly), V* + α min(0, min ℓ) w ≤ V_α ≤ V* + α max(0, max L) w. The toy shows
/// why the μ ≡ 1 form (V_α ≥ V*) cannot hold in general: V_α(s1) = α log(e^{1/α}/5 + 9e^{−20/α}/5) < 1.
@Test func softValuesLieWithinTheMeasureBounds() async throws {
    let inputs = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 2...16), Gen.int(in: 1...4), Gen.int(in: 0...3))
    await propertyCheck(count: 24, input: inputs) { seed, states, actions, gammaIndex in
        var mdp = lemmaMDP(seed: seed, states: states, actions: actions, gammaIndex: gammaIndex)
        let measures = [Rational(1, 5), Rational(1, 2), 1, 3, Rational(9, 5), 7]
        for state in mdp.states.indices {
            for action in mdp.states[state].actions.indices {
                mdp.states[state].actions[action].measure = measures[(seed / 7 + 3 * state + action) % measures.count]
            }
        }
        let alpha = alpha(seed: seed)
        try expectMeasureBounds(mdp, alpha: alpha)
    }
    let toy = MDP.paperToy
    try expectMeasureBounds(toy, alpha: Rational(1, 5))
    let soft = try SoftSolver.solve(toy, alpha: Rational(1, 5), tolerance: lemmaTolerance)
    let precision = soft.precision
    let closedForm = Ball(Rational(1, 5), precision: precision)
        * (Ball(Rational(1, 5), precision: precision) * Ball(5, precision: precision).exp()
            + Ball(Rational(9, 5), precision: precision) * Ball(-100, precision: precision).exp()).log()
    #expect(soft.values[1].overlaps(closedForm))
    #expect((soft.values[1] - 1).isCertainlyNegative)
}

func expectMeasureBounds(_ mdp: MDP, alpha: Rational, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let standard = try StandardSolver.solve(mdp)
    let soft = try SoftSolver.solve(mdp, alpha: alpha, tolerance: lemmaTolerance)
    let weights: [Rational]
    if mdp.gamma == .one {
        var steps = mdp
        for state in steps.states.indices {
            for action in steps.states[state].actions.indices { steps.states[state].actions[action].reward = 1 }
        }
        weights = try StandardSolver.solve(steps).values
    } else {
        weights = mdp.states.map { $0.isTerminal ? 0 : Rational.one / (Rational.one - mdp.gamma) }
    }
    let precision = soft.precision
    var smallest = Ball(0, precision: precision), largest = Ball(0, precision: precision)
    for state in mdp.states where !state.isTerminal {
        let least = Ball(state.actions.map(\.measure).min()!, precision: precision).log()
        let total = Ball(state.actions.map(\.measure).sum(), precision: precision).log()
        if least.lowerBound! < smallest.lowerBound! { smallest = least }
        if total.upperBound! > largest.upperBound! { largest = total }
    }
    for (index, value) in soft.values.enumerated() {
        let lower = alpha * smallest * weights[index] + standard.values[index]
        let upper = alpha * largest * weights[index] + standard.values[index]
        #expect(!(lower - value).isCertainlyPositive, sourceLocation: sourceLocation)
        #expect(!(value - upper).isCertainlyPositive, sourceLocation: sourceLocation)
    }
}
