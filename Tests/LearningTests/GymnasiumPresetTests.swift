import Learning
import Testing

/// The `gym:ID` presets against their sources: the authors' Hopper scripts (docs/experiments.md
/// §4.2, §5.3, §6.3) and tianshou's MuJoCo examples (`mujoco_sac.py`, `mujoco_ppo.py`).
@Suite("Gymnasium presets")
struct GymnasiumPresetTests {
    @Test("Hopper takes the authors' Hopper scripts")
    func hopperIsTheAuthorsScripts() throws {
        let sac = try TrainingConfiguration.preset(.paper, environment: "gym:Hopper-v5", algorithm: .sac)
        #expect((sac.seed, sac.epochs, sac.stepPerEpoch, sac.warmupSteps) == (1, 200, 10_000, 10_000))
        #expect(sac.sac?.hidden == [256, 256] && sac.sac?.actorLearningRate == 1e-3 && sac.sac?.criticLearningRate == 1e-3)
        #expect(sac.sac?.alpha == 0.2 && sac.sac?.alphaLearningRate == 1e-3 && sac.sac?.batchSize == 256)
        #expect(sac.timeLimit == .truncation)
        let adaEnt = try TrainingConfiguration.preset(.paper, environment: "gym:Hopper-v5", algorithm: .sacAdaEnt)
        #expect(adaEnt.sac?.alphaLearningRate == 3e-4 && adaEnt.adaEnt?.entropySamples == 100 && adaEnt.adaEnt?.threshold == 0.9)
        let ppo = try TrainingConfiguration.preset(.paper, environment: "gym:Hopper-v5", algorithm: .ppo)
        #expect((ppo.seed, ppo.epochs, ppo.stepPerEpoch) == (1, 200, 10_000))
        #expect(ppo.ppo?.trainingEnvironments == 64 && ppo.ppo?.hidden == [256, 256] && ppo.ppo?.learningRate == 3e-4)
        #expect(ppo.ppo?.valueCoefficient == 0.25 && ppo.ppo?.std == .stateIndependent(initialLogStd: -0.5))
    }

    @Test("HalfCheetah, Ant and other ids take tianshou's MuJoCo defaults", arguments: ["gym:HalfCheetah-v5", "gym:Ant-v5"])
    func tianshouMuJoCoDefaults(environment: String) throws {
        let sac = try TrainingConfiguration.preset(.paper, environment: environment, algorithm: .sacAuto)
        #expect((sac.seed, sac.epochs, sac.stepPerEpoch, sac.warmupSteps, sac.totalSteps) == (0, 200, 5000, 10_000, 1_000_000))
        #expect(sac.sac?.hidden == [256, 256] && sac.sac?.actorLearningRate == 1e-3 && sac.sac?.criticLearningRate == 1e-3)
        #expect(sac.sac?.alpha == 0.2 && sac.sac?.alphaLearningRate == 3e-4 && sac.sac?.autoAlpha == true)
        let ppo = try TrainingConfiguration.preset(.paper, environment: environment, algorithm: .ppo)
        #expect((ppo.seed, ppo.epochs, ppo.stepPerEpoch) == (0, 100, 30_000))
        #expect(ppo.ppo?.hidden == [64, 64] && ppo.ppo?.trainingEnvironments == 64 && ppo.ppo?.stepPerCollect == 2048)
        #expect(ppo.ppo?.repeatPerCollect == 10 && ppo.ppo?.minibatchSize == 64 && ppo.ppo?.learningRate == 3e-4)
        #expect(ppo.problems.isEmpty && sac.problems.isEmpty)
    }

    @Test("the cpu preset keeps the settings and shrinks the budgets; PPO runs 16 Python copies")
    func cpuPreset() throws {
        let sac = try TrainingConfiguration.preset(.cpu, environment: "gym:HalfCheetah-v5", algorithm: .sac)
        #expect(sac.totalSteps == 100_000 && sac.warmupSteps == 10_000 && sac.sac?.actorLearningRate == 1e-3)
        let adaEnt = try TrainingConfiguration.preset(.cpu, environment: "gym:Ant-v5", algorithm: .sacAdaEnt)
        #expect(adaEnt.totalSteps == 20_000 && adaEnt.adaEnt?.entropySamples == 20)
        let ppo = try TrainingConfiguration.preset(.cpu, environment: "gym:Ant-v5", algorithm: .ppo)
        #expect(ppo.ppo?.trainingEnvironments == 16 && ppo.ppo?.hidden == [64, 64])
        #expect((1_000_000...1_030_000).contains(ppo.totalSteps) && ppo.problems.isEmpty)
    }

    @Test("gym names need an id, and --gym-kwargs needs a gym name")
    func gymNames() throws {
        #expect(throws: ConfigurationError.self) { try TrainingConfiguration.preset(.paper, environment: "gym:", algorithm: .sac) }
        var toy = try TrainingConfiguration.preset(.paper, environment: "toy", algorithm: .sac)
        toy.gymKwargs = "{}"
        #expect(toy.problems.contains("--gym-kwargs applies to gym:ID environments only"))
    }
}
