import Environments
import Foundation
import Learning
import Randomness

// Updates per second of one SAC update and one SAC-AdaEnt update at the paper's sizes, the FLOP
// rate of the SAC update against a measured single-thread sgemm peak, and the same updates in
// PyTorch (Benchmarks/torch_sac_update.py) with the same thread count, measured in this run; then
// the full training loop's env steps per second on the quadrotor (paper preset: env stepping,
// replay, one update per step, the per-epoch test) for SAC, SAC-AdaEnt (N = 100) and PPO.
//
// Usage: LearningBenchmark [--seconds S] [--threads 1,2] [--no-torch] [--no-training-loop] [--blas-fallback CORE]
//        LearningBenchmark [--blas-fallback CORE] --blas-kernel      (only print the BLAS kernel)
//        LearningBenchmark --switch-precision RUN_DIR [--batches B]
//
// The second form studies reduced precision instead of timing: it restores a SAC-AdaEnt run's
// latest checkpoint and counts, over B batches of 256 states drawn from its replay buffer, how often
// the per-state switch c(s) < κ decides differently when the similarity test's products take
// bfloat16 operands (float32 accumulation) instead of float32, at N = 20 and N = 100 — beside how
// often it changes in float32 when the test only draws fresh samples (its own sampling noise).
//
// The BLAS kernel in use, and how it was chosen, is printed first. `--blas-fallback Prescott` makes
// OpenBLAS start on that core as if its detection had failed on this CPU (ignoring any
// OPENBLAS_CORETYPE), so the run shows the engine's correction; `OPENBLAS_CORETYPE=Prescott` instead
// is a user's choice, which the engine keeps.

let arguments = CommandLine.arguments
let seconds = arguments.firstIndex(of: "--seconds").flatMap { Double(arguments[$0 + 1]) } ?? 3
let threadCounts = arguments.firstIndex(of: "--threads").map { arguments[$0 + 1].split(separator: ",").compactMap { Int($0) } } ?? [1, 2]
let runTorch = !arguments.contains("--no-torch")
let runTrainingLoop = !arguments.contains("--no-training-loop")

let observationDimension = 9, actionDimension = 4, hidden = 256, batchSize = 256, samples = 100

/// Calls `body` repeatedly for at least `seconds` (after one warm-up call); returns calls per second.
func rate(_ body: () -> Void) -> Double {
    body()
    var count = 0
    let start = Date()
    repeat {
        body()
        count += 1
    } while Date().timeIntervalSince(start) < seconds
    return Double(count) / Date().timeIntervalSince(start)
}

/// Multiply–add FLOPs of one SAC update as implemented (2·rows·inputs·outputs per product).
func sacUpdateFlops() -> Double {
    let b = Double(batchSize), o = Double(observationDimension), d = Double(actionDimension), h = Double(hidden)
    let criticLayers = [(o + d) * h, h * h, h]
    let actorLayers = [o * h, h * h, h * 2 * d]
    let criticForward = 2 * b * criticLayers.reduce(0, +)
    let actorForward = 2 * b * actorLayers.reduce(0, +)
    let criticWeightGradients = criticForward
    let criticInputGradientsAboveFirst = 2 * b * criticLayers.dropFirst().reduce(0, +)
    let criticInputGradients = criticForward
    let actorWeightGradients = actorForward
    let actorInputGradientsAboveFirst = 2 * b * actorLayers.dropFirst().reduce(0, +)
    let target = actorForward + 2 * criticForward
    let critics = 2 * (criticForward + criticWeightGradients + criticInputGradientsAboveFirst)
    // Each state's ∂Q/∂â flows through the one critic attaining the minimum, so the two critics'
    // backward passes together cover the batch once.
    let actor = actorForward + 2 * criticForward + criticInputGradients + actorWeightGradients + actorInputGradientsAboveFirst
    return target + critics + actor
}

func randomBatch() -> TransitionBatch {
    let batch = TransitionBatch(size: batchSize, observationDimension: observationDimension, actionDimension: actionDimension)
    var generator = RandomSource(seed: 99)
    generator.fillNormal(batch.observations.buffer)
    generator.fillNormal(batch.nextObservations.buffer)
    for index in 0..<batch.actions.count { batch.actions[index] = Float(generator.uniform(-1, 1)) }
    generator.fillNormal(batch.rewards.buffer)
    return batch
}

