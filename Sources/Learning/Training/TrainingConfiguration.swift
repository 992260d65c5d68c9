import Environments
import GymnasiumBridge

/// The learning algorithms `maxent train` runs.
public enum Algorithm: String, Sendable, Codable, CaseIterable {
    case sac
    case sacAuto = "sac-auto"
    case sacAdaEnt = "sac-adaent"
    case ppo

    /// Whether the algorithm learns from a replay buffer (docs/experiments.md §2.2) rather than rollouts (§2.3).
    public var isOffPolicy: Bool { self != .ppo }
}

/// How an environment's time limit reaches the learner.
public enum TimeLimitMode: String, Sendable, Codable, CaseIterable {
    /// The reference: QuadRotor and Vehicle report it as termination (docs/experiments.md §8.7).
    case termination
    /// Corrected: every environment reports it as truncation, so learners bootstrap.
    case truncation
}

/// Every setting of a training run; `config.json` is this value.
public struct TrainingConfiguration: Sendable, Equatable, Codable {
    public var environment: String
    public var algorithm: Algorithm
    public var seed: UInt64
    public var epochs: Int
    /// Env steps per epoch; PPO rounds each epoch up to whole collections (docs/experiments.md §2.3).
    public var stepPerEpoch: Int
    /// Uniform-random warm-up transitions before training (off-policy only; not counted as steps).
    public var warmupSteps: Int
    public var testEpisodes: Int = 10
    public var replayCapacity: Int = 1_000_000
    public var timeLimit: TimeLimitMode = .termination
    /// Threads for independent products (this machine has two cores); results do not depend on it.
    public var workers: Int = 2
    /// SAC and SAC auto-α settings, and the shared part of SAC-AdaEnt's.
    public var sac: SAC.Hyperparameters?
    /// SAC-AdaEnt's additional settings.
    public var adaEnt: SACAdaEnt.Extra?
    public var ppo: PPO.Hyperparameters?
    /// For a `gym:ID` environment: the JSON object passed to `gymnasium.make` (`--gym-kwargs`).
    public var gymKwargs: String?

    /// The number of environment steps a run collects (PPO rounded as docs/experiments.md §2.3).
    public var totalSteps: Int {
        if algorithm == .ppo, let ppo {
            return epochs * PPO.stepsPerEpoch(stepPerEpoch: stepPerEpoch, stepPerCollect: ppo.stepPerCollect)
        }
        return epochs * stepPerEpoch
    }

    public init(environment: String, algorithm: Algorithm, seed: UInt64, epochs: Int, stepPerEpoch: Int, warmupSteps: Int) {
        self.environment = environment
        self.algorithm = algorithm
        self.seed = seed
        self.epochs = epochs
        self.stepPerEpoch = stepPerEpoch
        self.warmupSteps = warmupSteps
    }

    /// A failed lookup in words: an unknown name also learns that `gym:ID` names exist.
    static func lookupProblem(_ error: EnvironmentLookupError) -> String {
        error.isUnknownName ? "\(error.description) or gym:ID" : error.description
    }

