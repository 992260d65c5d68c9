import Environments
import Randomness

/// The learner of a run, whichever algorithm it is.
enum Learner {
    case sac(SAC)
    case adaEnt(SACAdaEnt)
    case ppo(PPO)

    init(configuration: TrainingConfiguration, spaces: EnvironmentSpaces, generator: inout RandomSource) {
        let o = spaces.observationDimension, d = spaces.actionDimension
        let workers = Workers(count: configuration.workers)
        switch configuration.algorithm {
        case .sac, .sacAuto:
            self = .sac(SAC(observationDimension: o, actionDimension: d, hyperparameters: configuration.sac!,
                            workers: workers, generator: &generator))
        case .sacAdaEnt:
            self = .adaEnt(SACAdaEnt(observationDimension: o, actionDimension: d, hyperparameters: configuration.sac!,
                                     extra: configuration.adaEnt!, workers: workers, generator: &generator))
        case .ppo:
            self = .ppo(PPO(observationDimension: o, actionDimension: d, hyperparameters: configuration.ppo!, generator: &generator))
        }
    }

    /// Off-policy acting: stochastic training actions or deterministic evaluation actions in [−1, 1]ᵈ.
    func act(observations: UnsafePointer<Float>, rows: Int, deterministic: Bool, generator: inout RandomSource,
             into output: UnsafeMutablePointer<Float>) {
        switch self {
        case .sac(let sac):
            sac.act(observations: observations, rows: rows, deterministic: deterministic, generator: &generator, into: output)
        case .adaEnt(let adaEnt):
            adaEnt.act(observations: observations, rows: rows, deterministic: deterministic, generator: &generator, into: output)
        case .ppo:
            preconditionFailure("PPO acts through its rollout collection")
        }
    }

    /// One off-policy gradient step; returns the logged quantities by their reference names.
    func update(batch: TransitionBatch, generator: inout RandomSource) -> [(String, Double)] {
        switch self {
        case .sac(let sac):
            let losses = sac.update(batch: batch, generator: &generator)
            var logged = [("loss/actor", losses.actor), ("loss/critic1", losses.critic1), ("loss/critic2", losses.critic2)]
            if let alpha = losses.alpha { logged.append(("loss/alpha", alpha)) }
            return logged
        case .adaEnt(let adaEnt):
            let losses = adaEnt.update(batch: batch, generator: &generator)
            var logged = [("loss/actor", losses.actor), ("loss/critic1", losses.critic1), ("loss/critic2", losses.critic2),
                          ("loss/critic1_s", losses.critic1Plain), ("loss/critic2_s", losses.critic2Plain),
                          ("loss/surrogate_rate", losses.surrogateRate)]
            if let alpha = losses.alpha { logged.append(("loss/alpha", alpha)) }
            return logged
        case .ppo:
            preconditionFailure("PPO updates on rollouts")
        }
    }

    /// The loss columns of the progress logs, in order.
    func loggedNames(configuration: TrainingConfiguration) -> [String] {
        let alphaLoss = configuration.sac?.autoAlpha == true ? ["loss/alpha"] : []
        switch self {
        case .sac: return ["loss/actor", "loss/critic1", "loss/critic2"] + alphaLoss
        case .adaEnt:
            return ["loss/actor", "loss/critic1", "loss/critic2", "loss/critic1_s", "loss/critic2_s", "loss/surrogate_rate"] + alphaLoss
        case .ppo: return ["loss", "loss/clip", "loss/vf", "loss/ent"]
        }
    }

    /// α after the latest update (off-policy learners).
    var alpha: Float? {
        switch self {
        case .sac(let sac): sac.alpha
        case .adaEnt(let adaEnt): adaEnt.alpha
        case .ppo: nil
        }
    }

    func actionMapping(_ descriptor: EnvironmentDescriptor) -> LearnerScaling.ActionMapping {
        switch self {
        case .ppo: descriptor.ppo.actionMapping
        default: descriptor.sac.actionMapping
        }
    }

    var stateBuffers: [(String, FloatBuffer)] {
        switch self {
        case .sac(let sac): sac.stateBuffers
        case .adaEnt(let adaEnt): adaEnt.stateBuffers
        case .ppo(let ppo): ppo.stateBuffers
        }
    }

    func save(into checkpoint: inout Checkpoint) {
        switch self {
        case .sac(let sac): sac.save(into: &checkpoint)
        case .adaEnt(let adaEnt): adaEnt.save(into: &checkpoint)
        case .ppo(let ppo): ppo.save(into: &checkpoint)
        }
    }

    func restore(from checkpoint: Checkpoint) throws(CheckpointError) {
        switch self {
        case .sac(let sac): try sac.restore(from: checkpoint)
        case .adaEnt(let adaEnt): try adaEnt.restore(from: checkpoint)
        case .ppo(let ppo): try ppo.restore(from: checkpoint)
        }
    }
}
