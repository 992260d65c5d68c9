import Arithmetic
import Environments
import FiniteMDP
import Randomness
import Testing
@testable import Twins

/// The repository's `examples/` directory, found from this source file's location.
let examplesDirectory = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")) + "/examples"

@Suite struct TwinEnvironmentTests {
    /// The action the default layout gives `value` at `state`, straight from its definition: clip
    /// to [−1, 1], then the first action (file order) whose interval [−1 + 2·(μ₁+…+μ_{k−1})/Σμ,
    /// −1 + 2·(μ₁+…+μ_k)/Σμ) holds it, the last one closed at 1. Exact rationals throughout.
    static func defaultAction(_ value: Double, state: MDP.State) -> Int {
        let clipped = Rational(exactly: min(max(value, -1), 1))
        let total = state.actions.map(\.measure).sum()
        var upper = Rational(-1)
        for (index, action) in state.actions.enumerated() {
            upper = upper + Rational(2) * action.measure / total
            if clipped < upper { return index }
        }
        return state.actions.count - 1
    }

    /// Action values that probe every interval end: the exact ends' neighbouring doubles, ±1, values
    /// outside [−1, 1] (clipped), infinities, and uniform draws.
    static func probes(for state: MDP.State, generator: inout RandomSource) -> [Double] {
        let total = state.actions.map(\.measure).sum()
        var ends: [Double] = [-1, 1, -7, 3.5, .infinity, -.infinity, 0]
        var running = Rational(-1)
        for action in state.actions {
            running = running + Rational(2) * action.measure / total
            let nearest = running.doubleValue
            ends += [nearest, nearest.nextUp, nearest.nextDown, nearest.nextUp.nextUp]
        }
        return ends + (0..<20).map { _ in generator.uniform(-1.2, 1.2) }
    }

    @Test(arguments: [UInt64(1), 2, 3, 4, 5])
    func deterministicRandomMDPsStepExactlyAsTheFormulaSays(seed: UInt64) throws {
        let mdp = MDPGenerator.random(states: 12, actions: 4, successors: 1, gamma: Rational(9, 10), seed: seed)
        var generator = RandomSource(seed: seed)
        var twin = TabularTwin(try DeepTwin(mdp: mdp).description)
        for (index, state) in mdp.states.enumerated() where !state.isTerminal {
            for value in Self.probes(for: state, generator: &generator) {
                _ = twin.reset(seed: seed)
                _ = try twin.setState([Double(index)])
                let transition = try twin.step([value])
                let action = state.actions[Self.defaultAction(value, state: state)]
                let target = action.transitions[0].target
                #expect(transition.observation == (0..<mdp.states.count).map { $0 == target ? 1 : 0 },
                        "state \(state.name), a = \(value)")
                #expect(abs(transition.reward - action.reward.doubleValue) <= action.reward.doubleValue.ulp)
                #expect(transition.terminated == mdp.states[target].isTerminal)
            }
        }
    }

    @Test func stochasticSuccessorsAppearWithTheirProbabilities() throws {
        let mdp = MDPGenerator.random(states: 6, actions: 3, successors: 3, gamma: Rational(9, 10), seed: 11)
        var twin = TabularTwin(try DeepTwin(mdp: mdp).description)
        _ = twin.reset(seed: 7)
        let draws = 20_000
        for (index, state) in mdp.states.enumerated() where !state.isTerminal {
            for (actionIndex, action) in state.actions.enumerated() {
                // The middle of the action's default interval.
                let total = state.actions.map(\.measure).sum()
                let before = state.actions[..<actionIndex].map(\.measure).sum()
                let middle = (Rational(-1) + Rational(2) * (before + action.measure / 2) / total).doubleValue
                var counts = [Int: Int]()
                for _ in 0..<draws {
                    _ = twin.reset(seed: nil)
                    _ = try twin.setState([Double(index)])
                    let observation = try twin.step([middle]).observation
                    counts[observation.firstIndex(of: 1)!, default: 0] += 1
                }
                #expect(counts.keys.allSatisfy { target in action.transitions.contains { $0.target == target } })
                for transition in action.transitions {
                    let p = transition.probability.doubleValue
                    let frequency = Double(counts[transition.target] ?? 0) / Double(draws)
                    // Five standard errors of a binomial frequency.
                    #expect(abs(frequency - p) <= 5 * (p * (1 - p) / Double(draws)).squareRoot() + 1e-12,
                            "\(state.name)/\(action.name) → \(mdp.states[transition.target].name): \(frequency) against \(p)")
                }
            }
        }
    }

    @Test func toyTwinWithTheToyLayoutIsTheToyStepForStep() throws {
        let mdp = try MDP(contentsOfFile: "\(examplesDirectory)/toy.json")
        let layout = try TwinLayout(contentsOfFile: "\(examplesDirectory)/toy-layout.json", for: mdp)
        var twin = TabularTwin(try DeepTwin(mdp: mdp, layout: layout).description)
        var toy = ToyExample()
        let special: [Double] = [0, -0.0, 0.1, -0.1, 0.1.nextDown, 0.1.nextUp, (-0.1).nextUp, (-0.1).nextDown,
                                 0.0.nextUp, 0.0.nextDown, 1, -1, 5, -5, .infinity, -.infinity]
        var generator = RandomSource(seed: 3)
        let values = special + (0..<400).map { _ in generator.uniform(-1.5, 1.5) } + (0..<200).map { _ in generator.uniform(-0.2, 0.2) }
        var steps = 0
        for first in values.shuffled(using: &generator).prefix(120) {
            for second in values.shuffled(using: &generator).prefix(20) {
                #expect(twin.reset(seed: 1) == toy.reset(seed: 1))
                for action in [first, second] {
                    let a = try twin.step([action]), b = try toy.step([action])
                    #expect(a == b, "action \(action)")
                    steps += 1
                }
                #expect(throws: EnvironmentError(.needsReset)) { try twin.step([0]) }
            }
        }
        #expect(steps == 120 * 20 * 2)
    }

    @Test func toyTwinTrainsUnderTheFilesDiscount() throws {
        TwinEnvironments.install()
        let descriptor = try EnvironmentRegistry.resolve("mdp:\(examplesDirectory)/toy.json,layout=\(examplesDirectory)/toy-layout.json")
        #expect(descriptor.discount == 0.99)
        #expect(descriptor.episodeLength == 2)
        #expect(descriptor.spaces == ToyExample.spaces)
    }

    @Test func cyclicMDPsAreTruncatedAtTheirStepLimit() throws {
        let mdp = try MDP(contentsOfFile: "\(examplesDirectory)/chain.json")
        #expect(DeepTwin.longestPath(in: mdp) == nil)
        var twin = TabularTwin(try DeepTwin(mdp: mdp, stepLimit: 7).description)
        _ = twin.reset(seed: 0)
        for step in 1...7 {
            let outcome = try twin.step([0.5])
            #expect(!outcome.terminated && outcome.truncated == (step == 7))
        }
        #expect(throws: EnvironmentError(.needsReset)) { try twin.step([0]) }
    }
}
