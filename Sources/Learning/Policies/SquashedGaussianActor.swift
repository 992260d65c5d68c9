import Foundation
import Randomness

/// SAC's actor (docs/experiments.md §3, §5.1): a ReLU MLP from the observation to μ(s) and a state-conditioned
/// log σ(s), the reparameterised sample u = μ + σ ⊙ ξ, and the squashed action ã = tanh(u) with
///
///     log π(ã|s) = Σᵢ log 𝒩(uᵢ; μᵢ, σᵢ) − Σᵢ log(1 − ãᵢ² + ε),   ε = 1.1920929·10⁻⁷,
///
/// σ = exp(clamp(log σ, −20, 2)). The network's last layer holds both heads: units `0..<d` are μ,
/// units `d..<2d` the unclamped log σ.
///
/// One actor object serves batches of up to `capacity` states; the distribution, the sample and
/// the values needed by ``backward(actionGradient:logProbabilityGradient:)`` stay in its buffers
/// until the next forward pass.
public final class SquashedGaussianActor: @unchecked Sendable {
    /// Bounds of log σ (tianshou's `SIGMA_MIN`, `SIGMA_MAX`).
    public static let logStdRange: ClosedRange<Float> = -20...2
    /// The ε inside the tanh correction: float32 machine epsilon.
    public static let squashEpsilon: Float = 1.1920929e-7
    static let halfLogTwoPi = Float(0.5 * Foundation.log(2 * Double.pi))

    public let network: MLP
    public let actionDimension: Int
    public let capacity: Int
    let workspace: MLPWorkspace

    /// μ(s), `rows × d`.
    public let mean: FloatBuffer
    /// clamp(log σ(s), −20, 2), `rows × d`.
    public let logStd: FloatBuffer
    /// σ(s), `rows × d`.
    public let std: FloatBuffer
    /// The noise ξ of the last sample, `rows × d`.
    public let noise: FloatBuffer
    /// ã = tanh(μ + σξ) of the last sample, `rows × d`.
    public let actions: FloatBuffer
    /// log π(ã|s) of the last sample, `rows`.
    public let logProbabilities: FloatBuffer
    let headGradient: FloatBuffer
    public private(set) var rows = 0

    public init(observationDimension: Int, actionDimension: Int, hidden: [Int], capacity: Int) {
        network = MLP(shape: MLPShape(inputs: observationDimension, hidden: hidden, outputs: 2 * actionDimension, activation: .relu))
        self.actionDimension = actionDimension
        self.capacity = capacity
        workspace = network.makeWorkspace(capacity: capacity)
        mean = FloatBuffer(count: capacity * actionDimension)
        logStd = FloatBuffer(count: capacity * actionDimension)
        std = FloatBuffer(count: capacity * actionDimension)
        noise = FloatBuffer(count: capacity * actionDimension)
        actions = FloatBuffer(count: capacity * actionDimension)
        logProbabilities = FloatBuffer(count: capacity)
        headGradient = FloatBuffer(count: capacity * 2 * actionDimension)
    }

    /// The actor of SAC and SAC-AdaEnt: PyTorch-default initialisation, and the log-σ head scaled
    /// where the hyperparameters say so (the toy scripts).
    convenience init(observationDimension: Int, actionDimension: Int, hyperparameters: SAC.Hyperparameters, capacity: Int,
                     generator: inout RandomSource) {
        self.init(observationDimension: observationDimension, actionDimension: actionDimension,
                  hidden: hyperparameters.hidden, capacity: capacity)
        network.initializeLikePyTorch(using: &generator)
        if let scale = hyperparameters.logStdHeadScale {
            network.scaleOutputUnits(actionDimension..<(2 * actionDimension), by: Float(scale))
        }
    }

    /// Computes μ(s), log σ(s), σ(s) for `rows` states (row-major, `rows × observationDimension`).
    /// `states` must stay unchanged until a following `backward`.
    public func computeDistribution(states: UnsafePointer<Float>, rows: Int) {
        self.rows = rows
        let output = network.forward(states, rows: rows, workspace: workspace)
        let d = actionDimension
        for row in 0..<rows {
            for i in 0..<d {
                let index = row * d + i
                mean[index] = output[row * 2 * d + i]
                let clamped = min(max(output[row * 2 * d + d + i], Self.logStdRange.lowerBound), Self.logStdRange.upperBound)
                logStd[index] = clamped
                std[index] = Foundation.exp(clamped)
            }
        }
    }

    /// Draws ã = tanh(μ + σξ) with the given noise ξ (`rows × d`, copied) and computes log π(ã|s)
    /// for the distribution last computed.
    public func sample(noise source: UnsafePointer<Float>) {
        let d = actionDimension
        noise.pointer.update(from: source, count: rows * d)
        for row in 0..<rows {
            var logProbability: Float = 0
            for i in 0..<d {
                let index = row * d + i
                let xi = noise[index]
                let squashed = Foundation.tanh(mean[index] + std[index] * xi)
                actions[index] = squashed
                logProbability += -0.5 * xi * xi - logStd[index] - Self.halfLogTwoPi
                logProbability -= Foundation.log(1 - squashed * squashed + Self.squashEpsilon)
            }
            logProbabilities[row] = logProbability
        }
    }

    /// Writes the deterministic evaluation action tanh(μ(s)) of the distribution last computed.
    public func deterministicActions(into output: UnsafeMutablePointer<Float>) {
        for index in 0..<(rows * actionDimension) {
            output[index] = Foundation.tanh(mean[index])
        }
    }

    /// Writes actions for `rows` observations: the stochastic training action ã = tanh(μ + σξ), with ξ
    /// drawn from `generator` into the scratch buffer `noise`, or the deterministic evaluation action
    /// tanh(μ) (docs/experiments.md §2.4). Actions are in [−1, 1]ᵈ.
    public func act(observations: UnsafePointer<Float>, rows: Int, deterministic: Bool, generator: inout RandomSource,
                    noise: FloatBuffer, into output: UnsafeMutablePointer<Float>) {
        computeDistribution(states: observations, rows: rows)
        if deterministic {
            deterministicActions(into: output)
        } else {
            generator.fillNormal(UnsafeMutableBufferPointer(start: noise.pointer, count: rows * actionDimension))
            sample(noise: noise.pointer)
            output.update(from: actions.pointer, count: rows * actionDimension)
        }
    }

    /// Back-propagates a loss L through the last sample into `network.gradients`.
    ///
    /// - Parameters:
    ///   - actionGradient: ∂L/∂ã (`rows × d`), or nil when L does not depend on ã directly.
    ///   - logProbabilityGradient: ∂L/∂log π (`rows`).
    public func backward(actionGradient: UnsafePointer<Float>?, logProbabilityGradient: UnsafePointer<Float>) {
        let d = actionDimension
        for row in 0..<rows {
            let logGradient = logProbabilityGradient[row]
            for i in 0..<d {
                let index = row * d + i
                let squashed = actions[index]
                let slope = 1 - squashed * squashed
                var uGradient = logGradient * 2 * squashed * slope / (slope + Self.squashEpsilon)
                if let actionGradient { uGradient += actionGradient[index] * slope }
                headGradient[row * 2 * d + i] = uGradient
                let logStdGradient = uGradient * std[index] * noise[index] - logGradient
                let raw = workspace.outputs[network.layers.count - 1][row * 2 * d + d + i]
                headGradient[row * 2 * d + d + i] = Self.logStdRange.contains(raw) ? logStdGradient : 0
            }
        }
        network.backward(outputGradient: headGradient.pointer, workspace: workspace, parameterGradients: true, inputGradient: nil)
    }
}
