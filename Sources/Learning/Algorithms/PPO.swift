import Foundation
import Randomness

/// PPO as tianshou 0.5.0's `PPOPolicy` with the flags of the reference scripts (docs/experiments.md §4): GAE,
/// the clipped surrogate, an unclipped value loss, one Adam over actor and critic with global
/// gradient-norm clipping, advantages recomputed before every pass but the first, no advantage or
/// reward normalisation, raw Gaussian actions.
///
/// One ``update(rollout:generator:)`` consumes one collection of `stepPerCollect` steps:
/// 1.–3. V(s), V(s′) (zeroed where the step terminated), GAE with the chain cut at every episode
///       end and at each environment's last stored step, returns R = A + V(s);
/// 4.    log π_old(a|s) once;
/// 5.    `repeatPerCollect` passes of shuffled minibatches, each one Adam step on
///       L = −mean min(ρA, clip(ρ, 1 ± ε)A) + c_v·mean(R − V(s))² − c_e·mean 𝓗(π).
public final class PPO: @unchecked Sendable {
    /// Every hyperparameter of the algorithm (docs/experiments.md §4.2); the defaults are the common column.
    public struct Hyperparameters: Sendable, Equatable, Codable {
        public var hidden: [Int] = [256, 256]
        public var learningRate = 3e-4
        /// γ.
        public var gamma = 0.99
        /// λ of GAE.
        public var gaeLambda = 0.95
        /// ε of the clipped surrogate.
        public var clipRange = 0.2
        /// c_v.
        public var valueCoefficient = 0.25
        /// c_e.
        public var entropyCoefficient = 0.0
        public var maxGradientNorm = 0.5
        public var stepPerCollect = 2048
        public var repeatPerCollect = 10
        public var minibatchSize = 64
        public var trainingEnvironments = 16
        public var std = GaussianActor.StdParameterization.stateIndependent(initialLogStd: -0.5)
        public var recomputeAdvantage = true

        public init() {}
    }

    /// The quantities logged after an update (docs/experiments.md §2.5), means over its minibatches.
    public struct Losses: Sendable, Equatable {
        public var loss: Double
        public var clip: Double
        public var valueFunction: Double
        public var entropy: Double
    }

    /// The real number of env steps per epoch: whole collections until `stepPerEpoch` is reached.
    public static func stepsPerEpoch(stepPerEpoch: Int, stepPerCollect: Int) -> Int {
        (stepPerEpoch + stepPerCollect - 1) / stepPerCollect * stepPerCollect
    }

    public let hyperparameters: Hyperparameters
    public let observationDimension: Int
    public let actionDimension: Int

    // Networks (docs/experiments.md §3) and the single optimiser.
    public let actor: GaussianActor
    public let critic: MLP
    let criticWorkspace: MLPWorkspace
    public let optimizer: Adam

    // The rollout's derived arrays.
    let values: FloatBuffer
    let nextValues: FloatBuffer
    let advantages: FloatBuffer
    let returns: FloatBuffer
    let oldLogProbabilities: FloatBuffer

    // Minibatch scratch.
    let minibatchObservations: FloatBuffer
    let minibatchActions: FloatBuffer
    let logProbabilities: FloatBuffer
    let logProbabilityGradient: FloatBuffer
    let entropyGradient: FloatBuffer
    let valueGradient: FloatBuffer
    var order: [Int]

    public init(observationDimension: Int, actionDimension: Int, hyperparameters: Hyperparameters, generator: inout RandomSource) {
        BLAS.useSingleThread()
        self.hyperparameters = hyperparameters
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        let steps = hyperparameters.stepPerCollect
        actor = GaussianActor(observationDimension: observationDimension, actionDimension: actionDimension,
                              hidden: hyperparameters.hidden, std: hyperparameters.std, capacity: steps)
        actor.initializeForPPO(using: &generator)
        critic = MLP(shape: MLPShape(inputs: observationDimension, hidden: hyperparameters.hidden, outputs: 1, activation: .tanh))
        critic.initializeOrthogonal(gain: 2.0.squareRoot(), using: &generator)
        criticWorkspace = critic.makeWorkspace(capacity: steps)
        optimizer = Adam(parameters: [actor.network.parameters, actor.logStdParameter, critic.parameters],
                         gradients: [actor.network.gradients, actor.logStdGradient, critic.gradients],
                         settings: .init(learningRate: hyperparameters.learningRate))
        values = FloatBuffer(count: steps)
        nextValues = FloatBuffer(count: steps)
        advantages = FloatBuffer(count: steps)
        returns = FloatBuffer(count: steps)
        oldLogProbabilities = FloatBuffer(count: steps)
        let largestMinibatch = min(steps, 2 * hyperparameters.minibatchSize)
        minibatchObservations = FloatBuffer(count: largestMinibatch * observationDimension)
        minibatchActions = FloatBuffer(count: largestMinibatch * actionDimension)
        logProbabilities = FloatBuffer(count: steps)
        logProbabilityGradient = FloatBuffer(count: largestMinibatch)
        entropyGradient = FloatBuffer(count: largestMinibatch)
        valueGradient = FloatBuffer(count: largestMinibatch)
        order = Array(0..<steps)
    }

