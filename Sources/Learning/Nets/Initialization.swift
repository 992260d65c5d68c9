import Foundation
import Randomness

extension MLP {
    /// PyTorch's default `Linear` initialisation for every layer: weights `kaiming_uniform_(a = √5)`,
    /// i.e. U(−1/√fan_in, 1/√fan_in), and biases U(−1/√fan_in, 1/√fan_in) (docs/experiments.md §3, SAC).
    ///
    /// Draws go layer by layer, weight (row-major) then bias, as `Linear.reset_parameters` does.
    public func initializeLikePyTorch(using generator: inout RandomSource) {
        for layer in layers {
            let bound = 1 / Double(layer.inputs).squareRoot()
            for index in 0..<(layer.inputs * layer.outputs) {
                parameters[layer.weightOffset + index] = Float(generator.uniform(-bound, bound))
            }
            for index in 0..<layer.outputs {
                parameters[layer.biasOffset + index] = Float(generator.uniform(-bound, bound))
            }
        }
    }

    /// `torch.nn.init.orthogonal_(weight, gain)` for every layer, with zero biases (docs/experiments.md §3, PPO).
    ///
    /// As in PyTorch: a Gaussian matrix in the tall orientation, its QR factor Q with the signs that
    /// make R's diagonal positive (which is what Gram–Schmidt yields), transposed back if the
    /// weight is wide, times `gain`. `outputHeads` splits the last layer's units into separately
    /// initialised heads (PyTorch's μ and σ heads are distinct `Linear` modules); by default the
    /// last layer is one head.
    public func initializeOrthogonal(gain: Double, outputHeads: [Int]? = nil, using generator: inout RandomSource) {
        let lastLayer = layers[layers.count - 1]
        let heads = outputHeads ?? [lastLayer.outputs]
        precondition(heads.reduce(0, +) == lastLayer.outputs, "initializeOrthogonal: heads must cover the output layer")
        for (index, layer) in layers.enumerated() {
            let blocks = index == layers.count - 1 ? heads : [layer.outputs]
            var firstRow = 0
            for rows in blocks {
                fillOrthogonal(
                    rows: rows, columns: layer.inputs, gain: gain,
                    at: layer.weightOffset + firstRow * layer.inputs, using: &generator)
                firstRow += rows
            }
            for index in 0..<layer.outputs {
                parameters[layer.biasOffset + index] = 0
            }
        }
    }

    private func fillOrthogonal(rows: Int, columns: Int, gain: Double, at offset: Int, using generator: inout RandomSource) {
        let tallRows = max(rows, columns)
        let tallColumns = min(rows, columns)
        var gaussian = (0..<(rows * columns)).map { _ in generator.normal() }
        if rows < columns {
            gaussian = Self.transposed(gaussian, rows: rows, columns: columns)
        }
        var q = Self.orthonormalizedColumns(gaussian, rows: tallRows, columns: tallColumns)
        if rows < columns {
            q = Self.transposed(q, rows: tallRows, columns: tallColumns)
        }
        for index in 0..<(rows * columns) {
            parameters[offset + index] = Float(gain * q[index])
        }
    }

    /// Multiplies the weights of output units `units` of the last layer by `factor` and zeroes
    /// their biases: the toy scripts' log-σ head (×0.01) and PPO's μ head (×0.01).
    public func scaleOutputUnits(_ units: Range<Int>, by factor: Float) {
        let layer = layers[layers.count - 1]
        for unit in units {
            for column in 0..<layer.inputs {
                parameters[layer.weightOffset + unit * layer.inputs + column] *= factor
            }
            parameters[layer.biasOffset + unit] = 0
        }
    }

    private static func transposed(_ matrix: [Double], rows: Int, columns: Int) -> [Double] {
        var result = [Double](repeating: 0, count: matrix.count)
        for row in 0..<rows {
            for column in 0..<columns {
                result[column * rows + row] = matrix[row * columns + column]
            }
        }
        return result
    }

    /// The Q factor of a tall row-major matrix by modified Gram–Schmidt, applied twice for
    /// orthogonality to working precision.
    private static func orthonormalizedColumns(_ matrix: [Double], rows: Int, columns: Int) -> [Double] {
        var q = matrix
        for column in 0..<columns {
            for _ in 0..<2 {
                for previous in 0..<column {
                    var dot = 0.0
                    for row in 0..<rows { dot += q[row * columns + previous] * q[row * columns + column] }
                    for row in 0..<rows { q[row * columns + column] -= dot * q[row * columns + previous] }
                }
            }
            var norm = 0.0
            for row in 0..<rows { norm += q[row * columns + column] * q[row * columns + column] }
            norm = norm.squareRoot()
            for row in 0..<rows { q[row * columns + column] /= norm }
        }
        return q
    }
}
