import Foundation
import Learning
import Testing
import Randomness

@Suite("Networks")
struct NetworkTests {
    /// ∂(Σ c ⊙ f(x))/∂θ and ∂/∂x by backward against finite differences, for a network `shape`.
    func checkGradients(shape: MLPShape, rows: Int, step: Float, seed: UInt64, lossScale: Float = 1) {
        let network = MLP(shape: shape)
        var generator = RandomSource(seed: seed)
        network.initializeLikePyTorch(using: &generator)
        let workspace = network.makeWorkspace(capacity: rows)
        let input = gaussianBuffer(count: rows * shape.inputs, seed: seed + 1)
        let weights = gaussianBuffer(count: rows * shape.outputs, scale: lossScale, seed: seed + 2)
        let inputGradient = FloatBuffer(count: rows * shape.inputs)

        func loss() -> Double {
            let output = network.forward(input.pointer, rows: rows, workspace: workspace)
            var total = 0.0
            for index in 0..<(rows * shape.outputs) { total += Double(weights[index]) * Double(output[index]) }
            return total
        }
        _ = loss()
        network.backward(outputGradient: weights.pointer, workspace: workspace, parameterGradients: true,
                         inputGradient: inputGradient.pointer)
        let check = GradientCheck(step: step)
        let parameterResult = check.worstViolation(
            parameters: network.parameters, analytic: network.gradients.array,
            indices: sampledIndices(count: network.parameters.count), loss: loss)
        #expect(parameterResult.violation <= 0, "parameter \(parameterResult.index): numeric \(parameterResult.numeric), analytic \(parameterResult.analytic)")
        let inputResult = check.worstViolation(
            parameters: input, analytic: inputGradient.array, indices: sampledIndices(count: input.count), loss: loss)
        #expect(inputResult.violation <= 0, "input \(inputResult.index): numeric \(inputResult.numeric), analytic \(inputResult.analytic)")
    }

    @Test("dense layer (linear) gradient")
    func denseLayerGradient() {
        checkGradients(shape: MLPShape(inputs: 5, hidden: [], outputs: 3, activation: .relu), rows: 4, step: 1e-2, seed: 10)
    }

    @Test("dense + ReLU layer gradient")
    func reluLayerGradient() {
        checkGradients(shape: MLPShape(inputs: 5, hidden: [7], outputs: 2, activation: .relu), rows: 6, step: 1e-3, seed: 20)
    }

    @Test("dense + tanh layer gradient")
    func tanhLayerGradient() {
        checkGradients(shape: MLPShape(inputs: 5, hidden: [7], outputs: 2, activation: .tanh), rows: 6, step: 1e-2, seed: 30)
    }

    @Test("a loss in small units (×10⁻³) is checked as strictly: every component relative to the gradient's scale")
    func smallLossGradient() {
        checkGradients(shape: MLPShape(inputs: 5, hidden: [7], outputs: 2, activation: .tanh), rows: 6, step: 1e-2, seed: 30,
                       lossScale: 1e-3)
    }

    @Test("MLP gradients, ReLU and tanh, two hidden layers")
    func mlpGradient() {
        checkGradients(shape: MLPShape(inputs: 6, hidden: [16, 12], outputs: 3, activation: .relu), rows: 8, step: 1e-3, seed: 40)
        checkGradients(shape: MLPShape(inputs: 6, hidden: [16, 12], outputs: 3, activation: .tanh), rows: 8, step: 1e-2, seed: 50)
    }

    @Test("backward without parameter gradients leaves them untouched and gives the same input gradient")
    func inputOnlyBackward() {
        let shape = MLPShape(inputs: 4, hidden: [8, 8], outputs: 1, activation: .relu)
        let network = MLP(shape: shape)
        var generator = RandomSource(seed: 3)
        network.initializeLikePyTorch(using: &generator)
        let workspace = network.makeWorkspace(capacity: 5)
        let input = gaussianBuffer(count: 20, seed: 4)
        let ones = FloatBuffer(Array(repeating: 1, count: 5))
        let full = FloatBuffer(count: 20)
        let inputOnly = FloatBuffer(count: 20)
        network.forward(input.pointer, rows: 5, workspace: workspace)
        network.backward(outputGradient: ones.pointer, workspace: workspace, parameterGradients: true, inputGradient: full.pointer)
        network.gradients.fill(42)
        network.backward(outputGradient: ones.pointer, workspace: workspace, parameterGradients: false, inputGradient: inputOnly.pointer)
        #expect(full.array == inputOnly.array)
        #expect(network.gradients.array.allSatisfy { $0 == 42 })
    }

