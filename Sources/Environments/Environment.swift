import Randomness
/// A continuous-control environment with the Gymnasium step contract of docs/environments.md §0.1.
///
/// An environment is a value: copying one copies its whole state, generator included. The core
/// requirements write observations into caller-owned buffers so that stepping allocates nothing;
/// the array conveniences in the protocol extension (`reset(seed:)`, `step(_:)`, `setState(_:)`)
/// are for tests, tools and anything off the hot path.
///
/// Contract shared by every conforming type:
/// - `reset` must be called before the first `step` and after every episode end
///   (`terminated || truncated`); stepping otherwise throws ``EnvironmentError/Reason/needsReset``.
/// - An action with the wrong number of components or a NaN component is rejected with a thrown
///   ``EnvironmentError`` before anything changes. Infinite components are legal and are clipped
///   where the environment clips (docs/environments.md §0.2).
/// - Observation buffers must have exactly `spaces.observationDimension` elements (a programming
///   error otherwise).
public protocol Environment: Sendable {
    /// Dimensions and declared bounds of observations and actions.
    var spaces: EnvironmentSpaces { get }

    /// Names of the state components accepted by `setState`, in the order docs/environments.md gives them.
    var stateComponents: [String] { get }

    /// The current physical state in `stateComponents` order (for diagnostics and tests).
    var state: [Double] { get }

    /// Starts an episode and writes its first observation. How `seed` is used depends on the
    /// environment's ``EnvironmentOptions/Seeding``; environments without initial-state noise
    /// ignore it.
    mutating func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>)

    /// Applies one action (in the environment's own units) and writes the next observation.
    mutating func step(
        _ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) -> StepOutcome

    /// Overwrites the physical state (components in `stateComponents` order) and writes the
    /// observation of the new state. Simulated time and step counters are kept, as the reference
    /// `set_state`/`reset_by_idx` helpers do; meant to be called right after `reset`.
    mutating func setState(
        _ state: [Double], observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError)

    /// Steps every copy of `batch` (see ``EnvironmentBatch/step(_:)``).
    ///
    /// This and `reset(_:copy:seed:)` carry the work of ``EnvironmentBatch``. Being requirements,
    /// their default implementations are compiled for each concrete environment type, so a batch
    /// used through `any BatchedEnvironment` runs specialised code rather than generic code that
    /// looks up type metadata on every call. Conforming types have no reason to replace them.
    static func step(_ batch: inout EnvironmentBatch<Self>, actions: [Double]) throws(EnvironmentError)

    /// Resets one copy of `batch` (see ``EnvironmentBatch/reset(copy:seed:)``).
    static func reset(_ batch: inout EnvironmentBatch<Self>, copy index: Int, seed: UInt64?)
}

/// The dimensions and declared bounds of an environment's observations and actions.
///
/// Action bounds are the box the learners map into (SAC) or sample around (PPO); observation
/// bounds are declared only — no environment enforces them, several are ±∞, and Obstacle2D's do not
/// even match its normalised observations (docs/environments.md §5.1).
public struct EnvironmentSpaces: Sendable, Equatable {
    /// Declared lower bound of each observation component (may be −∞).
    public let observationLow: [Double]
    /// Declared upper bound of each observation component (may be +∞).
    public let observationHigh: [Double]
    /// Lower corner of the action box, in the environment's own units.
    public let actionLow: [Double]
    /// Upper corner of the action box, in the environment's own units.
    public let actionHigh: [Double]

    /// Number of observation components.
    public var observationDimension: Int { observationLow.count }
    /// Number of action components.
    public var actionDimension: Int { actionLow.count }

    public init(observationLow: [Double], observationHigh: [Double], actionLow: [Double], actionHigh: [Double]) {
        precondition(observationLow.count == observationHigh.count, "EnvironmentSpaces: observation bounds differ in length")
        precondition(actionLow.count == actionHigh.count, "EnvironmentSpaces: action bounds differ in length")
        self.observationLow = observationLow
        self.observationHigh = observationHigh
        self.actionLow = actionLow
        self.actionHigh = actionHigh
    }
}

