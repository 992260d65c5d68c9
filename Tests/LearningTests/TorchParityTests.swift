import Foundation
@testable import Learning
import Randomness
import Testing

/// One update of each algorithm against PyTorch autograd (`Benchmarks/torch_parity_fixtures.py`):
/// the same initial weights, batch and noise must give every parameter, Adam moment and loss PyTorch
/// computed.
///
/// Tolerances. Both sides compute in float32 but sum in different orders, so a gradient component
/// carries a rounding error of a few ulp of the largest terms summed into it, ~10⁻⁶ of its tensor's
/// scale here; a wrong gradient is off by the order of that scale. So Adam's moments (m = (1 − β₁)g,
/// v = (1 − β₂)g² after the first step, i.e. the gradients themselves) must agree within
/// 10⁻⁴·max|tensor| + 10⁻³·|value|. A parameter moves by lr·m̂/(√v̂ + ε) ≈ ±lr, so it must agree within
/// 10⁻⁶·(1 + |p|) — except where PyTorch's gradient component is below 10⁻⁴ of its tensor's largest,
/// i.e. at the rounding level, where the sign Adam sees is itself rounding noise: there only Adam's
/// bound on the first step, |Δp| ≤ lr, is asserted. Losses agree to 10⁻⁵ relative.
@Suite("PyTorch parity")
struct TorchParityTests {
    struct Fixture {
        let values: [String: [Float]]

        init(_ name: String) throws {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures").appendingPathComponent("\(name).json")
            let decoded = try JSONDecoder().decode([String: [Double]].self, from: Data(contentsOf: url))
            values = decoded.mapValues { $0.map(Float.init) }
        }

        subscript(key: String) -> [Float] {
            guard let value = values[key] else { preconditionFailure("fixture has no \(key)") }
            return value
        }

        func scalar(_ key: String) -> Double { Double(self[key][0]) }
    }

    static let observationDimension = 3, actionDimension = 2, rows = 8

    /// `actual` against `expected` within `absolute·max|expected| + relative·|expected|`.
    static func expectMoments(_ actual: FloatBuffer, _ expected: [Float], _ name: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(name): size", sourceLocation: sourceLocation)
        let scale = expected.map(abs).max() ?? 0
        let worst = zip(actual.array, expected).map { abs($0 - $1) - (1e-4 * scale + 1e-3 * abs($1)) }.max() ?? 0
        #expect(worst <= 0, "\(name): exceeds the tolerance by \(worst)", sourceLocation: sourceLocation)
    }

