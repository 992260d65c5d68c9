import Foundation

/// QuadRotor-v0 (docs/environments.md §4): a quadrotor tracking a point that moves along +x at 1.5 m/s, and the
/// simplified variant with thrust and moment inputs.
///
/// Observation (9): position errors, roll/pitch/yaw (not wrapped), velocity errors — angular rates
/// are not observed. Reward `−5(|eₓ|+|e_y|+|e_z|) − |ψ| − |φ| − |θ|`. One semi-implicit Euler step of
/// 0.1 s per env step; every episode has 40 steps and its end is reported as `terminated` (reference)
/// or `truncated` (``EnvironmentOptions/TimeLimitReporting/asTruncation``). Initial position and
/// velocity carry uniform noise (§4.7).
public struct Quadrotor: Environment {
    /// What the action commands.
    public enum Actuation: Sendable, Hashable {
        /// The reference model: rotor speeds w₁…w₄ ∈ [0, 10], clipped, then mixed (§4.3) into
        /// U₁ = k_t Σwᵢ², U₂ = k_t(w₁²−w₃²), U₃ = k_t(w₂²−w₄²), U₄ = k_d(w₁²+w₃²−w₂²−w₄²).
        case rotorSpeeds
        /// The simplified model (the extension sketched in §4.8): the action is (U₁, U₂, U₃, U₄) itself,
        /// the collective thrust and the three moment inputs of §4.3, and the mixing is skipped.
        ///
        /// The dynamics use them exactly as in the rotor model: thrust U₁/m along the body z axis and
        /// body moments L·U₂, L·U₃, L·U₄ (the yaw input also scaled by the arm length, as in §4.4).
        /// Each component is clipped to the range the rotor model can produce with wᵢ ∈ [0, 10]:
        /// U₁ ∈ [0, 400k_t] = [0, 125.2] N, U₂, U₃ ∈ [−100k_t, 100k_t] = [−31.3, 31.3],
        /// U₄ ∈ [−200k_d, 200k_d] = [−0.15, 0.15]. The box is the product of those ranges; the rotors
        /// reach only a polytope inside it (full roll input, for instance, needs U₁ ≥ 31.3), and the
        /// simplified model accepts the whole box — that freedom is what makes it simpler.
        /// Hover is (mg, 0, 0, 0).
        case thrustAndMoments
    }

    // §4.2
    static let gravity = 9.81
    static let mass = 0.65
    static let inertiaX = 0.75
    static let inertiaY = 0.75
    static let inertiaZ = 1.3
    static let thrustCoefficient = 0.313
    static let dragTorqueCoefficient = 7.5e-4
    static let armLength = 0.23
    static let horizon = 4.0
    static let timeStep = 0.1
    static let maximumRotorSpeed = 10.0
    // §4.5
    static let targetSpeed = 1.5
    // §4.7
    static let initialPositionNoise = 0.1
    static let initialHeightNoise = 1.0
    static let initialVelocityNoise = 0.1

    /// The equal rotor speed that balances gravity, √(mg / 4k_t) ≈ 2.2568 (§4.1).
    public static let hoverRotorSpeed = (mass * gravity / (4 * thrustCoefficient)).squareRoot()

    static let actionDimension = 4
    static let maximumSquaredSpeed = maximumRotorSpeed * maximumRotorSpeed
    static let maximumThrust = thrustCoefficient * (maximumSquaredSpeed + maximumSquaredSpeed + maximumSquaredSpeed + maximumSquaredSpeed)
    static let maximumTiltInput = thrustCoefficient * (maximumSquaredSpeed - 0)
    static let maximumYawInput = dragTorqueCoefficient * (maximumSquaredSpeed + maximumSquaredSpeed - 0 - 0)

