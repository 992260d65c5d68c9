import Environments
import Foundation
import JSON
import Randomness

/// Why a run stopped early: a non-finite loss or parameter, or an environment that refused a step.
public struct TrainingError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// What the live progress line shows, after each epoch and every few seconds within one.
public struct TrainingProgress: Sendable {
    /// Whether this report closes an epoch (its test has run) rather than coming from inside one.
    public var isEpochEnd: Bool
    public var epoch: Int
    public var epochs: Int
    public var environmentSteps: Int
    public var totalSteps: Int
    /// Env steps per wall-clock second over this session's epochs.
    public var stepsPerSecond: Double
    /// The mean return of the latest test.
    public var lastTestReturn: Double

    /// Seconds to the end of the run at the current rate.
    public var secondsRemaining: Double {
        stepsPerSecond > 0 ? Double(totalSteps - environmentSteps) / stepsPerSecond : 0
    }

    /// One line: `epoch 3/100  30000/1000000 steps  312 steps/s  ETA 52m  test return 12.30`.
    public var line: String {
        let remaining = Int(secondsRemaining.rounded())
        let eta = remaining >= 3600 ? "\(remaining / 3600)h\(remaining % 3600 / 60)m"
            : remaining >= 60 ? "\(remaining / 60)m\(remaining % 60)s" : "\(remaining)s"
        return "epoch \(epoch)/\(epochs)  \(environmentSteps)/\(totalSteps) steps  "
            + "\(String(format: "%.0f", stepsPerSecond)) steps/s  ETA \(eta)  test return \(String(format: "%.2f", lastTestReturn))"
    }
}

/// A training run on disk (docs/experiments.md §2): `config.json`, `progress.csv`, `progress.jsonl`, `timing.csv`,
/// `checkpoint.bin` (the latest epoch, written atomically) and `policy.bin` (the learner with the
/// best mean test return so far).
///
/// Every random draw comes from streams derived from the configuration's seed, and environments
/// honour their seeds, so the same configuration gives byte-identical logs and checkpoints; and a
/// run resumed from its checkpoint continues exactly as if it had not stopped.
public final class TrainingRun {
    public let configuration: TrainingConfiguration
    public let directory: URL
    let descriptor: EnvironmentDescriptor
    let learner: Learner
    let log: ProgressLog
    var trainingRunners: [EpisodeRunner]
    var testRunners: [EpisodeRunner]
    let replay: ReplayBuffer?
    let batch: TransitionBatch?
    let rollout: Rollout?
    var training: RandomSource
    var warmup: RandomSource
    var environmentSeeds: RandomSource
    var testSeeds: RandomSource
    var evaluationNoise: RandomSource
    /// Epochs finished; −1 until the warm-up and the initial test are done.
    public private(set) var completedEpochs = -1
    public private(set) var environmentSteps = 0
    public private(set) var episodes = 0
    public private(set) var gradientSteps = 0
    var bestTestReturn = -Double.infinity
    /// The mean return of the latest test (for the progress line).
    var lastTestReturn = Double.nan
    /// Called with the epoch number after every env step while `train` runs.
    var stepReport: ((Int) -> Void)?

    static let checkpointName = RunDirectory.Snapshot.latest.fileName
    static let bestPolicyName = RunDirectory.Snapshot.best.fileName
    static let configurationName = RunDirectory.configurationFileName

    /// Starts a new run in `directory`, which must not exist yet or be empty; writes `config.json`.
    public convenience init(configuration: TrainingConfiguration, directory: URL) throws {
        let problems = configuration.problems
        guard problems.isEmpty else { throw ConfigurationError(problems.joined(separator: "; ")) }
        let manager = FileManager.default
        if manager.fileExists(atPath: directory.path) {
            guard (try manager.contentsOfDirectory(atPath: directory.path)).isEmpty else {
                throw ConfigurationError("\(directory.path) already exists and is not empty; choose another --out or use --resume")
            }
        } else {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        }
        try Self.encodeConfiguration(configuration).write(to: directory.appendingPathComponent(Self.configurationName))
        self.init(validConfiguration: configuration, directory: directory)
    }

