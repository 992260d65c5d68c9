/// Obstacle2D-v0 (docs/environments.md §5): a point mass commanded by velocity must go around a thin wall to reach
/// a goal behind it.
///
/// Observation (float32, 2): `[(x − 2.025)/2.025, y/3]`. Action: velocity `(v_x, v_y)`, each
/// clipped to [−3, 3], applied for 1 s. Crossing the wall ends the episode with −200, reaching the
/// goal with +500; otherwise the reward is the progress towards the goal. Deterministic reset at
/// the origin (the seed is irrelevant); step 51 is truncated with reward 0.
public struct Obstacle2D: Environment {
    // §5.2
    static let timeStep = 1.0
    static let maximumTime = 50.0
    static let maximumSpeed = 3.0
    static let goal = SIMD2(3.0, 0.0)
    static let goalRadius = 0.1
    static let wallLeft = 2.0
    static let wallWidth = 0.05
    static let wallRight = wallLeft + wallWidth
    static let wallTop = 2.0
    static let wallBottom = -2.0
    static let wallCenterX = wallLeft + wallWidth / 2
    static let observationYScale = 3.0
    // §5.3
    static let collisionReward = -200.0
    static let goalReward = 500.0

    /// §5.1 ⚠ the declared observation box does not match the normalised observations (not enforced).
    static let actionDimension = 2

    /// The observation and action spaces.
    public static let spaces = EnvironmentSpaces(
        observationLow: [-20, -10],
        observationHigh: [20, 10],
        actionLow: [-maximumSpeed, -maximumSpeed],
        actionHigh: [maximumSpeed, maximumSpeed]
    )
    /// The `setState` order.
    public static let stateComponents = ["x", "y"]

    public var spaces: EnvironmentSpaces { Self.spaces }
    public var stateComponents: [String] { Self.stateComponents }
    public var state: [Double] { [position.x, position.y] }

    /// The current position.
    public private(set) var position = SIMD2<Double>()
    private var time = 0.0
    private var episodeOver = true

    /// A new environment; call `reset` before stepping.
    public init() {}

    public mutating func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>) {
        position = SIMD2(0, 0)
        time = 0
        episodeOver = false
        writeObservation(into: observation)
    }

    public mutating func step(
        _ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) -> StepOutcome {
        guard !episodeOver else { throw EnvironmentError(.needsReset) }
        try validateAction(action, dimension: Self.actionDimension)
        // §5.3 in its order: time first, then the reward from the candidate point, then the move.
        time += Self.timeStep
        let truncated = time > Self.maximumTime
        let velocity = SIMD2(
            clip(action[0], -Self.maximumSpeed, Self.maximumSpeed),
            clip(action[1], -Self.maximumSpeed, Self.maximumSpeed)
        )
        let next = position + velocity * Self.timeStep
        let outcome: StepOutcome
        if truncated {
            outcome = StepOutcome(reward: 0, terminated: false, truncated: true)
        } else if Self.segmentCrossesWall(from: position, to: next) {
            outcome = StepOutcome(reward: Self.collisionReward, terminated: true, truncated: false)
        } else if Self.distanceToGoal(next) < Self.goalRadius {
            outcome = StepOutcome(reward: Self.goalReward, terminated: true, truncated: false)
        } else {
            outcome = StepOutcome(reward: Self.distanceToGoal(position) - Self.distanceToGoal(next), terminated: false, truncated: false)
        }
        // §5.3: the move happens in every case, the collision step included.
        position = next
        episodeOver = outcome.endsEpisode
        writeObservation(into: observation)
        return outcome
    }

    public mutating func setState(
        _ state: [Double], observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) {
        try validateState(state, components: Self.stateComponents)
        position = SIMD2(state[0], state[1])
        writeObservation(into: observation)
    }

    private func writeObservation(into observation: UnsafeMutableBufferPointer<Double>) {
        precondition(observation.count == 2, "Obstacle2D: observation buffer must have 2 elements")
        observation[0] = singlePrecision((position.x - Self.wallCenterX) / Self.wallCenterX)
        observation[1] = singlePrecision(position.y / Self.observationYScale)
    }

    static func distanceToGoal(_ point: SIMD2<Double>) -> Double {
        let offset = point - goal
        return (offset.x * offset.x + offset.y * offset.y).squareRoot()
    }

    /// The reference collision test: the segment against the wall's four edges, in the reference's
    /// order and orientation, with its strict counter-clockwise predicate. Degenerate contacts
    /// (touching, collinear, through a corner) therefore count or not depending on the side they
    /// come from, exactly as in the reference. §5.3 ⚠ the reference's "endpoint inside the
    /// rectangle" pre-test can never fire (its corners are ordered top-first), so it is omitted.
    static func segmentCrossesWall(from start: SIMD2<Double>, to end: SIMD2<Double>) -> Bool {
        let topLeft = SIMD2(wallLeft, wallTop)
        let bottomLeft = SIMD2(wallLeft, wallBottom)
        let topRight = SIMD2(wallRight, wallTop)
        let bottomRight = SIMD2(wallRight, wallBottom)
        return segmentsIntersect(start, end, topLeft, bottomLeft)
            || segmentsIntersect(start, end, topLeft, topRight)
            || segmentsIntersect(start, end, topRight, bottomRight)
            || segmentsIntersect(start, end, bottomLeft, bottomRight)
    }

    @inline(__always)
    private static func segmentsIntersect(_ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: SIMD2<Double>, _ d: SIMD2<Double>) -> Bool {
        counterClockwise(a, c, d) != counterClockwise(b, c, d) && counterClockwise(a, b, c) != counterClockwise(a, b, d)
    }

    @inline(__always)
    private static func counterClockwise(_ a: SIMD2<Double>, _ b: SIMD2<Double>, _ c: SIMD2<Double>) -> Bool {
        (c.y - a.y) * (b.x - a.x) > (b.y - a.y) * (c.x - a.x)
    }
}
