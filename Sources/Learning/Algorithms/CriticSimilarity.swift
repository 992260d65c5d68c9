import Foundation

/// SAC-AdaEnt's per-state similarity test (docs/experiments.md §6.2 step 3), computed without gradients.
///
/// For every state s of the batch, N actions aₖ = tanh(μ(s) + σ(s)ξₖ) are drawn, the soft and the
/// plain clipped double-Q vectors qᵏ = min(Q_a, Q_b)(s, aₖ) are formed, each is shifted by its own
/// minimum, and their cosine similarity c(s) decides the critic pair the actor uses.
///
/// Two identities keep the ~4·B·N critic evaluations cheap: the actor's Gaussian depends on the
/// state only, so μ(s), σ(s) come from one forward pass per state; and the first critic layer is
/// W·[s; a] + b = (W_s·s + b) + W_a·a, so its state part is computed once per state and only the
/// d-column action part once per sample. The remaining layers run as large matrix products over
/// chunks of states, which the workers share.
final class CriticSimilarity: @unchecked Sendable {
    let critics: [QNetwork]
    let samples: Int
    let statesPerChunk: Int
    let observationDimension: Int
    let actionDimension: Int
    let workers: Workers
    /// Per-worker scratch: sampled actions, two layer buffers, one value vector per critic.
    let scratch: [ChunkScratch]
    /// c(s) of the last test, `batch`.
    let similarity: FloatBuffer

    final class ChunkScratch: @unchecked Sendable {
        let actions: FloatBuffer
        let statePart: FloatBuffer
        let layers: [FloatBuffer]
        let values: [FloatBuffer]

        init(rows: Int, states: Int, widest: Int, actionDimension: Int, critics: Int) {
            actions = FloatBuffer(count: rows * actionDimension)
            statePart = FloatBuffer(count: states * widest)
            layers = [FloatBuffer(count: rows * widest), FloatBuffer(count: rows * widest)]
            values = (0..<critics).map { _ in FloatBuffer(count: rows) }
        }
    }

    /// `critics` are `[soft₁, soft₂, plain₁, plain₂]`.
    init(critics: [QNetwork], samples: Int, batchSize: Int, workers: Workers) {
        precondition(critics.count == 4, "CriticSimilarity: needs the soft and the plain pair")
        self.critics = critics
        self.samples = samples
        self.workers = workers
        observationDimension = critics[0].observationDimension
        actionDimension = critics[0].actionDimension
        statesPerChunk = max(1, min(batchSize, 2048 / samples))
        let widest = critics[0].network.shape.hidden.max() ?? 1
        scratch = (0..<workers.count).map { _ in
            ChunkScratch(rows: 2048 / samples * samples + samples, states: 2048 / samples + 1, widest: widest,
                         actionDimension: critics[0].actionDimension, critics: 4)
        }
        similarity = FloatBuffer(count: batchSize)
    }

    /// Computes c(s) for `rows` states whose distribution `actor` holds, with `noise` (`rows × N × d`,
    /// state-major) for the sampled actions.
    func test(states: UnsafePointer<Float>, rows: Int, actor: SquashedGaussianActor, noise: UnsafePointer<Float>) {
        let chunks = (rows + statesPerChunk - 1) / statesPerChunk
        let workerCount = min(workers.count, chunks)
        workers.run(workerCount) { worker in
            var chunk = worker
            while chunk < chunks {
                let first = chunk * statesPerChunk
                let count = min(statesPerChunk, rows - first)
                evaluateChunk(states: states, first: first, count: count, actor: actor, noise: noise, scratch: scratch[worker])
                chunk += workerCount
            }
        }
    }

