import Foundation
import Randomness

/// Acrobot-v0 (docs/environments.md §2): a two-link pendulum with a continuous torque at the elbow, rewarded for
/// balancing upright.
///
/// Angle convention actually implemented (§2.2 ⚠): θ₁ is measured from the horizontal, so
/// (θ₁, θ₂) = (π/2, 0) is both links straight up and θ₁ = −π/2 hangs down. Observation
/// `[cos θ₁, sin θ₁, cos θ₂, sin θ₂, θ̇₁, θ̇₂]`; action: torque in N·m, clipped to [−20, 20]. One RK4
/// step of 0.2 s per env step. Never terminates; truncated after 400 steps (the registered
/// `TimeLimit`).
public struct Acrobot: Environment {
    // §2.2
    static let mass1 = 1.0
    static let mass2 = 1.0
    static let length1 = 1.0
    static let centerOfMass1 = 0.5
    static let centerOfMass2 = 0.5
    static let inertia1 = 1.0
    static let inertia2 = 1.0
    static let gravity = 9.8
    static let timeStep = 0.2
    static let maximumRate1 = 4 * Double.pi
    static let maximumRate2 = 9 * Double.pi
    static let maximumTorque = 20.0
    // §0.1: the registered TimeLimit.
    static let episodeLength = 400
    // §2.5
    static let rateCostWeight = 0.1
    // §2.6
    static let initialAngle1Low = 45 * (Double.pi / 180)
    static let initialAngle1High = 135 * (Double.pi / 180)
    static let initialPerturbation = 0.1
    static let sharedStreamSeed: UInt64 = 1

    static let actionDimension = 1

    /// The observation and action spaces.
    public static let spaces = EnvironmentSpaces(
        observationLow: [-1, -1, -1, -1, -maximumRate1, -maximumRate2],
        observationHigh: [1, 1, 1, 1, maximumRate1, maximumRate2],
        actionLow: [-maximumTorque],
        actionHigh: [maximumTorque]
    )
    /// The `setState` order.
    public static let stateComponents = ["theta1", "theta2", "theta1_rate", "theta2_rate"]

    public var spaces: EnvironmentSpaces { Self.spaces }
    public var stateComponents: [String] { Self.stateComponents }
    public var state: [Double] { [phase[0], phase[1], phase[2], phase[3]] }
    /// The reference/corrected choices this environment was made with.
    public let options: EnvironmentOptions

    /// The phase-space point (θ₁, θ₂, θ̇₁, θ̇₂).
    private var phase = SIMD4<Double>()
    private var stepCount = 0
    private var episodeOver = true
    private var noise: NoiseSource
    /// §2.6 ⚠ NumPy's global generator, seeded with 1 at import and inherited unchanged by every
    /// forked worker: the reference draws θ₂, θ̇₁, θ̇₂ from it. Absent with per-environment seeding.
    private var sharedStream: RandomSource?

    /// A new environment; call `reset` before stepping.
    public init(options: EnvironmentOptions = .reference) {
        self.options = options
        noise = NoiseSource(seeding: options.seeding)
        sharedStream = options.seeding == .reference ? RandomSource(seed: Self.sharedStreamSeed) : nil
    }