    /// Reopens the run in `directory` at its latest checkpoint.
    public convenience init(resuming directory: URL) throws {
        let configuration = try Self.readConfiguration(directory: directory)
        self.init(validConfiguration: configuration, directory: directory)
        let checkpointURL = directory.appendingPathComponent(Self.checkpointName)
        guard FileManager.default.fileExists(atPath: checkpointURL.path) else {
            throw CheckpointError("\(directory.path) has no checkpoint yet (the run stopped before its first test); start it again")
        }
        try restore(from: Checkpoint(contentsOf: checkpointURL))
        try log.truncate(toRows: completedEpochs + 1)
    }

    /// The configuration stored in a run directory.
    static func readConfiguration(directory: URL) throws(RunDirectoryError) -> TrainingConfiguration {
        try RunDirectory(directory).configuration
    }

    static func encodeConfiguration(_ configuration: TrainingConfiguration) throws -> Data {
        let recorded = RecordedConfiguration(configuration: configuration, blasKernel: BLASKernel.current.description)
        return Data((try JSONValueEncoder().encode(recorded).jsonText() + "\n").utf8)
    }

    /// `config.json`: the configuration's keys plus `blasKernel`, the kernel the run's products
    /// use (floating-point results depend on it). Reading ignores that key: it records, it does not configure.
    struct RecordedConfiguration: Encodable {
        let configuration: TrainingConfiguration
        let blasKernel: String

        enum Keys: String, CodingKey { case blasKernel }

        func encode(to encoder: any Encoder) throws {
            try configuration.encode(to: encoder)
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(blasKernel, forKey: .blasKernel)
        }
    }

    init(validConfiguration configuration: TrainingConfiguration, directory: URL) {
        self.configuration = configuration
        self.directory = directory
        let descriptor = EnvironmentRegistry.descriptor(named: configuration.environment)!
        self.descriptor = descriptor
        log = ProgressLog(directory: directory)
        let seed = configuration.seed
        var initialization = RandomSource.stream(seed: seed, purpose: 0)
        training = RandomSource.stream(seed: seed, purpose: 1)
        warmup = RandomSource.stream(seed: seed, purpose: 2)
        environmentSeeds = RandomSource.stream(seed: seed, purpose: 3)
        testSeeds = RandomSource.stream(seed: seed, purpose: 4)
        evaluationNoise = RandomSource.stream(seed: seed, purpose: 5)
        learner = Learner(configuration: configuration, spaces: descriptor.spaces, generator: &initialization)
        let options = EnvironmentOptions(
            seeding: .perEnvironment, timeLimit: configuration.timeLimit == .termination ? .asTermination : .asTruncation)
        let trainingCount = configuration.algorithm == .ppo ? configuration.ppo!.trainingEnvironments : 1
        trainingRunners = (0..<trainingCount).map { _ in EpisodeRunner(environment: descriptor.make(options: options)) }
        testRunners = (0..<configuration.testEpisodes).map { _ in EpisodeRunner(environment: descriptor.make(options: options)) }
        let o = descriptor.spaces.observationDimension, d = descriptor.spaces.actionDimension
        if let sac = configuration.sac, configuration.algorithm.isOffPolicy {
            replay = ReplayBuffer(capacity: configuration.replayCapacity, observationDimension: o, actionDimension: d)
            batch = TransitionBatch(size: sac.batchSize, observationDimension: o, actionDimension: d)
            rollout = nil
        } else {
            let ppo = configuration.ppo!
            replay = nil
            batch = nil
            rollout = Rollout(environments: ppo.trainingEnvironments, stepsPerEnvironment: ppo.stepPerCollect / ppo.trainingEnvironments,
                              observationDimension: o, actionDimension: d)
        }
        for index in trainingRunners.indices {
            trainingRunners[index].reset(seed: seed &+ UInt64(index))
        }
    }

    var spaces: EnvironmentSpaces { descriptor.spaces }

