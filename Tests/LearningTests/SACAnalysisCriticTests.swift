import Foundation
@testable import Learning
import Randomness
import Testing

/// SAC's analysis-only plain-Q pair (for the reports' Q-landscapes).
@Suite("SAC analysis critics")
struct SACAnalysisCriticTests {
    static func hyperparameters(analysis: Bool) -> SAC.Hyperparameters {
        var hyperparameters = SACTests.smallHyperparameters(autoAlpha: true)
        hyperparameters.analysisPlainCritics = analysis ? true : nil
        return hyperparameters
    }

    @Test("the plain pair never changes the policy, the soft critics or α")
    func policyIsUnaffected() {
        var plainGenerator = RandomSource(seed: 11), analysisGenerator = RandomSource(seed: 11)
        let plain = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.hyperparameters(analysis: false),
                        generator: &plainGenerator)
        let analysed = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.hyperparameters(analysis: true),
                           generator: &analysisGenerator)
        #expect(plainGenerator == analysisGenerator)
        #expect(analysed.plainCritics.count == 2 && plain.plainCritics.isEmpty)
        for step in 0..<20 {
            let batch = SACTests.randomBatch(size: 8, observations: 3, actions: 2, seed: UInt64(100 + step))
            let before = plain.update(batch: batch, generator: &plainGenerator)
            let after = analysed.update(batch: batch, generator: &analysisGenerator)
            #expect(before == after)
        }
        #expect(plain.actor.network.parameters.array == analysed.actor.network.parameters.array)
        #expect(plain.critic1.online.network.parameters.array == analysed.critic1.online.network.parameters.array)
        #expect(plain.alpha == analysed.alpha)
        #expect(plain.plainCritics.isEmpty)
        #expect(analysed.plainCritics[0].online.network.parameters.array != analysed.plainCritics[0].target.network.parameters.array)
    }

    @Test("plain target y = r + γ(1 − term) min(Q̄ᵖ₁, Q̄ᵖ₂)(s′, a′), with the soft target's next actions")
    func plainTargetFormula() {
        var generator = RandomSource(seed: 12)
        let sac = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.hyperparameters(analysis: true),
                      generator: &generator)
        let batch = SACTests.randomBatch(size: 8, observations: 3, actions: 2, seed: 13)
        let noise = gaussianBuffer(count: 16, seed: 14)
        sac.computeTargets(batch: batch, noise: noise.pointer)
        let targets = sac.plainTargets.array
        sac.actor.computeDistribution(states: batch.nextObservations.pointer, rows: 8)
        sac.actor.sample(noise: noise.pointer)
        let values = sac.plainCritics.map { critic in
            Array(UnsafeBufferPointer(
                start: critic.target.values(states: batch.nextObservations.pointer, actions: sac.actor.actions.pointer, rows: 8),
                count: 8))
        }
        for row in 0..<8 {
            let expected = Double(batch.rewards[row]) + (row % 3 == 0 ? 0 : 0.99 * Double(min(values[0][row], values[1][row])))
            #expect(abs(Double(targets[row]) - expected) < 1e-5)
        }
    }

    @Test("checkpoints carry the plain pair")
    func checkpointRoundTrip() throws {
        var generator = RandomSource(seed: 15)
        let trained = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.hyperparameters(analysis: true),
                          generator: &generator)
        for step in 0..<5 {
            _ = trained.update(batch: SACTests.randomBatch(size: 8, observations: 3, actions: 2, seed: UInt64(step)), generator: &generator)
        }
        var checkpoint = Checkpoint()
        trained.save(into: &checkpoint)
        var other = RandomSource(seed: 16)
        let restored = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.hyperparameters(analysis: true),
                           generator: &other)
        try restored.restore(from: checkpoint)
        for (a, b) in zip(trained.plainCritics, restored.plainCritics) {
            #expect(a.online.network.parameters.array == b.online.network.parameters.array)
            #expect(a.target.network.parameters.array == b.target.network.parameters.array)
            #expect(a.optimizer.stepCount == b.optimizer.stepCount)
        }
    }
}