/// What one step reports besides the observation.
public struct StepOutcome: Sendable, Equatable {
    /// The reward of the step.
    public var reward: Double
    /// The episode reached a true terminal state: learners must not bootstrap from the next observation.
    public var terminated: Bool
    /// The episode was cut off (time limit): learners still bootstrap from the next observation.
    public var truncated: Bool

    /// Whether the episode is over, either way.
    public var endsEpisode: Bool { terminated || truncated }

    public init(reward: Double, terminated: Bool, truncated: Bool) {
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }
}

/// One step with its observation, as returned by the array convenience `step(_:)`.
public struct Transition: Sendable, Equatable {
    /// The observation after the step.
    public var observation: [Double]
    /// The reward of the step.
    public var reward: Double
    /// See ``StepOutcome/terminated``.
    public var terminated: Bool
    /// See ``StepOutcome/truncated``.
    public var truncated: Bool

    public init(observation: [Double], reward: Double, terminated: Bool, truncated: Bool) {
        self.observation = observation
        self.reward = reward
        self.terminated = terminated
        self.truncated = truncated
    }
}

/// Why an environment refused a call. Nothing in the environment changes when one is thrown.
public struct EnvironmentError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Equatable {
        /// An action with the wrong number of components.
        case actionDimension(expected: Int, actual: Int)
        /// An action component (0-based) that is NaN.
        case nanAction(component: Int)
        /// A `setState` argument with the wrong number of components.
        case stateDimension(expected: Int, actual: Int)
        /// A `setState` component that is not finite or not allowed, described in words.
        case invalidState(String)
        /// `step` before the first `reset` or after the episode ended.
        case needsReset
    }

    /// What was wrong.
    public var reason: Reason
    /// The batch copy concerned, for errors raised by an ``EnvironmentBatch``.
    public var copy: Int?

    public init(_ reason: Reason, copy: Int? = nil) {
        self.reason = reason
        self.copy = copy
    }

    public var description: String {
        let message: String
        switch reason {
        case let .actionDimension(expected, actual):
            message = "action has \(actual) component\(actual == 1 ? "" : "s"), the environment expects \(expected)"
        case let .nanAction(component):
            message = "action component \(component) is NaN"
        case let .stateDimension(expected, actual):
            message = "state has \(actual) component\(actual == 1 ? "" : "s"), the environment expects \(expected)"
        case let .invalidState(detail):
            message = detail
        case .needsReset:
            message = "step called before reset or after the episode ended; reset first"
        }
        return copy.map { "copy \($0): \(message)" } ?? message
    }
}

/// Choices where docs/environments.md documents a reference quirk and also offers a corrected behaviour.
///
/// The defaults reproduce the reference code; ``corrected`` switches every choice to the
/// corrected behaviour.
public struct EnvironmentOptions: Sendable, Hashable {
    /// How `reset(seed:)` treats its seed (docs/environments.md §0.3, §2.6).
    public enum Seeding: Sendable, Hashable {
        /// Reference: the seed is ignored. Each environment draws its initial-state noise from a
        /// generator seeded from system entropy when the environment is created, so episodes are not
        /// reproducible. The acrobot draws θ₂, θ̇₁, θ̇₂ from a separate stream seeded with 1 that
        /// every copy replays identically (NumPy's global generator inherited by forked workers).
        case reference
        /// Corrected: a seed reseeds the environment's generator and every draw comes from it;
        /// `reset(seed: nil)` continues the current stream.
        case perEnvironment
    }

    /// How the quadrotor and the vehicle report their time limit (docs/environments.md §0.1, §3.7, §4.7).
    public enum TimeLimitReporting: Sendable, Hashable {
        /// Reference: as `terminated`, so learners do not bootstrap from the last observation.
        case asTermination
        /// Corrected: as `truncated`.
        case asTruncation
    }

