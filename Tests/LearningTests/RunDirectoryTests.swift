import Environments
import Foundation
import JSON
@testable import Learning
import Randomness
import Testing

@Suite("Reading a run directory")
struct RunDirectoryTests {
    /// A short finished run of `algorithm` on `environment`; SAC also trains its analysis critics.
    static func finishedRun(_ environment: String, _ algorithm: Algorithm) throws -> (URL, TrainingConfiguration) {
        var configuration = try TrainingTests.smallConfiguration(environment: environment, algorithm: algorithm)
        configuration.epochs = 2
        if algorithm == .sac { configuration.sac!.analysisPlainCritics = true }
        let directory = TrainingTests.temporaryDirectory()
        try TrainingRun(configuration: configuration, directory: directory).train()
        return (directory, configuration)
    }

    @Test("config.json has the members Foundation's encoder wrote, and files it wrote still open")
    func configurationFilesKeepTheirFormat() throws {
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        for preset in Preset.allCases {
            for environment in ["toy", "quadrotor", "vehicle", "acrobot", "obstacle2d"] {
                for algorithm in Algorithm.allCases {
                    guard var configuration = try? TrainingConfiguration.preset(preset, environment: environment, algorithm: algorithm) else { continue }
                    configuration.seed = 0xFFFF_FFFF_FFFF
                    let older = try foundation.encode(configuration)
                    let written = try TrainingRun.encodeConfiguration(configuration)
                    var expected = try JSONValue(parsing: Array(older))
                    if case .object(let members) = expected {
                        expected = .object((members + [(key: "blasKernel", value: .string(BLASKernel.current.description))]).sorted { $0.key < $1.key })
                    }
                    #expect(try JSONValue(parsing: Array(written)) == expected, "\(preset) \(environment) \(algorithm)")
                    let directory = TrainingTests.temporaryDirectory()
                    defer { try? FileManager.default.removeItem(at: directory) }
                    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                    try older.write(to: directory.appendingPathComponent(RunDirectory.configurationFileName))
                    #expect(try RunDirectory(directory).configuration == configuration)
                }
            }
        }
    }

    @Test("the typed configuration, the progress log and the snapshots are the run's", arguments: [Algorithm.sacAuto, .ppo])
    func openedRunMatchesWhatWasTrained(algorithm: Algorithm) throws {
        let (directory, configuration) = try Self.finishedRun("toy", algorithm)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try RunDirectory(directory)
        #expect(run.configuration == configuration)
        let progress = try run.progress()
        #expect(progress.column("epoch") == [0, 1, 2])
        #expect(progress.column("env_step")?.last == Double(configuration.totalSteps))
        #expect(RunDirectory.Snapshot.allCases.allSatisfy(run.has))
        let trainingRun = try TrainingRun(resuming: directory)
        #expect(trainingRun.completedEpochs == 2)
    }