    public mutating func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>) {
        noise.startEpisode(seed: seed)
        stepCount = 0
        let angle1 = noise.uniform(Self.initialAngle1Low, Self.initialAngle1High)
        let p = Self.initialPerturbation
        if var shared = sharedStream {
            // §2.6 ⚠ θ₂, θ̇₁, θ̇₂ from the stream every copy shares.
            let angle2 = shared.uniform(-p, p), rate1 = shared.uniform(-p, p), rate2 = shared.uniform(-p, p)
            phase = SIMD4(angle1, angle2, rate1, rate2)
            sharedStream = shared
        } else {
            let angle2 = noise.uniform(-p, p), rate1 = noise.uniform(-p, p), rate2 = noise.uniform(-p, p)
            phase = SIMD4(angle1, angle2, rate1, rate2)
        }
        episodeOver = false
        writeObservation(into: observation)
    }

    public mutating func step(
        _ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) -> StepOutcome {
        guard !episodeOver else { throw EnvironmentError(.needsReset) }
        try validateAction(action, dimension: Self.actionDimension)
        stepCount += 1
        let torque = clip(action[0], -Self.maximumTorque, Self.maximumTorque)
        var next = Self.integrate(phase, torque: torque, over: Self.timeStep)
        // §2.4: wrap and clip only after the full RK4 step.
        next[0] = wrapAngle(next[0])
        next[1] = wrapAngle(next[1])
        next[2] = clip(next[2], -Self.maximumRate1, Self.maximumRate1)
        next[3] = clip(next[3], -Self.maximumRate2, Self.maximumRate2)
        phase = next

        // §2.5, on the post-step state.
        let tilt = Self.normalizeAngle(phase[0] - Double.pi / 2)
        let bend = Self.normalizeAngle(phase[1])
        let costs = tilt * tilt + bend * bend
            + Self.rateCostWeight * (phase[2] * phase[2])
            + Self.rateCostWeight * (phase[3] * phase[3])
        let truncated = stepCount >= Self.episodeLength
        episodeOver = truncated
        writeObservation(into: observation)
        return StepOutcome(reward: -costs, terminated: false, truncated: truncated)
    }

    public mutating func setState(
        _ state: [Double], observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) {
        try validateState(state, components: Self.stateComponents)
        phase = SIMD4(state[0], state[1], state[2], state[3])
        writeObservation(into: observation)
    }

    private func writeObservation(into observation: UnsafeMutableBufferPointer<Double>) {
        precondition(observation.count == 6, "Acrobot: observation buffer must have 6 elements")
        observation[0] = cos(phase[0])
        observation[1] = sin(phase[0])
        observation[2] = cos(phase[1])
        observation[3] = sin(phase[1])
        observation[4] = phase[2]
        observation[5] = phase[3]
    }

    /// One classical RK4 step of the manipulator dynamics with the torque held constant (§2.4).
    static func integrate(_ start: SIMD4<Double>, torque: Double, over dt: Double) -> SIMD4<Double> {
        let half = dt / 2
        let k1 = derivative(start, torque: torque)
        let k2 = derivative(start + half * k1, torque: torque)
        let k3 = derivative(start + half * k2, torque: torque)
        let k4 = derivative(start + dt * k3, torque: torque)
        return start + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
    }

    /// d/dt (θ₁, θ₂, θ̇₁, θ̇₂) from D(θ)θ̈ + c(θ, θ̇) + G(θ) = (0, τ) (§2.3).
    static func derivative(_ s: SIMD4<Double>, torque: Double) -> SIMD4<Double> {
        let (angle1, angle2, rate1, rate2) = (s[0], s[1], s[2], s[3])
        let sin2 = sin(angle2)
        let cos2 = cos(angle2)
        let (d11, d12, d22) = massMatrix(cos2)
        let c1 = -mass2 * length1 * centerOfMass2 * sin2 * (2 * rate1 * rate2 + rate2 * rate2)
        let c2 = mass2 * length1 * centerOfMass2 * sin2 * rate1 * rate1
        let cosSum = cos(angle1 + angle2)
        let g1 = (mass1 * centerOfMass1 + mass2 * length1) * gravity * cos(angle1) + mass2 * centerOfMass2 * gravity * cosSum
        let g2 = mass2 * centerOfMass2 * gravity * cosSum
        let right1 = 0 - c1 - g1
        let right2 = torque - c2 - g2
        let determinant = d11 * d22 - d12 * d12
        let acceleration1 = (d22 * right1 - d12 * right2) / determinant
        let acceleration2 = (d11 * right2 - d12 * right1) / determinant
        return SIMD4(rate1, rate2, acceleration1, acceleration2)
    }

    /// The symmetric mass matrix D(θ) = [[d₁₁, d₁₂], [d₁₂, d₂₂]], which depends on θ₂ only.
    @inline(__always)
    static func massMatrix(_ cos2: Double) -> (Double, Double, Double) {
        let d11 = mass1 * centerOfMass1 * centerOfMass1
            + mass2 * (length1 * length1 + centerOfMass2 * centerOfMass2 + 2 * length1 * centerOfMass2 * cos2)
            + inertia1 + inertia2
        let d12 = mass2 * (centerOfMass2 * centerOfMass2 + length1 * centerOfMass2 * cos2) + inertia2
        let d22 = mass2 * centerOfMass2 * centerOfMass2 + inertia2
        return (d11, d12, d22)
    }

    /// Total mechanical energy ½θ̇ᵀD(θ)θ̇ + V(θ), conserved by the torque-free dynamics.
    static func energy(_ s: SIMD4<Double>) -> Double {
        let (angle1, angle2, rate1, rate2) = (s[0], s[1], s[2], s[3])
        let (d11, d12, d22) = massMatrix(cos(angle2))
        let kinetic = 0.5 * (d11 * rate1 * rate1 + 2 * d12 * rate1 * rate2 + d22 * rate2 * rate2)
        let potential = (mass1 * centerOfMass1 + mass2 * length1) * gravity * sin(angle1)
            + mass2 * centerOfMass2 * gravity * sin(angle1 + angle2)
        return kinetic + potential
    }

    /// ((x + π) mod 2π) − π with the mod result in [0, 2π) (Python's `%`), §2.5.
    static func normalizeAngle(_ angle: Double) -> Double {
        let period = 2 * Double.pi
        var remainder = fmod(angle + Double.pi, period)
        if remainder < 0 { remainder += period }
        return remainder - Double.pi
    }
}