func sgemmPeak() -> Double {
    let a = FloatBuffer(count: batchSize * hidden), b = FloatBuffer(count: hidden * hidden)
    var generator = RandomSource(seed: 1)
    generator.fillNormal(a.buffer)
    generator.fillNormal(b.buffer)
    let network = MLP(shape: MLPShape(inputs: hidden, hidden: [], outputs: hidden, activation: .relu))
    network.parameters.copy(from: Array(b.array) + Array(repeating: 0, count: hidden))
    let workspace = network.makeWorkspace(capacity: batchSize)
    // A bias-free dense layer of the paper's hidden size is one 256×256×256 sgemm plus a row copy.
    let calls = rate { network.forward(a.pointer, rows: batchSize, workspace: workspace) }
    return calls * 2 * Double(batchSize * hidden * hidden) / 1e9
}

func sacRate(workers: Int) -> Double {
    var hyperparameters = SAC.Hyperparameters()
    hyperparameters.hidden = [hidden, hidden]
    var generator = RandomSource(seed: 1)
    let sac = SAC(observationDimension: observationDimension, actionDimension: actionDimension, hyperparameters: hyperparameters,
                  workers: Workers(count: workers), generator: &generator)
    let batch = randomBatch()
    return rate { _ = sac.update(batch: batch, generator: &generator) }
}

func adaEntRate(workers: Int) -> Double {
    var hyperparameters = SAC.Hyperparameters()
    hyperparameters.hidden = [hidden, hidden]
    var extra = SACAdaEnt.Extra()
    extra.entropySamples = samples
    var generator = RandomSource(seed: 1)
    let learner = SACAdaEnt(observationDimension: observationDimension, actionDimension: actionDimension,
                            hyperparameters: hyperparameters, extra: extra, workers: Workers(count: workers), generator: &generator)
    let batch = randomBatch()
    return rate { _ = learner.update(batch: batch, generator: &generator) }
}

func torchRates(threads: Int) -> [String: Any]? {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("torch_sac_update.py")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, "--threads", "\(threads)", "--seconds", "\(seconds)", "--samples", "\(samples)"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { return nil }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
}

