/// Several copies of one environment stepped together, the form PPO collects with (16 copies;
/// docs/experiments.md §2.1).
///
/// Observations and outcomes live in flat buffers allocated once and overwritten in place: the
/// observation of copy i is `observations[i·d ..< (i+1)·d]` with d = `spaces.observationDimension`.
/// A finished copy is not reset automatically — the caller reads its final observation, then
/// calls `reset(copy:seed:)`, as tianshou's collector does. Neither stepping nor resetting
/// allocates.
public protocol BatchedEnvironment: Sendable {
    var count: Int { get }
    var spaces: EnvironmentSpaces { get }
    /// Row-major, `count × spaces.observationDimension`.
    var observations: [Double] { get }
    /// Reward and flags of each copy's last step. Resets leave them alone, so a caller may keep
    /// this array while resetting the copies it marks as ended without forcing a copy of it.
    var outcomes: [StepOutcome] { get }

    /// Resets every copy; copy i gets `seed + i` (wrapping), or no seed when `seed` is nil.
    mutating func reset(seed: UInt64?)
    /// Resets one copy, typically after its episode ended.
    mutating func reset(copy index: Int, seed: UInt64?)
    /// Steps every copy with its action from `actions` (row-major, `count × spaces.actionDimension`).
    /// All actions and copies are checked first: on a thrown error no copy has moved.
    mutating func step(_ actions: [Double]) throws(EnvironmentError)
}

/// The batch of copies of a concrete environment type.
public struct EnvironmentBatch<Copy: Environment>: BatchedEnvironment {
    /// The copies, in batch order.
    public internal(set) var copies: [Copy]
    public let spaces: EnvironmentSpaces
    public internal(set) var observations: [Double]
    public internal(set) var outcomes: [StepOutcome]
    var awaitingReset: [Bool]

    public var count: Int { copies.count }

    /// A batch of `count` copies made by `makeCopy`; call `reset(seed:)` before stepping.
    public init(count: Int, makeCopy: () -> Copy) {
        precondition(count > 0, "EnvironmentBatch: needs at least one copy")
        copies = (0..<count).map { _ in makeCopy() }
        spaces = copies[0].spaces
        observations = Array(repeating: 0, count: count * spaces.observationDimension)
        outcomes = Array(repeating: StepOutcome(reward: 0, terminated: false, truncated: false), count: count)
        awaitingReset = Array(repeating: true, count: count)
    }

    public mutating func reset(seed: UInt64?) {
        for index in 0..<count {
            Copy.reset(&self, copy: index, seed: seed.map { $0 &+ UInt64(index) })
        }
    }

    public mutating func reset(copy index: Int, seed: UInt64?) {
        Copy.reset(&self, copy: index, seed: seed)
    }

    public mutating func step(_ actions: [Double]) throws(EnvironmentError) {
        try Copy.step(&self, actions: actions)
    }
}

extension Environment {
    public static func step(_ batch: inout EnvironmentBatch<Self>, actions: [Double]) throws(EnvironmentError) {
        let count = batch.copies.count
        let actionWidth = batch.spaces.actionDimension
        let observationWidth = batch.spaces.observationDimension
        guard actions.count == count * actionWidth else {
            throw EnvironmentError(.actionDimension(expected: count * actionWidth, actual: actions.count))
        }
        for index in 0..<count {
            if batch.awaitingReset[index] { throw EnvironmentError(.needsReset, copy: index) }
            for component in 0..<actionWidth where actions[index * actionWidth + component].isNaN {
                throw EnvironmentError(.nanAction(component: component), copy: index)
            }
        }
        var copies = take(&batch.copies)
        var observations = take(&batch.observations)
        defer {
            batch.copies = copies
            batch.observations = observations
        }
        try actions.withUnsafeBufferPointer { actions throws(EnvironmentError) in
            try observations.withUnsafeMutableBufferPointer { observations throws(EnvironmentError) in
                for index in 0..<count {
                    let outcome = try copies[index].step(
                        UnsafeBufferPointer(rebasing: actions[index * actionWidth ..< (index + 1) * actionWidth]),
                        observation: UnsafeMutableBufferPointer(rebasing: observations[index * observationWidth ..< (index + 1) * observationWidth])
                    )
                    batch.outcomes[index] = outcome
                    batch.awaitingReset[index] = outcome.endsEpisode
                }
            }
        }
    }

    public static func reset(_ batch: inout EnvironmentBatch<Self>, copy index: Int, seed: UInt64?) {
        precondition(batch.copies.indices.contains(index), "EnvironmentBatch: copy \(index) does not exist")
        let width = batch.spaces.observationDimension
        var observations = take(&batch.observations)
        observations.withUnsafeMutableBufferPointer { observations in
            batch.copies[index].reset(seed: seed, observation: UnsafeMutableBufferPointer(rebasing: observations[index * width ..< (index + 1) * width]))
        }
        batch.observations = observations
        batch.awaitingReset[index] = false
    }
}

/// Moves an array out of its storage without copying, so that it can be mutated while other
/// stored properties of the same value are written.
@inline(__always)
private func take<Element>(_ array: inout [Element]) -> [Element] {
    var taken = [Element]()
    swap(&taken, &array)
    return taken
}
