import Arithmetic
import Foundation
import Synchronization
import Twins

/// A temperature study: every (algorithm, α, seed) trained on the deep twin of an MDP file, each
/// run in its own directory under `directory/runs`, launched as separate `maxent train` processes.
///
/// The study is resumable: a run that finished carries a marker file and is skipped; a run that
/// stopped after a checkpoint continues with `--resume`; a run that stopped before its first
/// checkpoint starts again.
public struct TemperatureStudy: Sendable {
    /// One training run of the study. PPO has no temperature: its runs have `alpha == nil`.
    public struct Run: Sendable, Equatable {
        public var algorithm: String
        public var alpha: Rational?
        public var seed: UInt64

        /// The run's directory name: `sac-alpha1_5-seed2` (α = 1/5), `ppo-seed2`.
        public var directoryName: String {
            let temperature = alpha.map { "-alpha" + $0.description.replacingOccurrences(of: "/", with: "_") } ?? ""
            return "\(algorithm)\(temperature)-seed\(seed)"
        }
    }

    public static let algorithms = ["sac", "sac-auto", "sac-adaent", "ppo"]
    /// The file a finished run's directory holds.
    public static let finishedMarker = "study-finished"

    /// The twin's environment name (`mdp:FILE[,layout=…][,steps=N]`).
    public let environment: TwinName
    /// The examined state's name.
    public let state: String
    public let alphas: [Rational]
    public let algorithms: [String]
    /// Seeds 1…seeds.
    public let seeds: Int
    /// Training steps of every run; nil for the preset's.
    public let steps: Int?
    /// Extra `maxent train` arguments of each algorithm's runs (e.g. `["sac-adaent": ["--entropy-n-sample", "20"]]`).
    public let trainArguments: [String: [String]]
    public let directory: URL

    public init(
        environment: TwinName, state: String, alphas: [Rational], algorithms: [String], seeds: Int, steps: Int?,
        trainArguments: [String: [String]] = [:], directory: URL
    ) throws(TwinError) {
        guard !alphas.isEmpty, alphas.allSatisfy({ $0.signum > 0 }) else { throw TwinError("--alphas must be positive exact numbers") }
        guard Set(alphas).count == alphas.count else { throw TwinError("--alphas lists a temperature twice") }
        guard !algorithms.isEmpty else { throw TwinError("--algos must name at least one algorithm") }
        for algorithm in algorithms where !Self.algorithms.contains(algorithm) {
            throw TwinError("--algos: unknown algorithm '\(algorithm)'; expected \(Self.algorithms.joined(separator: ", "))")
        }
        guard Set(algorithms).count == algorithms.count else { throw TwinError("--algos lists an algorithm twice") }
        guard seeds >= 1 else { throw TwinError("--seeds must be at least 1, got \(seeds)") }
        if let steps, steps < 1 { throw TwinError("--steps must be at least 1, got \(steps)") }
        self.environment = environment
        self.state = state
        self.alphas = alphas.sorted()
        self.algorithms = algorithms
        self.seeds = seeds
        self.steps = steps
        self.trainArguments = trainArguments
        self.directory = directory
    }

    /// Every run, algorithm by algorithm, α by α, seed by seed.
    public var runs: [Run] {
        algorithms.flatMap { algorithm -> [Run] in
            let temperatures: [Rational?] = algorithm == "ppo" || algorithm == "sac-auto" ? [nil] : alphas
            return temperatures.flatMap { alpha in (1...seeds).map { Run(algorithm: algorithm, alpha: alpha, seed: UInt64($0)) } }
        }
    }

    public func runDirectory(_ run: Run) -> URL {
        directory.appendingPathComponent("runs").appendingPathComponent(run.directoryName)
    }

    public func isFinished(_ run: Run) -> Bool {
        FileManager.default.fileExists(atPath: runDirectory(run).appendingPathComponent(Self.finishedMarker).path)
    }

    /// The `maxent train` arguments of `run` (without the program name).
    public func arguments(for run: Run) -> [String] {
        let runDirectory = runDirectory(run)
        let manager = FileManager.default
        if manager.fileExists(atPath: runDirectory.appendingPathComponent("checkpoint.bin").path) {
            return ["train", "--resume", runDirectory.path, "--quiet"]
        }
        var arguments = ["train", "--env", environment.environmentName, "--algo", run.algorithm, "--seed", "\(run.seed)",
                         "--out", runDirectory.path, "--workers", "1", "--quiet"]
        if let alpha = run.alpha { arguments += ["--alpha", "\(alpha.nearestDouble)"] }
        if let steps { arguments += ["--steps", "\(steps)"] }
        return arguments + (trainArguments[run.algorithm] ?? [])
    }

    /// Launches every unfinished run, at most `jobs` at a time; `launch` runs one `maxent train`
    /// command line to its end and returns its exit status, with its output going to `log`.
    /// Returns the runs that failed (non-zero status), each with the status.
    public func execute(
        jobs: Int, launch: @escaping @Sendable (_ arguments: [String], _ log: URL) -> Int32,
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(TwinError) -> [(run: Run, status: Int32)] {
        // The costliest runs first, so that the last ones to finish are short.
        let cost = ["sac-adaent": 0, "sac": 1, "sac-auto": 1, "ppo": 2]
        let pending = runs.filter { !isFinished($0) }.enumerated()
            .sorted { (cost[$0.element.algorithm] ?? 3, $0.offset) < (cost[$1.element.algorithm] ?? 3, $1.offset) }.map(\.element)
        let runsDirectory = directory.appendingPathComponent("runs")
        do { try FileManager.default.createDirectory(at: runsDirectory, withIntermediateDirectories: true) } catch {
            throw TwinError("\(runsDirectory.path): cannot create it (\(error.localizedDescription))")
        }
        progress("\(runs.count - pending.count) of \(runs.count) runs already finished; \(pending.count) to train, \(max(1, jobs)) at a time")
        let next = Mutex(0)
        let failures = Mutex<[(run: Run, status: Int32)]>([])
        let study = self
        DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, pending.count))) { _ in
            while true {
                let index: Int = next.withLock { value in
                    defer { value += 1 }
                    return value
                }
                guard index < pending.count else { return }
                let run = pending[index]
                let runDirectory = study.runDirectory(run)
                // A run that stopped before its first checkpoint cannot resume: start it again.
                if !FileManager.default.fileExists(atPath: runDirectory.appendingPathComponent("checkpoint.bin").path) {
                    try? FileManager.default.removeItem(at: runDirectory)
                }
                let log = runsDirectory.appendingPathComponent(run.directoryName + ".log")
                var status = launch(study.arguments(for: run), log)
                if status == 0, !FileManager.default.createFile(
                    atPath: runDirectory.appendingPathComponent(Self.finishedMarker).path, contents: Data()) {
                    status = 1
                }
                if status == 0 {
                    progress("finished \(run.directoryName)")
                } else {
                    failures.withLock { $0.append((run, status)) }
                    progress("FAILED \(run.directoryName) (exit \(status); see \(log.path))")
                }
            }
        }
        return failures.withLock { $0 }
    }
}

extension Rational {
    /// The double nearest to the value (GMP truncates toward zero; step outward when nearer).
    var nearestDouble: Double {
        let truncated = doubleValue
        let exact = Rational(exactly: truncated)
        guard exact != self, truncated.isFinite else { return truncated }
        let neighbour = self > exact ? truncated.nextUp : truncated.nextDown
        return (Rational(exactly: neighbour) - self).magnitude < (self - exact).magnitude ? neighbour : truncated
    }
}
