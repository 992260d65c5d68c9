/// ToyExample-v0 (docs/environments.md §1): the six-state "misleading entropy" MDP.
///
/// From state 0 a non-positive action leads to state 1, where only a narrow action window
/// `|a| < 0.1` earns +1 (anything else −20); a positive action leads to state 2, where every action
/// earns −1. Every episode lasts exactly two steps and starts in state 0 (no noise, so the seed is
/// irrelevant). The observation is the float32 one-hot of the state.
public struct ToyExample: Environment {
    // §1.2
    static let stateCount = 6
    static let windowHalfWidth = 0.1
    static let windowReward = 1.0
    static let missedWindowReward = -20.0
    static let safeBranchReward = -1.0

    static let actionDimension = 1

    /// The observation and action spaces.
    public static let spaces = EnvironmentSpaces(
        observationLow: Array(repeating: 0, count: stateCount),
        observationHigh: Array(repeating: 1, count: stateCount),
        actionLow: [-1],
        actionHigh: [1]
    )
    /// The discrete state index 0…5 (the reference `reset_by_idx` helper).
    public static let stateComponents = ["state"]

    public var spaces: EnvironmentSpaces { Self.spaces }
    public var stateComponents: [String] { Self.stateComponents }

    /// The current discrete state, 0…5.
    public private(set) var stateIndex = 0
    public var state: [Double] { [Double(stateIndex)] }
    private var episodeOver = true

    /// A new environment; call `reset` before stepping.
    public init() {}

    public mutating func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>) {
        stateIndex = 0
        episodeOver = false
        writeObservation(into: observation)
    }

    public mutating func step(
        _ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) -> StepOutcome {
        guard !episodeOver else { throw EnvironmentError(.needsReset) }
        try validateAction(action, dimension: Self.actionDimension)
        // §0.2: the raw action is compared, never clipped (PPO sends unbounded samples).
        let value = action[0]
        switch stateIndex {
        case 0: stateIndex = value > 0 ? 2 : 1
        case 1: stateIndex = -Self.windowHalfWidth < value && value < Self.windowHalfWidth ? 3 : 4
        case 2: stateIndex = 5
        default: break
        }
        let outcome: StepOutcome
        switch stateIndex {
        case 3: outcome = StepOutcome(reward: Self.windowReward, terminated: true, truncated: false)
        case 4: outcome = StepOutcome(reward: Self.missedWindowReward, terminated: true, truncated: false)
        case 5: outcome = StepOutcome(reward: Self.safeBranchReward, terminated: true, truncated: false)
        default: outcome = StepOutcome(reward: 0, terminated: false, truncated: false)
        }
        episodeOver = outcome.endsEpisode
        writeObservation(into: observation)
        return outcome
    }

    public mutating func setState(
        _ state: [Double], observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) {
        try validateState(state, components: Self.stateComponents)
        guard let index = Int(exactly: state[0]), (0..<Self.stateCount).contains(index) else {
            throw EnvironmentError(.invalidState("toy state must be an integer 0…5, got \(state[0])"))
        }
        stateIndex = index
        writeObservation(into: observation)
    }

    private func writeObservation(into observation: UnsafeMutableBufferPointer<Double>) {
        precondition(observation.count == Self.stateCount, "ToyExample: observation buffer must have 6 elements")
        for index in observation.indices {
            observation[index] = index == stateIndex ? 1 : 0
        }
    }
}
