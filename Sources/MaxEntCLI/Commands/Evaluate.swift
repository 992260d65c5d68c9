import ArgumentParser
import FiniteMDP
import Foundation
import Learning
import JSON

/// `maxent evaluate`: the test protocol of docs/experiments.md §2.4 on a trained run's policy.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Evaluate a training run's best policy (or its latest checkpoint) over test episodes.",
        discussion: """
            SAC-family policies act deterministically (tanh μ), PPO stochastically, as in the reference. \
            Prints each episode's undiscounted return and length, then the mean and standard deviation.
            """
    )

    @Argument(help: ArgumentHelp("A run directory written by maxent train.", valueName: "run-dir"))
    var runDirectory: String

    @Option(help: "Number of test episodes.")
    var episodes: Int = 10

    @Option(help: "Seed of the episodes' initial states (and of PPO's action noise).")
    var seed: UInt64 = 0

    @Flag(help: "Use the latest checkpoint instead of the best policy.")
    var latest = false

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        guard episodes >= 1 else { throw InputError("--episodes must be at least 1, got \(episodes)") }
        let results: [(episodeReturn: Double, length: Int)]
        do {
            results = try TrainingRun.evaluate(directory: URL(fileURLWithPath: runDirectory), episodes: episodes, seed: seed, latest: latest)
        } catch {
            throw InputError("\(runDirectory): \(error)")
        }
        let returns = results.map(\.episodeReturn)
        let mean = returns.reduce(0, +) / Double(returns.count)
        let std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)).squareRoot()
        let meanLength = Double(results.map(\.length).reduce(0, +)) / Double(results.count)
        if json {
            func number(_ value: Double) -> JSONValue { .number(value) { "\($0)" } }
            let episodes: [JSONValue] = results.map { .object([("return", number($0.episodeReturn)), ("length", .number("\($0.length)"))]) }
            print(JSONValue.object([
                ("episodes", .array(episodes)), ("return_mean", number(mean)), ("return_std", number(std)),
                ("length_mean", number(meanLength)),
            ]).compactJSONText())
        } else {
            print("episode\treturn\tlength")
            for (index, result) in results.enumerated() {
                print("\(index)\t\(String(format: "%.6g", result.episodeReturn))\t\(result.length)")
            }
            print("return \(String(format: "%.6g", mean)) ± \(String(format: "%.6g", std)) over \(results.count) episodes, mean length \(String(format: "%.4g", meanLength))")
        }
    }
}
