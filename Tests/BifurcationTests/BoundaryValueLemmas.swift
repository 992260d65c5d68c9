import Arithmetic
@testable import Bifurcation
import FiniteMDP
import PropertyBased
import Testing

/// proofs/bifurcation.md, Lemma 2: E_a(K) is non-decreasing and 1-Lipschitz in K.
@Test func expectedSoftValueIsMonotoneAndOneLipschitzInK() async {
    let inputs = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 2...20), Gen.int(in: 1...3), Gen.int(in: 0...2), Gen.int(in: 0...3))
    await propertyCheck(count: 30, input: inputs) { seed, states, actions, gammaIndex, stepIndex in
        let mdp = MDPGenerator.random(
            states: states, actions: actions, successors: 3, gamma: discountedGammas[gammaIndex], seed: UInt64(seed))
        guard let state = mdp.states.indices.first(where: { !mdp.states[$0].isTerminal }) else { return }
        let count = mdp.states[state].actions.count
        let request = BifurcationRequest(
            mdp: mdp, state: state, target: [Rational](repeating: Rational(1, count), count: count),
            alpha: alpha(seed: seed), tolerance: epsilon)
        let margins = Margins(
            request: request, continueRewards: [Rational](repeating: 0, count: count),
            continueMeasures: [Rational](repeating: 1, count: count))
        let step = [Rational(1, 10), Rational(1), Rational(7), Rational(40)][stepIndex]
        let base = Rational(seed % 21 - 10)
        let tolerance = Rational(1) / Rational(10).power(25)
        let before = try #require(try? margins.expectedSoftValues(boundaryValue: base, tolerance: tolerance))
        let after = try #require(try? margins.expectedSoftValues(boundaryValue: base + step, tolerance: tolerance))
        for (low, high) in zip(before, after) {
            let increase = high - low
            #expect(!increase.isCertainlyNegative)
            #expect(!(increase - step).isCertainlyPositive)
        }
    }
}

/// proofs/bifurcation.md, Lemma 3: g_a(K) grows at least like (1/γ − γ)K, so a K with margin exists.
@Test func marginGrowsAtLeastAtTheGuaranteedRate() async {
    await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 0...2)) { seed, gammaIndex in
        let gamma = discountedGammas[gammaIndex]
        let mdp = MDPGenerator.random(states: 12, actions: 3, successors: 2, gamma: gamma, seed: UInt64(seed))
        let request = BifurcationRequest(
            mdp: mdp, state: 0, target: [Rational(1, 2), Rational(1, 3), Rational(1, 6)], alpha: alpha(seed: seed),
            tolerance: epsilon)
        let margins = Margins(
            request: request, continueRewards: [Rational(1, 4), 0, -1], continueMeasures: [1, 2, Rational(1, 2)])
        let tolerance = Rational(1) / Rational(10).power(25)
        let step = Rational(3)
        let low = margins.margins(
            boundaryValue: 0, expected: try #require(try? margins.expectedSoftValues(boundaryValue: 0, tolerance: tolerance)))
        let high = margins.margins(
            boundaryValue: step, expected: try #require(try? margins.expectedSoftValues(boundaryValue: step, tolerance: tolerance)))
        let rate = Rational.one / gamma - gamma
        for (before, after) in zip(low, high) {
            #expect(!(after - before - rate * step).isCertainlyNegative)
        }
    }
}
