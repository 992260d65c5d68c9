import Randomness

/// What a ``TabularTwin`` steps: a finite MDP whose actions own parts of the action interval
/// [−1, 1], in plain floating-point form.
///
/// This type knows nothing of exact rationals or files: the layer that reads `maxent-mdp/1` files
/// (the `Twins` module) builds it, converting every exact interval end into the floating-point
/// comparison that decides membership exactly for every `Double` action (see ``Cell``).
public struct TwinDescription: Sendable, Equatable {
    /// One action of a state: its reward and its successor distribution.
    public struct Action: Sendable, Equatable {
        public var name: String
        public var reward: Double
        /// Successor state indices.
        public var successors: [Int]
        /// Running sums of the successor probabilities, the last one exactly 1: successor j is taken
        /// when a uniform draw u ∈ [0, 1) falls below `cumulativeProbabilities[j]` and not below the
        /// previous sum.
        public var cumulativeProbabilities: [Double]

        public init(name: String, reward: Double, successors: [Int], cumulativeProbabilities: [Double]) {
            precondition(!successors.isEmpty && successors.count == cumulativeProbabilities.count,
                         "TwinDescription.Action: one cumulative probability per successor")
            precondition(cumulativeProbabilities.last == 1, "TwinDescription.Action: probabilities must sum to 1")
            self.name = name
            self.reward = reward
            self.successors = successors
            self.cumulativeProbabilities = cumulativeProbabilities
        }
    }

    /// One piece of the partition of [−1, 1] at a state, in increasing order: it takes every
    /// action value above the previous cell and up to `upper` (inclusive when `includesUpper`).
    /// `upper` is the double that makes the floating-point test exact: for an exact end r, a ≤ r
    /// is tested as a ≤ (largest double ≤ r) and a < r as a < (smallest double ≥ r).
    public struct Cell: Sendable, Equatable {
        public var upper: Double
        public var includesUpper: Bool
        /// Index of the owning action in the state's `actions`.
        public var action: Int

        public init(upper: Double, includesUpper: Bool, action: Int) {
            self.upper = upper
            self.includesUpper = includesUpper
            self.action = action
        }

        @inline(__always)
        func holds(_ value: Double) -> Bool {
            includesUpper ? value <= upper : value < upper
        }
    }

    /// A state; terminal when it has no actions.
    public struct State: Sendable, Equatable {
        public var name: String
        public var actions: [Action]
        /// The partition of [−1, 1]; the last cell ends at 1 inclusive.
        public var cells: [Cell]
        public var isTerminal: Bool { actions.isEmpty }

        public init(name: String, actions: [Action], cells: [Cell]) {
            precondition(actions.isEmpty == cells.isEmpty, "TwinDescription.State: actions and cells go together")
            precondition(cells.last.map { $0.upper == 1 && $0.includesUpper } ?? true,
                         "TwinDescription.State: the last cell must end at 1 inclusive")
            self.name = name
            self.actions = actions
            self.cells = cells
        }
    }

    public var states: [State]
    /// Where every episode starts (a non-terminal state).
    public var initialState: Int
    /// Steps after which an episode is cut off and reported as truncated; nil for none.
    public var stepLimit: Int?
    /// The MDP's discount factor γ, the default discount of learners trained on the twin.
    public var discount: Double

    public init(states: [State], initialState: Int, stepLimit: Int?, discount: Double) {
        precondition(states.indices.contains(initialState) && !states[initialState].isTerminal,
                     "TwinDescription: the initial state must be a non-terminal state")
        precondition(stepLimit.map { $0 >= 1 } ?? true, "TwinDescription: the step limit must be positive")
        self.states = states
        self.initialState = initialState
        self.stepLimit = stepLimit
        self.discount = discount
    }

    /// The index of the action that owns `value` at `state`, after clipping to [−1, 1].
    @inline(__always)
    public func action(at value: Double, state: Int) -> Int {
        let clipped = min(max(value, -1), 1)
        let cells = states[state].cells
        for cell in cells where cell.holds(clipped) { return cell.action }
        return cells[cells.count - 1].action
    }
}

/// The deep twin of a finite MDP: a continuous-control task with one action in [−1, 1]
/// (docs/environments.md, issue 16 of the project).
///
/// The observation is the one-hot of the state index (file order). At a non-terminal state the
/// action, clipped to [−1, 1], falls into the part of the interval one of the state's actions owns;
/// the step pays that action's reward and samples the successor from its distribution with the
/// twin's own generator, and the episode terminates on entering a terminal state. An optional step
/// limit ends longer episodes as truncated. Successors of a deterministic action are taken without
/// a draw.
///
/// Seeds are always honoured (there is no reference behaviour to reproduce): `reset(seed:)`
/// reseeds the generator, `reset(seed: nil)` continues its stream, and a twin that was never
/// seeded starts from seed 0, so every rollout is reproducible.
public struct TabularTwin: Environment {
    public let model: TwinDescription
    public let spaces: EnvironmentSpaces
    public var stateComponents: [String] { ["state"] }

    /// The current state index.
    public private(set) var stateIndex: Int
    public var state: [Double] { [Double(stateIndex)] }
    private var generator = RandomSource(seed: 0)
    private var stepsTaken = 0
    private var episodeOver = true

    /// A new twin; call `reset` before stepping.
    public init(_ description: TwinDescription) {
        self.model = description
        let count = description.states.count
        spaces = EnvironmentSpaces(
            observationLow: Array(repeating: 0, count: count), observationHigh: Array(repeating: 1, count: count),
            actionLow: [-1], actionHigh: [1])
        stateIndex = description.initialState
    }

    public mutating func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>) {
        if let seed { generator = RandomSource(seed: seed) }
        stateIndex = model.initialState
        stepsTaken = 0
        episodeOver = false
        writeObservation(into: observation)
    }

    public mutating func step(
        _ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) -> StepOutcome {
        guard !episodeOver else { throw EnvironmentError(.needsReset) }
        try validateAction(action, dimension: 1)
        let chosen = model.states[stateIndex].actions[model.action(at: action[0], state: stateIndex)]
        var successor = chosen.successors[0]
        if chosen.successors.count > 1 {
            let draw = generator.unit()
            let position = chosen.cumulativeProbabilities.firstIndex { draw < $0 } ?? chosen.successors.count - 1
            successor = chosen.successors[position]
        }
        stateIndex = successor
        stepsTaken += 1
        let terminated = model.states[successor].isTerminal
        let truncated = !terminated && model.stepLimit.map { stepsTaken >= $0 } == true
        episodeOver = terminated || truncated
        writeObservation(into: observation)
        return StepOutcome(reward: chosen.reward, terminated: terminated, truncated: truncated)
    }

    /// Moves to state index `state[0]`; a terminal state ends the episode (reset before stepping).
    public mutating func setState(
        _ state: [Double], observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) {
        try validateState(state, components: stateComponents)
        guard let index = Int(exactly: state[0]), model.states.indices.contains(index) else {
            throw EnvironmentError(.invalidState(
                "twin state must be an integer 0…\(model.states.count - 1), got \(state[0])"))
        }
        stateIndex = index
        episodeOver = model.states[index].isTerminal
        writeObservation(into: observation)
    }

    private func writeObservation(into observation: UnsafeMutableBufferPointer<Double>) {
        precondition(observation.count == model.states.count, "TabularTwin: observation buffer has the wrong length")
        for index in observation.indices {
            observation[index] = index == stateIndex ? 1 : 0
        }
    }
}
