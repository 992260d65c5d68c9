import Randomness
/// A critic Q(s, a) (docs/experiments.md §3): a ReLU MLP on concat(s, a) with one output, plus the buffers to
/// evaluate and differentiate it on batches of up to `capacity` pairs.
public final class QNetwork: @unchecked Sendable {
    public let network: MLP
    public let observationDimension: Int
    public let actionDimension: Int
    public let capacity: Int
    let workspace: MLPWorkspace
    let input: FloatBuffer
    let outputGradient: FloatBuffer
    let inputGradient: FloatBuffer
    /// ∂L/∂a of the last `backwardToActions` call, `rows × actionDimension`.
    public let actionGradient: FloatBuffer
    let compactWorkspace: MLPWorkspace
    let compactInput: FloatBuffer
    /// The rows whose gradient flows through this critic, filled by the actor objective.
    let selectedRows: UnsafeMutablePointer<Int>
    var selectedCount = 0
    private(set) var rows = 0

    public init(observationDimension: Int, actionDimension: Int, hidden: [Int], capacity: Int) {
        let inputs = observationDimension + actionDimension
        network = MLP(shape: MLPShape(inputs: inputs, hidden: hidden, outputs: 1, activation: .relu))
        self.observationDimension = observationDimension
        self.actionDimension = actionDimension
        self.capacity = capacity
        workspace = network.makeWorkspace(capacity: capacity)
        input = FloatBuffer(count: capacity * inputs)
        outputGradient = FloatBuffer(count: capacity)
        inputGradient = FloatBuffer(count: capacity * inputs)
        actionGradient = FloatBuffer(count: capacity * actionDimension)
        compactWorkspace = network.makeWorkspace(capacity: capacity)
        compactInput = FloatBuffer(count: capacity * inputs)
        selectedRows = .allocate(capacity: capacity)
    }

    deinit {
        selectedRows.deallocate()
    }

    /// Q(sᵣ, aᵣ) for `rows` pairs; the result (`rows`) lives in the critic's workspace until its next pass.
    @discardableResult
    public func values(states: UnsafePointer<Float>, actions: UnsafePointer<Float>, rows: Int) -> UnsafeMutablePointer<Float> {
        self.rows = rows
        let o = observationDimension, a = actionDimension
        for row in 0..<rows {
            (input.pointer + row * (o + a)).update(from: states + row * o, count: o)
            (input.pointer + row * (o + a) + o).update(from: actions + row * a, count: a)
        }
        return network.forward(input.pointer, rows: rows, workspace: workspace)
    }

    /// Q(sᵣ, aᵣ) of the last `values` pass.
    var lastValues: UnsafeMutablePointer<Float> { workspace.outputs[network.layers.count - 1].pointer }

    /// The mean squared error `mean (Q(s, a) − y)²` of the last `values` pass against `targets`,
    /// with its gradient written to `network.gradients`.
    public func squaredErrorGradient(targets: UnsafePointer<Float>) -> Double {
        let q = lastValues
        var loss = 0.0
        let scale = 2 / Float(rows)
        for row in 0..<rows {
            let error = q[row] - targets[row]
            loss += Double(error) * Double(error)
            outputGradient[row] = scale * error
        }
        network.backward(outputGradient: outputGradient.pointer, workspace: workspace, parameterGradients: true, inputGradient: nil)
        return loss / Double(rows)
    }

    /// ∂L/∂a for the last `values` pass when L depends on the Q values of `selected` rows only, each
    /// with the same ∂L/∂Q = `valueGradient`; written to `actionGradient` (zero in the other rows).
    /// The critic's parameter gradients are left alone.
    ///
    /// Only the selected rows are back-propagated: their inputs and hidden activations are
    /// gathered into a compact pass first, so a clipped double-Q actor loss, where each row's
    /// gradient flows through one critic of the pair, costs one critic's backward pass, not two.
    public func backwardToActions(selected: UnsafePointer<Int>, count: Int, valueGradient: Float) {
        let o = observationDimension, a = actionDimension
        let width = o + a
        actionGradient.pointer.update(repeating: 0, count: rows * a)
        guard count > 0 else { return }
        for (index, row) in UnsafeBufferPointer(start: selected, count: count).enumerated() {
            (compactInput.pointer + index * width).update(from: input.pointer + row * width, count: width)
            for (layer, hiddenWidth) in network.shape.hidden.enumerated() {
                (compactWorkspace.outputs[layer].pointer + index * hiddenWidth)
                    .update(from: workspace.outputs[layer].pointer + row * hiddenWidth, count: hiddenWidth)
            }
        }
        compactWorkspace.input = UnsafePointer(compactInput.pointer)
        compactWorkspace.rows = count
        outputGradient.pointer.update(repeating: valueGradient, count: count)
        network.backward(outputGradient: outputGradient.pointer, workspace: compactWorkspace, parameterGradients: false,
                         inputGradient: inputGradient.pointer)
        for (index, row) in UnsafeBufferPointer(start: selected, count: count).enumerated() {
            (actionGradient.pointer + row * a).update(from: inputGradient.pointer + index * width + o, count: a)
        }
    }
}

/// A critic with its Adam optimiser and its target copy (docs/experiments.md §3: targets start as exact copies;
/// §5.2 step 5: Polyak averaging).
public final class TrainedCritic: @unchecked Sendable {
    public let online: QNetwork
    public let target: QNetwork
    public let optimizer: Adam
    /// The loss before the step of the last ``fit(states:actions:targets:rows:)``, in float32 as logged.
    public private(set) var lastLoss: Float = .nan

    public init(observationDimension: Int, actionDimension: Int, hidden: [Int], capacity: Int, learningRate: Double,
                generator: inout RandomSource) {
        online = QNetwork(observationDimension: observationDimension, actionDimension: actionDimension, hidden: hidden, capacity: capacity)
        target = QNetwork(observationDimension: observationDimension, actionDimension: actionDimension, hidden: hidden, capacity: capacity)
        online.network.initializeLikePyTorch(using: &generator)
        target.network.copyParameters(from: online.network)
        optimizer = Adam(network: online.network, settings: .init(learningRate: learningRate))
    }

    /// One Adam step on `mean (Q(s, a) − y)²`; returns the loss before the step (also kept in ``lastLoss``).
    @discardableResult
    public func fit(states: UnsafePointer<Float>, actions: UnsafePointer<Float>, targets: UnsafePointer<Float>, rows: Int) -> Double {
        online.values(states: states, actions: actions, rows: rows)
        let loss = online.squaredErrorGradient(targets: targets)
        optimizer.step()
        lastLoss = Float(loss)
        return loss
    }

    /// θ̄ ← τθ + (1 − τ)θ̄.
    public func updateTarget(tau: Double) {
        target.network.parameters.blend(toward: online.network.parameters, rate: Float(tau))
    }

    /// The buffers a checkpoint must hold, by name.
    public func stateBuffers(prefix: String) -> [(String, FloatBuffer)] {
        [("\(prefix).online", online.network.parameters), ("\(prefix).target", target.network.parameters),
         ("\(prefix).adam.m", optimizer.firstMoments[0]), ("\(prefix).adam.v", optimizer.secondMoments[0])]
    }
}
