import Foundation
import Randomness

/// SAC-AdaEnt (docs/experiments.md §6; the repository's `policy/sac_adaent.py`): SAC with a second, plain critic
/// pair trained without the entropy term, and a per-state switch that lets the actor follow the
/// plain critics where the soft and plain Q landscapes disagree.
///
/// One ``update(batch:generator:)`` is one gradient step of docs/experiments.md §6.2:
/// 1. targets from one shared next action a′ ~ π(·|s′):
///    y_soft = r + γ(1 − term)[min(Q̄₁, Q̄₂)(s′, a′) − α log π(a′|s′)],
///    y_plain = r + γ(1 − term) min(Q̄ˢ₁, Q̄ˢ₂)(s′, a′);
/// 2. critics Q₁, Q₂ (to y_soft) and the ``PlainCriticPair`` Qˢ₁, Qˢ₂ (to y_plain): one Adam step
///    each, independent of one another given the targets;
/// 3. actor: per state, the cosine similarity c(s) of the min-shifted soft and plain Q vectors over
///    N sampled actions; the actor loss mean[α log π(â|s) − Q^act(s, â)] uses the plain pair where
///    c(s) < κ and the soft pair elsewhere;
/// 4. auto-α as SAC (if enabled);
/// 5. Polyak averaging of all four target critics.
public final class SACAdaEnt: @unchecked Sendable {
    /// The settings AdaEnt adds to SAC's (docs/experiments.md §6.3).
    public struct Extra: Sendable, Equatable, Codable {
        /// N, the actions sampled per state for the similarity test (`entropy_n_sample`).
        public var entropySamples = 100
        /// κ (`entropy_dist_threshold`): c(s) < κ ⇒ the plain critics drive the actor at s.
        public var threshold = 0.9
        /// The reference's `baseline` flag: always use the soft critics (plain ones still trained).
        public var baseline = false

        public init() {}
    }

    /// The quantities logged after an update, named as in the reference logs (docs/experiments.md §2.5).
    public struct Losses: Sendable, Equatable {
        public var actor: Double
        public var critic1: Double
        public var critic2: Double
        public var critic1Plain: Double
        public var critic2Plain: Double
        /// The fraction of batch states whose actor loss used the plain critics.
        public var surrogateRate: Double
        public var alpha: Double?
    }

    public let hyperparameters: SAC.Hyperparameters
    public let extra: Extra
    public let observationDimension: Int
    public let actionDimension: Int
    public let workers: Workers

    // Networks (docs/experiments.md §6.1).
    public let actor: SquashedGaussianActor
    public let actorOptimizer: Adam
    /// Q₁, Q₂: trained with the entropy term.
    public let softCritic1: TrainedCritic
    public let softCritic2: TrainedCritic
    /// Qˢ₁, Qˢ₂: trained without it.
    let plainPair: PlainCriticPair
    public var plainCritic1: TrainedCritic { plainPair.first }
    public var plainCritic2: TrainedCritic { plainPair.second }

    /// α, fixed or tuned as in SAC.
    public let temperature: Temperature
    /// The current α.
    public var alpha: Float { temperature.alpha }

    // Scratch.
    let objective: ActorObjective
    let similarityTest: CriticSimilarity
    let softTargets: FloatBuffer
    let noise: FloatBuffer
    let actorNoise: FloatBuffer
    let similarityNoise: FloatBuffer
    /// 1 where the state's actor loss uses the plain pair.
    let usesPlain: FloatBuffer

