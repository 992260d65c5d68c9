import GymnasiumBridge

extension TrainingConfiguration {
    /// Presets for `gym:ID` environments, the paper's MuJoCo success cases first.
    ///
    /// `paper`:
    /// - `Hopper-*`: the authors' Hopper scripts (docs/experiments.md §4.2, §5.3, §6.3): SAC 256×256,
    ///   learning rates 1e-3, α = 0.2, 10,000 warm-up steps, 200 epochs × 10,000, seed 1; AdaEnt
    ///   α lr 3e-4, N = 100, κ = 0.9; PPO with 64 training environments, 256×256, lr 3e-4, c_v = 0.25,
    ///   log σ₀ = −0.5, 200 × 10,000.
    /// - any other id (HalfCheetah-v5, Ant-v5, a user's env): tianshou's MuJoCo examples
    ///   (`mujoco_sac.py`, `mujoco_ppo.py`), which the paper's HalfCheetah and Ant figures use:
    ///   SAC 256×256, learning rates 1e-3, α = 0.2, α lr 3e-4, 10,000 warm-up steps, 200 epochs ×
    ///   5,000 (1 M steps), seed 0; AdaEnt adds N = 100, κ = 0.9 (the reference defaults); PPO 64×64,
    ///   lr 3e-4, 64 training environments, 2,048 steps per collection, 10 passes, minibatch 64,
    ///   c_v = 0.25, log σ₀ = −0.5, 100 epochs × 30,000 (3 M steps), seed 0. Where tianshou's PPO
    ///   departs from this engine (observation and reward normalisation, learning-rate decay,
    ///   actions clipped to the box) the engine's reference PPO is kept; MuJoCo clamps controls to
    ///   their range itself.
    ///
    /// `cpu` shrinks the step budgets as for the workbench's tasks (SAC 100,000 steps, AdaEnt 20,000
    /// with N = 20, PPO 1 M) and runs PPO with 16 training environments, since every copy is a
    /// Python process of its own. Time limits are Gymnasium's truncations, bootstrapped.
    static func gymnasiumPreset(_ preset: Preset, identifier: String, algorithm: Algorithm) -> TrainingConfiguration {
        let authorsHopper = identifier.hasPrefix("Hopper-")
        var configuration: TrainingConfiguration
        if algorithm == .ppo {
            var ppo = PPO.Hyperparameters()
            ppo.trainingEnvironments = 64
            ppo.std = .stateIndependent(initialLogStd: -0.5)
            if authorsHopper {
                configuration = TrainingConfiguration(
                    environment: "", algorithm: .ppo, seed: 1, epochs: 200, stepPerEpoch: 10_000, warmupSteps: 0)
            } else {
                ppo.hidden = [64, 64]
                configuration = TrainingConfiguration(
                    environment: "", algorithm: .ppo, seed: 0, epochs: 100, stepPerEpoch: 30_000, warmupSteps: 0)
            }
            configuration.ppo = ppo
        } else {
            var sac = SAC.Hyperparameters()
            sac.autoAlpha = algorithm == .sacAuto
            sac.alphaLearningRate = authorsHopper && algorithm != .sacAdaEnt ? 1e-3 : 3e-4
            configuration = authorsHopper
                ? TrainingConfiguration(environment: "", algorithm: algorithm, seed: 1, epochs: 200, stepPerEpoch: 10_000, warmupSteps: 10_000)
                : TrainingConfiguration(environment: "", algorithm: algorithm, seed: 0, epochs: 200, stepPerEpoch: 5_000, warmupSteps: 10_000)
            configuration.sac = sac
            if algorithm == .sacAdaEnt { configuration.adaEnt = SACAdaEnt.Extra() }
        }
        configuration.environment = Gymnasium.prefix + identifier
        configuration.timeLimit = .truncation
        if preset == .cpu {
            configuration.scaleDownForCPU()
            configuration.ppo?.trainingEnvironments = 16
        }
        return configuration
    }
}
