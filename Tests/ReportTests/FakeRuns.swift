import Foundation
import Learning

/// A scratch directory of small fake run directories in the format `maxent train` writes.
struct FakeRuns {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("report-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Writes `name/config.json` (the paper preset with the given settings) and `name/progress.csv`;
    /// returns the directory's path.
    @discardableResult
    func run(
        _ name: String, environment: String = "toy", algorithm: String = "sac", seed: Int = 1, alpha: Double? = 1,
        autoAlpha: Bool = false, progress: String
    ) throws -> String {
        let directory = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var configuration = try TrainingConfiguration.preset(.paper, environment: environment, algorithm: Algorithm(rawValue: algorithm)!)
        configuration.epochs = 3
        configuration.seed = UInt64(seed)
        if let alpha { configuration.sac?.alpha = alpha }
        configuration.sac?.autoAlpha = autoAlpha
        try JSONEncoder().encode(configuration).write(to: directory.appendingPathComponent("config.json"))
        try Data(progress.utf8).write(to: directory.appendingPathComponent("progress.csv"))
        return directory.path
    }

    /// A SAC-style log: epochs 0…n at `stepsPerEpoch`, test returns as given.
    static func sacProgress(returns: [Double], stepsPerEpoch: Int = 1000, alphas: [Double]? = nil) -> String {
        var lines = ["epoch,env_step,episodes,gradient_steps,test/reward,test/reward_std,test/length,test/length_std,train/reward,train/length,loss/actor,loss/critic1,loss/critic2,alpha"]
        for (epoch, value) in returns.enumerated() {
            let training = epoch == 0 ? ",,,," : "-1.5,2,0.5,0.25,0.25"
            let alpha = alphas?[epoch] ?? 1
            lines.append("\(epoch),\(epoch * stepsPerEpoch),\(epoch * 10),\(epoch * stepsPerEpoch),\(value),0.5,2,0,\(training),\(alpha)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A SAC-AdaEnt-style log with a surrogate rate column.
    static func adaEntProgress(returns: [Double], rates: [Double]) -> String {
        var lines = ["epoch,env_step,episodes,gradient_steps,test/reward,test/reward_std,test/length,test/length_std,train/reward,train/length,loss/actor,loss/critic1,loss/critic2,loss/critic1_s,loss/critic2_s,loss/surrogate_rate,alpha"]
        for (epoch, value) in returns.enumerated() {
            let losses = epoch == 0 ? ",,,,,,," : "-1,2,0.5,0.1,0.1,0.2,0.2,\(rates[epoch])"
            lines.append("\(epoch),\(epoch * 1000),\(epoch * 10),\(epoch * 1000),\(value),0,2,0,\(losses),1")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