    /// Parameters after one Adam step, with the exemption for gradient components at rounding level.
    static func expectParameters(_ actual: FloatBuffer, _ expected: [Float], initial: [Float], firstMoment: [Float],
                                 learningRate: Float, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(actual.count == expected.count, "\(name): size", sourceLocation: sourceLocation)
        let gradientScale = firstMoment.map(abs).max() ?? 0
        for index in 0..<expected.count {
            let difference = abs(actual[index] - expected[index])
            if abs(firstMoment[index]) >= 1e-4 * gradientScale {
                #expect(difference <= 1e-6 * (1 + abs(expected[index])),
                        "\(name)[\(index)]: \(actual[index]) vs PyTorch \(expected[index])", sourceLocation: sourceLocation)
            } else {
                #expect(abs(actual[index] - initial[index]) <= learningRate * 1.0001, "\(name)[\(index)]", sourceLocation: sourceLocation)
            }
        }
    }

    static func expectLoss(_ actual: Double, _ expected: Double, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(abs(actual - expected) <= 1e-5 * max(1, abs(expected)), "\(name): \(actual) vs PyTorch \(expected)",
                sourceLocation: sourceLocation)
    }

    static func batch(_ fixture: Fixture) -> TransitionBatch {
        let batch = TransitionBatch(size: rows, observationDimension: observationDimension, actionDimension: actionDimension)
        batch.observations.copy(from: fixture["batch.observations"])
        batch.actions.copy(from: fixture["batch.actions"])
        batch.rewards.copy(from: fixture["batch.rewards"])
        batch.nextObservations.copy(from: fixture["batch.nextObservations"])
        batch.terminated.copy(from: fixture["batch.terminated"])
        return batch
    }

    static func hyperparameters(autoAlpha: Bool) -> SAC.Hyperparameters {
        var hyperparameters = SAC.Hyperparameters()
        hyperparameters.hidden = [8, 8]
        hyperparameters.batchSize = rows
        hyperparameters.autoAlpha = autoAlpha
        hyperparameters.alphaLearningRate = 3e-4
        return hyperparameters
    }

    static func load(_ critics: [(String, TrainedCritic)], actor: SquashedGaussianActor, from fixture: Fixture) {
        actor.network.parameters.copy(from: fixture["init.actor"])
        for (name, critic) in critics {
            critic.online.network.parameters.copy(from: fixture["init.\(name).online"])
            critic.target.network.parameters.copy(from: fixture["init.\(name).target"])
        }
    }

    /// Every network, target and Adam moment of a soft learner against the fixture.
    static func expectSoftLearner(_ critics: [(String, TrainedCritic)], actor: SquashedGaussianActor, actorOptimizer: Adam,
                                  fixture: Fixture, learningRate: Float, sourceLocation: SourceLocation = #_sourceLocation) {
        expectMoments(actorOptimizer.firstMoments[0], fixture["after.actor.adam.m"], "actor m", sourceLocation: sourceLocation)
        expectMoments(actorOptimizer.secondMoments[0], fixture["after.actor.adam.v"], "actor v", sourceLocation: sourceLocation)
        expectParameters(actor.network.parameters, fixture["after.actor"], initial: fixture["init.actor"],
                         firstMoment: fixture["after.actor.adam.m"], learningRate: learningRate, "actor", sourceLocation: sourceLocation)
        for (name, critic) in critics {
            expectMoments(critic.optimizer.firstMoments[0], fixture["after.\(name).adam.m"], "\(name) m", sourceLocation: sourceLocation)
            expectMoments(critic.optimizer.secondMoments[0], fixture["after.\(name).adam.v"], "\(name) v", sourceLocation: sourceLocation)
            expectParameters(critic.online.network.parameters, fixture["after.\(name).online"], initial: fixture["init.\(name).online"],
                             firstMoment: fixture["after.\(name).adam.m"], learningRate: learningRate, "\(name)",
                             sourceLocation: sourceLocation)
            // Polyak targets move by τ·(online − target): compare them at the scale of that move.
            let target = critic.target.network.parameters.array, expected = fixture["after.\(name).target"]
            let worst = zip(target, expected).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-6, "\(name) target: \(worst) from PyTorch", sourceLocation: sourceLocation)
        }
    }

    @Test("one SAC update, α fixed and α tuned, equals PyTorch's", arguments: [("sac", false), ("sac_auto_alpha", true)])
    func sac(name: String, autoAlpha: Bool) throws {
        let fixture = try Fixture(name)
        var generator = RandomSource(seed: 0)
        let learner = SAC(observationDimension: Self.observationDimension, actionDimension: Self.actionDimension,
                          hyperparameters: Self.hyperparameters(autoAlpha: autoAlpha), generator: &generator)
        let critics = [("critic1", learner.critic1), ("critic2", learner.critic2)]
        Self.load(critics, actor: learner.actor, from: fixture)
        let targetNoise = FloatBuffer(fixture["noise.target"]), actorNoise = FloatBuffer(fixture["noise.actor"])
        let losses = learner.update(batch: Self.batch(fixture), targetNoise: targetNoise.pointer, actorNoise: actorNoise.pointer)
        Self.expectLoss(losses.critic1, fixture.scalar("after.losses.critic1"), "critic1 loss")
        Self.expectLoss(losses.critic2, fixture.scalar("after.losses.critic2"), "critic2 loss")
        Self.expectLoss(losses.actor, fixture.scalar("after.losses.actor"), "actor loss")
        if autoAlpha {
            Self.expectLoss(try #require(losses.alpha), fixture.scalar("after.losses.alpha"), "α loss")
            Self.expectLoss(Double(learner.temperature.logAlpha[0]), fixture.scalar("after.logAlpha"), "log α")
        } else {
            #expect(losses.alpha == nil)
        }
        Self.expectSoftLearner(critics, actor: learner.actor, actorOptimizer: learner.actorOptimizer, fixture: fixture,
                               learningRate: 1e-3)
    }

    @Test("one SAC-AdaEnt update equals PyTorch's, switch decisions included")
    func sacAdaEnt() throws {
        let fixture = try Fixture("sac_adaent")
        var extra = SACAdaEnt.Extra()
        extra.entropySamples = 6
        extra.threshold = fixture.scalar("kappa")
        var generator = RandomSource(seed: 0)
        let learner = SACAdaEnt(observationDimension: Self.observationDimension, actionDimension: Self.actionDimension,
                                hyperparameters: Self.hyperparameters(autoAlpha: false), extra: extra, generator: &generator)
        let critics = [("critic1", learner.softCritic1), ("critic2", learner.softCritic2),
                       ("critic1_s", learner.plainCritic1), ("critic2_s", learner.plainCritic2)]
        Self.load(critics, actor: learner.actor, from: fixture)
        let targetNoise = FloatBuffer(fixture["noise.target"]), actorNoise = FloatBuffer(fixture["noise.actor"])
        let similarityNoise = FloatBuffer(fixture["noise.similarity"])
        let losses = learner.update(batch: Self.batch(fixture), targetNoise: targetNoise.pointer, actorNoise: actorNoise.pointer,
                                    similarityNoise: similarityNoise.pointer)
        #expect(learner.usesPlain.array == fixture["after.usesPlain"])
        // c(s) shifts N nearly equal Q values by their minimum, which cancels their common part: the
        // float32 rounding of Q (~10⁻⁷ relative, summed in another order by the split first layer)
        // becomes ~10⁻⁴ of the shifted vectors. The fixture's κ lies ≥ 5·10⁻⁴ from every c(s).
        let similarity = fixture["after.similarity"]
        for row in 0..<Self.rows {
            #expect(abs(learner.similarityTest.similarity[row] - similarity[row]) <= 1e-3, "c(s) at row \(row)")
        }
        Self.expectLoss(losses.surrogateRate, fixture.scalar("after.losses.surrogateRate"), "surrogate rate")
        for (name, value) in [("critic1", losses.critic1), ("critic2", losses.critic2), ("critic1_s", losses.critic1Plain),
                              ("critic2_s", losses.critic2Plain), ("actor", losses.actor)] {
            Self.expectLoss(value, fixture.scalar("after.losses.\(name)"), "\(name) loss")
        }
        Self.expectSoftLearner(critics, actor: learner.actor, actorOptimizer: learner.actorOptimizer, fixture: fixture,
                               learningRate: 1e-3)
    }

    @Test("one PPO minibatch step with clipped and unclipped samples equals PyTorch's")
    func ppo() throws {
        let fixture = try Fixture("ppo")
        var hyperparameters = PPO.Hyperparameters()
        hyperparameters.hidden = [8, 8]
        hyperparameters.stepPerCollect = Self.rows
        hyperparameters.minibatchSize = Self.rows
        hyperparameters.entropyCoefficient = 0.01
        var generator = RandomSource(seed: 0)
        let learner = PPO(observationDimension: Self.observationDimension, actionDimension: Self.actionDimension,
                          hyperparameters: hyperparameters, generator: &generator)
        learner.actor.network.parameters.copy(from: fixture["init.actor"])
        learner.actor.logStdParameter.copy(from: fixture["init.actor.logStd"])
        learner.critic.parameters.copy(from: fixture["init.critic"])
        let rollout = Rollout(environments: 2, stepsPerEnvironment: 4, observationDimension: Self.observationDimension,
                              actionDimension: Self.actionDimension)
        rollout.observations.copy(from: fixture["rollout.observations"])
        rollout.actions.copy(from: fixture["rollout.actions"])
        rollout.rewards.copy(from: fixture["rollout.rewards"])
        rollout.nextObservations.copy(from: fixture["rollout.nextObservations"])
        rollout.terminated.copy(from: fixture["rollout.terminated"])
        rollout.endsChain.copy(from: fixture["rollout.endsChain"])

        learner.computeAdvantages(rollout: rollout)
        Self.expectMoments(learner.advantages, fixture["after.advantages"], "advantages")
        Self.expectMoments(learner.returns, fixture["after.returns"], "returns")
        // log π_old of an earlier policy, so that some ratios leave [1 − ε, 1 + ε].
        learner.oldLogProbabilities.copy(from: fixture["oldLogProbabilities"])
        let losses = learner.minibatchStep(rollout: rollout, indices: ArraySlice(0..<Self.rows), computeGradient: true)
        learner.optimizer.step()
        for (name, value) in [("loss", losses.loss), ("clip", losses.clip), ("valueFunction", losses.valueFunction),
                              ("entropy", losses.entropy)] {
            Self.expectLoss(value, fixture.scalar("after.losses.\(name)"), name)
        }
        let parts: [(String, FloatBuffer)] = [("actor", learner.actor.network.parameters), ("logStd", learner.actor.logStdParameter),
                                              ("critic", learner.critic.parameters)]
        for (index, (name, parameters)) in parts.enumerated() {
            let stored = name == "logStd" ? "actor.logStd" : name
            Self.expectMoments(learner.optimizer.firstMoments[index], fixture["after.adam.m.\(name)"], "\(name) m")
            Self.expectMoments(learner.optimizer.secondMoments[index], fixture["after.adam.v.\(name)"], "\(name) v")
            Self.expectParameters(parameters, fixture["after.\(stored)"], initial: fixture["init.\(stored)"],
                                  firstMoment: fixture["after.adam.m.\(name)"], learningRate: 3e-4, name)
        }
    }
}
