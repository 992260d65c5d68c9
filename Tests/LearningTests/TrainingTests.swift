import Foundation
import JSON
@testable import Learning
import Testing

@Suite("Training runs")
struct TrainingTests {
    static func smallConfiguration(environment: String, algorithm: Algorithm) throws -> TrainingConfiguration {
        var configuration = try TrainingConfiguration.preset(.paper, environment: environment, algorithm: algorithm)
        configuration.seed = 11
        configuration.epochs = 4
        configuration.testEpisodes = 3
        configuration.replayCapacity = 2000
        if algorithm.isOffPolicy {
            configuration.stepPerEpoch = 30
            configuration.warmupSteps = 21
            configuration.sac!.hidden = [16, 16]
            configuration.sac!.batchSize = 16
            configuration.adaEnt?.entropySamples = 8
        } else {
            configuration.stepPerEpoch = 64
            configuration.ppo!.hidden = [16, 16]
            configuration.ppo!.trainingEnvironments = 2
            configuration.ppo!.stepPerCollect = 64
            configuration.ppo!.minibatchSize = 16
            configuration.ppo!.repeatPerCollect = 2
        }
        return configuration
    }

    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("maxent-learning-\(UUID().uuidString)")
    }

    static let runFiles = ["config.json", "progress.csv", "progress.jsonl", "checkpoint.bin", "policy.bin"]

    static func contents(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in runFiles { files[name] = try Data(contentsOf: directory.appendingPathComponent(name)) }
        return files
    }

    @Test("the same configuration twice gives byte-identical logs and checkpoints", arguments: [
        ("vehicle", Algorithm.sac), ("toy", Algorithm.sacAdaEnt), ("toy", Algorithm.ppo),
    ])
    func determinism(environment: String, algorithm: Algorithm) throws {
        let configuration = try Self.smallConfiguration(environment: environment, algorithm: algorithm)
        let first = Self.temporaryDirectory(), second = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: first); try? FileManager.default.removeItem(at: second) }
        try TrainingRun(configuration: configuration, directory: first).train()
        try TrainingRun(configuration: configuration, directory: second).train()
        #expect(try Self.contents(first) == Self.contents(second))
        let rows = try String(contentsOf: first.appendingPathComponent("progress.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 5)
        // Each JSON line is the CSV row of the same epoch: the header's keys in order, the same
        // number text, null for an empty field.
        let csv = try String(contentsOf: first.appendingPathComponent("progress.csv"), encoding: .utf8).split(separator: "\n")
        let header = csv[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        for (line, csvLine) in zip(rows, csv.dropFirst()) {
            let fields = csvLine.split(separator: ",", omittingEmptySubsequences: false).map { $0.isEmpty ? JSONValue.null : .number(String($0)) }
            #expect(try JSONValue(parsing: Array(line.utf8)) == .object(Array(zip(header, fields).map { (key: $0, value: $1) })))
        }
    }

    @Test("kill and resume: 2 epochs + resume 2 epochs equals 4 epochs straight", arguments: [
        ("vehicle", Algorithm.sacAuto), ("toy", Algorithm.sacAdaEnt), ("acrobot", Algorithm.ppo),
    ])
    func resumeEquality(environment: String, algorithm: Algorithm) throws {
        let configuration = try Self.smallConfiguration(environment: environment, algorithm: algorithm)
        let straight = Self.temporaryDirectory(), interrupted = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: straight); try? FileManager.default.removeItem(at: interrupted) }
        try TrainingRun(configuration: configuration, directory: straight).train()
        try TrainingRun(configuration: configuration, directory: interrupted).train(stopAfterEpoch: 2)
        let resumed = try TrainingRun(resuming: interrupted)
        #expect(resumed.completedEpochs == 2)
        try resumed.train()
        #expect(try Self.contents(straight) == Self.contents(interrupted))
    }

    @Test("a non-finite parameter stops the run with a message and leaves the last checkpoint intact")
    func nonFiniteStopsRun() throws {
        let configuration = try Self.smallConfiguration(environment: "toy", algorithm: .sac)
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let run = try TrainingRun(configuration: configuration, directory: directory)
        try run.train(stopAfterEpoch: 1)
        let checkpoint = try Data(contentsOf: directory.appendingPathComponent("checkpoint.bin"))
        guard case .sac(let sac) = run.learner else { Issue.record("expected SAC"); return }
        sac.critic1.online.network.parameters[0] = .nan
        #expect { try run.train() } throws: { error in
            String(describing: error).contains("became nan") && String(describing: error).contains("epoch 1")
        }
        #expect(try Data(contentsOf: directory.appendingPathComponent("checkpoint.bin")) == checkpoint)
    }

    @Test("a run directory is not overwritten; bad configurations are refused")
    func refusesBadInput() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try Self.smallConfiguration(environment: "toy", algorithm: .sac)
        _ = try TrainingRun(configuration: configuration, directory: directory)
        #expect(throws: ConfigurationError.self) { try TrainingRun(configuration: configuration, directory: directory) }
        #expect(throws: ConfigurationError.self) { try TrainingConfiguration.preset(.paper, environment: "nowhere", algorithm: .sac) }
        var bad = configuration
        bad.epochs = 0
        #expect(!bad.problems.isEmpty)
    }

    @Test("PPO epochs are rounded up to whole collections (docs/experiments.md §2.3)")
    func ppoEpochRounding() {
        #expect(PPO.stepsPerEpoch(stepPerEpoch: 10_000, stepPerCollect: 2048) == 10_240)
        #expect(PPO.stepsPerEpoch(stepPerEpoch: 5000, stepPerCollect: 2048) == 6144)
        #expect(PPO.stepsPerEpoch(stepPerEpoch: 1000, stepPerCollect: 2048) == 2048)
    }
}
