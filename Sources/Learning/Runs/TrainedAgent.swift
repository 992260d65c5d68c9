import Environments
import Foundation
import GymnasiumBridge
import Randomness

/// A trained agent loaded from a checkpoint for evaluation: its policy's action distribution at a
/// state and its critics' values on actions. Only the networks are built (no optimiser, target
/// critic, replay buffer or update scratch), and nothing here changes them.
///
/// Actions are in the learner's units: SAC variants act in [−1, 1]ᵈ (tanh-squashed, then mapped
/// onto the environment's box), PPO's Gaussian samples go to the environment as they are.
public final class TrainedAgent {
    /// Which critics: the soft ones (trained with the entropy bonus) or the plain ones (SAC-AdaEnt's,
    /// or SAC's analysis pair).
    public enum CriticKind: String, Sendable, CaseIterable {
        case soft
        case plain
    }

    private enum Policy {
        case squashed(SquashedGaussianActor)
        case gaussian(GaussianActor)
    }

    public let configuration: TrainingConfiguration
    public let observationDimension: Int
    public let actionDimension: Int
    /// The temperature α the learner ended with (nil for PPO).
    public let alpha: Double?
    private let policy: Policy
    private let critics: [CriticKind: [QNetwork]]

    /// The networks of a learner stored in `checkpoint` by a run with `configuration`. `spaces`,
    /// when the caller already has the environment, saves looking it up again (for a `gym:` run
    /// that means starting Python).
    public init(configuration: TrainingConfiguration, checkpoint: Checkpoint, spaces knownSpaces: EnvironmentSpaces? = nil) throws(CheckpointError) {
        let spaces: EnvironmentSpaces
        if let knownSpaces {
            spaces = knownSpaces
        } else if Gymnasium.identifier(inEnvironmentName: configuration.environment) != nil {
            // A gym:ID run asks Python for its spaces, as evaluating it does.
            do { spaces = try TrainingRun.environmentDescriptor(configuration).spaces } catch { throw CheckpointError("\(error)") }
        } else if let registered = EnvironmentRegistry.descriptor(named: configuration.environment) {
            spaces = registered.spaces
        } else {
            throw CheckpointError("unknown environment '\(messageExcerpt(configuration.environment, limit: 40))'")
        }
        let o = spaces.observationDimension, d = spaces.actionDimension
        self.configuration = configuration
        observationDimension = o
        actionDimension = d
        switch (configuration.algorithm, configuration.sac, configuration.ppo) {
        case (.ppo, _, let ppo?):
            let actor = GaussianActor(observationDimension: o, actionDimension: d, hidden: ppo.hidden, std: ppo.std, capacity: 1)
            try checkpoint.restore([("actor", actor.network.parameters), ("actor.logStd", actor.logStdParameter)])
            policy = .gaussian(actor)
            critics = [:]
            alpha = nil
        case (.sac, let sac?, _), (.sacAuto, let sac?, _), (.sacAdaEnt, let sac?, _):
            let actor = SquashedGaussianActor(observationDimension: o, actionDimension: d, hidden: sac.hidden, capacity: 1)
            try checkpoint.restore([("actor", actor.network.parameters)])
            policy = .squashed(actor)
            func pair(_ names: [String]) throws(CheckpointError) -> [QNetwork] {
                var networks: [QNetwork] = []
                for name in names {
                    let critic = QNetwork(observationDimension: o, actionDimension: d, hidden: sac.hidden, capacity: sac.batchSize)
                    try checkpoint.restore([("\(name).online", critic.network.parameters)])
                    networks.append(critic)
                }
                return networks
            }
            // The checkpoint names of Learning's critic pairs: SAC-AdaEnt's plain pair is named as in
            // the reference logs, SAC's optional analysis pair after what it is.
            let plainNames = configuration.algorithm == .sacAdaEnt ? ["critic1_s", "critic2_s"]
                : sac.analysisPlainCritics == true ? ["plainCritic1", "plainCritic2"] : []
            critics = [.soft: try pair(["critic1", "critic2"]), .plain: try pair(plainNames)].filter { !$0.value.isEmpty }
            alpha = Double(Float(try checkpoint.number("alpha")))
        default:
            throw CheckpointError("the configuration lacks the hyperparameters of \(configuration.algorithm.rawValue)")
        }
    }

