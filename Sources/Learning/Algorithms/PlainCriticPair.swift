import Randomness

/// A clipped double-Q critic pair trained without the entropy term (docs/experiments.md §6.1–6.2):
/// SAC-AdaEnt's Qˢ₁, Qˢ₂, and SAC's analysis-only plain critics.
///
/// Each update, given the next actions a′ the soft target already drew:
/// 1. y_plain = r + γ(1 − term) min(Q̄ˢ₁, Q̄ˢ₂)(s′, a′);
/// 2. one Adam step of each critic on mean (Qˢⱼ(s, ã) − y_plain)²;
/// 3. Polyak averaging of both targets.
final class PlainCriticPair: @unchecked Sendable {
    let first: TrainedCritic
    let second: TrainedCritic
    /// Both critics, built once so that an update allocates nothing.
    let critics: [TrainedCritic]
    let targetNetworks: [QNetwork]
    /// y_plain of the last ``computeTargets(batch:nextActions:gamma:workers:)``.
    let targets: FloatBuffer

    /// Two freshly initialised critics, their weights drawn from `generator` in order.
    init(observationDimension: Int, actionDimension: Int, hyperparameters: SAC.Hyperparameters, generator: inout RandomSource) {
        func makeCritic() -> TrainedCritic {
            TrainedCritic(observationDimension: observationDimension, actionDimension: actionDimension,
                          hidden: hyperparameters.hidden, capacity: hyperparameters.batchSize,
                          learningRate: hyperparameters.criticLearningRate, generator: &generator)
        }
        first = makeCritic()
        second = makeCritic()
        critics = [first, second]
        targetNetworks = critics.map(\.target)
        targets = FloatBuffer(count: hyperparameters.batchSize)
    }

    /// Step 1: y_plain from the batch and the next actions a′ (`rows × d`).
    func computeTargets(batch: TransitionBatch, nextActions: UnsafePointer<Float>, gamma: Float, workers: Workers) {
        let rows = batch.size
        let targetNetworks = self.targetNetworks
        workers.run(2) { index in
            targetNetworks[index].values(states: batch.nextObservations.pointer, actions: nextActions, rows: rows)
        }
        let q1 = targetNetworks[0].lastValues, q2 = targetNetworks[1].lastValues
        for row in 0..<rows {
            targets[row] = batch.rewards[row] + gamma * (1 - batch.terminated[row]) * min(q1[row], q2[row])
        }
    }

    /// Step 2: one Adam step of each critic on its squared error to y_plain; the losses stay in the
    /// critics' ``TrainedCritic/lastLoss``.
    func fit(batch: TransitionBatch, workers: Workers) {
        let critics = self.critics, targets = self.targets
        workers.run(2) { index in
            critics[index].fit(states: batch.observations.pointer, actions: batch.actions.pointer, targets: targets.pointer,
                               rows: batch.size)
        }
    }

    /// Step 3: θ̄ ← τθ + (1 − τ)θ̄ for both critics.
    func updateTargets(tau: Double) {
        for critic in critics { critic.updateTarget(tau: tau) }
    }
}