    /// Problems that make the configuration unusable, as one-line messages (empty when valid).
    public var problems: [String] {
        var problems: [String] = []
        // A gym:ID is known to exist only once Python makes it (TrainingRun does).
        if Gymnasium.identifier(inEnvironmentName: environment) == nil {
            do { _ = try EnvironmentRegistry.resolve(environment) } catch { problems.append(Self.lookupProblem(error)) }
            if gymKwargs != nil { problems.append("--gym-kwargs applies to gym:ID environments only") }
        }
        if epochs < 1 { problems.append("epochs must be at least 1") }
        if stepPerEpoch < 1 { problems.append("step-per-epoch must be at least 1") }
        if warmupSteps < 0 { problems.append("warm-up steps must not be negative") }
        if testEpisodes < 1 { problems.append("test episodes must be at least 1") }
        if workers < 1 { problems.append("workers must be at least 1") }
        if algorithm.isOffPolicy {
            if let sac {
                if sac.batchSize < 1 { problems.append("batch size must be at least 1") }
                if sac.hidden.isEmpty || sac.hidden.contains(where: { $0 < 1 }) { problems.append("hidden sizes must be positive") }
                if !(sac.alpha > 0) { problems.append("alpha must be positive") }
                if !(0...1).contains(sac.tau) { problems.append("tau must lie in [0, 1]") }
            } else {
                problems.append("missing SAC hyperparameters")
            }
            if replayCapacity < 1 { problems.append("replay capacity must be at least 1") }
            if testEpisodes > SAC.actingCapacity { problems.append("at most \(SAC.actingCapacity) test episodes") }
            if algorithm == .sacAdaEnt {
                if let adaEnt {
                    if adaEnt.entropySamples < 1 { problems.append("entropy-n-sample must be at least 1") }
                } else {
                    problems.append("missing SAC-AdaEnt hyperparameters")
                }
            }
        } else if let ppo {
            if ppo.hidden.isEmpty || ppo.hidden.contains(where: { $0 < 1 }) { problems.append("hidden sizes must be positive") }
            if ppo.trainingEnvironments < 1 || ppo.stepPerCollect % ppo.trainingEnvironments != 0 {
                problems.append("step-per-collect (\(ppo.stepPerCollect)) must be a positive multiple of the training environments (\(ppo.trainingEnvironments))")
            }
            if ppo.minibatchSize < 1 { problems.append("minibatch size must be at least 1") }
        } else {
            problems.append("missing PPO hyperparameters")
        }
        problems += sizeProblems
        return problems
    }

    /// The largest sizes a configuration may ask for. A run directory's `config.json` is user
    /// input too: a mistyped width such as 2562562 must be refused before the networks, batches
    /// and buffers it sizes are allocated, not end the process. Each limit is far above the
    /// paper's settings (widths 256, batches 256, replay 10⁶, N = 100, 2·10⁶ steps).
    public enum Limits {
        /// Units per hidden layer.
        public static let hiddenWidth = 1 << 16
        /// Weights of one network (2²⁸ float32 = 1 GiB).
        public static let networkWeights = 1 << 28
        /// Rows × widest layer of one batched activation (2²⁸ float32 = 1 GiB).
        public static let activationEntries = 1 << 28
        /// Transitions kept by the replay buffer or collected per PPO update.
        public static let storedTransitions = 1 << 24
        /// Environment steps of a whole run.
        public static let totalSteps = 1 << 40
    }