    /// Trains until the configured number of epochs, or until `stopAfterEpoch` epochs are complete.
    /// `progress` is called after every epoch and about every `reportInterval` seconds within one.
    public func train(stopAfterEpoch: Int? = nil, reportInterval: Double = 2,
                      progress: @escaping (TrainingProgress) -> Void = { _ in }) throws {
        let lastEpoch = min(configuration.epochs, stopAfterEpoch ?? configuration.epochs)
        let sessionStart = Date()
        let sessionStartSteps = environmentSteps
        var lastReport = Date()
        func report(epoch: Int, isEpochEnd: Bool) {
            let elapsed = Date().timeIntervalSince(sessionStart)
            progress(TrainingProgress(
                isEpochEnd: isEpochEnd, epoch: epoch, epochs: configuration.epochs, environmentSteps: environmentSteps,
                totalSteps: configuration.totalSteps,
                stepsPerSecond: elapsed > 0 ? Double(environmentSteps - sessionStartSteps) / elapsed : 0,
                lastTestReturn: lastTestReturn))
            lastReport = Date()
        }
        stepReport = { epoch in
            if Date().timeIntervalSince(lastReport) >= reportInterval { report(epoch: epoch, isEpochEnd: false) }
        }
        defer { stepReport = nil }
        if completedEpochs < 0 {
            if configuration.algorithm.isOffPolicy { try collectWarmup() }
            try finishEpoch(0, losses: LossAccumulator(), trainingEpisodes: [], startedAt: Date(), stepsAtStart: 0)
        }
        while completedEpochs < lastEpoch {
            let epoch = completedEpochs + 1
            let epochStart = Date()
            let stepsAtStart = environmentSteps
            var losses = LossAccumulator()
            var trainingEpisodes: [(Double, Int)] = []
            if configuration.algorithm.isOffPolicy {
                try runOffPolicyEpoch(epoch: epoch, losses: &losses, episodes: &trainingEpisodes)
            } else {
                try runOnPolicyEpoch(epoch: epoch, losses: &losses, episodes: &trainingEpisodes)
            }
            try finishEpoch(epoch, losses: losses, trainingEpisodes: trainingEpisodes, startedAt: epochStart, stepsAtStart: stepsAtStart)
            report(epoch: epoch, isEpochEnd: true)
        }
    }

    // MARK: Off-policy (docs/experiments.md §2.2)

    /// Uniform actions from the environment's box, stored as their inverse image in [−1, 1]ᵈ.
    func collectWarmup() throws {
        let d = spaces.actionDimension
        for _ in 0..<configuration.warmupSteps {
            var environmentAction = [Double](repeating: 0, count: d)
            var policyAction = [Float](repeating: 0, count: d)
            for i in 0..<d {
                let low = spaces.actionLow[i], high = spaces.actionHigh[i]
                // Gymnasium's Box.sample draws float32 values.
                environmentAction[i] = Double(Float(warmup.uniform(low, high)))
                policyAction[i] = Float((environmentAction[i] - low) * 2 / (high - low) - 1)
            }
            _ = try stepOffPolicy(environmentAction: environmentAction, policyAction: policyAction)
        }
    }

    func runOffPolicyEpoch(epoch: Int, losses: inout LossAccumulator, episodes finished: inout [(Double, Int)]) throws {
        let d = spaces.actionDimension
        var policyAction = [Float](repeating: 0, count: d)
        for _ in 0..<configuration.stepPerEpoch {
            let observation = trainingRunners[0].observationAsFloat
            observation.withUnsafeBufferPointer { observationBuffer in
                policyAction.withUnsafeMutableBufferPointer { actionBuffer in
                    learner.act(observations: observationBuffer.baseAddress!, rows: 1, deterministic: false,
                                generator: &training, into: actionBuffer.baseAddress!)
                }
            }
            let environmentAction = (0..<d).map {
                descriptor.sac.actionMapping.environmentValue(Double(policyAction[$0]), low: spaces.actionLow[$0], high: spaces.actionHigh[$0])
            }
            if let episode = try stepOffPolicy(environmentAction: environmentAction, policyAction: policyAction) {
                finished.append(episode)
                episodes += 1
            }
            environmentSteps += 1
            stepReport?(epoch)
            replay!.sample(into: batch!, using: &training)
            let logged = learner.update(batch: batch!, generator: &training)
            gradientSteps += 1
            for (name, value) in logged {
                guard value.isFinite else {
                    throw TrainingError("\(name) became \(value) at env step \(environmentSteps) (epoch \(epoch)); the run stopped and "
                                        + "its last good checkpoint (epoch \(completedEpochs)) is intact in \(directory.path)")
                }
                losses.add(name, value)
            }
        }
    }