/// Env steps per second of one training epoch of `steps` steps on the quadrotor, after the warm-up
/// and the initial test (which are not timed), with one test episode at the end of the epoch.
func trainingLoopRate(algorithm: Algorithm, steps: Int, workers: Int) throws -> Double {
    var configuration = try TrainingConfiguration.preset(.paper, environment: "quadrotor", algorithm: algorithm)
    configuration.epochs = 1
    configuration.stepPerEpoch = steps
    configuration.testEpisodes = 1
    configuration.workers = workers
    if algorithm.isOffPolicy { configuration.warmupSteps = 1000 }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("LearningBenchmark-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let run = try TrainingRun(configuration: configuration, directory: directory)
    try run.train(stopAfterEpoch: 0)
    let stepsBefore = run.environmentSteps
    let start = Date()
    try run.train()
    return Double(run.environmentSteps - stepsBefore) / Date().timeIntervalSince(start)
}

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

/// The switch-decision study of the second usage form.
func switchPrecisionStudy(runDirectory: String, batches: Int) throws {
    let run = try RunDirectory(URL(fileURLWithPath: runDirectory))
    let configuration = run.configuration
    guard configuration.algorithm == .sacAdaEnt, let extra = configuration.adaEnt, let hyperparameters = configuration.sac,
          let spaces = EnvironmentRegistry.descriptor(named: configuration.environment)?.spaces else {
        throw ConfigurationError("\(runDirectory) is not a SAC-AdaEnt run")
    }
    let checkpoint = try Checkpoint(contentsOf: run.url(of: .latest))
    let o = spaces.observationDimension, d = spaces.actionDimension
    guard let stored = checkpoint.arrays["replay.observations"], stored.count >= hyperparameters.batchSize * o else {
        throw ConfigurationError("\(runDirectory)/checkpoint.bin holds fewer than one batch of replay states")
    }
    let storedStates = stored.count / o
    print("\(runDirectory): \(configuration.environment), κ = \(extra.threshold), \(checkpoint.integers["replay.count"] ?? 0) replay states")
    print("N     states  plain at float32  plain at bfloat16  changed by bfloat16  changed by fresh samples")
    for samples in [20, 100] {
        var studied = extra
        studied.entropySamples = samples
        var generator = RandomSource(seed: 1)
        let learner = SACAdaEnt(observationDimension: o, actionDimension: d, hyperparameters: hyperparameters, extra: studied,
                                generator: &generator)
        try learner.restore(from: checkpoint)
        let reducedPrecision = ReducedPrecisionSimilarity(learner: learner, roundsOperands: true)
        let rows = hyperparameters.batchSize
        let states = FloatBuffer(count: rows * o), noise = FloatBuffer(count: rows * samples * d)
        let freshNoise = FloatBuffer(count: rows * samples * d)
        var plainSingle = 0, plainReduced = 0, changed = 0, changedByNoise = 0
        for _ in 0..<batches {
            for row in 0..<rows {
                let source = Int(generator.next() % UInt64(storedStates))
                for i in 0..<o { states[row * o + i] = stored[source * o + i] }
            }
            generator.fillNormal(noise.buffer)
            generator.fillNormal(freshNoise.buffer)
            let resampled = learner.choosesPlainCritics(states: states.pointer, rows: rows, noise: freshNoise.pointer)
            let single = learner.choosesPlainCritics(states: states.pointer, rows: rows, noise: noise.pointer)
            let reduced = reducedPrecision.similarities(states: states.pointer, rows: rows, noise: noise.pointer)
                .map { $0 < extra.threshold }
            plainSingle += single.filter { $0 }.count
            plainReduced += reduced.filter { $0 }.count
            changed += zip(single, reduced).filter { $0 != $1 }.count
            changedByNoise += zip(single, resampled).filter { $0 != $1 }.count
        }
        let total = Double(batches * rows)
        print("\(samples)".padding(toLength: 6, withPad: " ", startingAt: 0) + "\(batches * rows)    "
              + "\(format(100 * Double(plainSingle) / total, 2))%            \(format(100 * Double(plainReduced) / total, 2))%             "
              + "\(format(100 * Double(changed) / total, 2))%               \(format(100 * Double(changedByNoise) / total, 2))%")
    }
}

if let index = arguments.firstIndex(of: "--blas-fallback") {
    guard index + 1 < arguments.count, BLASKernel.simulateDetection(of: arguments[index + 1]) else {
        FileHandle.standardError.write(Data("--blas-fallback: this OpenBLAS cannot start on that core\n".utf8))
        exit(2)
    }
}
BLAS.useSingleThread()
print("BLAS kernel: \(BLASKernel.current); CPU features: \(CPUFeatures.current)")
if arguments.contains("--blas-kernel") { exit(0) }
if let index = arguments.firstIndex(of: "--switch-precision") {
    let batches = arguments.firstIndex(of: "--batches").flatMap { Int(arguments[$0 + 1]) } ?? 40
    try switchPrecisionStudy(runDirectory: arguments[index + 1], batches: batches)
    exit(0)
}
let peak = sgemmPeak()
let flops = sacUpdateFlops()
print("single-thread sgemm 256×256×256: \(format(peak)) GFLOP/s")
print("SAC update: \(format(flops / 1e6)) MFLOP (obs \(observationDimension), action \(actionDimension), hidden \(hidden)×\(hidden), batch \(batchSize))")
print("")
print("threads  SAC upd/s  GFLOP/s  %peak·threads  AdaEnt(N=\(samples)) upd/s  torch SAC ref/tuned  torch AdaEnt ref/tuned  SAC × ref/tuned  AdaEnt × ref/tuned")
for threads in threadCounts {
    let sac = sacRate(workers: threads)
    let adaEnt = adaEntRate(workers: threads)
    let achieved = sac * flops / 1e9
    var line = "\(threads)        \(format(sac))      \(format(achieved))     \(format(100 * achieved / (peak * Double(threads))))%           \(format(adaEnt, 2))"
    if runTorch, let torch = torchRates(threads: threads),
       let sacReference = torch["sac_reference_updates_per_second"] as? Double,
       let sacTuned = torch["sac_tuned_updates_per_second"] as? Double,
       let adaEntReference = torch["adaent_reference_updates_per_second"] as? Double,
       let adaEntTuned = torch["adaent_tuned_updates_per_second"] as? Double {
        line += "                    \(format(sacReference)) / \(format(sacTuned))          \(format(adaEntReference, 2)) / \(format(adaEntTuned, 2))            "
            + "\(format(sac / sacReference, 2)) / \(format(sac / sacTuned, 2))      \(format(adaEnt / adaEntReference, 2)) / \(format(adaEnt / adaEntTuned, 2))"
        if let version = torch["torch"] as? String, let kernel = torch["kernel"] as? String {
            line += "   (torch \(version): \(kernel))"
        }
    } else if runTorch {
        line += "   (PyTorch unavailable: pip install torch)"
    }
    print(line)
}

if runTrainingLoop {
    print("")
    print("quadrotor training loop (paper preset, env steps/s):")
    print("threads  SAC    SAC-AdaEnt(N=\(samples))  PPO")
    for threads in threadCounts {
        let sac = try trainingLoopRate(algorithm: .sac, steps: Int(200 * seconds), workers: threads)
        let adaEnt = try trainingLoopRate(algorithm: .sacAdaEnt, steps: Int(8 * seconds), workers: threads)
        let ppo = try trainingLoopRate(algorithm: .ppo, steps: 2048 * max(1, Int(seconds / 2)), workers: threads)
        print("\(threads)        \(format(sac))  \(format(adaEnt, 2))                 \(format(ppo, 0))")
    }
}
