import Foundation

/// The nonlinearity after every hidden layer of an MLP (docs/experiments.md §3: ReLU for SAC, tanh for PPO).
public enum Activation: String, Sendable, Codable {
    case relu
    case tanh

    /// Applies the activation in place to `count` values.
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .relu:
            // Eight lanes at a time; written so that NaN propagates, as in PyTorch, and a diverging
            // run is noticed.
            let raw = UnsafeMutableRawPointer(values)
            let lanes = count / 8
            for block in 0..<lanes {
                var vector = raw.loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                vector.replace(with: 0, where: vector .< 0)
                raw.storeBytes(of: vector, toByteOffset: block * 32, as: SIMD8<Float>.self)
            }
            for index in (lanes * 8)..<count where values[index] < 0 {
                values[index] = 0
            }
        case .tanh:
            for index in 0..<count { values[index] = Foundation.tanh(values[index]) }
        }
    }

    /// Multiplies `gradient` in place by the activation's derivative, expressed through the
    /// activation's `output` (ReLU: 1 where the output is positive; tanh: 1 − output²).
    func backward(gradient: UnsafeMutablePointer<Float>, output: UnsafePointer<Float>, count: Int) {
        switch self {
        case .relu:
            let gradientBytes = UnsafeMutableRawPointer(gradient)
            let outputBytes = UnsafeRawPointer(output)
            let lanes = count / 8
            for block in 0..<lanes {
                var vector = gradientBytes.loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                let activation = outputBytes.loadUnaligned(fromByteOffset: block * 32, as: SIMD8<Float>.self)
                vector.replace(with: 0, where: .!(activation .> 0))
                gradientBytes.storeBytes(of: vector, toByteOffset: block * 32, as: SIMD8<Float>.self)
            }
            for index in (lanes * 8)..<count where !(output[index] > 0) {
                gradient[index] = 0
            }
        case .tanh:
            for index in 0..<count { gradient[index] *= 1 - output[index] * output[index] }
        }
    }
}