    /// One environment step of the single training environment into the replay buffer; returns
    /// the finished episode's return and length when the step ended it.
    func stepOffPolicy(environmentAction: [Double], policyAction: [Float]) throws -> (Double, Int)? {
        let observation = trainingRunners[0].observationAsFloat
        let outcome: StepOutcome
        do { outcome = try trainingRunners[0].step(environmentAction) } catch { throw TrainingError("environment: \(error)") }
        replay!.add(observation: observation, action: policyAction, reward: Float(outcome.reward),
                    nextObservation: trainingRunners[0].observationAsFloat, terminated: outcome.terminated)
        guard outcome.endsEpisode else { return nil }
        let episode = (trainingRunners[0].episodeReturn, trainingRunners[0].length)
        trainingRunners[0].reset(seed: environmentSeeds.next())
        return episode
    }

    // MARK: On-policy (docs/experiments.md §2.3)

    func runOnPolicyEpoch(epoch: Int, losses: inout LossAccumulator, episodes finished: inout [(Double, Int)]) throws {
        guard case .ppo(let ppo) = learner, let rollout else { preconditionFailure("on-policy epoch without PPO") }
        let o = spaces.observationDimension, d = spaces.actionDimension
        let environments = rollout.environments
        let observations = FloatBuffer(count: environments * o)
        let noise = FloatBuffer(count: environments * d)
        let actions = FloatBuffer(count: environments * d)
        var collectedThisEpoch = 0
        while collectedThisEpoch < configuration.stepPerEpoch {
            for step in 0..<rollout.stepsPerEnvironment {
                for environment in 0..<environments {
                    let observation = trainingRunners[environment].observationAsFloat
                    for i in 0..<o { observations[environment * o + i] = observation[i] }
                }
                training.fillNormal(noise.buffer)
                ppo.act(observations: observations.pointer, rows: environments, noise: noise.pointer, into: actions.pointer)
                for environment in 0..<environments {
                    let row = rollout.index(environment: environment, step: step)
                    (rollout.observations.pointer + row * o).update(from: observations.pointer + environment * o, count: o)
                    (rollout.actions.pointer + row * d).update(from: actions.pointer + environment * d, count: d)
                    let action = (0..<d).map { Double(actions[environment * d + $0]) }
                    let outcome: StepOutcome
                    do { outcome = try trainingRunners[environment].step(action) } catch { throw TrainingError("environment: \(error)") }
                    let next = trainingRunners[environment].observationAsFloat
                    for i in 0..<o { rollout.nextObservations[row * o + i] = next[i] }
                    rollout.rewards[row] = Float(outcome.reward)
                    rollout.terminated[row] = outcome.terminated ? 1 : 0
                    rollout.endsChain[row] = outcome.endsEpisode || step == rollout.stepsPerEnvironment - 1 ? 1 : 0
                    if outcome.endsEpisode {
                        finished.append((trainingRunners[environment].episodeReturn, trainingRunners[environment].length))
                        episodes += 1
                        trainingRunners[environment].reset(seed: environmentSeeds.next())
                    }
                }
            }
            environmentSteps += rollout.count
            collectedThisEpoch += rollout.count
            stepReport?(epoch)
            let result = ppo.update(rollout: rollout, generator: &training)
            gradientSteps += configuration.ppo!.repeatPerCollect * PPO.minibatches(count: rollout.count, size: configuration.ppo!.minibatchSize).count
            for (name, value) in [("loss", result.loss), ("loss/clip", result.clip), ("loss/vf", result.valueFunction), ("loss/ent", result.entropy)] {
                guard value.isFinite else {
                    throw TrainingError("\(name) became \(value) at env step \(environmentSteps) (epoch \(epoch)); the run stopped and "
                                        + "its last good checkpoint (epoch \(completedEpochs)) is intact in \(directory.path)")
                }
                losses.add(name, value)
            }
        }
    }

    // MARK: Evaluation (docs/experiments.md §2.4)

