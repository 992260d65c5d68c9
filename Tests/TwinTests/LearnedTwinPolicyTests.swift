import Analysis
import Environments
import FiniteMDP
import Foundation
import Learning
import Testing
@testable import Twins

@Suite struct LearnedTwinPolicyTests {
    /// A few hundred steps of training on the toy twin (default layout: the precise action owns
    /// [−1, −4/5) at s1), enough to move the policy away from its initialisation.
    static func trainedAgent(_ algorithm: Algorithm) throws -> (TrainedAgent, DeepTwin) {
        TwinEnvironments.install()
        let name = TwinName(mdpPath: "\(examplesDirectory)/toy.json")
        var configuration = try TrainingConfiguration.preset(.paper, environment: name.environmentName, algorithm: algorithm)
        configuration.epochs = 1
        configuration.stepPerEpoch = algorithm == .ppo ? 64 : 300
        configuration.testEpisodes = 1
        configuration.workers = 1
        if algorithm == .ppo {
            configuration.ppo!.stepPerCollect = 64
            configuration.ppo!.minibatchSize = 32
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twin-agent-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try TrainingRun(configuration: configuration, directory: directory).train { _ in }
        return (try RunRecord(directory: directory.path).agent(), try name.load())
    }

    /// The closed-form interval masses against the frequencies of the policy's own samples, sent
    /// through the twin (which clips them) to the action whose set they fall in.
    @Test(arguments: [Algorithm.sac, .ppo])
    func intervalMassesAreTheFrequenciesOfThePolicysActions(algorithm: Algorithm) throws {
        let (agent, twin) = try Self.trainedAgent(algorithm)
        let description = twin.description
        let draws = 20_000
        for (state, mdpState) in twin.mdp.states.enumerated() where !mdpState.isTerminal {
            let masses = agent.twinActionProbabilities(twin, state: state)
            #expect(abs(masses.reduce(0, +) - 1) < 1e-12)
            let observation = (0..<twin.mdp.states.count).map { $0 == state ? 1.0 : 0.0 }
            var counts = [Int](repeating: 0, count: mdpState.actions.count)
            for action in agent.sampleActions(observation: observation, count: draws, seed: 9) {
                counts[description.action(at: action[0], state: state)] += 1
            }
            for (action, mass) in masses.enumerated() {
                let frequency = Double(counts[action]) / Double(draws)
                #expect(abs(frequency - mass) <= 5 * (mass * (1 - mass) / Double(draws)).squareRoot() + 1e-9,
                        "\(algorithm) at \(mdpState.name)/\(mdpState.actions[action].name): \(frequency) against \(mass)")
            }
        }
    }
}
