import Foundation

/// Vehicle-v0 (docs/environments.md §3): a nonlinear dynamic bicycle chasing a target that moves clockwise along a
/// spline through points of a 10 m circle.
///
/// Observation (6): `[x_T − x_f, y_T − y_f, ψ, v_x, v_y, ω]`, where (x_f, y_f) is one wheelbase
/// ahead of the reference point. Action: `[throttle (m/s²), steering δ (rad)]`, each clipped to
/// [−1, 1]. Reward `−0.3|x² + y² − 100| − ‖target − (x, y)‖`. One explicit Euler step of 0.1 s per
/// env step; deterministic reset (the seed is irrelevant); every episode has 200 steps, its end
/// reported as `terminated` (reference) or `truncated`
/// (``EnvironmentOptions/TimeLimitReporting/asTruncation``).
public struct Vehicle: Environment {
    // §3.2
    static let timeStep = 0.1
    static let wheelbase = 2.9
    static let rearAxleDistance = wheelbase / 2
    static let frontAxleDistance = wheelbase - rearAxleDistance
    // §3.2 ⚠ cornering stiffnesses tiny for a 1500 kg car, as in the reference.
    static let frontCorneringStiffness = 32.0
    static let rearCorneringStiffness = 34.0
    static let yawInertia = 2250.0
    static let mass = 1500.0
    static let aerodynamicCoefficient = 1.36
    static let rollingResistanceCoefficient = 0.01
    static let maximumLongitudinalSpeed = 30.0
    static let maximumLateralSpeed = 30.0
    static let maximumThrottle = 1.0
    static let maximumSteering = 1.0
    // §3.4
    static let circleRadius = 10.0
    static let circlePointCount = 8
    // §3.5
    static let targetStartArcLength = 13.0
    static let targetSampleCount = 110
    static let targetSpeedCap = 6.0
    static let targetInitialSpeed = 1.0
    static let targetAcceleration = 0.1
    // §3.6
    static let startArcLength = 9.0
    static let initialLongitudinalSpeed = 3.0
    static let initialLateralSpeed = 0.0
    static let initialYawRate = -1.0
    // §3.7
    static let offTrackWeight = 0.3
    static let simulatedTimeLimit = 20.0

    static let actionDimension = 2

    /// The observation and action spaces.
    public static let spaces = EnvironmentSpaces(
        observationLow: [-100, -100, -Double.pi, -30, -30, -5],
        observationHigh: [100, 100, Double.pi, 30, 30, 5],
        actionLow: [-maximumThrottle, -maximumSteering],
        actionHigh: [maximumThrottle, maximumSteering]
    )
    /// The `setState` order.
    public static let stateComponents = ["x", "y", "yaw", "vx", "vy", "omega"]

    /// The reference path of §3.4: nine knots (eight circle points traversed clockwise from 7π/4,
    /// then the first one again).
    public static let referencePath: SplinePath = {
        let step = 2 * Double.pi / Double(circlePointCount)
        var angles = (0..<circlePointCount).reversed().map { Double($0) * step }
        angles.append(angles[0])
        return SplinePath(points: angles.map { SIMD2(circleRadius * cos($0), circleRadius * sin($0)) })
    }()

    /// One precomputed position of the moving target (§3.5).
    public struct TargetSample: Sendable, Equatable {
        /// Where on the reference path the sample sits.
        public let arcLength: Double
        /// The target position (x, y).
        public let position: SIMD2<Double>
    }

    /// The 110 target samples of §3.5: from s = 13 m, speed min(6, 1 + 0.1t) in steps of 0.1 s.
    public static let targetSamples: [TargetSample] = {
        var samples = [TargetSample]()
        var arcLength = targetStartArcLength
        var time = 0.0
        for _ in 0..<targetSampleCount {
            // §3.5 ⚠ the speed ramps from 1 to 2.09 m/s; the cap of 6 (the README's "constant high speed") is never reached.
            let speed = min(targetSpeedCap, targetInitialSpeed + targetAcceleration * time)
            samples.append(TargetSample(arcLength: arcLength, position: referencePath.position(at: arcLength)))
            arcLength += speed * timeStep
            time += timeStep
        }
        return samples
    }()

    /// The reference/corrected choices this environment was made with.
    public let options: EnvironmentOptions
    public var spaces: EnvironmentSpaces { Self.spaces }
    public var stateComponents: [String] { Self.stateComponents }
    public var state: [Double] { [x, y, heading, longitudinalSpeed, lateralSpeed, yawRate] }

    private var x = 0.0
    private var y = 0.0
    private var heading = 0.0
    private var longitudinalSpeed = 0.0
    private var lateralSpeed = 0.0
    private var yawRate = 0.0
    private var time = 0.0
    /// Index into ``targetSamples`` of the current target.
    public private(set) var targetIndex = 0
    private var episodeOver = true