    /// Runs one episode in each test environment, all acting together; returns each episode's
    /// undiscounted return and length. SAC acts deterministically, PPO stochastically.
    public func test() throws -> [(episodeReturn: Double, length: Int)] {
        let o = spaces.observationDimension, d = spaces.actionDimension
        for index in testRunners.indices { testRunners[index].reset(seed: testSeeds.next()) }
        var results = [(episodeReturn: Double, length: Int)](repeating: (0, 0), count: testRunners.count)
        var active = Array(testRunners.indices)
        let observations = FloatBuffer(count: testRunners.count * o)
        let actions = FloatBuffer(count: testRunners.count * d)
        let noise = FloatBuffer(count: testRunners.count * d)
        let mapping = learner.actionMapping(descriptor)
        while !active.isEmpty {
            for (row, index) in active.enumerated() {
                let observation = testRunners[index].observationAsFloat
                for i in 0..<o { observations[row * o + i] = observation[i] }
            }
            switch learner {
            case .ppo(let ppo):
                evaluationNoise.fillNormal(UnsafeMutableBufferPointer(start: noise.pointer, count: active.count * d))
                ppo.act(observations: observations.pointer, rows: active.count, noise: noise.pointer, into: actions.pointer)
            default:
                learner.act(observations: observations.pointer, rows: active.count, deterministic: true,
                            generator: &evaluationNoise, into: actions.pointer)
            }
            var stillActive: [Int] = []
            for (row, index) in active.enumerated() {
                let action = (0..<d).map {
                    mapping.environmentValue(Double(actions[row * d + $0]), low: spaces.actionLow[$0], high: spaces.actionHigh[$0])
                }
                let outcome: StepOutcome
                do { outcome = try testRunners[index].step(action) } catch { throw TrainingError("test environment: \(error)") }
                if outcome.endsEpisode {
                    results[index] = (testRunners[index].episodeReturn, testRunners[index].length)
                } else {
                    stillActive.append(index)
                }
            }
            active = stillActive
        }
        return results
    }

    // MARK: Epoch end: test, logs, checkpoint

    func finishEpoch(_ epoch: Int, losses: LossAccumulator, trainingEpisodes: [(Double, Int)], startedAt: Date, stepsAtStart: Int) throws {
        for (name, buffer) in learner.stateBuffers where !buffer.isFinite {
            throw TrainingError("parameters '\(name)' became non-finite in epoch \(epoch); the run stopped and its last good "
                                + "checkpoint (epoch \(completedEpochs)) is intact in \(directory.path)")
        }
        let results = try test()
        let returns = results.map(\.episodeReturn), lengths = results.map { Double($0.length) }
        var values: [(String, Double?)] = [
            ("epoch", Double(epoch)), ("env_step", Double(environmentSteps)), ("episodes", Double(episodes)),
            ("gradient_steps", Double(gradientSteps)),
            ("test/reward", mean(returns)), ("test/reward_std", standardDeviation(returns)),
            ("test/length", mean(lengths)), ("test/length_std", standardDeviation(lengths)),
            ("train/reward", trainingEpisodes.isEmpty ? nil : mean(trainingEpisodes.map(\.0))),
            ("train/length", trainingEpisodes.isEmpty ? nil : mean(trainingEpisodes.map { Double($0.1) })),
        ]
        for name in learner.loggedNames(configuration: configuration) {
            values.append((name, losses.mean(name)))
        }
        // α is a float32; its shortest decimal form is logged (0.2, not 0.20000000298023224).
        if let alpha = learner.alpha { values.append(("alpha", Double("\(alpha)"))) }
        try log.append(ProgressRow(values))
        let seconds = Date().timeIntervalSince(startedAt)
        try log.appendTiming(epoch: epoch, seconds: seconds,
                             stepsPerSecond: seconds > 0 ? Double(environmentSteps - stepsAtStart) / seconds : 0)
        completedEpochs = epoch
        let testReturn = mean(returns)
        lastTestReturn = testReturn
        var learnerState = Checkpoint()
        learner.save(into: &learnerState)
        if testReturn > bestTestReturn {
            bestTestReturn = testReturn
            var best = learnerState
            best.integers["epoch"] = epoch
            best.numbers["test/reward"] = testReturn
            try best.write(to: directory.appendingPathComponent(Self.bestPolicyName))
        }
        var checkpoint = learnerState
        save(into: &checkpoint)
        try checkpoint.write(to: directory.appendingPathComponent(Self.checkpointName))
    }

