import ArgumentParser
import Environments
import Foundation
import Learning

/// `maxent train`: one deep-RL training run of docs/experiments.md §2 into a run directory.
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train SAC, SAC auto-α, SAC-AdaEnt or PPO on one of the paper's environments (docs/experiments.md).",
        discussion: """
            A run directory holds config.json (every setting used), progress.csv and progress.jsonl (one row per \
            epoch: env steps, episodes, test return mean/std, losses, α, surrogate rate), timing.csv (wall clock, \
            steps/s), checkpoint.bin (written atomically after every epoch) and policy.bin (the best test return so \
            far). The same command twice gives byte-identical progress logs and checkpoints; --resume DIR continues \
            a stopped run exactly where its last checkpoint left it. Any flag overrides the preset. Environments \
            honour their seeds (training env i starts with seed + i), unlike the reference (docs/environments.md §0.3).
            """
    )

    enum AlgorithmName: String, ExpressibleByArgument, CaseIterable {
        case sac
        case sacAuto = "sac-auto"
        case sacAdaEnt = "sac-adaent"
        case ppo

        var algorithm: Algorithm { Algorithm(rawValue: rawValue)! }
    }

    @Option(help: "Environment: \(EnvironmentRegistry.names.joined(separator: ", ")), or \(twinEnvironmentSyntax).")
    var env: String?

    @Option(help: "Algorithm: sac, sac-auto, sac-adaent or ppo.")
    var algo: AlgorithmName?

    @Option(help: "paper: the reference scripts' settings; cpu: scaled down to about half an hour on two cores.")
    var preset: String = "paper"

    @Option(help: "Seed of every random stream (default: the reference script's seed).")
    var seed: UInt64?

    @Option(help: ArgumentHelp("Run directory (default: runs/<env>-<algo>-seed<seed>).", valueName: "dir"))
    var out: String?

    @Option(help: ArgumentHelp("Continue the stopped run in this directory; no other flag may be given.", valueName: "dir"))
    var resume: String?

    @Option(help: "Total env steps: ⌈N / steps per epoch⌉ epochs (one epoch of N steps if N is smaller; PPO epochs are whole 2048-step collections).")
    var steps: Int?

    @Option(help: "Number of epochs.")
    var epochs: Int?

    @Option(help: "Env steps per epoch.")
    var stepPerEpoch: Int?

    @Option(help: "Uniform-random warm-up steps (off-policy).")
    var warmup: Int?

    @Option(help: "Test episodes after every epoch (default 10).")
    var testEpisodes: Int?

    @Option(help: "termination (reference: QuadRotor and Vehicle report their time limit as termination) or truncation.")
    var timeLimitAs: String?

    @Option(help: "Threads for independent matrix products (results do not depend on it).")
    var workers: Int?

    @Option(help: ArgumentHelp("Hidden layer sizes.", valueName: "h1,h2,…"))
    var hidden: String?

    @Option(help: "SAC actor learning rate.")
    var actorLr: Double?

    @Option(help: "SAC critic learning rate.")
    var criticLr: Double?

    @Option(help: "PPO learning rate.")
    var lr: Double?

    @Option(help: "SAC temperature α (fixed-α runs; start value of auto-α with --auto-alpha-starts-at-alpha).")
    var alpha: Double?

    @Option(help: "Learning rate of log α (auto-α).")
    var alphaLr: Double?

    @Flag(help: "Start auto-α at --alpha instead of the reference's α = 1 (docs/experiments.md §8.6).")
    var autoAlphaStartsAtAlpha = false

    @Option(help: "Discount factor γ (default: 0.99 as in the reference, or an mdp: twin's own γ).")
    var gamma: Double?

    @Option(help: "SAC minibatch size.")
    var batchSize: Int?

    @Flag(help: "SAC / SAC auto-α: also train a plain-Q critic pair for the reports' Q-landscapes; the policy never reads it.")
    var analysisPlainCritics = false

    @Option(help: "SAC-AdaEnt: actions sampled per state for the similarity test (N).")
    var entropyNSample: Int?

    @Option(help: "SAC-AdaEnt: similarity threshold κ (c(s) < κ ⇒ plain critics).")
    var entropyDistThreshold: Double?

    @Flag(help: "Print nothing while training.")
    var quiet = false

    func run() throws {
        let run: TrainingRun
        if let resume {
            let given: [Any?] = [env, algo, seed, out, steps, epochs, stepPerEpoch, warmup, testEpisodes, timeLimitAs, workers, gamma,
                                 hidden, actorLr, criticLr, lr, alpha, alphaLr, batchSize, entropyNSample, entropyDistThreshold]
            guard given.allSatisfy({ $0 == nil }), !autoAlphaStartsAtAlpha, !analysisPlainCritics else {
                throw InputError("--resume continues a run with its stored config.json; give no other settings")
            }
            do { run = try TrainingRun(resuming: URL(fileURLWithPath: resume)) } catch { throw InputError("--resume \(resume): \(error)") }
        } else {
            let configuration = try makeConfiguration()
            // Parameterised names (mdp:FILE,…) hold slashes: keep only file-name-safe characters.
            let environmentLabel = String(configuration.environment.map { $0.isLetter || $0.isNumber || "._-".contains($0) ? $0 : "-" })
            let directory = URL(fileURLWithPath: out ?? "runs/\(environmentLabel)-\(configuration.algorithm.rawValue)-seed\(configuration.seed)")
            do { run = try TrainingRun(configuration: configuration, directory: directory) } catch { throw InputError("\(error)") }
        }
        if !quiet {
            print("training \(run.configuration.algorithm.rawValue) on \(run.configuration.environment) → \(run.directory.path)")
        }
        // On a terminal the line is rewritten in place between epochs; otherwise one line per epoch.
        let interactive = isatty(STDOUT_FILENO) == 1
        let quiet = self.quiet
        do {
            try run.train { progress in
                guard !quiet else { return }
                if progress.isEpochEnd {
                    print((interactive ? "\r\u{1B}[K" : "") + progress.line)
                } else if interactive {
                    print("\r\u{1B}[K" + progress.line, terminator: "")
                    fflush(nil)
                }
            }
        } catch let error as TrainingError {
            throw Failure(error.description)
        }
        if !quiet {
            // The reference scripts end with one more test of the final policy, outside the learning curve.
            let results = try TrainingRun.evaluate(
                directory: run.directory, episodes: run.configuration.testEpisodes, seed: run.configuration.seed, latest: true)
            let returns = results.map(\.episodeReturn)
            let mean = returns.reduce(0, +) / Double(returns.count)
            let std = (returns.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(returns.count)).squareRoot()
            print("final policy: test return \(String(format: "%.2f", mean)) ± \(String(format: "%.2f", std)) over \(returns.count) episodes")
        }
    }

    func makeConfiguration() throws -> TrainingConfiguration {
        guard let env, let algo else { throw InputError("give --env and --algo (or --resume DIR)") }
        guard let presetValue = Preset(rawValue: preset) else { throw InputError("--preset must be paper or cpu, got '\(preset)'") }
        var configuration: TrainingConfiguration
        do {
            configuration = try TrainingConfiguration.preset(presetValue, environment: env, algorithm: algo.algorithm)
        } catch {
            throw InputError("\(error)")
        }
        if let seed { configuration.seed = seed }
        if let epochs { configuration.epochs = epochs }
        if let stepPerEpoch { configuration.stepPerEpoch = stepPerEpoch }
        if let steps {
            guard steps >= 1 else { throw InputError("--steps must be at least 1, got \(steps)") }
            if steps < configuration.stepPerEpoch { configuration.stepPerEpoch = steps }
            // PPO's epochs are whole collections (docs/experiments.md §2.3), so count in those.
            let perEpoch = configuration.ppo.map {
                PPO.stepsPerEpoch(stepPerEpoch: configuration.stepPerEpoch, stepPerCollect: $0.stepPerCollect)
            } ?? configuration.stepPerEpoch
            configuration.epochs = (steps + perEpoch - 1) / perEpoch
        }
        if let warmup { configuration.warmupSteps = warmup }
        if let gamma {
            guard (0...1).contains(gamma) else { throw InputError("--gamma must lie in [0, 1], got \(gamma)") }
            configuration.sac?.gamma = gamma
            configuration.ppo?.gamma = gamma
        }
        if let testEpisodes { configuration.testEpisodes = testEpisodes }
        if let workers { configuration.workers = workers }
        if let timeLimitAs {
            guard let mode = TimeLimitMode(rawValue: timeLimitAs) else {
                throw InputError("--time-limit-as must be termination or truncation, got '\(timeLimitAs)'")
            }
            configuration.timeLimit = mode
        }
        let hiddenSizes = try hidden.map(parseHiddenSizes)
        if configuration.algorithm.isOffPolicy {
            if lr != nil { throw InputError("--lr is PPO's; use --actor-lr and --critic-lr for SAC") }
            if let hiddenSizes { configuration.sac!.hidden = hiddenSizes }
            if let actorLr { configuration.sac!.actorLearningRate = actorLr }
            if let criticLr { configuration.sac!.criticLearningRate = criticLr }
            if let alpha { configuration.sac!.alpha = alpha }
            if let alphaLr { configuration.sac!.alphaLearningRate = alphaLr }
            if let batchSize { configuration.sac!.batchSize = batchSize }
            if autoAlphaStartsAtAlpha {
                guard configuration.algorithm == .sacAuto else { throw InputError("--auto-alpha-starts-at-alpha needs --algo sac-auto") }
                configuration.sac!.autoAlphaStartsAtAlpha = true
            }
            if analysisPlainCritics {
                guard configuration.algorithm == .sac || configuration.algorithm == .sacAuto else {
                    throw InputError("--analysis-plain-critics needs --algo sac or sac-auto (SAC-AdaEnt trains plain critics anyway)")
                }
                configuration.sac!.analysisPlainCritics = true
            }
            if configuration.algorithm == .sacAdaEnt {
                if let entropyNSample { configuration.adaEnt!.entropySamples = entropyNSample }
                if let entropyDistThreshold { configuration.adaEnt!.threshold = entropyDistThreshold }
            } else if entropyNSample != nil || entropyDistThreshold != nil {
                throw InputError("--entropy-n-sample and --entropy-dist-threshold need --algo sac-adaent")
            }
        } else {
            let sacOnly: [Any?] = [actorLr, criticLr, alpha, alphaLr, batchSize, entropyNSample, entropyDistThreshold]
            if !sacOnly.allSatisfy({ $0 == nil }) || autoAlphaStartsAtAlpha || analysisPlainCritics {
                throw InputError("SAC settings (--actor-lr, --critic-lr, --alpha, --alpha-lr, --batch-size, AdaEnt flags) do not apply to PPO")
            }
            if let hiddenSizes { configuration.ppo!.hidden = hiddenSizes }
            if let lr { configuration.ppo!.learningRate = lr }
        }
        let problems = configuration.problems
        guard problems.isEmpty else { throw InputError(problems.joined(separator: "; ")) }
        return configuration
    }

    func parseHiddenSizes(_ text: String) throws -> [Int] {
        let sizes = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
            throw InputError("--hidden must be positive integers separated by commas, got '\(text)'")
        }
        return sizes.map { $0! }
    }
}
