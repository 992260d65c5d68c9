import Environments
import Foundation
import GymnasiumBridge
import Randomness

// Environment steps per second for every registered environment, one copy at a time and in a
// batch of 16 (PPO's collection width), both driven through the registry's type-erased
// interfaces as the learning engine drives them. Actions are uniform in the action box, drawn in
// advance; finished episodes are reset inside the timed loop, as in real collection. Each figure
// is the best of several short runs, single and batched interleaved, so that a shared, busy
// machine disturbs both alike.
//
// `--gym ID` instead measures the Python bridge: steps/s of Gymnasium's ID through it (one host
// process, as each training copy has), against the same environment stepped in-process by
// Benchmarks/gym_in_process.py, the two interleaved.

let batchWidth = 16
let repetitions = 7
let runDuration = Duration.milliseconds(200)
let actionPoolSize = 4096
let clock = ContinuousClock()

/// Uniform actions in the box, `count` of them, flattened.
func actionPool(_ spaces: EnvironmentSpaces, count: Int, seed: UInt64) -> [Double] {
    var generator = RandomSource(seed: seed)
    return (0..<count * spaces.actionDimension).map { index in
        let component = index % spaces.actionDimension
        return generator.uniform(spaces.actionLow[component], spaces.actionHigh[component])
    }
}

func seconds(_ duration: Duration) -> Double {
    let parts = duration.components
    return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
}

/// Steps per second of one copy, through the allocation-free buffer interface. The copy is
/// passed in, so that a Gymnasium environment's Python process starts once, before any timing.
func singleCopyRate(_ environment: inout any Environment) throws -> Double {
    let spaces = environment.spaces
    let dimension = spaces.actionDimension
    let pool = actionPool(spaces, count: actionPoolSize, seed: 1)
    var observation = [Double](repeating: 0, count: spaces.observationDimension)
    var steps = 0
    let start = clock.now
    try pool.withUnsafeBufferPointer { actions in
        try observation.withUnsafeMutableBufferPointer { observation in
            environment.reset(seed: 1, observation: observation)
            repeat {
                for _ in 0..<1024 {
                    let offset = (steps % actionPoolSize) * dimension
                    let action = UnsafeBufferPointer(rebasing: actions[offset ..< offset + dimension])
                    if try environment.step(action, observation: observation).endsEpisode {
                        environment.reset(seed: nil, observation: observation)
                    }
                    steps += 1
                }
            } while clock.now - start < runDuration
        }
    }
    return Double(steps) / seconds(clock.now - start)
}

/// Environment steps per second (every copy counted) of a batch of `batchWidth` copies.
func batchedRate(_ descriptor: EnvironmentDescriptor) throws -> Double {
    var batch = descriptor.makeBatch(count: batchWidth, options: .corrected)
    let width = batchWidth * descriptor.spaces.actionDimension
    let pool = actionPool(descriptor.spaces, count: actionPoolSize, seed: 2)
    let batchesInPool = pool.count / width
    var batchActions = [Double](repeating: 0, count: width)
    var batchSteps = 0
    batch.reset(seed: 1)
    let start = clock.now
    repeat {
        for _ in 0..<64 {
            let offset = (batchSteps % batchesInPool) * width
            for index in 0..<width { batchActions[index] = pool[offset + index] }
            try batch.step(batchActions)
            let outcomes = batch.outcomes
            for copy in 0..<batchWidth where outcomes[copy].endsEpisode {
                batch.reset(copy: copy, seed: nil)
            }
            batchSteps += 1
        }
    } while clock.now - start < runDuration
    return Double(batchSteps * batchWidth) / seconds(clock.now - start)
}

func millions(_ rate: Double) -> String {
    String(format: "%8.2f M", rate / 1e6)
}

/// The in-process Python peer's steps/s for one run of `runDuration`.
func inProcessPythonRate(_ identifier: String) throws -> Double {
    let process = Process()
    let output = Pipe()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("gym_in_process.py")
    process.arguments = [Gymnasium.python, script.path, identifier, "--seconds", "\(seconds(runDuration))"]
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0, let rate = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw PeerFailure(identifier: identifier)
    }
    return rate
}

struct PeerFailure: Error, CustomStringConvertible {
    let identifier: String
    var description: String { "Benchmarks/gym_in_process.py \(identifier) failed" }
}

if let flag = CommandLine.arguments.firstIndex(of: "--gym"), flag + 1 < CommandLine.arguments.count {
    let identifier = CommandLine.arguments[flag + 1]
    var environment = try Gymnasium.descriptor(identifier: identifier, kwargs: nil).make()
    // The first reset waits for Python to start and make the environment; time only what follows.
    _ = environment.reset(seed: 0)
    var bridged = 0.0
    var inProcess = 0.0
    for _ in 0..<repetitions {
        bridged = max(bridged, try singleCopyRate(&environment))
        inProcess = max(inProcess, try inProcessPythonRate(identifier))
    }
    print("gym:\(identifier), release build, best of \(repetitions) interleaved runs of \(runDuration), random actions, resets included")
    print(String(format: "through the bridge   %9.0f steps/s   %6.1f µs/step", bridged, 1e6 / bridged))
    print(String(format: "in-process Python    %9.0f steps/s   %6.1f µs/step", inProcess, 1e6 / inProcess))
    print(String(format: "bridge overhead      %9.1f µs/step (%.2f× the in-process time)", 1e6 / bridged - 1e6 / inProcess, inProcess / bridged))
    exit(0)
}

print("Environment steps per second, release build, best of \(repetitions) runs of \(runDuration)")
print("(random actions in the box; episode resets included)")
print("environment            single copy    batch of \(batchWidth)    batch/single")
for descriptor in EnvironmentRegistry.all {
    var single = 0.0
    var batched = 0.0
    for _ in 0..<repetitions {
        var environment = descriptor.make(options: .corrected)
        single = max(single, try singleCopyRate(&environment))
        batched = max(batched, try batchedRate(descriptor))
    }
    let name = descriptor.name.padding(toLength: 20, withPad: " ", startingAt: 0)
    print("\(name)   \(millions(single))    \(millions(batched))    \(String(format: "%6.2f", batched / single))")
}
