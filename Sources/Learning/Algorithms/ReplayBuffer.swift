import Randomness
/// A minibatch of transitions in contiguous Float32 rows, filled by ``ReplayBuffer/sample(into:using:)``.
public final class TransitionBatch: @unchecked Sendable {
    public let size: Int
    public let observationDimension: Int
    public let actionDimension: Int
    /// s, `size × observationDimension`.
    public let observations: FloatBuffer
    /// ã ∈ [−1, 1]ᵈ, `size × actionDimension`.
    public let actions: FloatBuffer
    /// r, `size`.
    public let rewards: FloatBuffer
    /// s′, `size × observationDimension`.
    public let nextObservations: FloatBuffer
    /// 1 where the transition terminated (no bootstrap), 0 otherwise, `size`.
    public let terminated: FloatBuffer

    public init(size: Int, observationDimension: Int, actionDimension: Int) {
        self.size = size
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        observations = FloatBuffer(count: size * observationDimension)
        actions = FloatBuffer(count: size * actionDimension)
        rewards = FloatBuffer(count: size)
        nextObservations = FloatBuffer(count: size * observationDimension)
        terminated = FloatBuffer(count: size)
    }
}

/// The off-policy replay buffer (docs/experiments.md §2.2): a ring of `capacity` transitions, sampled uniformly
/// with replacement over everything stored (tianshou `ReplayBuffer.sample`).
public final class ReplayBuffer: @unchecked Sendable {
    public let capacity: Int
    public let observationDimension: Int
    public let actionDimension: Int
    let observations: FloatBuffer
    let actions: FloatBuffer
    let rewards: FloatBuffer
    let nextObservations: FloatBuffer
    let terminated: FloatBuffer
    /// Transitions stored (at most `capacity`).
    public private(set) var count = 0
    /// Where the next transition goes.
    public private(set) var nextIndex = 0

    public init(capacity: Int, observationDimension: Int, actionDimension: Int) {
        precondition(capacity > 0, "ReplayBuffer: capacity must be positive")
        self.capacity = capacity
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        observations = FloatBuffer(count: capacity * observationDimension)
        actions = FloatBuffer(count: capacity * actionDimension)
        rewards = FloatBuffer(count: capacity)
        nextObservations = FloatBuffer(count: capacity * observationDimension)
        terminated = FloatBuffer(count: capacity)
    }

    /// Stores one transition, overwriting the oldest when full.
    public func add(observation: [Float], action: [Float], reward: Float, nextObservation: [Float], terminated isTerminal: Bool) {
        precondition(observation.count == observationDimension && nextObservation.count == observationDimension && action.count == actionDimension,
                     "ReplayBuffer.add: dimension mismatch")
        let row = nextIndex
        for i in 0..<observationDimension {
            observations[row * observationDimension + i] = observation[i]
            nextObservations[row * observationDimension + i] = nextObservation[i]
        }
        for i in 0..<actionDimension { actions[row * actionDimension + i] = action[i] }
        rewards[row] = reward
        terminated[row] = isTerminal ? 1 : 0
        nextIndex = (nextIndex + 1) % capacity
        count = min(count + 1, capacity)
    }

    /// Fills `batch` with `batch.size` transitions drawn uniformly with replacement.
    public func sample(into batch: TransitionBatch, using generator: inout RandomSource) {
        precondition(count > 0, "ReplayBuffer.sample: the buffer is empty")
        let o = observationDimension, a = actionDimension
        for row in 0..<batch.size {
            let source = generator.index(below: count)
            (batch.observations.pointer + row * o).update(from: observations.pointer + source * o, count: o)
            (batch.nextObservations.pointer + row * o).update(from: nextObservations.pointer + source * o, count: o)
            (batch.actions.pointer + row * a).update(from: actions.pointer + source * a, count: a)
            batch.rewards[row] = rewards[source]
            batch.terminated[row] = terminated[source]
        }
    }

    /// The stored rows as named arrays (for checkpoints): only the first `count` rows.
    public var storedState: [String: [Float]] {
        [
            "observations": Array(UnsafeBufferPointer(start: observations.pointer, count: count * observationDimension)),
            "actions": Array(UnsafeBufferPointer(start: actions.pointer, count: count * actionDimension)),
            "rewards": Array(UnsafeBufferPointer(start: rewards.pointer, count: count)),
            "nextObservations": Array(UnsafeBufferPointer(start: nextObservations.pointer, count: count * observationDimension)),
            "terminated": Array(UnsafeBufferPointer(start: terminated.pointer, count: count)),
        ]
    }

    /// Restores rows saved by `storedState` together with the ring position.
    public func restore(_ state: [String: [Float]], count: Int, nextIndex: Int) throws(CheckpointError) {
        guard count <= capacity, nextIndex < capacity,
              let storedObservations = state["observations"], storedObservations.count == count * observationDimension,
              let storedActions = state["actions"], storedActions.count == count * actionDimension,
              let storedRewards = state["rewards"], storedRewards.count == count,
              let storedNext = state["nextObservations"], storedNext.count == count * observationDimension,
              let storedTerminated = state["terminated"], storedTerminated.count == count
        else { throw CheckpointError("replay buffer does not match this run's dimensions or capacity") }
        for (buffer, values) in [(observations, storedObservations), (actions, storedActions), (rewards, storedRewards),
                                 (nextObservations, storedNext), (terminated, storedTerminated)] {
            _ = UnsafeMutableBufferPointer(start: buffer.pointer, count: values.count).update(fromContentsOf: values)
        }
        self.count = count
        self.nextIndex = nextIndex
    }
}