    /// How `reset(seed:)` treats its seed.
    public var seeding: Seeding
    /// How the quadrotor and the vehicle report their time limit.
    public var timeLimit: TimeLimitReporting

    public init(seeding: Seeding = .reference, timeLimit: TimeLimitReporting = .asTermination) {
        self.seeding = seeding
        self.timeLimit = timeLimit
    }

    /// The reference behaviour in every respect.
    public static let reference = EnvironmentOptions()
    /// Seeds honoured per environment, time limits reported as truncation.
    public static let corrected = EnvironmentOptions(seeding: .perEnvironment, timeLimit: .asTruncation)

    /// The step flags for an episode that has just run out of time.
    func timeLimitFlags(expired: Bool) -> (terminated: Bool, truncated: Bool) {
        switch timeLimit {
        case .asTermination: (expired, false)
        case .asTruncation: (false, expired)
        }
    }
}

/// The generator behind an environment's initial-state noise, following the seeding policy.
struct NoiseSource: Sendable {
    private(set) var generator: RandomSource
    let seeding: EnvironmentOptions.Seeding

    init(seeding: EnvironmentOptions.Seeding) {
        self.seeding = seeding
        generator = .seededFromEntropy()
    }

    /// Applies the seed passed to `reset`, or ignores it in reference mode (docs/environments.md §0.3).
    mutating func startEpisode(seed: UInt64?) {
        if seeding == .perEnvironment, let seed {
            generator = RandomSource(seed: seed)
        }
    }

    mutating func uniform(_ low: Double, _ high: Double) -> Double {
        generator.uniform(low, high)
    }
}

/// Rejects an action of the wrong dimension or with a NaN component. Takes the dimension rather
/// than the spaces so that the hot path touches no arrays.
@inline(__always)
func validateAction(_ action: UnsafeBufferPointer<Double>, dimension: Int) throws(EnvironmentError) {
    guard action.count == dimension else {
        throw EnvironmentError(.actionDimension(expected: dimension, actual: action.count))
    }
    for component in 0..<dimension where action[component].isNaN {
        throw EnvironmentError(.nanAction(component: component))
    }
}

/// Checks a `setState` argument: the right number of components, all finite.
func validateState(_ state: [Double], components: [String]) throws(EnvironmentError) {
    guard state.count == components.count else {
        throw EnvironmentError(.stateDimension(expected: components.count, actual: state.count))
    }
    for (name, value) in zip(components, state) where !value.isFinite {
        throw EnvironmentError(.invalidState("state component \(name) is \(value)"))
    }
}

/// The value a float32 observation (Toy, Obstacle2D) carries.
@inline(__always)
func singlePrecision(_ value: Double) -> Double {
    Double(Float(value))
}

extension Environment {
    /// Starts an episode and returns its first observation.
    public mutating func reset(seed: UInt64? = nil) -> [Double] {
        var observation = [Double](repeating: 0, count: spaces.observationDimension)
        observation.withUnsafeMutableBufferPointer { reset(seed: seed, observation: $0) }
        return observation
    }

    /// Applies one action and returns the transition.
    public mutating func step(_ action: [Double]) throws(EnvironmentError) -> Transition {
        var observation = [Double](repeating: 0, count: spaces.observationDimension)
        let outcome = try action.withUnsafeBufferPointer { actionBuffer throws(EnvironmentError) in
            try observation.withUnsafeMutableBufferPointer { observationBuffer throws(EnvironmentError) in
                try step(actionBuffer, observation: observationBuffer)
            }
        }
        return Transition(
            observation: observation, reward: outcome.reward,
            terminated: outcome.terminated, truncated: outcome.truncated
        )
    }

    /// Overwrites the physical state and returns the observation of the new state.
    public mutating func setState(_ state: [Double]) throws(EnvironmentError) -> [Double] {
        var observation = [Double](repeating: 0, count: spaces.observationDimension)
        try observation.withUnsafeMutableBufferPointer { buffer throws(EnvironmentError) in
            try setState(state, observation: buffer)
        }
        return observation
    }
}
