import Foundation
import Randomness

/// PPO's actor (docs/experiments.md §3, §4.1): a tanh MLP giving μ(s) and a diagonal Gaussian 𝒩(μ(s), σ²) over raw,
/// unbounded actions. σ is either state-independent, σ = exp(θ_σ) with a learned vector θ_σ, or (the
/// toy script) state-conditioned by a second head, σ = exp(clamp(·, −20, 2)).
public final class GaussianActor: @unchecked Sendable {
    /// How σ is parameterised.
    public enum StdParameterization: Sendable, Equatable, Codable {
        /// σ = exp(θ_σ), θ_σ a learned vector initialised to the constant.
        case stateIndependent(initialLogStd: Double)
        /// σ(s) = exp(clamp(head(s), −20, 2)), a second output head.
        case stateConditioned
    }

    static let halfLogTwoPi = SquashedGaussianActor.halfLogTwoPi

    public let network: MLP
    public let stdParameterization: StdParameterization
    /// θ_σ for a state-independent σ (empty otherwise).
    public let logStdParameter: FloatBuffer
    /// ∂L/∂θ_σ of the last backward pass.
    public let logStdGradient: FloatBuffer
    public let actionDimension: Int
    public let capacity: Int
    let workspace: MLPWorkspace

    /// μ(s), `rows × d`.
    public let mean: FloatBuffer
    /// log σ, `rows × d` (clamped when state-conditioned).
    public let logStd: FloatBuffer
    /// σ, `rows × d`.
    public let std: FloatBuffer
    let headGradient: FloatBuffer
    public private(set) var rows = 0

    public init(observationDimension: Int, actionDimension: Int, hidden: [Int], std: StdParameterization, capacity: Int) {
        let outputs = std == .stateConditioned ? 2 * actionDimension : actionDimension
        network = MLP(shape: MLPShape(inputs: observationDimension, hidden: hidden, outputs: outputs, activation: .tanh))
        stdParameterization = std
        if case .stateIndependent(let initial) = std {
            logStdParameter = FloatBuffer(Array(repeating: Float(initial), count: actionDimension))
            logStdGradient = FloatBuffer(count: actionDimension)
        } else {
            logStdParameter = FloatBuffer(count: 0)
            logStdGradient = FloatBuffer(count: 0)
        }
        self.actionDimension = actionDimension
        self.capacity = capacity
        workspace = network.makeWorkspace(capacity: capacity)
        mean = FloatBuffer(count: capacity * actionDimension)
        logStd = FloatBuffer(count: capacity * actionDimension)
        self.std = FloatBuffer(count: capacity * actionDimension)
        headGradient = FloatBuffer(count: capacity * outputs)
    }

    /// The PPO initialisation of docs/experiments.md §3: every layer orthogonal with gain √2 and zero bias, then
    /// the μ head's weights ×0.01.
    public func initializeForPPO(using generator: inout RandomSource) {
        let d = actionDimension
        let heads = stdParameterization == .stateConditioned ? [d, d] : [d]
        network.initializeOrthogonal(gain: 2.0.squareRoot(), outputHeads: heads, using: &generator)
        network.scaleOutputUnits(0..<d, by: 0.01)
    }

    var outputWidth: Int { network.shape.outputs }

    /// Computes μ(s), log σ, σ for `rows` states; `states` must stay unchanged until `backward`.
    public func computeDistribution(states: UnsafePointer<Float>, rows: Int) {
        self.rows = rows
        let output = network.forward(states, rows: rows, workspace: workspace)
        let d = actionDimension
        let width = outputWidth
        for row in 0..<rows {
            for i in 0..<d {
                let index = row * d + i
                mean[index] = output[row * width + i]
                let value: Float
                switch stdParameterization {
                case .stateIndependent: value = logStdParameter[i]
                case .stateConditioned:
                    value = min(max(output[row * width + d + i], SquashedGaussianActor.logStdRange.lowerBound),
                                SquashedGaussianActor.logStdRange.upperBound)
                }
                logStd[index] = value
                std[index] = Foundation.exp(value)
            }
        }
    }

    /// Draws raw actions a = μ + σ ⊙ ξ with the given noise into `output` (`rows × d`).
    public func sample(noise: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        for index in 0..<(rows * actionDimension) {
            output[index] = mean[index] + std[index] * noise[index]
        }
    }

    /// log π(a|s) = Σᵢ log 𝒩(aᵢ; μᵢ, σᵢ) for each row, written to `output` (`rows`).
    public func logProbabilities(of actions: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>) {
        let d = actionDimension
        for row in 0..<rows {
            var total: Float = 0
            for i in 0..<d {
                let index = row * d + i
                let z = (actions[index] - mean[index]) / std[index]
                total += -0.5 * z * z - logStd[index] - Self.halfLogTwoPi
            }
            output[row] = total
        }
    }

    /// The entropy Σᵢ (½ + ½ log 2π + log σᵢ) of row `row`.
    public func entropy(row: Int) -> Float {
        var total: Float = 0
        for i in 0..<actionDimension { total += 0.5 + Self.halfLogTwoPi + logStd[row * actionDimension + i] }
        return total
    }

    /// Back-propagates ∂L/∂log π(aᵣ|sᵣ) (`rows`) and ∂L/∂𝓗(sᵣ) (`rows`, or nil) into
    /// `network.gradients` and `logStdGradient`.
    public func backward(actions: UnsafePointer<Float>, logProbabilityGradient: UnsafePointer<Float>, entropyGradient: UnsafePointer<Float>?) {
        let d = actionDimension
        let width = outputWidth
        logStdGradient.fill(0)
        let rawOutput = workspace.outputs[network.layers.count - 1]
        for row in 0..<rows {
            let g = logProbabilityGradient[row]
            let entropyTerm = entropyGradient?[row] ?? 0
            for i in 0..<d {
                let index = row * d + i
                let z = (actions[index] - mean[index]) / std[index]
                headGradient[row * width + i] = g * z / std[index]
                let logStdTerm = g * (z * z - 1) + entropyTerm
                switch stdParameterization {
                case .stateIndependent:
                    logStdGradient[i] += logStdTerm
                case .stateConditioned:
                    let raw = rawOutput[row * width + d + i]
                    headGradient[row * width + d + i] = SquashedGaussianActor.logStdRange.contains(raw) ? logStdTerm : 0
                }
            }
        }
        network.backward(outputGradient: headGradient.pointer, workspace: workspace, parameterGradients: true, inputGradient: nil)
    }
}
