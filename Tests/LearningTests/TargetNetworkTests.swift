import Foundation
@testable import Learning
import Randomness
import Testing

/// Target critics: every one of every algorithm follows θ̄ ← τθ + (1 − τ)θ̄ after each update
/// (docs/experiments.md §5.2 step 5, §6.2 step 5), and learning that depends on bootstrapping through them works.
@Suite("Target critics")
struct TargetNetworkTests {
    /// Runs one update with `update` and checks each `(name, critic)`'s target against the Polyak
    /// formula applied to the target before and the online network after the update.
    static func expectPolyak(_ critics: [(String, TrainedCritic)], tau: Double, update: () -> Void,
                             sourceLocation: SourceLocation = #_sourceLocation) {
        let before = critics.map { $0.1.target.network.parameters.array }
        update()
        let rate = Float(tau)
        for ((name, critic), old) in zip(critics, before) {
            let online = critic.online.network.parameters.array, target = critic.target.network.parameters.array
            let expected = zip(online, old).map { rate * $0 + (1 - rate) * $1 }
            let worst = zip(target, expected).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-7, "\(name): target off the Polyak average by \(worst)", sourceLocation: sourceLocation)
            #expect(target != old, "\(name): target did not move", sourceLocation: sourceLocation)
        }
    }

    static func desynchronisedTargets(_ critics: [TrainedCritic], seed: UInt64) {
        // Targets that differ from their online networks, as after training, so a missed or wrong
        // Polyak step shows at the scale of θ − θ̄ rather than of one Adam step.
        var generator = RandomSource(seed: seed)
        for critic in critics { critic.target.network.initializeLikePyTorch(using: &generator) }
    }

    @Test("SAC: both critics and both analysis critics", arguments: [false, true])
    func sac(autoAlpha: Bool) {
        var hyperparameters = SACTests.smallHyperparameters(autoAlpha: autoAlpha)
        hyperparameters.analysisPlainCritics = true
        hyperparameters.tau = 0.05
        var generator = RandomSource(seed: 21)
        let learner = SAC(observationDimension: 3, actionDimension: 2, hyperparameters: hyperparameters, generator: &generator)
        let critics = [("critic1", learner.critic1), ("critic2", learner.critic2),
                       ("plainCritic1", learner.plainCritics[0]), ("plainCritic2", learner.plainCritics[1])]
        Self.desynchronisedTargets(critics.map(\.1), seed: 22)
        let batch = SACTests.randomBatch(size: 8, observations: 3, actions: 2, seed: 23)
        Self.expectPolyak(critics, tau: 0.05) { _ = learner.update(batch: batch, generator: &generator) }
    }

    @Test("SAC-AdaEnt: the soft and the plain pair")
    func sacAdaEnt() {
        let learner = SACAdaEntTests.makeLearner(seed: 24)
        let critics = [("critic1", learner.softCritic1), ("critic2", learner.softCritic2),
                       ("critic1_s", learner.plainCritic1), ("critic2_s", learner.plainCritic2)]
        Self.desynchronisedTargets(critics.map(\.1), seed: 25)
        let batch = SACTests.randomBatch(size: 6, observations: 3, actions: 2, seed: 26)
        var generator = RandomSource(seed: 27)
        Self.expectPolyak(critics, tau: learner.hyperparameters.tau) { _ = learner.update(batch: batch, generator: &generator) }
    }

    /// Two-step task, observation (x, phase): at phase 0, x ~ U(−1, 1), reward 0, and the action a
    /// becomes the next state (a, 1); at phase 1 the reward is −(x − 0.6)² and the episode ends.
    /// The first action's value is γ·V(a, 1) = −γ(a − 0.6)² + const, learnt only by bootstrapping
    /// through the target critics, so a policy taking a ≈ 0.6 at phase 0 shows bootstrapping works.
    static func trainOnTwoStepTask(seed: UInt64, updates: Int) -> SAC {
        var hyperparameters = SAC.Hyperparameters()
        hyperparameters.hidden = [32, 32]
        hyperparameters.batchSize = 64
        hyperparameters.alpha = 0.01
        hyperparameters.tau = 0.02
        var generator = RandomSource(seed: seed)
        let sac = SAC(observationDimension: 2, actionDimension: 1, hyperparameters: hyperparameters, generator: &generator)
        let buffer = ReplayBuffer(capacity: 10_000, observationDimension: 2, actionDimension: 1)
        let batch = TransitionBatch(size: 64, observationDimension: 2, actionDimension: 1)
        let action = FloatBuffer(count: 1)
        func act(_ observation: [Float]) -> Float {
            observation.withUnsafeBufferPointer {
                sac.act(observations: $0.baseAddress!, rows: 1, deterministic: false, generator: &generator, into: action.pointer)
            }
            return action[0]
        }
        for _ in 0..<(updates / 2) {
            let start: [Float] = [Float(generator.uniform(-1, 1)), 0]
            let first = act(start)
            let middle: [Float] = [first, 1]
            buffer.add(observation: start, action: [first], reward: 0, nextObservation: middle, terminated: false)
            let second = act(middle)
            buffer.add(observation: middle, action: [second], reward: -(first - 0.6) * (first - 0.6), nextObservation: middle,
                       terminated: true)
            for _ in 0..<2 {
                buffer.sample(into: batch, using: &generator)
                _ = sac.update(batch: batch, generator: &generator)
            }
        }
        return sac
    }

    @Test("SAC learns through bootstrapped (non-terminal) transitions: a ≈ 0.6 at the first step")
    func learnsThroughBootstrapping() {
        let sac = Self.trainOnTwoStepTask(seed: 3, updates: 1500)
        var generator = RandomSource(seed: 0)
        let starts: [Float] = stride(from: -0.9, through: 0.9, by: 0.2).flatMap { [Float($0), 0] }
        let rows = starts.count / 2
        let actions = FloatBuffer(count: rows)
        starts.withUnsafeBufferPointer {
            sac.act(observations: $0.baseAddress!, rows: rows, deterministic: true, generator: &generator, into: actions.pointer)
        }
        let meanError = actions.array.map { abs(Double($0) - 0.6) }.reduce(0, +) / Double(rows)
        #expect(meanError < 0.1, "mean |a − 0.6| at the first step = \(meanError)")
    }
}
