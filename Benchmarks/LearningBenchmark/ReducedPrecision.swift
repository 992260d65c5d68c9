import Foundation
import Learning

/// `value` rounded to the nearest bfloat16 (8 significand bits), ties to even, as a Float.
func roundedToBFloat16(_ value: Float) -> Float {
    let bits = value.bitPattern
    let tieBreak = (bits >> 16) & 1
    return Float(bitPattern: (bits &+ 0x7FFF &+ tieBreak) & 0xFFFF_0000)
}

/// SAC-AdaEnt's similarity c(s) (docs/experiments.md §6.2 step 3) computed outside the training path,
/// for the reduced-precision study: with `roundsOperands`, every product takes its operands (weights
/// and biases, states, sampled actions, hidden activations) rounded to bfloat16 and accumulates in
/// float32 — what a bfloat16 GEMM computes; without, it is the training test's float32 quantity
/// (summed in another order, so equal to it up to float32 rounding).
final class ReducedPrecisionSimilarity {
    let learner: SACAdaEnt
    let roundsOperands: Bool
    let samples: Int
    /// Per critic (soft₁, soft₂, plain₁, plain₂), one linear layer per dense layer.
    let layers: [[MLP]]
    let workspaces: [[MLPWorkspace]]
    /// The N rows [s; aₖ] of one state.
    let input: FloatBuffer

    init(learner: SACAdaEnt, roundsOperands: Bool) {
        self.learner = learner
        self.roundsOperands = roundsOperands
        samples = learner.extra.entropySamples
        let critics = [learner.softCritic1, learner.softCritic2, learner.plainCritic1, learner.plainCritic2].map(\.online.network)
        layers = critics.map { network in
            network.layers.map { layer in
                let linear = MLP(shape: MLPShape(inputs: layer.inputs, hidden: [], outputs: layer.outputs, activation: .relu))
                let weights = Array(UnsafeBufferPointer(start: network.parameters.pointer + layer.weightOffset, count: layer.parameterCount))
                linear.parameters.copy(from: roundsOperands ? weights.map(roundedToBFloat16) : weights)
                return linear
            }
        }
        workspaces = layers.map { $0.map { $0.makeWorkspace(capacity: learner.extra.entropySamples) } }
        input = FloatBuffer(count: samples * (learner.observationDimension + learner.actionDimension))
    }

    /// c(s) for `rows` states, with `noise` (`rows × N × d`) for the sampled actions.
    func similarities(states: UnsafePointer<Float>, rows: Int, noise: UnsafePointer<Float>) -> [Double] {
        let o = learner.observationDimension, d = learner.actionDimension, n = samples
        let actor = learner.actor
        actor.computeDistribution(states: states, rows: rows)
        let rounds = roundsOperands
        func round(_ value: Float) -> Float { rounds ? roundedToBFloat16(value) : value }
        var result: [Double] = []
        for state in 0..<rows {
            for k in 0..<n {
                for i in 0..<o { input[k * (o + d) + i] = round(states[state * o + i]) }
                for i in 0..<d {
                    let index = state * d + i
                    let action = Foundation.tanh(actor.mean[index] + actor.std[index] * noise[(state * n + k) * d + i])
                    input[k * (o + d) + o + i] = round(action)
                }
            }
            var q: [[Float]] = []
            for (critic, criticWorkspaces) in zip(layers, workspaces) {
                var layerInput = UnsafePointer(input.pointer)
                for (index, (layer, workspace)) in zip(critic, criticWorkspaces).enumerated() {
                    let output = layer.forward(layerInput, rows: n, workspace: workspace)
                    if index < critic.count - 1 {
                        for j in 0..<(n * layer.shape.outputs) { output[j] = round(max(output[j], 0)) }
                    }
                    layerInput = UnsafePointer(output)
                }
                q.append(Array(UnsafeBufferPointer(start: layerInput, count: n)))
            }
            result.append(SACAdaEnt.shiftedCosine(soft: (0..<n).map { min(q[0][$0], q[1][$0]) },
                                                  plain: (0..<n).map { min(q[2][$0], q[3][$0]) }))
        }
        return result
    }
}
