/// The shape of a fully connected network: `inputs → hidden[0] → … → hidden[last] → outputs`, with
/// the activation after every hidden layer and a linear output layer (tianshou's `Net` plus head).
public struct MLPShape: Sendable, Equatable, Codable {
    public var inputs: Int
    public var hidden: [Int]
    public var outputs: Int
    public var activation: Activation

    public init(inputs: Int, hidden: [Int], outputs: Int, activation: Activation) {
        precondition(inputs > 0 && outputs > 0 && hidden.allSatisfy { $0 > 0 }, "MLPShape: sizes must be positive")
        self.inputs = inputs
        self.hidden = hidden
        self.outputs = outputs
        self.activation = activation
    }

    /// Layer widths from input to output.
    public var widths: [Int] { [inputs] + hidden + [outputs] }
}

/// One dense layer's place in its network's flat parameter vector. The weight is stored like
/// PyTorch's `Linear.weight`: `outputs × inputs`, row-major, followed by the bias.
public struct DenseLayer: Sendable, Equatable {
    public let inputs: Int
    public let outputs: Int
    /// Offset of the weight matrix in the parameter vector.
    public let weightOffset: Int
    /// Offset of the bias vector in the parameter vector.
    public var biasOffset: Int { weightOffset + inputs * outputs }
    /// Number of parameters of the layer.
    public var parameterCount: Int { inputs * outputs + outputs }
}

/// A multilayer perceptron in Float32 whose parameters live in one flat vector, so that an
/// optimiser, Polyak averaging and checkpoints treat the whole network as one array.
///
/// Forward and backward passes work on row-major batches (one sample per row) with `cblas_sgemm`
/// and keep their intermediate values in an ``MLPWorkspace``; they allocate nothing.
public final class MLP: @unchecked Sendable {
    public let shape: MLPShape
    public let layers: [DenseLayer]
    /// All weights and biases, layer by layer (weight then bias).
    public let parameters: FloatBuffer
    /// The gradient of the last backward pass, laid out like `parameters`.
    public let gradients: FloatBuffer

    /// A network with all parameters zero; initialise it with one of the `initialize…` methods.
    public init(shape: MLPShape) {
        // The BLAS kernel is chosen before the first product any network computes.
        _ = BLASKernel.current
        self.shape = shape
        var layers: [DenseLayer] = []
        var offset = 0
        let widths = shape.widths
        for index in 0..<(widths.count - 1) {
            let layer = DenseLayer(inputs: widths[index], outputs: widths[index + 1], weightOffset: offset)
            layers.append(layer)
            offset += layer.parameterCount
        }
        self.layers = layers
        parameters = FloatBuffer(count: offset)
        gradients = FloatBuffer(count: offset)
    }

    /// A workspace able to hold passes of up to `capacity` rows.
    public func makeWorkspace(capacity: Int) -> MLPWorkspace {
        MLPWorkspace(shape: shape, capacity: capacity)
    }

    /// Computes the outputs for `rows` inputs (row-major, `rows × shape.inputs`) and returns them
    /// (row-major, `rows × shape.outputs`, owned by `workspace`). The workspace remembers `input`
    /// for a following `backward`, so the caller keeps it unchanged until then.
    @discardableResult
    public func forward(_ input: UnsafePointer<Float>, rows: Int, workspace: MLPWorkspace) -> UnsafeMutablePointer<Float> {
        precondition(rows <= workspace.capacity, "MLP.forward: \(rows) rows exceed the workspace capacity \(workspace.capacity)")
        workspace.input = input
        workspace.rows = rows
        var layerInput = input
        for (index, layer) in layers.enumerated() {
            let output = workspace.outputs[index].pointer
            let bias = parameters.pointer + layer.biasOffset
            for row in 0..<rows {
                (output + row * layer.outputs).update(from: bias, count: layer.outputs)
            }
            BLAS.gemm(
                transposeA: false, transposeB: true, m: rows, n: layer.outputs, k: layer.inputs,
                a: layerInput, lda: layer.inputs, b: parameters.pointer + layer.weightOffset, ldb: layer.inputs,
                beta: 1, c: output, ldc: layer.outputs
            )
            if index < layers.count - 1 {
                shape.activation.apply(output, count: rows * layer.outputs)
            }
            layerInput = UnsafePointer(output)
        }
        return workspace.outputs[layers.count - 1].pointer
    }

