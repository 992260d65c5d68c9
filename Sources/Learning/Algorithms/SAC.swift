import Foundation
import Randomness

/// SAC with a fixed or automatically tuned temperature α (docs/experiments.md §5; tianshou 0.5.0 `SACPolicy`).
///
/// One ``update(batch:generator:)`` is one gradient step of docs/experiments.md §5.2:
/// 1. target y = r + γ(1 − term)[min(Q̄₁, Q̄₂)(s′, a′) − α log π(a′|s′)], a′ ~ π(·|s′);
/// 2. critic 1 then critic 2: one Adam step each on mean (Q_j(s, ã) − y)²;
/// 3. actor: one Adam step on mean[α log π(â|s) − min(Q₁, Q₂)(s, â)] with a fresh â;
/// 4. auto-α only: one Adam step on −mean[log α · (log π(â|s) + H̄)], then α = exp(log α);
/// 5. Polyak averaging of both target critics.
///
/// With `analysisPlainCritics`, a second critic pair is trained alongside on the same batches and
/// next actions with the entropy-free target y = r + γ(1 − term) min(Q̄ᵖ₁, Q̄ᵖ₂)(s′, a′), for the
/// Q-landscapes of the reports. The actor never reads it, and its weights come from a separate
/// stream, so the policy is the same bytes with or without it.
public final class SAC: @unchecked Sendable {
    /// Every hyperparameter of the algorithm (docs/experiments.md §5.3); the defaults are the common column.
    public struct Hyperparameters: Sendable, Equatable, Codable {
        public var hidden: [Int] = [256, 256]
        public var actorLearningRate = 1e-3
        public var criticLearningRate = 1e-3
        /// γ.
        public var gamma = 0.99
        /// τ of the Polyak update.
        public var tau = 0.005
        public var batchSize = 256
        /// α when fixed; with `autoAlpha` only used when `autoAlphaStartsAtAlpha` is set.
        public var alpha = 0.2
        public var autoAlpha = false
        public var alphaLearningRate = 1e-3
        /// H̄; nil means −dim(𝒜).
        public var targetEntropy: Double?
        /// Start log α at log(`alpha`) instead of the reference's 0 (α = 1, docs/experiments.md §8.6).
        public var autoAlphaStartsAtAlpha = false
        /// Multiplies the log-σ head's initial weights and zeroes its bias (the toy scripts: 0.01).
        public var logStdHeadScale: Double?
        /// Also train a plain-Q critic pair for analysis only (nil or false: off). Optional so that
        /// configurations written before the option existed still read.
        public var analysisPlainCritics: Bool?

        public init() {}
    }

    /// The most observations one `act` call may take (test environments acting together).
    public static let actingCapacity = 64

    /// The quantities logged after an update, named as in the reference logs (docs/experiments.md §2.5).
    public struct Losses: Sendable, Equatable {
        public var actor: Double
        public var critic1: Double
        public var critic2: Double
        /// Only with auto-α.
        public var alpha: Double?
    }

    public let hyperparameters: Hyperparameters
    public let observationDimension: Int
    public let actionDimension: Int
    public let workers: Workers

    // Networks (docs/experiments.md §3).
    public let actor: SquashedGaussianActor
    public let actorOptimizer: Adam
    public let critic1: TrainedCritic
    public let critic2: TrainedCritic
    /// The analysis-only plain-Q pair (nil unless `analysisPlainCritics`).
    let plainPair: PlainCriticPair?
    /// The analysis-only plain-Q critics (empty unless `analysisPlainCritics`).
    public var plainCritics: [TrainedCritic] { plainPair?.critics ?? [] }
    /// The critics as arrays, built once so that an update allocates nothing.
    let critics: [TrainedCritic]
    let onlineCritics: [QNetwork]
    let targetCritics: [QNetwork]

    /// α, fixed or tuned.
    public let temperature: Temperature
    /// The current α.
    public var alpha: Float { temperature.alpha }

    // Scratch.
    let objective: ActorObjective
    let targets: FloatBuffer
    let noise: FloatBuffer
    let actorNoise: FloatBuffer

    /// A freshly initialised learner; `generator` supplies the initial weights.
    public init(observationDimension: Int, actionDimension: Int, hyperparameters: Hyperparameters,
                workers: Workers = .single, generator: inout RandomSource) {
        BLAS.useSingleThread()
        self.hyperparameters = hyperparameters
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        self.workers = workers
        let batch = hyperparameters.batchSize
        actor = SquashedGaussianActor(observationDimension: observationDimension, actionDimension: actionDimension,
                                      hyperparameters: hyperparameters, capacity: max(batch, Self.actingCapacity), generator: &generator)
        actorOptimizer = Adam(network: actor.network, settings: .init(learningRate: hyperparameters.actorLearningRate))
        critic1 = TrainedCritic(observationDimension: observationDimension, actionDimension: actionDimension,
                                hidden: hyperparameters.hidden, capacity: batch,
                                learningRate: hyperparameters.criticLearningRate, generator: &generator)
        critic2 = TrainedCritic(observationDimension: observationDimension, actionDimension: actionDimension,
                                hidden: hyperparameters.hidden, capacity: batch,
                                learningRate: hyperparameters.criticLearningRate, generator: &generator)
        temperature = Temperature(hyperparameters: hyperparameters, actionDimension: actionDimension)
        if hyperparameters.analysisPlainCritics == true {
            // Drawn from a stream derived from the generator's state without advancing it.
            var analysisGenerator = RandomSource.stream(seed: generator.state[0] ^ generator.state[2], purpose: 0x504C_4149_4E51)
            plainPair = PlainCriticPair(observationDimension: observationDimension, actionDimension: actionDimension,
                                        hyperparameters: hyperparameters, generator: &analysisGenerator)
        } else {
            plainPair = nil
        }
        critics = [critic1, critic2]
        onlineCritics = [critic1.online, critic2.online]
        targetCritics = [critic1.target, critic2.target]
        objective = ActorObjective(actor: actor, pairCount: 1)
        targets = FloatBuffer(count: batch)
        noise = FloatBuffer(count: max(batch, Self.actingCapacity) * actionDimension)
        actorNoise = FloatBuffer(count: batch * actionDimension)
    }