    /// A new environment; call `reset` before stepping.
    public init(options: EnvironmentOptions = .reference) {
        self.options = options
    }

    public mutating func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>) {
        let start = Self.referencePath.position(at: Self.startArcLength)
        (x, y) = (start.x, start.y)
        heading = Self.referencePath.heading(at: Self.startArcLength)
        longitudinalSpeed = Self.initialLongitudinalSpeed
        lateralSpeed = Self.initialLateralSpeed
        // §3.6: a deliberate yaw-rate perturbation (the circle needs about −0.3 rad/s).
        yawRate = Self.initialYawRate
        time = 0
        targetIndex = 0
        episodeOver = false
        writeObservation(into: observation)
    }

    public mutating func step(
        _ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) -> StepOutcome {
        guard !episodeOver else { throw EnvironmentError(.needsReset) }
        try validateAction(action, dimension: Self.actionDimension)
        let throttle = clip(action[0], -Self.maximumThrottle, Self.maximumThrottle)
        let steering = clip(action[1], -Self.maximumSteering, Self.maximumSteering)
        let dt = Self.timeStep

        // §3.3 in its exact order. 1: position from the old heading and velocities.
        let (sinHeading, cosHeading) = (sin(heading), cos(heading))
        x = x + longitudinalSpeed * cosHeading * dt - lateralSpeed * sinHeading * dt
        y = y + longitudinalSpeed * sinHeading * dt + lateralSpeed * cosHeading * dt
        // 2
        heading = wrapAngle(heading + yawRate * dt)
        // 3: tyre forces from the old velocities; §3.3 ⚠ no guard against v_x = 0.
        let (sinSteering, cosSteering) = (sin(steering), cos(steering))
        let frontForce = -Self.frontCorneringStiffness
            * atan2((lateralSpeed + Self.frontAxleDistance * yawRate) / longitudinalSpeed - steering, 1)
        let rearForce = -Self.rearCorneringStiffness
            * atan2((lateralSpeed - Self.rearAxleDistance * yawRate) / longitudinalSpeed, 1)
        // §3.3 ⚠ the quadratic drag keeps its sign for v_x < 0.
        let load = Self.aerodynamicCoefficient * (longitudinalSpeed * longitudinalSpeed)
            + Self.rollingResistanceCoefficient * longitudinalSpeed
        // 4
        longitudinalSpeed = longitudinalSpeed
            + (throttle - frontForce * sinSteering / Self.mass - load / Self.mass + lateralSpeed * yawRate) * dt
        // 5: §3.3 ⚠ uses the already updated v_x.
        lateralSpeed = lateralSpeed
            + (rearForce / Self.mass + frontForce * cosSteering / Self.mass - longitudinalSpeed * yawRate) * dt
        // 6
        yawRate = yawRate
            + (frontForce * Self.frontAxleDistance * cosSteering - rearForce * Self.rearAxleDistance) / Self.yawInertia * dt
        // 7: ω is not clipped.
        longitudinalSpeed = clip(longitudinalSpeed, -Self.maximumLongitudinalSpeed, Self.maximumLongitudinalSpeed)
        lateralSpeed = clip(lateralSpeed, -Self.maximumLateralSpeed, Self.maximumLateralSpeed)

        time += dt
        // §3.5 ⚠ the target saturates at its last sample and stays frozen for the last ~91 steps.
        targetIndex = min(targetIndex + 1, Self.targetSampleCount - 1)
        // §3.7 ⚠ accumulated time exceeds 20 after 200 steps (exact arithmetic would allow 201).
        let flags = options.timeLimitFlags(expired: !(Self.simulatedTimeLimit >= time))

        // §3.7: the reference point (x, y), not the front point of the observation.
        let target = Self.targetSamples[targetIndex].position
        let offTrack = abs(x * x + y * y - Self.circleRadius * Self.circleRadius) * Self.offTrackWeight
        let reward = -offTrack - hypot(target.x - x, target.y - y)
        episodeOver = flags.terminated || flags.truncated
        writeObservation(into: observation)
        return StepOutcome(reward: reward, terminated: flags.terminated, truncated: flags.truncated)
    }

    public mutating func setState(
        _ state: [Double], observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) {
        try validateState(state, components: Self.stateComponents)
        (x, y, heading) = (state[0], state[1], state[2])
        (longitudinalSpeed, lateralSpeed, yawRate) = (state[3], state[4], state[5])
        writeObservation(into: observation)
    }

    private func writeObservation(into observation: UnsafeMutableBufferPointer<Double>) {
        precondition(observation.count == 6, "Vehicle: observation buffer must have 6 elements")
        let target = Self.targetSamples[targetIndex].position
        observation[0] = target.x - (x + Self.wheelbase * cos(heading))
        observation[1] = target.y - (y + Self.wheelbase * sin(heading))
        observation[2] = heading
        observation[3] = longitudinalSpeed
        observation[4] = lateralSpeed
        observation[5] = yawRate
    }
}