    func save(into checkpoint: inout Checkpoint) {
        checkpoint.integers["run.epoch"] = completedEpochs
        checkpoint.integers["run.environmentSteps"] = environmentSteps
        checkpoint.integers["run.episodes"] = episodes
        checkpoint.integers["run.gradientSteps"] = gradientSteps
        checkpoint.numbers["run.bestTestReturn"] = bestTestReturn
        checkpoint.numbers["run.lastTestReturn"] = lastTestReturn
        for (name, generator) in [("training", training), ("warmup", warmup), ("environmentSeeds", environmentSeeds),
                                  ("testSeeds", testSeeds), ("evaluationNoise", evaluationNoise)] {
            checkpoint.doubleArrays["rng.\(name)"] = generator.state.map { Double(bitPattern: $0) }
        }
        for (index, runner) in trainingRunners.enumerated() {
            runner.save(into: &checkpoint, prefix: "env.\(index)")
        }
        if let replay {
            for (name, values) in replay.storedState { checkpoint.arrays["replay.\(name)"] = values }
            checkpoint.integers["replay.count"] = replay.count
            checkpoint.integers["replay.nextIndex"] = replay.nextIndex
        }
    }

    func restore(from checkpoint: Checkpoint) throws(CheckpointError) {
        try learner.restore(from: checkpoint)
        completedEpochs = try checkpoint.integer("run.epoch")
        environmentSteps = try checkpoint.integer("run.environmentSteps")
        episodes = try checkpoint.integer("run.episodes")
        gradientSteps = try checkpoint.integer("run.gradientSteps")
        bestTestReturn = try checkpoint.number("run.bestTestReturn")
        lastTestReturn = try checkpoint.number("run.lastTestReturn")
        func generator(_ name: String) throws(CheckpointError) -> RandomSource {
            let words = try checkpoint.doubleArray("rng.\(name)").map { $0.bitPattern }
            guard words.count == 4, words.contains(where: { $0 != 0 }) else { throw CheckpointError("corrupt generator state '\(name)'") }
            return RandomSource(state: words)
        }
        training = try generator("training")
        warmup = try generator("warmup")
        environmentSeeds = try generator("environmentSeeds")
        testSeeds = try generator("testSeeds")
        evaluationNoise = try generator("evaluationNoise")
        for index in trainingRunners.indices {
            try trainingRunners[index].restore(from: checkpoint, prefix: "env.\(index)", actionDimension: spaces.actionDimension)
        }
        if let replay {
            var stored: [String: [Float]] = [:]
            for name in ["observations", "actions", "rewards", "nextObservations", "terminated"] {
                stored[name] = checkpoint.arrays["replay.\(name)"]
            }
            try replay.restore(stored, count: try checkpoint.integer("replay.count"), nextIndex: try checkpoint.integer("replay.nextIndex"))
        }
    }

    // MARK: Evaluation of a finished run

    /// Loads the best policy (or the latest checkpoint) of the run in `directory` and runs
    /// `episodes` test episodes with the evaluation protocol, seeded by `seed`.
    public static func evaluate(directory: URL, episodes: Int, seed: UInt64, latest: Bool) throws -> [(episodeReturn: Double, length: Int)] {
        var configuration = try readConfiguration(directory: directory)
        configuration.testEpisodes = episodes
        configuration.seed = seed
        let problems = configuration.problems
        guard problems.isEmpty else { throw ConfigurationError(problems.joined(separator: "; ")) }
        let run = TrainingRun(validConfiguration: configuration, directory: directory)
        let url = directory.appendingPathComponent(latest ? checkpointName : bestPolicyName)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CheckpointError("\(directory.path) has no \(url.lastPathComponent) yet")
        }
        try run.learner.restore(from: Checkpoint(contentsOf: url))
        return try run.test()
    }
}

/// Means of the logged losses over an epoch's updates.
struct LossAccumulator {
    private var sums: [String: (total: Double, count: Int)] = [:]

    mutating func add(_ name: String, _ value: Double) {
        let current = sums[name] ?? (0, 0)
        sums[name] = (current.total + value, current.count + 1)
    }

    func mean(_ name: String) -> Double? {
        sums[name].map { $0.total / Double($0.count) }
    }
}

func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
}

/// The population standard deviation (NumPy's default, as tianshou reports).
func standardDeviation(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return 0 }
    let average = mean(values)
    return (values.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(values.count)).squareRoot()
}
