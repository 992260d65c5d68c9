import Arithmetic
import FiniteMDP
import Foundation
import Solvers
import Testing
@testable import Twins

@Suite struct SquashedGaussianFamilyTests {
    /// One decision, then the end: action "low" owns [−1, −3/5) and pays 1, "high" owns [−3/5, 1]
    /// and pays 0 — a narrow good action against a wide poor one, the toy's trade-off in one step.
    static let oneState = try! MDP(json: """
        { "format": "maxent-mdp/1", "gamma": 1, "states": [
          { "name": "s", "actions": [
            { "name": "low", "measure": "2/5", "reward": 1, "next": { "end": 1 } },
            { "name": "high", "measure": "8/5", "reward": 0, "next": { "end": 1 } } ] },
          { "name": "end" } ] }
        """)

    /// J(m, log σ) = w_low + α H, by its definition, for the brute-force search.
    static func objective(mean: Double, logStd: Double, alpha: Double) -> Double {
        let sigma = exp(logStd)
        let low = 0.5 * erfc(-((atanh(-0.6) - mean) / sigma) / 2.0.squareRoot())
        return low + alpha * SquashedGaussianOptimum.entropy(mean: mean, logStandardDeviation: logStd)
    }

    @Test(arguments: [0.05, 0.2, 0.6])
    func theFamilyOptimumMatchesABruteForceGridSearch(alpha: Double) throws {
        let twin = try DeepTwin(mdp: Self.oneState)
        let optimum = try SquashedGaussianOptimum.solve(twin, alpha: alpha)
        // Brute force: a 241 × 241 grid over m ∈ [−6, 6], log σ ∈ [−6, 2].
        var best = -Double.infinity, argmax = (0.0, 0.0)
        for i in 0...240 {
            for j in 0...240 {
                let mean = -6 + 12 * Double(i) / 240, logStd = -6 + 8 * Double(j) / 240
                let value = Self.objective(mean: mean, logStd: logStd, alpha: alpha)
                if value > best { (best, argmax) = (value, (mean, logStd)) }
            }
        }
        let found = optimum.parameters[0]!
        #expect(optimum.values[0] >= best - 1e-9, "family optimum \(optimum.values[0]) below the grid's \(best)")
        // The grid's spacing is 0.05 in m and 0.033 in log σ: the optimum lies within a cell of it,
        // and a quadratic maximum that close differs by far less than 1e-3 in value.
        #expect(abs(found.mean - argmax.0) <= 0.1 && abs(found.logStandardDeviation - argmax.1) <= 0.07,
                "optimum at \(found), grid at \(argmax)")
        #expect(optimum.values[0] - best <= 1e-3)
        #expect(abs(Self.objective(mean: found.mean, logStd: found.logStandardDeviation, alpha: alpha) - optimum.values[0]) <= 1e-12)
    }

    @Test(arguments: [Rational(1, 5), Rational(1), Rational(4)])
    func theFamilyNeverBeatsTheBoltzmannOptimum(alpha: Rational) throws {
        let twin = try DeepTwin(mdp: MDP.paperToy)
        let family = try SquashedGaussianOptimum.solve(twin, alpha: alpha.doubleValue)
        let exact = try SoftSolver.solve(twin.counterpart, alpha: alpha, tolerance: Rational(1, 1_000_000_000_000))
        for state in twin.mdp.states.indices where !twin.mdp.states[state].isTerminal {
            #expect(family.values[state] <= exact.values[state].upperBound!.doubleValue + 1e-9,
                    "state \(twin.mdp.states[state].name): family \(family.values[state]) above V_α")
        }
        // At s2 every action is "any" over all of [−1, 1]: the best density is uniform (entropy log 2),
        // which no squashed Gaussian reaches, so the family is strictly worse there.
        let s2 = twin.mdp.stateIndex(named: "s2")!
        #expect(family.values[s2] < exact.values[s2].lowerBound!.doubleValue)
    }

    @Test func theEntropyQuadratureAgreesWithTheUniformLimitAndAWideGaussian() {
        // The largest entropy on [−1, 1] is log 2 (the uniform density); squashed Gaussians stay below.
        for mean in [-2.0, 0, 0.7] {
            for logStd in [-3.0, -0.5, 0, 0.5, 1.5] {
                #expect(SquashedGaussianOptimum.entropy(mean: mean, logStandardDeviation: logStd) < log(2))
            }
        }
        // For tiny σ the density is N(m, σ²) pushed through tanh near u = m: its entropy is
        // ½ log(2πeσ²) + log(1 − tanh² m) to first order.
        let narrow = SquashedGaussianOptimum.entropy(mean: 0.3, logStandardDeviation: -8)
        #expect(abs(narrow - (0.5 * log(2 * Double.pi * M_E) - 8 + log(1 - tanh(0.3) * tanh(0.3)))) < 1e-6)
    }
}