    static let observationBound = Array(repeating: Double.infinity, count: 9)
    static let rotorSpaces = EnvironmentSpaces(
        observationLow: observationBound.map { -$0 },
        observationHigh: observationBound,
        actionLow: Array(repeating: 0, count: actionDimension),
        actionHigh: Array(repeating: maximumRotorSpeed, count: actionDimension)
    )
    static let inputSpaces = EnvironmentSpaces(
        observationLow: observationBound.map { -$0 },
        observationHigh: observationBound,
        actionLow: [0, -maximumTiltInput, -maximumTiltInput, -maximumYawInput],
        actionHigh: [maximumThrust, maximumTiltInput, maximumTiltInput, maximumYawInput]
    )
    /// The `set_state` order of §4.8.
    public static let stateComponents = ["x", "y", "z", "roll", "pitch", "yaw", "vx", "vy", "vz", "roll_rate", "pitch_rate", "yaw_rate"]

    /// What the action commands.
    public let actuation: Actuation
    /// The reference/corrected choices this environment was made with.
    public let options: EnvironmentOptions
    public let spaces: EnvironmentSpaces
    public var stateComponents: [String] { Self.stateComponents }
    public var state: [Double] {
        [x, y, z, roll, pitch, yaw, velocityX, velocityY, velocityZ, rollRate, pitchRate, yawRate]
    }

    /// The action that holds the quadrotor still: all rotors at ``hoverRotorSpeed``, or (mg, 0, 0, 0).
    public var hoverAction: [Double] {
        switch actuation {
        case .rotorSpeeds: Array(repeating: Self.hoverRotorSpeed, count: 4)
        case .thrustAndMoments: [Self.mass * Self.gravity, 0, 0, 0]
        }
    }

    private var noise: NoiseSource
    private var x = 0.0, y = 0.0, z = 0.0
    private var roll = 0.0, pitch = 0.0, yaw = 0.0
    private var velocityX = 0.0, velocityY = 0.0, velocityZ = 0.0
    private var rollRate = 0.0, pitchRate = 0.0, yawRate = 0.0
    private var time = 0.0
    /// §4.5 ⚠ the x target the next observation and reward use: refreshed only after each
    /// observation, so it lags the state by one step.
    private var desiredX = 0.0
    private let desiredY = 0.0
    private let desiredZ = 0.0
    private var episodeOver = true

    /// A new quadrotor; call `reset` before stepping.
    public init(actuation: Actuation = .rotorSpeeds, options: EnvironmentOptions = .reference) {
        self.actuation = actuation
        self.options = options
        spaces = actuation == .rotorSpeeds ? Self.rotorSpaces : Self.inputSpaces
        noise = NoiseSource(seeding: options.seeding)
    }

