import Foundation
import Learning
import Testing
import Randomness

@Suite("Policies")
struct PolicyTests {
    func makeSquashedActor(seed: UInt64, rows: Int) -> (SquashedGaussianActor, FloatBuffer) {
        let actor = SquashedGaussianActor(observationDimension: 5, actionDimension: 3, hidden: [16, 16], capacity: rows)
        var generator = RandomSource(seed: seed)
        actor.network.initializeLikePyTorch(using: &generator)
        return (actor, gaussianBuffer(count: rows * 5, scale: 2, seed: seed + 1))
    }

    @Test("tanh-Gaussian log-probability equals the direct formula of docs/experiments.md §5.1")
    func squashedLogProbability() {
        let rows = 32
        let (actor, states) = makeSquashedActor(seed: 1, rows: rows)
        let noise = gaussianBuffer(count: rows * 3, scale: 1.5, seed: 3)
        actor.computeDistribution(states: states.pointer, rows: rows)
        actor.sample(noise: noise.pointer)
        let epsilon = 1.1920929e-7
        for row in 0..<rows {
            var expected = 0.0
            for i in 0..<3 {
                let index = row * 3 + i
                let mu = Double(actor.mean[index]), sigma = Double(actor.std[index])
                let u = mu + sigma * Double(noise[index])
                expected += -(u - mu) * (u - mu) / (2 * sigma * sigma) - log(sigma) - 0.5 * log(2 * Double.pi)
                // The correction is a function of the action ã itself (as stored in float32).
                let squashed = Double(actor.actions[index])
                expected -= log(1 - squashed * squashed + epsilon)
                #expect(abs(Double(actor.actions[index]) - tanh(u)) < 1e-6)
            }
            #expect(abs(Double(actor.logProbabilities[row]) - expected) < 1e-4 * max(1, abs(expected)))
        }
    }

    @Test("log σ is clamped to [−20, 2]")
    func logStdClamp() {
        let actor = SquashedGaussianActor(observationDimension: 1, actionDimension: 1, hidden: [], capacity: 2)
        let layer = actor.network.layers[0]
        actor.network.parameters[layer.weightOffset + 1] = 100
        let states = FloatBuffer([1, -1])
        actor.computeDistribution(states: states.pointer, rows: 2)
        #expect(actor.logStd.array == [2, -20])
    }

    @Test("tanh-Gaussian actor: gradient of Σ c·log π + Σ w·ã by finite differences")
    func squashedActorGradient() {
        let rows = 6
        let (actor, states) = makeSquashedActor(seed: 11, rows: rows)
        let noise = gaussianBuffer(count: rows * 3, seed: 12)
        let logWeights = gaussianBuffer(count: rows, seed: 13)
        let actionWeights = gaussianBuffer(count: rows * 3, seed: 14)
        func loss() -> Double {
            actor.computeDistribution(states: states.pointer, rows: rows)
            actor.sample(noise: noise.pointer)
            var total = 0.0
            for row in 0..<rows { total += Double(logWeights[row]) * Double(actor.logProbabilities[row]) }
            for index in 0..<(rows * 3) { total += Double(actionWeights[index]) * Double(actor.actions[index]) }
            return total
        }
        _ = loss()
        actor.backward(actionGradient: actionWeights.pointer, logProbabilityGradient: logWeights.pointer)
        let result = GradientCheck(step: 1e-3).worstViolation(
            parameters: actor.network.parameters, analytic: actor.network.gradients.array,
            indices: sampledIndices(count: actor.network.parameters.count, limit: 200), loss: loss)
        #expect(result.violation <= 0, "parameter \(result.index): numeric \(result.numeric), analytic \(result.analytic)")
    }

    @Test("Gaussian actor: log-probability formula and gradients for both σ parameterisations")
    func gaussianActor() {
        for std in [GaussianActor.StdParameterization.stateIndependent(initialLogStd: -0.5), .stateConditioned] {
            let rows = 6
            let actor = GaussianActor(observationDimension: 4, actionDimension: 2, hidden: [8, 8], std: std, capacity: rows)
            var generator = RandomSource(seed: 21)
            actor.initializeForPPO(using: &generator)
            for index in 0..<actor.network.parameters.count { actor.network.parameters[index] += Float(generator.normal() * 0.1) }
            let states = gaussianBuffer(count: rows * 4, seed: 22)
            let actions = gaussianBuffer(count: rows * 2, seed: 23)
            let logWeights = gaussianBuffer(count: rows, seed: 24)
            let entropyWeights = gaussianBuffer(count: rows, seed: 25)
            let logProbabilities = FloatBuffer(count: rows)
            func loss() -> Double {
                actor.computeDistribution(states: states.pointer, rows: rows)
                actor.logProbabilities(of: actions.pointer, into: logProbabilities.pointer)
                var total = 0.0
                for row in 0..<rows {
                    total += Double(logWeights[row]) * Double(logProbabilities[row])
                    total += Double(entropyWeights[row]) * Double(actor.entropy(row: row))
                }
                return total
            }
            _ = loss()
            for row in 0..<rows {
                var expected = 0.0
                for i in 0..<2 {
                    let index = row * 2 + i
                    let mu = Double(actor.mean[index]), sigma = Double(actor.std[index]), a = Double(actions[index])
                    expected += -(a - mu) * (a - mu) / (2 * sigma * sigma) - log(sigma) - 0.5 * log(2 * Double.pi)
                }
                #expect(abs(Double(logProbabilities[row]) - expected) < 1e-4 * max(1, abs(expected)))
            }
            actor.backward(actions: actions.pointer, logProbabilityGradient: logWeights.pointer, entropyGradient: entropyWeights.pointer)
            let check = GradientCheck(step: 1e-2)
            let result = check.worstViolation(
                parameters: actor.network.parameters, analytic: actor.network.gradients.array,
                indices: sampledIndices(count: actor.network.parameters.count, limit: 200), loss: loss)
            #expect(result.violation <= 0, "\(std) parameter \(result.index): numeric \(result.numeric), analytic \(result.analytic)")
            if actor.logStdParameter.count > 0 {
                let logStdResult = check.worstViolation(
                    parameters: actor.logStdParameter, analytic: actor.logStdGradient.array, indices: [0, 1], loss: loss)
                #expect(logStdResult.violation <= 0, "log σ: numeric \(logStdResult.numeric), analytic \(logStdResult.analytic)")
            }
        }
    }

    @Test("PPO init: μ head scaled by 0.01, biases zero, σ parameter constant")
    func ppoInitialization() {
        let actor = GaussianActor(observationDimension: 4, actionDimension: 2, hidden: [8], std: .stateIndependent(initialLogStd: -1), capacity: 1)
        var generator = RandomSource(seed: 2)
        actor.initializeForPPO(using: &generator)
        let head = actor.network.layers[1]
        let headWeights = (0..<(head.inputs * head.outputs)).map { abs(actor.network.parameters[head.weightOffset + $0]) }
        #expect(Double(headWeights.max()!) <= 0.01 * 2.0.squareRoot() + 1e-6)
        #expect(actor.logStdParameter.array == [-1, -1])
    }
}
