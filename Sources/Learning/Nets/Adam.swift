import Foundation

/// Adam with PyTorch's semantics (`torch.optim.Adam`, no weight decay, no AMSGrad):
///
///     m ← m + (1 − β₁)(g − m)            v ← β₂·v + (1 − β₂)·g²
///     p ← p − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
///
/// ε is added after the bias-corrected square root, as PyTorch does. One optimiser may cover
/// several parameter vectors (PPO's single Adam over actor and critic); they share the step count.
public final class Adam: @unchecked Sendable {
    /// The hyperparameters; PyTorch's defaults except the learning rate.
    public struct Settings: Sendable, Equatable, Codable {
        public var learningRate: Double
        public var beta1: Double = 0.9
        public var beta2: Double = 0.999
        public var epsilon: Double = 1e-8

        public init(learningRate: Double) {
            self.learningRate = learningRate
        }
    }

    public let settings: Settings
    let parameters: [FloatBuffer]
    let gradients: [FloatBuffer]
    /// First-moment estimates, one per parameter vector.
    public let firstMoments: [FloatBuffer]
    /// Second-moment estimates, one per parameter vector.
    public let secondMoments: [FloatBuffer]
    /// Steps taken so far (PyTorch's `state['step']`).
    public var stepCount = 0

    /// An optimiser over the given parameter vectors and their gradient vectors (same sizes).
    public init(parameters: [FloatBuffer], gradients: [FloatBuffer], settings: Settings) {
        precondition(parameters.count == gradients.count && zip(parameters, gradients).allSatisfy { $0.count == $1.count },
                     "Adam: parameters and gradients differ in shape")
        self.settings = settings
        self.parameters = parameters
        self.gradients = gradients
        firstMoments = parameters.map { FloatBuffer(count: $0.count) }
        secondMoments = parameters.map { FloatBuffer(count: $0.count) }
    }

    /// An optimiser over one network's parameters.
    public convenience init(network: MLP, settings: Settings) {
        self.init(parameters: [network.parameters], gradients: [network.gradients], settings: settings)
    }

    /// One step with the current gradients.
    public func step() {
        stepCount += 1
        let biasCorrection1 = 1 - Foundation.pow(settings.beta1, Double(stepCount))
        let biasCorrection2 = 1 - Foundation.pow(settings.beta2, Double(stepCount))
        let stepSize = Float(settings.learningRate / biasCorrection1)
        let correctionRoot = Float(biasCorrection2.squareRoot())
        let oneMinusBeta1 = Float(1 - settings.beta1)
        let beta2 = Float(settings.beta2)
        let oneMinusBeta2 = Float(1 - settings.beta2)
        let epsilon = Float(settings.epsilon)
        for group in parameters.indices {
            let parameter = UnsafeMutableRawPointer(parameters[group].pointer)
            let gradient = UnsafeRawPointer(gradients[group].pointer)
            let m = UnsafeMutableRawPointer(firstMoments[group].pointer)
            let v = UnsafeMutableRawPointer(secondMoments[group].pointer)
            let count = parameters[group].count
            // Eight lanes at a time, then the remainder one by one, with the same arithmetic.
            let lanes = count / 8
            for block in 0..<lanes {
                let offset = block * 32
                let g = gradient.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                var first = m.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                var second = v.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                var value = parameter.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                first += oneMinusBeta1 * (g - first)
                second = beta2 * second + oneMinusBeta2 * g * g
                value -= stepSize * first / (second.squareRoot() / correctionRoot + epsilon)
                m.storeBytes(of: first, toByteOffset: offset, as: SIMD8<Float>.self)
                v.storeBytes(of: second, toByteOffset: offset, as: SIMD8<Float>.self)
                parameter.storeBytes(of: value, toByteOffset: offset, as: SIMD8<Float>.self)
            }
            let p = parameters[group].pointer, gScalar = gradients[group].pointer
            let mScalar = firstMoments[group].pointer, vScalar = secondMoments[group].pointer
            for index in (lanes * 8)..<count {
                let g = gScalar[index]
                mScalar[index] += oneMinusBeta1 * (g - mScalar[index])
                vScalar[index] = beta2 * vScalar[index] + oneMinusBeta2 * g * g
                p[index] -= stepSize * mScalar[index] / (vScalar[index].squareRoot() / correctionRoot + epsilon)
            }
        }
    }
}

/// Scales the gradients so that their joint Euclidean norm is at most `maxNorm`, as
/// `torch.nn.utils.clip_grad_norm_` (coefficient `maxNorm / (norm + 1e-6)`, applied when below 1).
/// Returns the norm before clipping.
@discardableResult
public func clipGradientNorm(_ gradients: [FloatBuffer], maxNorm: Double) -> Double {
    var squaredNorm = 0.0
    for buffer in gradients {
        for index in 0..<buffer.count {
            let value = Double(buffer[index])
            squaredNorm += value * value
        }
    }
    let norm = squaredNorm.squareRoot()
    let coefficient = maxNorm / (norm + 1e-6)
    if coefficient < 1 {
        let scale = Float(coefficient)
        for buffer in gradients {
            for index in 0..<buffer.count { buffer[index] *= scale }
        }
    }
    return norm
}