    /// The oracle is the whole learner of the same checkpoint, as training restores it: the agent,
    /// built from the networks alone, must give the same distribution and the same critic values.
    @Test("the agent acts and judges exactly like the learner restored from the same checkpoint", arguments: [
        ("toy", Algorithm.sac), ("vehicle", Algorithm.sacAdaEnt), ("acrobot", Algorithm.ppo),
    ])
    func agentEqualsRestoredLearner(environment: String, algorithm: Algorithm) throws {
        let (directory, configuration) = try Self.finishedRun(environment, algorithm)
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try RunDirectory(directory)
        let agent = try run.agent(.best)
        let spaces = EnvironmentRegistry.descriptor(named: environment)!.spaces
        var generator = RandomSource(seed: 99)
        let learner = Learner(configuration: configuration, spaces: spaces, generator: &generator)
        try learner.restore(from: Checkpoint(contentsOf: run.url(of: .best)))

        var environmentCopy = EnvironmentRegistry.descriptor(named: environment)!.make(options: .corrected)
        let observation = environmentCopy.reset(seed: 3)
        let d = spaces.actionDimension
        let state = observation.map { Float($0) }
        let (mean, std): (FloatBuffer, FloatBuffer) = state.withUnsafeBufferPointer { pointer in
            switch learner {
            case .sac(let sac):
                sac.actor.computeDistribution(states: pointer.baseAddress!, rows: 1)
                return (sac.actor.mean, sac.actor.std)
            case .adaEnt(let adaEnt):
                adaEnt.actor.computeDistribution(states: pointer.baseAddress!, rows: 1)
                return (adaEnt.actor.mean, adaEnt.actor.std)
            case .ppo(let ppo):
                ppo.actor.computeDistribution(states: pointer.baseAddress!, rows: 1)
                return (ppo.actor.mean, ppo.actor.std)
            }
        }
        let gaussian = agent.gaussian(at: observation)
        #expect(gaussian.mean == (0..<d).map { Double(mean[$0]) })
        #expect(gaussian.standardDeviation == (0..<d).map { Double(std[$0]) })
        #expect(agent.squashesActions == (algorithm != .ppo))
        #expect(agent.alpha == learner.alpha.map(Double.init))

        // One batch of the critics' capacity (the batch size), so that the learner's critics take it whole.
        let actions = agent.sampleActions(observation: observation, count: configuration.sac?.batchSize ?? 1, seed: 5)
        let pairs: [(TrainedAgent.CriticKind, [QNetwork])]
        switch learner {
        case .sac(let sac): pairs = [(.soft, [sac.critic1.online, sac.critic2.online]), (.plain, sac.plainCritics.map(\.online))]
        case .adaEnt(let adaEnt):
            pairs = [(.soft, [adaEnt.softCritic1.online, adaEnt.softCritic2.online]),
                     (.plain, [adaEnt.plainCritic1.online, adaEnt.plainCritic2.online])]
        case .ppo: pairs = []
        }
        #expect(agent.criticKinds == pairs.map(\.0))
        for (kind, pair) in pairs {
            let states = (0..<actions.count).flatMap { _ in state }
            let flat = actions.flatMap { $0.map { Float($0) } }
            var expected = [Double](repeating: .infinity, count: actions.count)
            for critic in pair {
                let values = states.withUnsafeBufferPointer { s in
                    flat.withUnsafeBufferPointer { a in critic.values(states: s.baseAddress!, actions: a.baseAddress!, rows: actions.count) }
                }
                for row in actions.indices { expected[row] = min(expected[row], Double(values[row])) }
            }
            #expect(agent.criticValues(kind, observation: observation, actions: actions) == expected)
        }
    }

    @Test("a directory that is not a readable run is refused with one line naming the file")
    func unreadableRunsAreRefused() throws {
        let directory = TrainingTests.temporaryDirectory()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func message() -> String? {
            do { _ = try RunDirectory(directory); return nil } catch { return error.description }
        }
        #expect(message() == "\(directory.path) is not a run directory (no config.json)")
        let file = directory.appendingPathComponent("config.json")
        try Data("[1, 2]".utf8).write(to: file)
        #expect(message() == "\(file.path): not a JSON object")
        try Data("{\"environment\": \"toy\", \"algorithm\": \"sac\"}".utf8).write(to: file)
        #expect(message() == "\(file.path): missing \"seed\"")
        try Data("{\"environment\": \"toy\", \"algorithm\": \"dqn\"}".utf8).write(to: file)
        #expect(message()?.hasPrefix("\(file.path): algorithm: ") == true)
        var configuration = try TrainingTests.smallConfiguration(environment: "toy", algorithm: .sac)
        configuration.epochs = 0
        try JSONEncoder().encode(configuration).write(to: file)
        #expect(message() == "\(file.path): epochs must be at least 1")
        configuration.epochs = 1
        try JSONEncoder().encode(configuration).write(to: file)
        let run = try RunDirectory(directory)
        #expect(throws: RunDirectoryError.self) { try run.agent() }
        #expect(throws: RunDirectoryError.self) { try run.progress() }
    }
}
