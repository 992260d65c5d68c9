import Foundation
@testable import Learning
import Testing
import Randomness

@Suite("SAC-AdaEnt")
struct SACAdaEntTests {
    static func makeLearner(samples: Int = 7, threshold: Double = 0.9, seed: UInt64 = 1, workers: Workers = .single) -> SACAdaEnt {
        var hyperparameters = SAC.Hyperparameters()
        hyperparameters.hidden = [8, 8]
        hyperparameters.batchSize = 6
        var extra = SACAdaEnt.Extra()
        extra.entropySamples = samples
        extra.threshold = threshold
        var generator = RandomSource(seed: seed)
        return SACAdaEnt(observationDimension: 3, actionDimension: 2, hyperparameters: hyperparameters, extra: extra,
                         workers: workers, generator: &generator)
    }

    @Test("similarity test equals a direct evaluation: min-shifted cosine of the soft and plain Q vectors")
    func similarityMatchesDirectEvaluation() {
        let learner = Self.makeLearner()
        let rows = 6, n = 7, d = 2
        let states = gaussianBuffer(count: rows * 3, seed: 2)
        let noise = gaussianBuffer(count: rows * n * d, seed: 3)
        let rate = learner.chooseCritics(states: states.pointer, rows: rows, noise: noise.pointer)
        let direct = [learner.softCritic1, learner.softCritic2, learner.plainCritic1, learner.plainCritic2].map { critic in
            let copy = QNetwork(observationDimension: 3, actionDimension: 2, hidden: [8, 8], capacity: n)
            copy.network.copyParameters(from: critic.online.network)
            return copy
        }
        var plainCount = 0
        for row in 0..<rows {
            let repeated = (0..<n).flatMap { _ in (0..<3).map { states[row * 3 + $0] } }
            let actions: [Float] = (0..<(n * d)).map { index in
                let i = index % d
                let mean = Double(learner.actor.mean[row * d + i]), std = Double(learner.actor.std[row * d + i])
                return Float(tanh(mean + std * Double(noise[row * n * d + index])))
            }
            let q = direct.map { critic in
                repeated.withUnsafeBufferPointer { s in
                    actions.withUnsafeBufferPointer { a in
                        Array(UnsafeBufferPointer(start: critic.values(states: s.baseAddress!, actions: a.baseAddress!, rows: n), count: n))
                    }
                }
            }
            let soft = (0..<n).map { Double(min(q[0][$0], q[1][$0])) }
            let plain = (0..<n).map { Double(min(q[2][$0], q[3][$0])) }
            let shiftedSoft = soft.map { $0 - soft.min()! }, shiftedPlain = plain.map { $0 - plain.min()! }
            let norm = { (v: [Double]) in max(v.map { $0 * $0 }.reduce(0, +).squareRoot(), 1e-8) }
            let cosine = zip(shiftedSoft, shiftedPlain).map(*).reduce(0, +) / (norm(shiftedSoft) * norm(shiftedPlain))
            #expect(abs(Double(learner.similarityTest.similarity[row]) - cosine) < 1e-4)
            #expect(learner.usesPlain[row] == (cosine < 0.9 ? 1 : 0))
            if cosine < 0.9 { plainCount += 1 }
        }
        #expect(rate == Double(plainCount) / Double(rows))
    }

    @Test("shifted cosine: 1 for proportional shapes, 0 for a constant vector, strict κ comparison")
    func shiftedCosineEdgeCases() {
        let a: [Float] = [1, 3, 2], b: [Float] = [11, 15, 13], flat: [Float] = [4, 4, 4]
        #expect(abs(CriticSimilarity.shiftedCosine(soft: { a[$0] }, plain: { b[$0] }, count: 3) - 1) < 1e-12)
        #expect(CriticSimilarity.shiftedCosine(soft: { a[$0] }, plain: { flat[$0] }, count: 3) == 0)

        // κ: the plain critics take over exactly where c(s) < κ, so c(s) = κ keeps the soft pair.
        let states = gaussianBuffer(count: 18, seed: 13), noise = gaussianBuffer(count: 6 * 7 * 2, seed: 14)
        let probe = Self.makeLearner(threshold: 0.5)
        _ = probe.chooseCritics(states: states.pointer, rows: 6, noise: noise.pointer)
        let similarity = probe.similarityTest.similarity.array.map(Double.init)
        for (row, value) in similarity.enumerated() {
            for (threshold, plainRows) in [(value, similarity.filter { $0 < value }.count),
                                           (value.nextUp, similarity.filter { $0 <= value }.count)] {
                let learner = Self.makeLearner(threshold: threshold)
                let rate = learner.chooseCritics(states: states.pointer, rows: 6, noise: noise.pointer)
                #expect(learner.usesPlain[row] == (threshold > value ? 1 : 0), "κ = \(threshold), c = \(value)")
                #expect(rate == Double(plainRows) / 6)
            }
        }
        #expect(Set(similarity).count == 6, "distinct similarities, so every κ above splits the batch differently")
    }

