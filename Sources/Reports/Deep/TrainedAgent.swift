import Environments
import Foundation
import Learning
import Randomness

/// A trained learner restored from a run directory's latest checkpoint, for analysis: its policy
/// and its critics evaluated at chosen states and actions, without any training.
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

    private enum Learner {
        case sac(SAC)
        case adaEnt(SACAdaEnt)
        case ppo(PPO)
    }

    public let run: RunRecord
    public let observationDimension: Int
    public let actionDimension: Int
    private let learner: Learner

    /// The last checkpoint of `run` (`checkpoint.bin`: the policy as training left it; the
    /// best-return `policy.bin` can be an early, lucky epoch).
    public init(run: RunRecord) throws(ReportError) {
        let url = URL(fileURLWithPath: run.directory)
        let configuration: TrainingConfiguration
        do { configuration = try TrainingRun.readConfiguration(directory: url) } catch {
            throw ReportError("\(run.directory)/config.json: \(error)")
        }
        guard let descriptor = EnvironmentRegistry.descriptor(named: configuration.environment) else {
            throw ReportError("\(run.directory): unknown environment '\(configuration.environment)'")
        }
        let o = descriptor.spaces.observationDimension, d = descriptor.spaces.actionDimension
        // The initial weights are replaced by the checkpoint's; any generator will do.
        var generator = RandomSource(seed: 0)
        switch configuration.algorithm {
        case .sac, .sacAuto:
            learner = .sac(SAC(observationDimension: o, actionDimension: d, hyperparameters: configuration.sac!, generator: &generator))
        case .sacAdaEnt:
            learner = .adaEnt(SACAdaEnt(observationDimension: o, actionDimension: d, hyperparameters: configuration.sac!,
                                        extra: configuration.adaEnt!, generator: &generator))
        case .ppo:
            learner = .ppo(PPO(observationDimension: o, actionDimension: d, hyperparameters: configuration.ppo!, generator: &generator))
        }
        let checkpointPath = run.directory + "/checkpoint.bin"
        do {
            let checkpoint = try Checkpoint(contentsOf: URL(fileURLWithPath: checkpointPath))
            switch learner {
            case .sac(let sac): try sac.restore(from: checkpoint)
            case .adaEnt(let adaEnt): try adaEnt.restore(from: checkpoint)
            case .ppo(let ppo): try ppo.restore(from: checkpoint)
            }
        } catch {
            throw ReportError("\(checkpointPath): \(error)")
        }
        self.run = run
        observationDimension = o
        actionDimension = d
    }

    /// Whether actions are tanh-squashed (SAC variants) rather than raw Gaussian samples (PPO).
    public var squashesActions: Bool {
        if case .ppo = learner { return false }
        return true
    }

    /// The temperature α the learner ended with (nil for PPO).
    public var alpha: Double? {
        switch learner {
        case .sac(let sac): Double(sac.alpha)
        case .adaEnt(let adaEnt): Double(adaEnt.alpha)
        case .ppo: nil
        }
    }

    /// The critic kinds the learner has: SAC the soft pair (and the plain pair when it trained the
    /// analysis critics), SAC-AdaEnt both pairs, PPO none (its critic is a state-value function).
    public var criticKinds: [CriticKind] {
        switch learner {
        case .sac(let sac): sac.plainCritics.isEmpty ? [.soft] : [.soft, .plain]
        case .adaEnt: [.soft, .plain]
        case .ppo: []
        }
    }

    /// The policy's Gaussian at one observation: μ and σ per action coordinate, before the tanh
    /// of the SAC variants.
    public func gaussian(at observation: [Double]) -> (mean: [Double], standardDeviation: [Double]) {
        let state = observation.map { Float($0) }
        let mean: FloatBuffer, std: FloatBuffer
        state.withUnsafeBufferPointer { pointer in
            switch learner {
            case .sac(let sac): sac.actor.computeDistribution(states: pointer.baseAddress!, rows: 1)
            case .adaEnt(let adaEnt): adaEnt.actor.computeDistribution(states: pointer.baseAddress!, rows: 1)
            case .ppo(let ppo): ppo.actor.computeDistribution(states: pointer.baseAddress!, rows: 1)
            }
        }
        switch learner {
        case .sac(let sac): (mean, std) = (sac.actor.mean, sac.actor.std)
        case .adaEnt(let adaEnt): (mean, std) = (adaEnt.actor.mean, adaEnt.actor.std)
        case .ppo(let ppo): (mean, std) = (ppo.actor.mean, ppo.actor.std)
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
    /// the actor's update uses. Empty when the learner has no such pair.
    public func criticValues(_ kind: CriticKind, observation: [Double], actions: [[Double]]) -> [Double] {
        let pair: [QNetwork]
        switch (learner, kind) {
        case (.sac(let sac), .soft): pair = [sac.critic1.online, sac.critic2.online]
        case (.sac(let sac), .plain) where !sac.plainCritics.isEmpty: pair = sac.plainCritics.map(\.online)
        case (.adaEnt(let adaEnt), .soft): pair = [adaEnt.softCritic1.online, adaEnt.softCritic2.online]
        case (.adaEnt(let adaEnt), .plain): pair = [adaEnt.plainCritic1.online, adaEnt.plainCritic2.online]
        default: return []
        }
        let capacity = pair.map(\.capacity).min()!
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