    /// Sizes beyond `Limits`, as one-line messages.
    private var sizeProblems: [String] {
        var problems: [String] = []
        let hidden = (algorithm.isOffPolicy ? sac?.hidden : ppo?.hidden) ?? []
        // Widths below 1 are reported by `problems` already; the sizes below assume positive ones.
        guard hidden.allSatisfy({ $0 >= 1 }) else { return problems }
        if let width = hidden.first(where: { $0 > Limits.hiddenWidth }) {
            problems.append("hidden width \(width) exceeds \(Limits.hiddenWidth)")
            return problems
        }
        let widest = hidden.max() ?? 1
        // Widths are at most 2¹⁶ here, so no product below overflows.
        if zip(hidden, hidden.dropFirst()).reduce(0, { $0 + $1.0 * $1.1 }) > Limits.networkWeights {
            problems.append("hidden sizes (\(hidden.count) layers up to \(widest) wide) need more than \(Limits.networkWeights) weights per network")
        }
        var batchRows: [(String, Int)] = []
        if algorithm.isOffPolicy, let sac {
            batchRows.append(("batch size", sac.batchSize))
            if algorithm == .sacAdaEnt, let adaEnt {
                let (pairs, overflow) = sac.batchSize.multipliedReportingOverflow(by: adaEnt.entropySamples)
                batchRows.append(("batch size × entropy-n-sample", overflow ? .max : pairs))
            }
            if replayCapacity > Limits.storedTransitions { problems.append("replay capacity \(replayCapacity) exceeds \(Limits.storedTransitions)") }
        } else if let ppo {
            batchRows.append(("minibatch size", ppo.minibatchSize))
            if ppo.stepPerCollect > Limits.storedTransitions { problems.append("step-per-collect \(ppo.stepPerCollect) exceeds \(Limits.storedTransitions)") }
        }
        for (name, rows) in batchRows where rows > Limits.activationEntries / widest {
            problems.append("\(name) \(rows) × hidden width \(widest) exceeds \(Limits.activationEntries) activations")
        }
        var perEpoch = stepPerEpoch
        if algorithm == .ppo, let collect = ppo?.stepPerCollect, (1...Limits.storedTransitions).contains(collect),
           (0...Limits.totalSteps).contains(stepPerEpoch) {
            perEpoch = PPO.stepsPerEpoch(stepPerEpoch: stepPerEpoch, stepPerCollect: collect)
        }
        let (steps, overflow) = max(epochs, 0).multipliedReportingOverflow(by: max(perEpoch, 0))
        if overflow || steps > Limits.totalSteps { problems.append("epochs × steps per epoch exceeds \(Limits.totalSteps) environment steps") }
        return problems
    }
}

/// Named sets of settings.
public enum Preset: String, Sendable, Codable, CaseIterable {
    /// The exact per-environment, per-algorithm settings of the reference scripts (docs/experiments.md §4.2, §5.3, §6.3).
    case paper
    /// A scaled-down setting that finishes in about half an hour on two cores.
    case cpu
}

extension TrainingConfiguration {
    /// The settings of `preset` for an environment and algorithm. Environments without a reference
    /// script for the algorithm take the closest reference settings (see the per-case comments).
    public static func preset(_ preset: Preset, environment: String, algorithm: Algorithm) throws(ConfigurationError) -> TrainingConfiguration {
        if let identifier = Gymnasium.identifier(inEnvironmentName: environment) {
            return gymnasiumPreset(preset, identifier: identifier, algorithm: algorithm)
        }
        let descriptor: EnvironmentDescriptor
        do { descriptor = try EnvironmentRegistry.resolve(environment) } catch { throw ConfigurationError(lookupProblem(error)) }
        // The simplified quadrotor has no scripts of its own; it takes the quadrotor's settings. Tasks
        // with their own discount (deep twins of MDP files) take the toy's, the reference's one tabular task.
        let scriptEnvironment = environment == "quadrotor-simplified" ? "quadrotor"
            : descriptor.discount != nil ? "toy" : environment
        var configuration = algorithm == .ppo
            ? paperPPO(environment: scriptEnvironment)
            : paperSAC(environment: scriptEnvironment, algorithm: algorithm)
        configuration.environment = environment
        // H̄ = −dim(𝒜) (docs/experiments.md §5.2), stored explicitly so that config.json lists it.
        configuration.sac?.targetEntropy = -Double(descriptor.spaces.actionDimension)
        if let discount = descriptor.discount {
            configuration.sac?.gamma = discount
            configuration.ppo?.gamma = discount
        }
        if preset == .cpu, scriptEnvironment != "toy" { configuration.scaleDownForCPU() }
        return configuration
    }