    public init(observationDimension: Int, actionDimension: Int, hyperparameters: SAC.Hyperparameters, extra: Extra,
                workers: Workers = .single, generator: inout RandomSource) {
        BLAS.useSingleThread()
        self.hyperparameters = hyperparameters
        self.extra = extra
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        self.workers = workers
        let batch = hyperparameters.batchSize
        actor = SquashedGaussianActor(observationDimension: observationDimension, actionDimension: actionDimension,
                                      hyperparameters: hyperparameters, capacity: max(batch, SAC.actingCapacity), generator: &generator)
        actorOptimizer = Adam(network: actor.network, settings: .init(learningRate: hyperparameters.actorLearningRate))
        softCritic1 = TrainedCritic(observationDimension: observationDimension, actionDimension: actionDimension,
                                    hidden: hyperparameters.hidden, capacity: batch,
                                    learningRate: hyperparameters.criticLearningRate, generator: &generator)
        softCritic2 = TrainedCritic(observationDimension: observationDimension, actionDimension: actionDimension,
                                    hidden: hyperparameters.hidden, capacity: batch,
                                    learningRate: hyperparameters.criticLearningRate, generator: &generator)
        plainPair = PlainCriticPair(observationDimension: observationDimension, actionDimension: actionDimension,
                                    hyperparameters: hyperparameters, generator: &generator)
        temperature = Temperature(hyperparameters: hyperparameters, actionDimension: actionDimension)
        softCritics = [softCritic1, softCritic2]
        softTargetNetworks = softCritics.map(\.target)
        onlineCritics = (softCritics + plainPair.critics).map(\.online)
        objective = ActorObjective(actor: actor, pairCount: 2)
        similarityTest = CriticSimilarity(critics: onlineCritics, samples: extra.entropySamples, batchSize: batch, workers: workers)
        softTargets = FloatBuffer(count: batch)
        noise = FloatBuffer(count: max(batch, SAC.actingCapacity) * actionDimension)
        actorNoise = FloatBuffer(count: batch * actionDimension)
        similarityNoise = FloatBuffer(count: batch * extra.entropySamples * actionDimension)
        usesPlain = FloatBuffer(count: batch)
    }

    /// The soft pair, built once so that an update allocates nothing.
    let softCritics: [TrainedCritic]
    let softTargetNetworks: [QNetwork]
    /// Soft pair then plain pair: what the similarity test and the actor objective read.
    let onlineCritics: [QNetwork]
    /// y_plain of the last targets.
    var plainTargets: FloatBuffer { plainPair.targets }

    /// One gradient step on `batch` (docs/experiments.md §6.2); `generator` supplies the policy noise.
    public func update(batch: TransitionBatch, generator: inout RandomSource) -> Losses {
        let width = batch.size * actionDimension
        generator.fillNormal(UnsafeMutableBufferPointer(start: noise.pointer, count: width))
        generator.fillNormal(UnsafeMutableBufferPointer(start: actorNoise.pointer, count: width))
        generator.fillNormal(UnsafeMutableBufferPointer(start: similarityNoise.pointer, count: width * extra.entropySamples))
        return update(batch: batch, targetNoise: noise.pointer, actorNoise: actorNoise.pointer,
                      similarityNoise: similarityNoise.pointer)
    }

    /// The gradient step with given noise ξ for the next actions a′ of the targets (`rows × d`), the
    /// fresh actions â of the actor step (`rows × d`) and the similarity test's samples (`rows × N × d`).
    func update(batch: TransitionBatch, targetNoise: UnsafePointer<Float>, actorNoise: UnsafePointer<Float>,
                similarityNoise: UnsafePointer<Float>) -> Losses {
        let rows = batch.size
        // 1. Both targets from one shared next action.
        computeTargets(batch: batch, noise: targetNoise)

        // 2. Q₁, Q₂ to y_soft and Qˢ₁, Qˢ₂ to y_plain (independent given the targets, so they may run concurrently).
        let softCritics = self.softCritics, softTargets = self.softTargets
        workers.run(2) { index in
            softCritics[index].fit(states: batch.observations.pointer, actions: batch.actions.pointer, targets: softTargets.pointer,
                                   rows: rows)
        }
        plainPair.fit(batch: batch, workers: workers)

        // 3. Actor: fresh â, the similarity test, then the switched loss.
        let surrogateRate = chooseCritics(states: batch.observations.pointer, rows: rows, noise: similarityNoise)
        let actorLoss = actorObjective(states: batch.observations.pointer, rows: rows, noise: actorNoise, computeGradient: true)
        actorOptimizer.step()

        // 4. Temperature (auto-α only).
        let alphaLoss = temperature.update(logProbabilities: actor.logProbabilities.pointer, rows: rows)

        // 5. All four target critics.
        for critic in softCritics { critic.updateTarget(tau: hyperparameters.tau) }
        plainPair.updateTargets(tau: hyperparameters.tau)
        return Losses(actor: actorLoss, critic1: Double(softCritic1.lastLoss), critic2: Double(softCritic2.lastLoss),
                      critic1Plain: Double(plainCritic1.lastLoss), critic2Plain: Double(plainCritic2.lastLoss),
                      surrogateRate: surrogateRate, alpha: alphaLoss)
    }

