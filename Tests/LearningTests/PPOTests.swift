import Foundation
@testable import Learning
import Testing
import Randomness

@Suite("PPO")
struct PPOTests {
    static func makeLearner(std: GaussianActor.StdParameterization = .stateIndependent(initialLogStd: -0.5),
                            maxGradientNorm: Double = 0.5) -> PPO {
        var hyperparameters = PPO.Hyperparameters()
        hyperparameters.maxGradientNorm = maxGradientNorm
        hyperparameters.hidden = [8, 8]
        hyperparameters.stepPerCollect = 12
        hyperparameters.trainingEnvironments = 2
        hyperparameters.minibatchSize = 4
        hyperparameters.std = std
        var generator = RandomSource(seed: 1)
        return PPO(observationDimension: 3, actionDimension: 2, hyperparameters: hyperparameters, generator: &generator)
    }

    static func makeRollout(seed: UInt64) -> Rollout {
        let rollout = Rollout(environments: 2, stepsPerEnvironment: 6, observationDimension: 3, actionDimension: 2)
        var generator = RandomSource(seed: seed)
        generator.fillNormal(rollout.observations.buffer)
        generator.fillNormal(rollout.nextObservations.buffer)
        generator.fillNormal(rollout.actions.buffer)
        generator.fillNormal(rollout.rewards.buffer)
        rollout.terminated[2] = 1
        rollout.endsChain[2] = 1
        rollout.endsChain[8] = 1
        rollout.endsChain[5] = 1
        rollout.endsChain[11] = 1
        return rollout
    }

    @Test("GAE: V(s′) masked on termination, chains cut at every end flag, R = A + V(s)")
    func generalizedAdvantages() {
        let ppo = Self.makeLearner()
        let rollout = Self.makeRollout(seed: 2)
        ppo.computeAdvantages(rollout: rollout)
        let value = { (pointer: UnsafePointer<Float>, row: Int) -> Double in
            let workspace = ppo.critic.makeWorkspace(capacity: 1)
            return Double(ppo.critic.forward(pointer + row * 3, rows: 1, workspace: workspace)[0])
        }
        var advantage = 0.0
        for row in stride(from: 11, through: 0, by: -1) {
            let next = rollout.terminated[row] == 1 ? 0 : value(rollout.nextObservations.pointer, row)
            let delta = Double(rollout.rewards[row]) + 0.99 * next - value(rollout.observations.pointer, row)
            advantage = delta + (rollout.endsChain[row] == 1 ? 0 : 0.99 * 0.95 * advantage)
            #expect(abs(Double(ppo.advantages[row]) - advantage) < 1e-4)
            #expect(abs(Double(ppo.returns[row]) - (advantage + value(rollout.observations.pointer, row))) < 1e-4)
        }
    }

    @Test("clipped surrogate + value loss: gradient by finite differences, for both σ parameterisations")
    func lossGradient() {
        for std in [GaussianActor.StdParameterization.stateIndependent(initialLogStd: -0.5), .stateConditioned] {
            // No gradient-norm clipping here, so that the raw gradient is compared.
            let ppo = Self.makeLearner(std: std, maxGradientNorm: 1e9)
            let rollout = Self.makeRollout(seed: 3)
            ppo.computeAdvantages(rollout: rollout)
            ppo.actor.computeDistribution(states: rollout.observations.pointer, rows: 12)
            ppo.actor.logProbabilities(of: rollout.actions.pointer, into: ppo.oldLogProbabilities.pointer)
            // Move the policy away from π_old so that some ratios leave [1 − ε, 1 + ε].
            var generator = RandomSource(seed: 4)
            for index in 0..<ppo.actor.network.parameters.count { ppo.actor.network.parameters[index] += Float(generator.normal() * 0.3) }
            let indices = ArraySlice([0, 3, 5, 7, 8, 10])
            _ = ppo.minibatchStep(rollout: rollout, indices: indices, computeGradient: true)
            let ratios = indices.enumerated().map { exp(Double(ppo.logProbabilities[$0.offset]) - Double(ppo.oldLogProbabilities[$0.element])) }
            #expect(ratios.contains { abs($0 - 1) > 0.2 }, "no ratio outside the clip range: the test would miss the clipped branch")
            let loss = { ppo.minibatchStep(rollout: rollout, indices: indices, computeGradient: false).loss }
            for (buffer, gradient) in [(ppo.actor.network.parameters, ppo.actor.network.gradients.array),
                                       (ppo.actor.logStdParameter, ppo.actor.logStdGradient.array),
                                       (ppo.critic.parameters, ppo.critic.gradients.array)] where buffer.count > 0 {
                let result = GradientCheck(step: 1e-3).worstViolation(
                    parameters: buffer, analytic: gradient, indices: sampledIndices(count: buffer.count, limit: 150), loss: loss)
                #expect(result.violation <= 0, "\(std): parameter \(result.index): numeric \(result.numeric), analytic \(result.analytic)")
            }
        }
    }

    @Test("the global gradient norm is clipped to max-grad-norm")
    func gradientClipping() {
        let ppo = Self.makeLearner()
        let rollout = Self.makeRollout(seed: 5)
        ppo.computeAdvantages(rollout: rollout)
        ppo.actor.computeDistribution(states: rollout.observations.pointer, rows: 12)
        ppo.actor.logProbabilities(of: rollout.actions.pointer, into: ppo.oldLogProbabilities.pointer)
        for index in 0..<12 { ppo.advantages[index] *= 1000 }
        _ = ppo.minibatchStep(rollout: rollout, indices: ArraySlice(0..<8), computeGradient: true)
        let norm = [ppo.actor.network.gradients, ppo.actor.logStdGradient, ppo.critic.gradients]
            .flatMap(\.array).map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
        #expect(abs(norm - 0.5) < 1e-4)
    }

    @Test("minibatches: consecutive, a short last one merged")
    func minibatchSplit() {
        #expect(PPO.minibatches(count: 10, size: 4) == [0..<4, 4..<10])
        #expect(PPO.minibatches(count: 8, size: 4) == [0..<4, 4..<8])
        #expect(PPO.minibatches(count: 3, size: 4) == [0..<3])
    }
}
