import Environments

/// One environment with its episode in progress, recorded so that a checkpoint can restore it
/// exactly: the seed of the episode's reset and the actions applied since. Replaying them rebuilds
/// the environment's state, since with per-environment seeding an episode is a function of its
/// seed and actions.
struct EpisodeRunner {
    var environment: any Environment
    let observationDimension: Int
    private(set) var seed: UInt64 = 0
    private(set) var actions: [Double] = []
    private(set) var observation: [Double]
    private(set) var episodeReturn = 0.0
    private(set) var length = 0

    init(environment: any Environment) {
        self.environment = environment
        observationDimension = environment.spaces.observationDimension
        observation = Array(repeating: 0, count: observationDimension)
    }

    var observationAsFloat: [Float] { observation.map { Float($0) } }

    mutating func reset(seed: UInt64) {
        self.seed = seed
        actions.removeAll(keepingCapacity: true)
        episodeReturn = 0
        length = 0
        observation.withUnsafeMutableBufferPointer { environment.reset(seed: seed, observation: $0) }
    }

    mutating func step(_ action: [Double]) throws(EnvironmentError) -> StepOutcome {
        let outcome = try action.withUnsafeBufferPointer { actionBuffer throws(EnvironmentError) in
            try observation.withUnsafeMutableBufferPointer { observationBuffer throws(EnvironmentError) in
                try environment.step(actionBuffer, observation: observationBuffer)
            }
        }
        actions.append(contentsOf: action)
        episodeReturn += outcome.reward
        length += 1
        return outcome
    }

    func save(into checkpoint: inout Checkpoint, prefix: String) {
        checkpoint.integers["\(prefix).seed"] = Int(bitPattern: UInt(seed))
        checkpoint.doubleArrays["\(prefix).actions"] = actions
    }

    mutating func restore(from checkpoint: Checkpoint, prefix: String, actionDimension: Int) throws(CheckpointError) {
        let storedSeed = UInt64(UInt(bitPattern: try checkpoint.integer("\(prefix).seed")))
        let storedActions = try checkpoint.doubleArray("\(prefix).actions")
        reset(seed: storedSeed)
        var start = 0
        while start < storedActions.count {
            let action = Array(storedActions[start..<(start + actionDimension)])
            do {
                _ = try step(action)
            } catch {
                throw CheckpointError("replaying the episode in progress failed: \(error)")
            }
            start += actionDimension
        }
    }
}
