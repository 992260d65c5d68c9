import Learning
import Randomness

/// Central finite differences of a Float32 function of a parameter vector, compared with an
/// analytic gradient. Float32 rounding limits the agreement to a few significant digits, so each
/// component may differ by `relativeTolerance` of itself plus `scaleTolerance` of the largest
/// checked component: a tolerance relative to the gradient's own size, so that a wrong small
/// component fails whatever the units of the loss (a fixed absolute tolerance let components below
/// it be entirely wrong).
struct GradientCheck {
    var step: Float = 1e-2
    var scaleTolerance = 2e-3
    var relativeTolerance = 2e-2

    /// The largest violation `|numeric − analytic| − (rel·|analytic| + scale·max|analytic|)` over
    /// `indices` (≤ 0 when every component agrees), with the worst index.
    func worstViolation(
        parameters: FloatBuffer, analytic: [Float], indices: [Int], loss: () -> Double
    ) -> (violation: Double, index: Int, numeric: Double, analytic: Double) {
        let numerics = indices.map { index in
            let original = parameters[index]
            parameters[index] = original + step
            let plus = loss()
            parameters[index] = original - step
            let minus = loss()
            parameters[index] = original
            let actualStep = Double(original + step) - Double(original - step)
            return (plus - minus) / actualStep
        }
        let scale = indices.map { Double(abs(analytic[$0])) }.max() ?? 0
        var worst = (violation: -Double.infinity, index: -1, numeric: 0.0, analytic: 0.0)
        for (index, numeric) in zip(indices, numerics) {
            let exact = Double(analytic[index])
            let violation = abs(numeric - exact) - (relativeTolerance * abs(exact) + scaleTolerance * scale)
            if violation > worst.violation { worst = (violation, index, numeric, exact) }
        }
        return worst
    }
}

/// Indices spread over a vector: all of them when it is short, otherwise a deterministic sample.
func sampledIndices(count: Int, limit: Int = 120, seed: UInt64 = 7) -> [Int] {
    if count <= limit { return Array(0..<count) }
    var generator = RandomSource(seed: seed)
    return (0..<limit).map { _ in generator.index(below: count) }
}

/// A buffer of standard normal draws scaled by `scale`.
func gaussianBuffer(count: Int, scale: Float = 1, seed: UInt64) -> FloatBuffer {
    let buffer = FloatBuffer(count: count)
    var generator = RandomSource(seed: seed)
    generator.fillNormal(buffer.buffer)
    for index in 0..<count { buffer[index] *= scale }
    return buffer
}