    public mutating func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>) {
        noise.startEpisode(seed: seed)
        time = 0
        // §4.7: drawn in this order.
        x = noise.uniform(-Self.initialPositionNoise, Self.initialPositionNoise)
        y = noise.uniform(-Self.initialPositionNoise, Self.initialPositionNoise)
        z = noise.uniform(-Self.initialHeightNoise, Self.initialHeightNoise)
        velocityX = noise.uniform(-Self.initialVelocityNoise, Self.initialVelocityNoise)
        velocityY = noise.uniform(-Self.initialVelocityNoise, Self.initialVelocityNoise)
        velocityZ = noise.uniform(-Self.initialVelocityNoise, Self.initialVelocityNoise)
        (roll, pitch, yaw) = (0, 0, 0)
        (rollRate, pitchRate, yawRate) = (0, 0, 0)
        desiredX = Self.targetSpeed * time
        episodeOver = false
        writeObservation(into: observation)
    }

    public mutating func step(
        _ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) -> StepOutcome {
        guard !episodeOver else { throw EnvironmentError(.needsReset) }
        try validateAction(action, dimension: Self.actionDimension)
        let (thrust, rollInput, pitchInput, yawInput) = inputs(from: action)
        let dt = Self.timeStep

        // §4.4 translational: angles at the start of the step, positions from the new velocities.
        let (sinRoll, cosRoll) = (sin(roll), cos(roll))
        let (sinPitch, cosPitch) = (sin(pitch), cos(pitch))
        let (sinYaw, cosYaw) = (sin(yaw), cos(yaw))
        velocityX += ((cosRoll * sinPitch * cosYaw + sinRoll * sinYaw) * thrust / Self.mass) * dt
        velocityY += ((cosRoll * sinPitch * sinYaw - sinRoll * cosYaw) * thrust / Self.mass) * dt
        velocityZ += (-Self.gravity + (cosRoll * cosPitch) * thrust / Self.mass) * dt
        x += velocityX * dt
        y += velocityY * dt
        z += velocityZ * dt

        // §4.4 rotational: Euler-angle rates treated as body rates.
        let rollAcceleration = yawRate * pitchRate * (Self.inertiaY - Self.inertiaZ) / Self.inertiaX + Self.armLength * rollInput / Self.inertiaX
        let pitchAcceleration = yawRate * rollRate * (Self.inertiaZ - Self.inertiaX) / Self.inertiaY + Self.armLength * pitchInput / Self.inertiaY
        // §4.4 ⚠ the yaw moment is scaled by the arm length too.
        let yawAcceleration = pitchRate * rollRate * (Self.inertiaX - Self.inertiaY) / Self.inertiaZ + Self.armLength * yawInput / Self.inertiaZ
        rollRate += rollAcceleration * dt
        pitchRate += pitchAcceleration * dt
        yawRate += yawAcceleration * dt
        roll += rollRate * dt
        pitch += pitchRate * dt
        yaw += yawRate * dt
        time += dt

        // §4.7 ⚠ accumulated time reaches 4.000000000000002 at step 40; the limit is a termination in the reference.
        let flags = options.timeLimitFlags(expired: time >= Self.horizon)
        // §4.6, with the lagged target of §4.5.
        let reward = 5 * (-abs(desiredX - x) - abs(desiredY - y) - abs(desiredZ - z)) - abs(yaw) - abs(roll) - abs(pitch)
        episodeOver = flags.terminated || flags.truncated
        writeObservation(into: observation)
        return StepOutcome(reward: reward, terminated: flags.terminated, truncated: flags.truncated)
    }

    public mutating func setState(
        _ state: [Double], observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) {
        try validateState(state, components: Self.stateComponents)
        (x, y, z) = (state[0], state[1], state[2])
        (roll, pitch, yaw) = (state[3], state[4], state[5])
        (velocityX, velocityY, velocityZ) = (state[6], state[7], state[8])
        (rollRate, pitchRate, yawRate) = (state[9], state[10], state[11])
        desiredX = Self.targetSpeed * time
        writeObservation(into: observation)
    }

    /// (U₁, U₂, U₃, U₄) from the action, clipped to the action box.
    @inline(__always)
    private func inputs(from action: UnsafeBufferPointer<Double>) -> (Double, Double, Double, Double) {
        switch actuation {
        case .rotorSpeeds:
            let w1 = clip(action[0], 0, Self.maximumRotorSpeed)
            let w2 = clip(action[1], 0, Self.maximumRotorSpeed)
            let w3 = clip(action[2], 0, Self.maximumRotorSpeed)
            let w4 = clip(action[3], 0, Self.maximumRotorSpeed)
            let (s1, s2, s3, s4) = (w1 * w1, w2 * w2, w3 * w3, w4 * w4)
            return (
                Self.thrustCoefficient * (s1 + s2 + s3 + s4),
                Self.thrustCoefficient * (s1 - s3),
                Self.thrustCoefficient * (s2 - s4),
                Self.dragTorqueCoefficient * (s1 + s3 - s2 - s4)
            )
        case .thrustAndMoments:
            return (
                clip(action[0], 0, Self.maximumThrust),
                clip(action[1], -Self.maximumTiltInput, Self.maximumTiltInput),
                clip(action[2], -Self.maximumTiltInput, Self.maximumTiltInput),
                clip(action[3], -Self.maximumYawInput, Self.maximumYawInput)
            )
        }
    }

    /// Writes the observation, then refreshes the desired position — the order that makes the
    /// target lag one step (§4.5).
    private mutating func writeObservation(into observation: UnsafeMutableBufferPointer<Double>) {
        precondition(observation.count == 9, "Quadrotor: observation buffer must have 9 elements")
        observation[0] = desiredX - x
        observation[1] = desiredY - y
        observation[2] = desiredZ - z
        observation[3] = roll
        observation[4] = pitch
        observation[5] = yaw
        observation[6] = Self.targetSpeed - velocityX
        observation[7] = 0 - velocityY
        observation[8] = 0 - velocityZ
        desiredX = Self.targetSpeed * time
    }
}