    @Test("the analysis switch is the training switch and changes nothing")
    func analysisSwitchIsTheTrainingSwitch() {
        let learner = Self.makeLearner(samples: 50, seed: 9)
        let states = gaussianBuffer(count: 18, seed: 10)
        let noise = gaussianBuffer(count: 6 * 50 * 2, seed: 11)
        _ = learner.chooseCritics(states: states.pointer, rows: 6, noise: noise.pointer)
        let training = learner.similarityTest.similarity.array
        let choices = learner.choosesPlainCritics(states: states.pointer, rows: 6, noise: noise.pointer)
        #expect(choices == (0..<6).map { learner.usesPlain[$0] == 1 })
        #expect(learner.similarityTest.similarity.array == training)
    }

    @Test("the similarity test gives the same bytes with one worker or two")
    func similarityWorkers() {
        let single = Self.makeLearner(samples: 300, seed: 4), parallel = Self.makeLearner(samples: 300, seed: 4, workers: Workers(count: 2))
        let states = gaussianBuffer(count: 18, seed: 5)
        let noise = gaussianBuffer(count: 6 * 300 * 2, seed: 6)
        _ = single.chooseCritics(states: states.pointer, rows: 6, noise: noise.pointer)
        _ = parallel.chooseCritics(states: states.pointer, rows: 6, noise: noise.pointer)
        #expect(single.similarityTest.similarity.array == parallel.similarityTest.similarity.array)
    }

    @Test("targets: y_soft with the entropy term, y_plain without, one shared next action")
    func targets() {
        let learner = Self.makeLearner()
        let batch = SACTests.randomBatch(size: 6, observations: 3, actions: 2, seed: 7)
        let noise = gaussianBuffer(count: 12, seed: 8)
        learner.computeTargets(batch: batch, noise: noise.pointer)
        let logProbabilities = learner.actor.logProbabilities.array
        let nextActions = learner.actor.actions.array
        let q = [learner.softCritic1, learner.softCritic2, learner.plainCritic1, learner.plainCritic2].map { critic in
            nextActions.withUnsafeBufferPointer {
                Array(UnsafeBufferPointer(start: critic.target.values(states: batch.nextObservations.pointer, actions: $0.baseAddress!, rows: 6), count: 6))
            }
        }
        for row in 0..<6 {
            let continuation = row % 3 == 0 ? 0 : 0.99
            let soft = Double(batch.rewards[row]) + continuation * (Double(min(q[0][row], q[1][row])) - 0.2 * Double(logProbabilities[row]))
            let plain = Double(batch.rewards[row]) + continuation * Double(min(q[2][row], q[3][row]))
            #expect(abs(Double(learner.softTargets[row]) - soft) < 1e-5)
            #expect(abs(Double(learner.plainTargets[row]) - plain) < 1e-5)
        }
    }

    @Test("actor loss with the per-state switch: gradient by finite differences")
    func actorGradientWithSwitch() {
        let learner = Self.makeLearner()
        let states = gaussianBuffer(count: 18, seed: 9)
        let noise = gaussianBuffer(count: 12, seed: 10)
        for row in 0..<6 { learner.usesPlain[row] = row % 2 == 0 ? 1 : 0 }
        _ = learner.actorObjective(states: states.pointer, rows: 6, noise: noise.pointer, computeGradient: true)
        let analytic = learner.actor.network.gradients.array
        let result = GradientCheck(step: 1e-3).worstViolation(
            parameters: learner.actor.network.parameters, analytic: analytic,
            indices: sampledIndices(count: analytic.count, limit: 200)
        ) { learner.actorObjective(states: states.pointer, rows: 6, noise: noise.pointer, computeGradient: false) }
        #expect(result.violation <= 0, "parameter \(result.index): numeric \(result.numeric), analytic \(result.analytic)")

        for row in 0..<6 { learner.usesPlain[row] = 1 }
        let plainOnly = learner.actorObjective(states: states.pointer, rows: 6, noise: noise.pointer, computeGradient: false)
        let plainMinima = (0..<6).map { Double(learner.objective.pairMinima[6 + $0]) }
        let expected = (0..<6).map { 0.2 * Double(learner.actor.logProbabilities[$0]) - plainMinima[$0] }.reduce(0, +) / 6
        #expect(abs(plainOnly - expected) < 1e-5)
    }

    @Test("κ = 0 never switches (standard SAC actor); a full update runs and is deterministic")
    func thresholdZeroAndDeterminism() {
        let batch = SACTests.randomBatch(size: 6, observations: 3, actions: 2, seed: 11)
        let first = Self.makeLearner(threshold: 0), second = Self.makeLearner(threshold: 0)
        var generatorA = RandomSource(seed: 12), generatorB = RandomSource(seed: 12)
        let lossesA = first.update(batch: batch, generator: &generatorA)
        let lossesB = second.update(batch: batch, generator: &generatorB)
        #expect(lossesA.surrogateRate == 0)
        #expect(lossesA == lossesB)
        var stateA = Checkpoint(), stateB = Checkpoint()
        first.save(into: &stateA)
        second.save(into: &stateB)
        #expect(stateA.data == stateB.data)
    }
}
