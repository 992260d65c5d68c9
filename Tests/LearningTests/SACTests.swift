import Foundation
@testable import Learning
import Testing
import Randomness

@Suite("SAC")
struct SACTests {
    static func smallHyperparameters(autoAlpha: Bool = false) -> SAC.Hyperparameters {
        var hyperparameters = SAC.Hyperparameters()
        hyperparameters.hidden = [8, 8]
        hyperparameters.batchSize = 8
        hyperparameters.autoAlpha = autoAlpha
        return hyperparameters
    }

    /// A batch of random transitions, a third of them terminal.
    static func randomBatch(size: Int, observations: Int, actions: Int, seed: UInt64) -> TransitionBatch {
        let batch = TransitionBatch(size: size, observationDimension: observations, actionDimension: actions)
        var generator = RandomSource(seed: seed)
        generator.fillNormal(batch.observations.buffer)
        generator.fillNormal(batch.nextObservations.buffer)
        for index in 0..<batch.actions.count { batch.actions[index] = Float(generator.uniform(-1, 1)) }
        for row in 0..<size {
            batch.rewards[row] = Float(generator.normal())
            batch.terminated[row] = row % 3 == 0 ? 1 : 0
        }
        return batch
    }

    @Test("target y = r + γ(1 − term)[min(Q̄₁, Q̄₂)(s′, a′) − α log π(a′|s′)]")
    func targetFormula() {
        var generator = RandomSource(seed: 1)
        let sac = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.smallHyperparameters(), generator: &generator)
        let batch = Self.randomBatch(size: 8, observations: 3, actions: 2, seed: 2)
        let noise = gaussianBuffer(count: 16, seed: 3)
        sac.computeTargets(batch: batch, noise: noise.pointer)
        let targets = sac.targets.array
        sac.actor.computeDistribution(states: batch.nextObservations.pointer, rows: 8)
        sac.actor.sample(noise: noise.pointer)
        let q1 = Array(UnsafeBufferPointer(start: sac.critic1.target.values(states: batch.nextObservations.pointer, actions: sac.actor.actions.pointer, rows: 8), count: 8))
        let q2 = Array(UnsafeBufferPointer(start: sac.critic2.target.values(states: batch.nextObservations.pointer, actions: sac.actor.actions.pointer, rows: 8), count: 8))
        for row in 0..<8 {
            let bootstrap = Double(min(q1[row], q2[row])) - 0.2 * Double(sac.actor.logProbabilities[row])
            let expected = Double(batch.rewards[row]) + (row % 3 == 0 ? 0 : 0.99 * bootstrap)
            #expect(abs(Double(targets[row]) - expected) < 1e-5)
        }
    }

    @Test("critic loss gradient by finite differences")
    func criticGradient() {
        var generator = RandomSource(seed: 4)
        let sac = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.smallHyperparameters(), generator: &generator)
        let batch = Self.randomBatch(size: 8, observations: 3, actions: 2, seed: 5)
        let noise = gaussianBuffer(count: 16, seed: 6)
        sac.computeTargets(batch: batch, noise: noise.pointer)
        let critic = sac.critic1.online
        critic.values(states: batch.observations.pointer, actions: batch.actions.pointer, rows: 8)
        _ = critic.squaredErrorGradient(targets: sac.targets.pointer)
        let analytic = critic.network.gradients.array
        let result = GradientCheck(step: 1e-3).worstViolation(
            parameters: critic.network.parameters, analytic: analytic,
            indices: sampledIndices(count: analytic.count, limit: 200)
        ) {
            let q = critic.values(states: batch.observations.pointer, actions: batch.actions.pointer, rows: 8)
            return (0..<8).map { pow(Double(q[$0]) - Double(sac.targets[$0]), 2) }.reduce(0, +) / 8
        }
        #expect(result.violation <= 0, "parameter \(result.index): numeric \(result.numeric), analytic \(result.analytic)")
    }

    @Test("actor loss gradient (through log π and the minimising critic) by finite differences")
    func actorGradient() {
        var generator = RandomSource(seed: 7)
        let sac = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.smallHyperparameters(), generator: &generator)
        let batch = Self.randomBatch(size: 8, observations: 3, actions: 2, seed: 8)
        let noise = gaussianBuffer(count: 16, seed: 9)
        let critics = [sac.critic1.online, sac.critic2.online]
        func loss(gradient: Bool) -> Double {
            sac.objective.evaluate(states: batch.observations.pointer, rows: 8, noise: noise.pointer, alpha: 0.2,
                                   critics: critics, workers: .single, computeGradient: gradient)
        }
        _ = loss(gradient: true)
        let analytic = sac.actor.network.gradients.array
        let result = GradientCheck(step: 1e-3).worstViolation(
            parameters: sac.actor.network.parameters, analytic: analytic,
            indices: sampledIndices(count: analytic.count, limit: 200)) { loss(gradient: false) }
        #expect(result.violation <= 0, "parameter \(result.index): numeric \(result.numeric), analytic \(result.analytic)")
    }

    @Test("α loss gradient by finite differences; auto-α starts at α = 1 unless asked otherwise")
    func alphaGradient() {
        var generator = RandomSource(seed: 10)
        let sac = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: Self.smallHyperparameters(autoAlpha: true), generator: &generator)
        let temperature = sac.temperature
        #expect(sac.alpha == 1 && temperature.logAlpha[0] == 0)
        let logProbabilities = gaussianBuffer(count: 8, seed: 11)
        temperature.logAlpha[0] = 0.3
        _ = temperature.gradient(logProbabilities: logProbabilities.pointer, rows: 8)
        let result = GradientCheck(step: 1e-2).worstViolation(
            parameters: temperature.logAlpha, analytic: temperature.logAlphaGradient.array, indices: [0]
        ) { temperature.gradient(logProbabilities: logProbabilities.pointer, rows: 8) }
        #expect(result.violation <= 0, "numeric \(result.numeric), analytic \(result.analytic)")

        var fromAlpha = Self.smallHyperparameters(autoAlpha: true)
        fromAlpha.autoAlphaStartsAtAlpha = true
        let started = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: fromAlpha, generator: &generator)
        #expect(abs(started.alpha - 0.2) < 1e-6)
    }

    /// One-step task: observation s ~ U(−1, 1), reward −(a − s/2)², then the episode ends.
    static func trainOnHalvingTask(seed: UInt64, updates: Int, workers: Workers) -> SAC {
        var hyperparameters = SAC.Hyperparameters()
        hyperparameters.hidden = [32, 32]
        hyperparameters.batchSize = 64
        hyperparameters.alpha = 0.01
        var generator = RandomSource(seed: seed)
        let sac = SAC(observationDimension: 1, actionDimension: 1, hyperparameters: hyperparameters, workers: workers, generator: &generator)
        let buffer = ReplayBuffer(capacity: 10_000, observationDimension: 1, actionDimension: 1)
        let batch = TransitionBatch(size: 64, observationDimension: 1, actionDimension: 1)
        let action = FloatBuffer(count: 1)
        for _ in 0..<updates {
            let state = Float(generator.uniform(-1, 1))
            [state].withUnsafeBufferPointer {
                sac.act(observations: $0.baseAddress!, rows: 1, deterministic: false, generator: &generator, into: action.pointer)
            }
            let reward = -(action[0] - state / 2) * (action[0] - state / 2)
            buffer.add(observation: [state], action: [action[0]], reward: reward, nextObservation: [state], terminated: true)
            buffer.sample(into: batch, using: &generator)
            _ = sac.update(batch: batch, generator: &generator)
        }
        return sac
    }

    @Test("SAC learns a one-step task: a ≈ s/2")
    func learnsSmallTask() {
        let sac = Self.trainOnHalvingTask(seed: 3, updates: 1500, workers: .single)
        var generator = RandomSource(seed: 0)
        let states: [Float] = stride(from: -0.9, through: 0.9, by: 0.1).map { Float($0) }
        let actions = FloatBuffer(count: states.count)
        states.withUnsafeBufferPointer {
            sac.act(observations: $0.baseAddress!, rows: states.count, deterministic: true, generator: &generator, into: actions.pointer)
        }
        let meanError = zip(states, actions.array).map { abs(Double($1) - Double($0) / 2) }.reduce(0, +) / Double(states.count)
        #expect(meanError < 0.08, "mean |a − s/2| = \(meanError)")
    }

    @Test("determinism: same seed ⇒ identical parameters, with one worker or two")
    func determinism() {
        let first = Self.trainOnHalvingTask(seed: 5, updates: 60, workers: .single)
        let second = Self.trainOnHalvingTask(seed: 5, updates: 60, workers: .single)
        let parallel = Self.trainOnHalvingTask(seed: 5, updates: 60, workers: Workers(count: 2))
        var firstState = Checkpoint(), secondState = Checkpoint(), parallelState = Checkpoint()
        first.save(into: &firstState)
        second.save(into: &secondState)
        parallel.save(into: &parallelState)
        #expect(firstState.data == secondState.data)
        #expect(firstState.data == parallelState.data)
    }
}