    /// One PPO update on a full rollout (docs/experiments.md §4.1); `generator` supplies the minibatch shuffles.
    public func update(rollout: Rollout, generator: inout RandomSource) -> Losses {
        let count = rollout.count
        // 1.–3. Values, GAE and returns.
        computeAdvantages(rollout: rollout)
        // 4. log π_old, once, with the pre-update policy.
        actor.computeDistribution(states: rollout.observations.pointer, rows: count)
        actor.logProbabilities(of: rollout.actions.pointer, into: oldLogProbabilities.pointer)

        // 5. Passes of shuffled minibatches.
        var totals = (loss: 0.0, clip: 0.0, valueFunction: 0.0, entropy: 0.0)
        var minibatchCount = 0
        for pass in 0..<hyperparameters.repeatPerCollect {
            if hyperparameters.recomputeAdvantage && pass > 0 {
                computeAdvantages(rollout: rollout)
            }
            shuffleOrder(count: count, generator: &generator)
            for range in Self.minibatches(count: count, size: hyperparameters.minibatchSize) {
                let losses = minibatchStep(rollout: rollout, indices: order[range], computeGradient: true)
                optimizer.step()
                totals.loss += losses.loss
                totals.clip += losses.clip
                totals.valueFunction += losses.valueFunction
                totals.entropy += losses.entropy
                minibatchCount += 1
            }
        }
        let scale = 1 / Double(minibatchCount)
        return Losses(loss: totals.loss * scale, clip: totals.clip * scale,
                      valueFunction: totals.valueFunction * scale, entropy: totals.entropy * scale)
    }

    /// Steps 1–3: V(s), V(s′)·(1 − terminated), δ, A (backwards, cut at episode ends), R = A + V(s).
    func computeAdvantages(rollout: Rollout) {
        let count = rollout.count
        let computed = critic.forward(rollout.observations.pointer, rows: count, workspace: criticWorkspace)
        values.pointer.update(from: computed, count: count)
        let computedNext = critic.forward(rollout.nextObservations.pointer, rows: count, workspace: criticWorkspace)
        nextValues.pointer.update(from: computedNext, count: count)
        let gamma = Float(hyperparameters.gamma)
        let discount = gamma * Float(hyperparameters.gaeLambda)
        var advantage: Float = 0
        for index in stride(from: count - 1, through: 0, by: -1) {
            let bootstrap = rollout.terminated[index] == 1 ? 0 : nextValues[index]
            let delta = rollout.rewards[index] + gamma * bootstrap - values[index]
            let continues: Float = rollout.endsChain[index] == 1 ? 0 : 1
            advantage = delta + discount * continues * advantage
            advantages[index] = advantage
            returns[index] = advantage + values[index]
        }
    }

    /// The loss terms of one minibatch; with `computeGradient`, the clipped global gradient of
    /// L = L_clip + c_v·L_V − c_e·𝓗 in the networks' gradient buffers.
    func minibatchStep(rollout: Rollout, indices: ArraySlice<Int>, computeGradient: Bool) -> Losses {
        let rows = indices.count
        precondition(rows <= logProbabilityGradient.count, "PPO.minibatchStep: \(rows) rows exceed the minibatch capacity")
        let o = observationDimension, d = actionDimension
        for (row, index) in indices.enumerated() {
            (minibatchObservations.pointer + row * o).update(from: rollout.observations.pointer + index * o, count: o)
            (minibatchActions.pointer + row * d).update(from: rollout.actions.pointer + index * d, count: d)
        }
        actor.computeDistribution(states: minibatchObservations.pointer, rows: rows)
        actor.logProbabilities(of: minibatchActions.pointer, into: logProbabilities.pointer)
        let value = critic.forward(minibatchObservations.pointer, rows: rows, workspace: criticWorkspace)

        let epsilon = Float(hyperparameters.clipRange)
        let valueCoefficient = Float(hyperparameters.valueCoefficient)
        let entropyCoefficient = Float(hyperparameters.entropyCoefficient)
        let inverseRows = 1 / Float(rows)
        var clipLoss = 0.0, valueLoss = 0.0, entropy = 0.0
        for (row, index) in indices.enumerated() {
            let advantage = advantages[index]
            let ratio = Foundation.exp(logProbabilities[row] - oldLogProbabilities[index])
            let unclipped = ratio * advantage
            let clipped = min(max(ratio, 1 - epsilon), 1 + epsilon) * advantage
            clipLoss -= Double(min(unclipped, clipped))
            // The minimum's gradient flows through ρ unless the clipped branch is strictly smaller
            // and constant there (ρ outside [1 − ε, 1 + ε]).
            let ratioIsFree = unclipped <= clipped || (1 - epsilon...1 + epsilon).contains(ratio)
            logProbabilityGradient[row] = ratioIsFree ? -inverseRows * unclipped : 0
            let error = returns[index] - value[row]
            valueLoss += Double(error) * Double(error)
            valueGradient[row] = -2 * valueCoefficient * inverseRows * error
            entropy += Double(actor.entropy(row: row))
            entropyGradient[row] = -entropyCoefficient * inverseRows
        }
        clipLoss /= Double(rows)
        valueLoss /= Double(rows)
        entropy /= Double(rows)
        if computeGradient {
            actor.backward(actions: minibatchActions.pointer, logProbabilityGradient: logProbabilityGradient.pointer,
                           entropyGradient: entropyGradient.pointer)
            critic.backward(outputGradient: valueGradient.pointer, workspace: criticWorkspace, parameterGradients: true, inputGradient: nil)
            clipGradientNorm([actor.network.gradients, actor.logStdGradient, critic.gradients], maxNorm: hyperparameters.maxGradientNorm)
        }
        let loss = clipLoss + Double(valueCoefficient) * valueLoss - Double(entropyCoefficient) * entropy
        return Losses(loss: loss, clip: clipLoss, valueFunction: valueLoss, entropy: entropy)
    }