    /// Step 1: y_soft and y_plain from one shared next action sampled with `noise`.
    func computeTargets(batch: TransitionBatch, noise: UnsafePointer<Float>) {
        let rows = batch.size
        actor.computeDistribution(states: batch.nextObservations.pointer, rows: rows)
        actor.sample(noise: noise)
        let nextActions = UnsafePointer(actor.actions.pointer)
        let softTargetNetworks = self.softTargetNetworks
        workers.run(2) { index in
            softTargetNetworks[index].values(states: batch.nextObservations.pointer, actions: nextActions, rows: rows)
        }
        let soft1 = softTargetNetworks[0].lastValues, soft2 = softTargetNetworks[1].lastValues
        let gamma = Float(hyperparameters.gamma)
        for row in 0..<rows {
            let softValue = min(soft1[row], soft2[row]) - alpha * actor.logProbabilities[row]
            softTargets[row] = batch.rewards[row] + gamma * (1 - batch.terminated[row]) * softValue
        }
        plainPair.computeTargets(batch: batch, nextActions: nextActions, gamma: gamma, workers: workers)
    }

    /// The similarity test and threshold rule: sets `usesPlain` and returns the surrogate rate.
    func chooseCritics(states: UnsafePointer<Float>, rows: Int, noise: UnsafePointer<Float>) -> Double {
        // The reference's baseline always follows the soft pair: no similarity to compute.
        guard !extra.baseline else {
            usesPlain.fill(0)
            return 0
        }
        actor.computeDistribution(states: states, rows: rows)
        similarityTest.test(states: states, rows: rows, actor: actor, noise: noise)
        var plainCount = 0
        for row in 0..<rows {
            let plain = Double(similarityTest.similarity[row]) < extra.threshold
            usesPlain[row] = plain ? 1 : 0
            if plain { plainCount += 1 }
        }
        return Double(plainCount) / Double(rows)
    }

    /// The threshold rule's choice at each of `rows` states, true where c(s) < κ puts the plain
    /// critics in charge, with `noise` (`rows × N × d`) for the similarity test's sampled actions:
    /// the training switch, for analysis. Changes no parameter.
    public func choosesPlainCritics(states: UnsafePointer<Float>, rows: Int, noise: UnsafePointer<Float>) -> [Bool] {
        precondition(rows <= hyperparameters.batchSize, "choosesPlainCritics: at most one batch of states")
        actor.computeDistribution(states: states, rows: rows)
        similarityTest.test(states: states, rows: rows, actor: actor, noise: noise)
        return (0..<rows).map { Double(similarityTest.similarity[$0]) < extra.threshold }
    }

    /// c(s) of two Q vectors over the same N sampled actions: the cosine similarity after shifting
    /// each by its own minimum, norms floored at 10⁻⁸ (docs/experiments.md §6.2).
    public static func shiftedCosine(soft: [Float], plain: [Float]) -> Double {
        precondition(soft.count == plain.count, "shiftedCosine: the vectors differ in length")
        return CriticSimilarity.shiftedCosine(soft: { soft[$0] }, plain: { plain[$0] }, count: soft.count)
    }

    /// L_π = mean[α log π(â|s) − Q^act(s, â)] with the pairs chosen by `chooseCritics`.
    func actorObjective(states: UnsafePointer<Float>, rows: Int, noise: UnsafePointer<Float>, computeGradient: Bool) -> Double {
        let usesPlain = self.usesPlain
        return objective.evaluate(
            states: states, rows: rows, noise: noise, alpha: alpha,
            critics: onlineCritics, workers: workers, computeGradient: computeGradient, usesPair: { usesPlain[$0] == 1 ? 1 : 0 })
    }

    /// Writes actions for `rows` observations, as ``SAC/act(observations:rows:deterministic:generator:into:)``.
    public func act(observations: UnsafePointer<Float>, rows: Int, deterministic: Bool, generator: inout RandomSource,
                    into output: UnsafeMutablePointer<Float>) {
        actor.act(observations: observations, rows: rows, deterministic: deterministic, generator: &generator,
                  noise: noise, into: output)
    }

    var checkpointParts: SoftLearnerCheckpoint {
        SoftLearnerCheckpoint(
            actor: actor, actorOptimizer: actorOptimizer, temperature: temperature,
            critics: [("critic1", softCritic1), ("critic2", softCritic2), ("critic1_s", plainCritic1), ("critic2_s", plainCritic2)])
    }

    /// The buffers a checkpoint must hold.
    public var stateBuffers: [(String, FloatBuffer)] { checkpointParts.stateBuffers }

    /// Stores the learner's whole state.
    public func save(into checkpoint: inout Checkpoint) { checkpointParts.save(into: &checkpoint) }

    /// Restores a state stored by `save(into:)`.
    public func restore(from checkpoint: Checkpoint) throws(CheckpointError) { try checkpointParts.restore(from: checkpoint) }
}