    private func evaluateChunk(
        states: UnsafePointer<Float>, first: Int, count: Int, actor: SquashedGaussianActor, noise: UnsafePointer<Float>,
        scratch: ChunkScratch
    ) {
        let d = actionDimension, n = samples
        for local in 0..<count {
            let state = first + local
            for k in 0..<n {
                for i in 0..<d {
                    let index = state * d + i
                    let xi = noise[(state * n + k) * d + i]
                    scratch.actions[(local * n + k) * d + i] = Foundation.tanh(actor.mean[index] + actor.std[index] * xi)
                }
            }
        }
        for (index, critic) in critics.enumerated() {
            values(of: critic, states: states + first * observationDimension, count: count, scratch: scratch,
                   into: scratch.values[index].pointer)
        }
        for local in 0..<count {
            let base = local * n
            similarity[first + local] = Float(Self.shiftedCosine(
                soft: { min(scratch.values[0][base + $0], scratch.values[1][base + $0]) },
                plain: { min(scratch.values[2][base + $0], scratch.values[3][base + $0]) },
                count: n))
        }
    }

    /// Q(s, aₖ) for the chunk's `count × N` pairs, with the split first layer.
    private func values(of critic: QNetwork, states: UnsafePointer<Float>, count: Int, scratch: ChunkScratch,
                        into output: UnsafeMutablePointer<Float>) {
        let network = critic.network
        let parameters = UnsafePointer(network.parameters.pointer)
        let o = observationDimension, d = actionDimension, n = samples
        let rows = count * n
        let firstLayer = network.layers[0]
        let width = firstLayer.outputs
        let statePart = scratch.statePart.pointer
        for state in 0..<count {
            (statePart + state * width).update(from: parameters + firstLayer.biasOffset, count: width)
        }
        BLAS.gemm(transposeA: false, transposeB: true, m: count, n: width, k: o,
                  a: states, lda: o, b: parameters + firstLayer.weightOffset, ldb: o + d,
                  beta: 1, c: statePart, ldc: width)
        var current = scratch.layers[0].pointer
        for row in 0..<rows {
            (current + row * width).update(from: statePart + (row / n) * width, count: width)
        }
        BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: width, k: d,
                  a: scratch.actions.pointer, lda: d, b: parameters + firstLayer.weightOffset + o, ldb: o + d,
                  beta: 1, c: current, ldc: width)
        network.shape.activation.apply(current, count: rows * width)
        var next = scratch.layers[1].pointer
        for layer in network.layers.dropFirst().dropLast() {
            for row in 0..<rows {
                (next + row * layer.outputs).update(from: parameters + layer.biasOffset, count: layer.outputs)
            }
            BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: layer.outputs, k: layer.inputs,
                      a: current, lda: layer.inputs, b: parameters + layer.weightOffset, ldb: layer.inputs,
                      beta: 1, c: next, ldc: layer.outputs)
            network.shape.activation.apply(next, count: rows * layer.outputs)
            swap(&current, &next)
        }
        let last = network.layers[network.layers.count - 1]
        output.update(repeating: parameters[last.biasOffset], count: rows)
        BLAS.gemv(transpose: false, rows: rows, columns: last.inputs, a: current, lda: last.inputs,
                  x: parameters + last.weightOffset, beta: 1, y: output)
    }

    /// The cosine similarity of the two vectors after shifting each by its own minimum, with the
    /// norms floored at δ = 10⁻⁸ (docs/experiments.md §6.2); 0 when a shifted vector is all zeros.
    static func shiftedCosine(soft: (Int) -> Float, plain: (Int) -> Float, count: Int) -> Double {
        var softMinimum = Double.infinity, plainMinimum = Double.infinity
        for k in 0..<count {
            softMinimum = min(softMinimum, Double(soft(k)))
            plainMinimum = min(plainMinimum, Double(plain(k)))
        }
        var dot = 0.0, softSquares = 0.0, plainSquares = 0.0
        for k in 0..<count {
            let shiftedSoft = Double(soft(k)) - softMinimum
            let shiftedPlain = Double(plain(k)) - plainMinimum
            dot += shiftedSoft * shiftedPlain
            softSquares += shiftedSoft * shiftedSoft
            plainSquares += shiftedPlain * shiftedPlain
        }
        return dot / (max(softSquares.squareRoot(), 1e-8) * max(plainSquares.squareRoot(), 1e-8))
    }
}