    /// Fisher–Yates shuffle of `order[0..<count]`.
    func shuffleOrder(count: Int, generator: inout RandomSource) {
        for index in 0..<count { order[index] = index }
        for index in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(index, generator.index(below: index + 1))
        }
    }

    /// Consecutive ranges of `size`, a short last one merged into its predecessor (tianshou's
    /// `split(merge_last=True)`).
    static func minibatches(count: Int, size: Int) -> [Range<Int>] {
        var ranges = stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
        if ranges.count > 1, let last = ranges.last, last.count < size {
            ranges.removeLast()
            ranges[ranges.count - 1] = ranges[ranges.count - 1].lowerBound..<count
        }
        return ranges
    }

    /// Draws raw actions a = μ(s) + σξ, or (evaluation) the same stochastic sample (docs/experiments.md §2.4:
    /// PPO evaluation is stochastic).
    public func act(observations: UnsafePointer<Float>, rows: Int, noise: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        actor.computeDistribution(states: observations, rows: rows)
        actor.sample(noise: noise, into: output)
    }

    /// The buffers a checkpoint must hold.
    public var stateBuffers: [(String, FloatBuffer)] {
        [("actor", actor.network.parameters), ("actor.logStd", actor.logStdParameter), ("critic", critic.parameters),
         ("adam.m.actor", optimizer.firstMoments[0]), ("adam.m.logStd", optimizer.firstMoments[1]),
         ("adam.m.critic", optimizer.firstMoments[2]), ("adam.v.actor", optimizer.secondMoments[0]),
         ("adam.v.logStd", optimizer.secondMoments[1]), ("adam.v.critic", optimizer.secondMoments[2])]
    }

    public func save(into checkpoint: inout Checkpoint) {
        checkpoint.store(stateBuffers)
        checkpoint.integers["adam.steps"] = optimizer.stepCount
    }

    public func restore(from checkpoint: Checkpoint) throws(CheckpointError) {
        try checkpoint.restore(stateBuffers)
        optimizer.stepCount = try checkpoint.integer("adam.steps")
    }
}

/// One collection of on-policy steps, environment-major (docs/experiments.md §2.3: the per-environment
/// sub-buffers of tianshou's `VectorReplayBuffer`, in buffer order).
public final class Rollout: @unchecked Sendable {
    public let environments: Int
    public let stepsPerEnvironment: Int
    public var count: Int { environments * stepsPerEnvironment }
    public let observations: FloatBuffer
    public let actions: FloatBuffer
    public let rewards: FloatBuffer
    public let nextObservations: FloatBuffer
    /// 1 where the step terminated (V(s′) is not bootstrapped).
    public let terminated: FloatBuffer
    /// 1 where the GAE chain is cut: terminated, truncated, or the environment's last stored step.
    public let endsChain: FloatBuffer

    public init(environments: Int, stepsPerEnvironment: Int, observationDimension: Int, actionDimension: Int) {
        self.environments = environments
        self.stepsPerEnvironment = stepsPerEnvironment
        let count = environments * stepsPerEnvironment
        observations = FloatBuffer(count: count * observationDimension)
        actions = FloatBuffer(count: count * actionDimension)
        rewards = FloatBuffer(count: count)
        nextObservations = FloatBuffer(count: count * observationDimension)
        terminated = FloatBuffer(count: count)
        endsChain = FloatBuffer(count: count)
    }

    /// The row of environment `environment`'s step `step`.
    public func index(environment: Int, step: Int) -> Int { environment * stepsPerEnvironment + step }
}