    /// Whether actions are tanh-squashed (SAC variants) rather than raw Gaussian samples (PPO).
    public var squashesActions: Bool {
        if case .squashed = policy { return true }
        return false
    }

    /// The critic kinds the agent has: SAC the soft pair (and the plain pair when it trained the
    /// analysis critics), SAC-AdaEnt both pairs, PPO none (its critic is a state-value function).
    public var criticKinds: [CriticKind] { CriticKind.allCases.filter { critics[$0] != nil } }

    /// The policy's Gaussian at one observation: μ and σ per action coordinate, before the tanh
    /// of the SAC variants.
    public func gaussian(at observation: [Double]) -> (mean: [Double], standardDeviation: [Double]) {
        precondition(observation.count == observationDimension, "observation of \(observation.count) values, expected \(observationDimension)")
        let state = observation.map { Float($0) }
        let mean: FloatBuffer, std: FloatBuffer
        switch policy {
        case .squashed(let actor):
            state.withUnsafeBufferPointer { actor.computeDistribution(states: $0.baseAddress!, rows: 1) }
            (mean, std) = (actor.mean, actor.std)
        case .gaussian(let actor):
            state.withUnsafeBufferPointer { actor.computeDistribution(states: $0.baseAddress!, rows: 1) }
            (mean, std) = (actor.mean, actor.std)
        }
        return ((0..<actionDimension).map { Double(mean[$0]) }, (0..<actionDimension).map { Double(std[$0]) })
    }

    /// P(a_i ≤ t) for action coordinate i at `observation`, in closed form from the Gaussian:
    /// Φ((t − μ)/σ), with t moved through atanh for the tanh-squashed SAC variants (tanh is
    /// increasing, so tanh(u) ≤ t exactly when u ≤ atanh t).
    public func cumulativeProbability(_ threshold: Double, coordinate: Int = 0, observation: [Double]) -> Double {
        let (mean, std) = gaussian(at: observation)
        let t: Double
        if squashesActions {
            if threshold >= 1 { return 1 }
            if threshold <= -1 { return 0 }
            t = atanh(threshold)
        } else {
            t = threshold
        }
        return 0.5 * erfc(-(t - mean[coordinate]) / (std[coordinate] * 2.0.squareRoot()))
    }

    /// `count` actions drawn from the policy at `observation` (learner units), reproducibly from `seed`.
    public func sampleActions(observation: [Double], count: Int, seed: UInt64) -> [[Double]] {
        let (mean, std) = gaussian(at: observation)
        var generator = RandomSource(seed: seed)
        return (0..<count).map { _ in
            (0..<actionDimension).map { i in
                let raw = mean[i] + std[i] * generator.normal()
                return squashesActions ? tanh(raw) : raw
            }
        }
    }

    /// min(Q₁, Q₂)(s, a) of the chosen critic pair for each action, at one observation: the value
    /// the actor's update uses. Empty when the agent has no such pair.
    public func criticValues(_ kind: CriticKind, observation: [Double], actions: [[Double]]) -> [Double] {
        guard let pair = critics[kind], let capacity = pair.map(\.capacity).min() else { return [] }
        var values: [Double] = []
        values.reserveCapacity(actions.count)
        var start = 0
        while start < actions.count {
            let rows = min(capacity, actions.count - start)
            let states = [Float]((0..<rows).flatMap { _ in observation.map { Float($0) } })
            let chunk = [Float](actions[start..<(start + rows)].flatMap { $0.map { Float($0) } })
            var smallest = [Double](repeating: .infinity, count: rows)
            for critic in pair {
                states.withUnsafeBufferPointer { statePointer in
                    chunk.withUnsafeBufferPointer { actionPointer in
                        let output = critic.values(states: statePointer.baseAddress!, actions: actionPointer.baseAddress!, rows: rows)
                        for row in 0..<rows { smallest[row] = min(smallest[row], Double(output[row])) }
                    }
                }
            }
            values += smallest
            start += rows
        }
        return values
    }
}