    private static func paperSAC(environment: String, algorithm: Algorithm) -> TrainingConfiguration {
        var sac = SAC.Hyperparameters()
        sac.autoAlpha = algorithm == .sacAuto
        var adaEnt = SACAdaEnt.Extra()
        let schedule: (seed: UInt64, epochs: Int, stepPerEpoch: Int, warmup: Int)
        switch environment {
        case "toy":
            sac.hidden = [32, 32]
            sac.alpha = 1.0
            sac.alphaLearningRate = algorithm == .sacAdaEnt ? 1e-4 : 1e-3
            sac.logStdHeadScale = 0.01
            schedule = (2, 100, 1000, 0)
        case "acrobot":
            sac.alphaLearningRate = algorithm == .sacAdaEnt ? 3e-4 : 1e-3
            schedule = (1, 100, 10_000, 25_000)
        case "vehicle":
            adaEnt.threshold = 0.8
            schedule = (1, 200, 10_000, 10_000)
        case "quadrotor":
            sac.actorLearningRate = 3e-4
            sac.criticLearningRate = 3e-4
            sac.alphaLearningRate = 3e-4
            schedule = (1, 200, 10_000, 10_000)
        default:
            // obstacle2d (sac_obstacle2d.py). It has no AdaEnt script: AdaEnt uses these settings
            // with the generic run_sac_adaent.py's κ = 0.8.
            adaEnt.threshold = 0.8
            schedule = (1, 50, 1000, 25_000)
        }
        var configuration = TrainingConfiguration(
            environment: environment, algorithm: algorithm, seed: schedule.seed, epochs: schedule.epochs,
            stepPerEpoch: schedule.stepPerEpoch, warmupSteps: schedule.warmup)
        configuration.sac = sac
        if algorithm == .sacAdaEnt { configuration.adaEnt = adaEnt }
        return configuration
    }

    private static func paperPPO(environment: String) -> TrainingConfiguration {
        var ppo = PPO.Hyperparameters()
        let schedule: (seed: UInt64, epochs: Int, stepPerEpoch: Int)
        switch environment {
        case "toy":
            ppo.trainingEnvironments = 1
            ppo.hidden = [64, 64]
            ppo.learningRate = 1e-5
            ppo.std = .stateConditioned
            schedule = (1, 100, 1000)
        case "acrobot":
            ppo.std = .stateIndependent(initialLogStd: -0.5)
            schedule = (1, 100, 10_000)
        case "vehicle":
            ppo.trainingEnvironments = 1
            ppo.std = .stateIndependent(initialLogStd: -1)
            schedule = (1, 200, 10_000)
        case "quadrotor":
            ppo.std = .stateIndependent(initialLogStd: -1)
            schedule = (1, 200, 10_000)
        default:
            ppo.valueCoefficient = 0.5
            ppo.recomputeAdvantage = false
            ppo.std = .stateIndependent(initialLogStd: -0.5)
            schedule = (0, 50, 1000)
        }
        var configuration = TrainingConfiguration(
            environment: environment, algorithm: .ppo, seed: schedule.seed, epochs: schedule.epochs,
            stepPerEpoch: schedule.stepPerEpoch, warmupSteps: 0)
        configuration.ppo = ppo
        return configuration
    }

    /// The `cpu` preset: the paper's networks, learning rates, warm-up and per-environment quirks
    /// with fewer training steps, so that one run takes at most half an hour on this machine's two
    /// cores even with another run beside it (one worker each; measured figures in README):
    /// SAC and SAC auto-α train for 100,000 steps (10 epochs of 10,000) instead of 1–2 million, PPO
    /// for 1 million steps (100 epochs of 10,000) instead of 2 million, and SAC-AdaEnt, whose
    /// similarity test costs N critic passes per state, draws N = 20 samples instead of 100 and
    /// trains for 20,000 steps. Obstacle2D's SAC and PPO runs (50,000 steps) and the toy task
    /// already fit the budget and keep the paper's settings.
    mutating func scaleDownForCPU() {
        let trainingSteps: Int
        switch algorithm {
        case .sac, .sacAuto:
            trainingSteps = 100_000
        case .sacAdaEnt:
            trainingSteps = 20_000
            adaEnt?.entropySamples = 20
        case .ppo:
            trainingSteps = 1_000_000
        }
        epochs = min(epochs, max(1, trainingSteps / stepPerEpoch))
    }
}

/// A configuration that cannot be used, with a one-line reason.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
