import Foundation

/// The temperature α of SAC and SAC-AdaEnt: fixed, or tuned by Adam steps on log α (docs/experiments.md §5.2
/// step 4). Tuned, it starts at α = 1 (log α = 0) whatever `alpha` says, as the reference does
/// (docs/experiments.md §8.6), unless `autoAlphaStartsAtAlpha`.
public final class Temperature: @unchecked Sendable {
    /// log α, the tuned parameter (one value).
    public let logAlpha: FloatBuffer
    /// ∂L_α/∂log α after ``gradient(logProbabilities:rows:)``.
    public let logAlphaGradient: FloatBuffer
    let optimizer: Adam
    /// The current α.
    public private(set) var alpha: Float
    public let isTuned: Bool
    /// H̄ of the α loss.
    public let targetEntropy: Double

    init(hyperparameters: SAC.Hyperparameters, actionDimension: Int) {
        isTuned = hyperparameters.autoAlpha
        targetEntropy = hyperparameters.targetEntropy ?? -Double(actionDimension)
        let initialLogAlpha = isTuned && !hyperparameters.autoAlphaStartsAtAlpha ? 0 : Float(Foundation.log(hyperparameters.alpha))
        logAlpha = FloatBuffer([initialLogAlpha])
        logAlphaGradient = FloatBuffer(count: 1)
        optimizer = Adam(parameters: [logAlpha], gradients: [logAlphaGradient],
                         settings: .init(learningRate: hyperparameters.alphaLearningRate))
        alpha = isTuned ? Foundation.exp(initialLogAlpha) : Float(hyperparameters.alpha)
    }

    /// Step 4 when α is tuned: one Adam step on −mean[log α · (log π(â|s) + H̄)] (log π detached),
    /// then α = exp(log α). Returns the loss, or nil when α is fixed.
    func update(logProbabilities: UnsafePointer<Float>, rows: Int) -> Double? {
        guard isTuned else { return nil }
        let loss = gradient(logProbabilities: logProbabilities, rows: rows)
        optimizer.step()
        alpha = Foundation.exp(logAlpha[0])
        return loss
    }

    /// The α loss with its gradient in ``logAlphaGradient``; changes nothing else.
    public func gradient(logProbabilities: UnsafePointer<Float>, rows: Int) -> Double {
        var meanShifted = 0.0
        for row in 0..<rows { meanShifted += Double(logProbabilities[row]) + targetEntropy }
        meanShifted /= Double(rows)
        logAlphaGradient[0] = Float(-meanShifted)
        return -Double(logAlpha[0]) * meanShifted
    }

    var stateBuffers: [(String, FloatBuffer)] {
        [("logAlpha", logAlpha), ("logAlpha.adam.m", optimizer.firstMoments[0]), ("logAlpha.adam.v", optimizer.secondMoments[0])]
    }

    func save(into checkpoint: inout Checkpoint) {
        checkpoint.integers["logAlpha.adam.steps"] = optimizer.stepCount
        checkpoint.numbers["alpha"] = Double(alpha)
    }

    func restore(from checkpoint: Checkpoint) throws(CheckpointError) {
        optimizer.stepCount = try checkpoint.integer("logAlpha.adam.steps")
        alpha = Float(try checkpoint.number("alpha"))
    }
}

/// What a checkpoint of SAC or SAC-AdaEnt holds: the actor with its optimiser, the temperature and
/// the named critics (online, target and optimiser each).
struct SoftLearnerCheckpoint {
    let actor: SquashedGaussianActor
    let actorOptimizer: Adam
    let temperature: Temperature
    let critics: [(name: String, critic: TrainedCritic)]

    var stateBuffers: [(String, FloatBuffer)] {
        [("actor", actor.network.parameters), ("actor.adam.m", actorOptimizer.firstMoments[0]),
         ("actor.adam.v", actorOptimizer.secondMoments[0])]
            + temperature.stateBuffers
            + critics.flatMap { $0.critic.stateBuffers(prefix: $0.name) }
    }

    func save(into checkpoint: inout Checkpoint) {
        checkpoint.store(stateBuffers)
        checkpoint.integers["actor.adam.steps"] = actorOptimizer.stepCount
        for (name, critic) in critics { checkpoint.integers["\(name).adam.steps"] = critic.optimizer.stepCount }
        temperature.save(into: &checkpoint)
    }

    func restore(from checkpoint: Checkpoint) throws(CheckpointError) {
        try checkpoint.restore(stateBuffers)
        actorOptimizer.stepCount = try checkpoint.integer("actor.adam.steps")
        for (name, critic) in critics { critic.optimizer.stepCount = try checkpoint.integer("\(name).adam.steps") }
        try temperature.restore(from: checkpoint)
    }
}