    /// Back-propagates `outputGradient` (∂L/∂output, `rows × shape.outputs`) through the pass last
    /// run in `workspace`.
    ///
    /// - Parameters:
    ///   - parameterGradients: when true, `gradients` is overwritten with ∂L/∂parameters; when
    ///     false it is left alone (a critic differentiated only with respect to its input).
    ///   - inputGradient: where to write ∂L/∂input (`rows × shape.inputs`), or nil to skip it.
    public func backward(
        outputGradient: UnsafePointer<Float>, workspace: MLPWorkspace, parameterGradients: Bool,
        inputGradient: UnsafeMutablePointer<Float>?
    ) {
        let rows = workspace.rows
        guard let input = workspace.input else { preconditionFailure("MLP.backward: no forward pass recorded") }
        var delta = outputGradient
        for index in stride(from: layers.count - 1, through: 0, by: -1) {
            let layer = layers[index]
            let layerInput = index == 0 ? input : UnsafePointer(workspace.outputs[index - 1].pointer)
            if parameterGradients {
                BLAS.gemm(
                    transposeA: true, transposeB: false, m: layer.outputs, n: layer.inputs, k: rows,
                    a: delta, lda: layer.outputs, b: layerInput, ldb: layer.inputs,
                    beta: 0, c: gradients.pointer + layer.weightOffset, ldc: layer.inputs
                )
                BLAS.gemv(
                    transpose: true, rows: rows, columns: layer.outputs, a: delta, lda: layer.outputs,
                    x: workspace.ones.pointer, beta: 0, y: gradients.pointer + layer.biasOffset
                )
            }
            let previousGradient: UnsafeMutablePointer<Float>
            if index > 0 {
                previousGradient = workspace.gradients[index % 2].pointer
            } else if let inputGradient {
                previousGradient = inputGradient
            } else {
                break
            }
            BLAS.gemm(
                transposeA: false, transposeB: false, m: rows, n: layer.inputs, k: layer.outputs,
                a: delta, lda: layer.outputs, b: parameters.pointer + layer.weightOffset, ldb: layer.inputs,
                beta: 0, c: previousGradient, ldc: layer.inputs
            )
            if index > 0 {
                shape.activation.backward(
                    gradient: previousGradient, output: workspace.outputs[index - 1].pointer, count: rows * layer.inputs
                )
            }
            delta = UnsafePointer(previousGradient)
        }
    }

    /// Copies the parameters of `other`, which must have the same shape.
    public func copyParameters(from other: MLP) {
        precondition(other.shape == shape, "MLP: shape mismatch")
        parameters.copy(from: other.parameters)
    }
}

/// The intermediate values of one forward pass, kept for the backward pass, and the scratch space
/// of the backward pass. One workspace serves one pass at a time.
public final class MLPWorkspace: @unchecked Sendable {
    /// The most rows a pass may have.
    public let capacity: Int
    /// Each layer's output (after the activation for hidden layers), `capacity × width`.
    let outputs: [FloatBuffer]
    /// Two alternating buffers for ∂L/∂(layer input) during the backward pass.
    let gradients: [FloatBuffer]
    /// A column of ones for bias gradients (column sums as one matrix–vector product).
    let ones: FloatBuffer
    var input: UnsafePointer<Float>?
    var rows = 0

    init(shape: MLPShape, capacity: Int) {
        self.capacity = capacity
        outputs = (shape.hidden + [shape.outputs]).map { FloatBuffer(count: capacity * $0) }
        let widest = shape.widths.max()!
        gradients = [FloatBuffer(count: capacity * widest), FloatBuffer(count: capacity * widest)]
        ones = FloatBuffer(Array(repeating: 1, count: capacity))
    }
}