    /// y_plain of the analysis pair's last targets (empty without it).
    var plainTargets: FloatBuffer { plainPair?.targets ?? FloatBuffer(count: 0) }

    /// One gradient step on `batch` (docs/experiments.md §5.2); `generator` supplies the policy noise.
    public func update(batch: TransitionBatch, generator: inout RandomSource) -> Losses {
        let width = batch.size * actionDimension
        generator.fillNormal(UnsafeMutableBufferPointer(start: noise.pointer, count: width))
        generator.fillNormal(UnsafeMutableBufferPointer(start: actorNoise.pointer, count: width))
        return update(batch: batch, targetNoise: noise.pointer, actorNoise: actorNoise.pointer)
    }

    /// The gradient step with given noise ξ (`rows × d` each) for the next actions a′ of the target
    /// and the fresh actions â of the actor step.
    func update(batch: TransitionBatch, targetNoise: UnsafePointer<Float>, actorNoise: UnsafePointer<Float>) -> Losses {
        let rows = batch.size
        // 1. Target, without gradient, from one next-action sample per transition.
        computeTargets(batch: batch, noise: targetNoise)

        // 2. Critic 1, then critic 2 (independent given y, so they may run concurrently).
        let critics = self.critics, targets = self.targets
        workers.run(2) { index in
            critics[index].fit(states: batch.observations.pointer, actions: batch.actions.pointer, targets: targets.pointer, rows: rows)
        }

        // Analysis only: the plain pair, fitted to its own targets; nothing below reads it.
        plainPair?.fit(batch: batch, workers: workers)

        // 3. Actor, against the critics just updated.
        let actorLoss = objective.evaluate(
            states: batch.observations.pointer, rows: rows, noise: actorNoise, alpha: alpha,
            critics: onlineCritics, workers: workers, computeGradient: true)
        actorOptimizer.step()

        // 4. Temperature (auto-α only).
        let alphaLoss = temperature.update(logProbabilities: actor.logProbabilities.pointer, rows: rows)

        // 5. Target critics.
        critic1.updateTarget(tau: hyperparameters.tau)
        critic2.updateTarget(tau: hyperparameters.tau)
        plainPair?.updateTargets(tau: hyperparameters.tau)
        return Losses(actor: actorLoss, critic1: Double(critic1.lastLoss), critic2: Double(critic2.lastLoss), alpha: alphaLoss)
    }

    /// Step 1: y = r + γ(1 − term)[min(Q̄₁, Q̄₂)(s′, a′) − α log π(a′|s′)] into `targets`.
    func computeTargets(batch: TransitionBatch, noise: UnsafePointer<Float>) {
        let rows = batch.size
        actor.computeDistribution(states: batch.nextObservations.pointer, rows: rows)
        actor.sample(noise: noise)
        let nextActions = UnsafePointer(actor.actions.pointer)
        let targetCritics = self.targetCritics
        workers.run(2) { index in
            targetCritics[index].values(states: batch.nextObservations.pointer, actions: nextActions, rows: rows)
        }
        let q1 = targetCritics[0].lastValues, q2 = targetCritics[1].lastValues
        let gamma = Float(hyperparameters.gamma)
        for row in 0..<rows {
            let softValue = min(q1[row], q2[row]) - alpha * actor.logProbabilities[row]
            targets[row] = batch.rewards[row] + gamma * (1 - batch.terminated[row]) * softValue
        }
        plainPair?.computeTargets(batch: batch, nextActions: nextActions, gamma: gamma, workers: workers)
    }

    /// Writes actions for `rows` observations: the stochastic training action ã = tanh(μ + σξ), or the
    /// deterministic evaluation action tanh(μ) (docs/experiments.md §2.4). Actions are in [−1, 1]ᵈ.
    public func act(observations: UnsafePointer<Float>, rows: Int, deterministic: Bool, generator: inout RandomSource,
                    into output: UnsafeMutablePointer<Float>) {
        actor.act(observations: observations, rows: rows, deterministic: deterministic, generator: &generator,
                  noise: noise, into: output)
    }

    var checkpointParts: SoftLearnerCheckpoint {
        SoftLearnerCheckpoint(
            actor: actor, actorOptimizer: actorOptimizer, temperature: temperature,
            critics: [("critic1", critic1), ("critic2", critic2)]
                + plainCritics.enumerated().map { ("plainCritic\($0 + 1)", $1) })
    }

    /// The buffers a checkpoint must hold.
    public var stateBuffers: [(String, FloatBuffer)] { checkpointParts.stateBuffers }

    /// Stores the learner's whole state.
    public func save(into checkpoint: inout Checkpoint) { checkpointParts.save(into: &checkpoint) }

    /// Restores a state stored by `save(into:)`.
    public func restore(from checkpoint: Checkpoint) throws(CheckpointError) { try checkpointParts.restore(from: checkpoint) }
}