    @Test("PyTorch default init: weights and biases within ±1/√fan_in, spread over the interval")
    func pytorchInitialization() {
        let network = MLP(shape: MLPShape(inputs: 16, hidden: [64], outputs: 4, activation: .relu))
        var generator = RandomSource(seed: 1)
        network.initializeLikePyTorch(using: &generator)
        for layer in network.layers {
            let bound = 1 / Float(layer.inputs).squareRoot()
            let values = (layer.weightOffset..<(layer.biasOffset + layer.outputs)).map { network.parameters[$0] }
            #expect(values.allSatisfy { abs($0) <= bound })
            #expect(values.map(abs).max()! > 0.9 * bound)
        }
    }

    @Test("orthogonal init: WWᵀ or WᵀW equals gain²·I, biases zero")
    func orthogonalInitialization() {
        for (inputs, outputs) in [(3, 8), (8, 3), (6, 6)] {
            let network = MLP(shape: MLPShape(inputs: inputs, hidden: [], outputs: outputs, activation: .tanh))
            var generator = RandomSource(seed: 9)
            network.initializeOrthogonal(gain: 2.0.squareRoot(), using: &generator)
            let layer = network.layers[0]
            let weight = { (row: Int, column: Int) in Double(network.parameters[layer.weightOffset + row * inputs + column]) }
            let small = min(inputs, outputs)
            for i in 0..<small {
                for j in 0..<small {
                    var dot = 0.0
                    if outputs >= inputs {
                        for row in 0..<outputs { dot += weight(row, i) * weight(row, j) }
                    } else {
                        for column in 0..<inputs { dot += weight(i, column) * weight(j, column) }
                    }
                    #expect(abs(dot - (i == j ? 2 : 0)) < 1e-5)
                }
            }
            #expect((0..<outputs).allSatisfy { network.parameters[layer.biasOffset + $0] == 0 })
        }
    }

    @Test("Adam follows PyTorch's update formula")
    func adamMatchesFormula() {
        let parameters = FloatBuffer([0.5, -1.0])
        let gradients = FloatBuffer([0.1, -2.0])
        let adam = Adam(parameters: [parameters], gradients: [gradients], settings: .init(learningRate: 0.01))
        var m = [0.0, 0.0], v = [0.0, 0.0], p = [0.5, -1.0]
        let g = [[0.1, -2.0], [0.3, 1.0], [-0.2, 0.5]]
        for t in 1...3 {
            gradients.copy(from: g[t - 1].map(Float.init))
            adam.step()
            for i in 0..<2 {
                m[i] = 0.9 * m[i] + 0.1 * g[t - 1][i]
                v[i] = 0.999 * v[i] + 0.001 * g[t - 1][i] * g[t - 1][i]
                let stepSize = 0.01 / (1 - pow(0.9, Double(t)))
                let denominator = v[i].squareRoot() / (1 - pow(0.999, Double(t))).squareRoot() + 1e-8
                p[i] -= stepSize * m[i] / denominator
            }
        }
        for i in 0..<2 { #expect(abs(Double(parameters[i]) - p[i]) < 1e-6) }
    }

    @Test("gradient-norm clipping scales to the maximum norm")
    func gradientClipping() {
        let a = FloatBuffer([3, 0]), b = FloatBuffer([4])
        let norm = clipGradientNorm([a, b], maxNorm: 0.5)
        #expect(abs(norm - 5) < 1e-6)
        let clipped = (a.array + b.array).map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
        #expect(abs(clipped - 0.5) < 1e-6)
    }

    @Test("same seed, same bytes; streams for different purposes differ")
    func randomSourceDeterminism() {
        var first = RandomSource(seed: 123), second = RandomSource(seed: 123)
        #expect((0..<100).map { _ in first.next() } == (0..<100).map { _ in second.next() })
        var resumed = RandomSource(state: first.state)
        #expect(resumed.next() == first.next())
        var a = RandomSource.stream(seed: 5, purpose: 1), b = RandomSource.stream(seed: 5, purpose: 2)
        #expect(a.next() != b.next())
        var generator = RandomSource(seed: 8)
        let normals = FloatBuffer(count: 20000)
        generator.fillNormal(normals.buffer)
        let mean = normals.array.map(Double.init).reduce(0, +) / 20000
        let variance = normals.array.map { Double($0) * Double($0) }.reduce(0, +) / 20000 - mean * mean
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
        #expect((0..<1000).allSatisfy { _ in (0..<7).contains(generator.index(below: 7)) })
    }
}
