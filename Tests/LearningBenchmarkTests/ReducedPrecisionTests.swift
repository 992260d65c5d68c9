import Foundation
@testable import Learning
@testable import LearningBenchmark
import Randomness
import Testing

/// The reduced-precision study of `LearningBenchmark --switch-precision`, which lives outside the
/// training path.
@Suite("Reduced-precision study")
struct ReducedPrecisionTests {
    @Test("bfloat16 rounding: nearest, ties to even, relative error at most 2⁻⁸ (8 significand bits)")
    func bfloat16Rounding() {
        let ulp = Float(1) / 128
        #expect(roundedToBFloat16(1) == 1)
        #expect(roundedToBFloat16(1 + ulp / 2) == 1)
        #expect(roundedToBFloat16(1 + 3 * ulp / 2) == 1 + 2 * ulp)
        let justAboveHalf: Float = 1 + ulp / 2 + ulp / 8192
        #expect(roundedToBFloat16(justAboveHalf) == 1 + ulp)
        #expect(roundedToBFloat16(-1 - 3 * ulp / 2) == -1 - 2 * ulp)
        var generator = RandomSource(seed: 8)
        for _ in 0..<10_000 {
            let scale: Double = pow(2, generator.uniform(-30, 30))
            let value = Float(generator.uniform(-1, 1) * scale)
            let rounded = roundedToBFloat16(value)
            #expect(rounded.bitPattern & 0xFFFF == 0)
            #expect(abs(rounded - value) <= abs(value) / 256)
        }
    }

    @Test("at float32 the study's c(s) is the training test's; at bfloat16 operands it moves only slightly")
    func similarityAtReducedPrecision() {
        var hyperparameters = SAC.Hyperparameters()
        hyperparameters.hidden = [8, 8]
        hyperparameters.batchSize = 6
        var extra = SACAdaEnt.Extra()
        extra.entropySamples = 50
        var generator = RandomSource(seed: 9)
        let learner = SACAdaEnt(observationDimension: 3, actionDimension: 2, hyperparameters: hyperparameters, extra: extra,
                                generator: &generator)
        var draws = RandomSource(seed: 10)
        let states = FloatBuffer(count: 18), noise = FloatBuffer(count: 6 * 50 * 2)
        draws.fillNormal(states.buffer)
        draws.fillNormal(noise.buffer)
        let training = learner.choosesPlainCritics(states: states.pointer, rows: 6, noise: noise.pointer)
        let single = ReducedPrecisionSimilarity(learner: learner, roundsOperands: false)
            .similarities(states: states.pointer, rows: 6, noise: noise.pointer)
        let reduced = ReducedPrecisionSimilarity(learner: learner, roundsOperands: true)
            .similarities(states: states.pointer, rows: 6, noise: noise.pointer)
        // Float32 in another summation order: the training decisions, c(s) equal to rounding.
        #expect(single.map { $0 < extra.threshold } == training)
        for row in 0..<6 {
            #expect(abs(single[row] - Double(learner.similarityTest.similarity[row])) < 1e-4, "row \(row)")
        }
        #expect(reduced != single)
        #expect(zip(reduced, single).allSatisfy { abs($0 - $1) < 0.05 })
    }
}
