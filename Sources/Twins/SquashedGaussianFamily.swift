#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The best policy of a deep twin *within SAC's policy class*: at every state a tanh-squashed
/// Gaussian, a = tanh(u) with u ~ N(m, σ²), one (m, log σ) per state.
///
/// The twin's soft objective with entropy measured against Lebesgue measure on [−1, 1] is
/// E[Σ γᵗ (r(sₜ, aₜ) + α H(π(·|sₜ)))], with H the differential entropy of the action density. Restricted
/// to the family it is an MDP whose action at s is the pair (m, log σ): reward
/// Σ_a w(a) r(s,a) + α H(m, σ), transitions Σ_a w(a) P(·|s,a), where w(a) is the probability the
/// squashed Gaussian gives the set action a owns. Policy iteration on that MDP — evaluate by a
/// linear solve, improve by maximising Σ_a w(a) Q(s,a) + α H over (m, log σ) at every state — reaches
/// its optimum, the best the class can do; it can be no better than the Boltzmann optimum π_α,
/// which has the whole class of densities to choose from.
///
/// Everything here is floating point: the maximisation is a grid search refined by Nelder–Mead, the
/// entropy a quadrature. The numbers are *not certified*, and every display of them says so.
public struct SquashedGaussianOptimum: Sendable {
    /// The per-state Gaussian before the tanh.
    public struct Parameters: Sendable, Equatable {
        public var mean: Double
        public var logStandardDeviation: Double
    }

    public let alpha: Double
    /// Soft values V(s) of the optimum within the family (0 at terminal states).
    public let values: [Double]
    /// The optimal (m, log σ) at each non-terminal state; nil at terminal states.
    public let parameters: [Parameters?]
    /// `actionProbabilities[s][a]`: the probability the optimum gives the set action a owns at s.
    public let actionProbabilities: [[Double]]
    /// Policy-iteration steps taken.
    public let iterations: Int

    /// Bounds of the search: beyond them the policy is a point mass for any purpose of this study.
    static let meanRange = -8.0...8.0
    static let logStandardDeviationRange = -9.0...3.0

    /// The optimum within the family at temperature `alpha` > 0.
    public static func solve(_ twin: DeepTwin, alpha: Double, maximumIterations: Int = 200) throws(TwinError) -> SquashedGaussianOptimum {
        guard alpha > 0, alpha.isFinite else { throw TwinError("α must be positive and finite, got \(alpha)") }
        let model = FamilyModel(twin)
        var parameters: [Parameters?] = model.states.map { $0.isTerminal ? nil : Parameters(mean: 0, logStandardDeviation: 0) }
        var values = try model.evaluate(parameters, alpha: alpha)
        var iterations = 0
        while iterations < maximumIterations {
            iterations += 1
            var improved = parameters
            for state in model.states.indices where !model.states[state].isTerminal {
                let q = model.qValues(state: state, values: values)
                let current = parameters[state]!
                let candidate = model.maximise(state: state, q: q, alpha: alpha, start: current)
                // Keep the old parameters unless the new ones are better by more than rounding noise.
                let gain = model.objective(state: state, q: q, alpha: alpha, candidate)
                    - model.objective(state: state, q: q, alpha: alpha, current)
                if gain > 1e-13 * max(1, q.map(abs).max() ?? 1) { improved[state] = candidate }
            }
            if improved == parameters { break }
            parameters = improved
            values = try model.evaluate(parameters, alpha: alpha)
        }
        let probabilities = model.states.indices.map { state in
            parameters[state].map { model.masses(state: state, $0) } ?? []
        }
        return SquashedGaussianOptimum(
            alpha: alpha, values: values, parameters: parameters, actionProbabilities: probabilities, iterations: iterations)
    }

    /// Temperatures in `range` where the family optimum's probability of `actions` at `state`
    /// crosses 1/2: a sign scan on `samples` log-spaced temperatures, each bracket bisected to a
    /// relative width of `relativeWidth`. Uncertified.
    public static func criticalTemperatures(
        _ twin: DeepTwin, state: Int, actions: [Int], range: ClosedRange<Double>, samples: Int = 24,
        relativeWidth: Double = 1e-4
    ) throws(TwinError) -> [ClosedRange<Double>] {
        guard range.lowerBound > 0, samples >= 2 else { throw TwinError("the α range must be positive with at least 2 samples") }
        func excess(_ alpha: Double) throws(TwinError) -> Double {
            let probabilities = try solve(twin, alpha: alpha).actionProbabilities[state]
            return actions.map { probabilities[$0] }.reduce(0, +) - 0.5
        }
        let ratio = log(range.upperBound / range.lowerBound)
        let grid = (0..<samples).map { range.lowerBound * exp(ratio * Double($0) / Double(samples - 1)) }
        var signs: [Double] = []
        for alpha in grid { signs.append(try excess(alpha)) }
        var crossings: [ClosedRange<Double>] = []
        for index in 0..<(samples - 1) where (signs[index] > 0) != (signs[index + 1] > 0) {
            var lower = grid[index], upper = grid[index + 1]
            let lowerAbove = signs[index] > 0
            while upper - lower > relativeWidth * lower {
                let middle = (lower * upper).squareRoot()
                if (try excess(middle) > 0) == lowerAbove { lower = middle } else { upper = middle }
            }
            crossings.append(lower...upper)
        }
        return crossings
    }

    /// The probability the squashed Gaussian (m, log σ) gives each action's set at `state` of `twin`.
    public static func actionProbabilities(_ twin: DeepTwin, state: Int, mean: Double, logStandardDeviation: Double) -> [Double] {
        FamilyModel(twin).masses(state: state, Parameters(mean: mean, logStandardDeviation: logStandardDeviation))
    }

    /// The differential entropy of tanh(u), u ~ N(m, σ²), on [−1, 1]:
    /// ½ log(2πeσ²) − 2 E[log cosh u] (the density of a is N(atanh a; m, σ)/(1 − a²)).
    public static func entropy(mean: Double, logStandardDeviation: Double) -> Double {
        let sigma = exp(logStandardDeviation)
        // E[log cosh(m + σz)], z ~ N(0, 1), by composite Simpson on z ∈ [−12, 12] (log cosh is smooth
        // and grows linearly, so the truncated tails weigh below 1e-30).
        let intervals = 480, low = -12.0, step = 24.0 / Double(intervals)
        var sum = 0.0
        for index in 0...intervals {
            let z = low + step * Double(index)
            let u = mean + sigma * z
            let logCosh = abs(u) + log1p(exp(-2 * abs(u))) - M_LN2
            let weight = index == 0 || index == intervals ? 1.0 : (index % 2 == 1 ? 4.0 : 2.0)
            sum += weight * logCosh * exp(-0.5 * z * z)
        }
        let expectation = sum * step / 3 / (2 * Double.pi).squareRoot()
        return 0.5 * log(2 * Double.pi * M_E) + logStandardDeviation - 2 * expectation
    }
}

/// A twin in the form the family's policy iteration needs: rewards, transitions and, per state,
/// the pre-tanh ends atanh(lower), atanh(upper) of every owned interval.
struct FamilyModel {
    struct State {
        var rewards: [Double]
        var transitions: [[(target: Int, probability: Double)]]
        /// Per action: its intervals as ranges of u = atanh(a) (±∞ at ±1).
        var preimages: [[(lower: Double, upper: Double)]]
        var isTerminal: Bool { rewards.isEmpty }
    }

    let states: [State]
    let gamma: Double

    init(_ twin: DeepTwin) {
        gamma = twin.mdp.gamma.nearestDouble
        states = twin.mdp.states.enumerated().map { index, state in
            State(
                rewards: state.actions.map { $0.reward.nearestDouble },
                transitions: state.actions.map { $0.transitions.map { ($0.target, $0.probability.nearestDouble) } },
                preimages: twin.layout.intervals[index].map { owned in
                    owned.map { (Self.atanhOrInfinity($0.lower.nearestDouble), Self.atanhOrInfinity($0.upper.nearestDouble)) }
                })
        }
    }

    static func atanhOrInfinity(_ value: Double) -> Double {
        value <= -1 ? -.infinity : value >= 1 ? .infinity : atanh(value)
    }

    static func normalCDF(_ x: Double) -> Double {
        x == .infinity ? 1 : x == -.infinity ? 0 : 0.5 * erfc(-x / 2.0.squareRoot())
    }

    func masses(state: Int, _ parameters: SquashedGaussianOptimum.Parameters) -> [Double] {
        let sigma = exp(parameters.logStandardDeviation)
        return states[state].preimages.map { owned in
            owned.map { Self.normalCDF(($0.upper - parameters.mean) / sigma) - Self.normalCDF(($0.lower - parameters.mean) / sigma) }
                .reduce(0, +)
        }
    }

    func qValues(state: Int, values: [Double]) -> [Double] {
        zip(states[state].rewards, states[state].transitions).map { reward, successors in
            reward + gamma * successors.map { $0.probability * values[$0.target] }.reduce(0, +)
        }
    }

    func objective(state: Int, q: [Double], alpha: Double, _ parameters: SquashedGaussianOptimum.Parameters) -> Double {
        zip(masses(state: state, parameters), q).map { $0 * $1 }.reduce(0, +)
            + alpha * SquashedGaussianOptimum.entropy(mean: parameters.mean, logStandardDeviation: parameters.logStandardDeviation)
    }

    /// The soft value of the family policy: V = r_π + αH + γ P_π V on non-terminal states, by a
    /// dense solve with partial pivoting.
    func evaluate(_ parameters: [SquashedGaussianOptimum.Parameters?], alpha: Double) throws(TwinError) -> [Double] {
        let live = states.indices.filter { !states[$0].isTerminal }
        var position = [Int](repeating: -1, count: states.count)
        for (row, state) in live.enumerated() { position[state] = row }
        let n = live.count
        var matrix = [Double](repeating: 0, count: n * n), rhs = [Double](repeating: 0, count: n)
        for (row, state) in live.enumerated() {
            let p = parameters[state]!
            let weights = masses(state: state, p)
            matrix[row * n + row] = 1
            rhs[row] = alpha * SquashedGaussianOptimum.entropy(mean: p.mean, logStandardDeviation: p.logStandardDeviation)
            for (action, weight) in weights.enumerated() {
                rhs[row] += weight * states[state].rewards[action]
                for successor in states[state].transitions[action] where position[successor.target] >= 0 {
                    matrix[row * n + position[successor.target]] -= gamma * weight * successor.probability
                }
            }
        }
        for column in 0..<n {
            let pivot = (column..<n).max { abs(matrix[$0 * n + column]) < abs(matrix[$1 * n + column]) }!
            guard abs(matrix[pivot * n + column]) > 1e-300 else {
                throw TwinError("the family policy's soft values are undefined (a singular evaluation system)")
            }
            if pivot != column {
                for k in 0..<n { matrix.swapAt(pivot * n + k, column * n + k) }
                rhs.swapAt(pivot, column)
            }
            for row in (column + 1)..<n where matrix[row * n + column] != 0 {
                let factor = matrix[row * n + column] / matrix[column * n + column]
                for k in column..<n { matrix[row * n + k] -= factor * matrix[column * n + k] }
                rhs[row] -= factor * rhs[column]
            }
        }
        var solution = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = rhs[row]
            for k in (row + 1)..<n { sum -= matrix[row * n + k] * solution[k] }
            solution[row] = sum / matrix[row * n + row]
        }
        var values = [Double](repeating: 0, count: states.count)
        for (row, state) in live.enumerated() { values[state] = solution[row] }
        return values
    }

    /// The coarse grid of the search, 33 means × 25 log standard deviations, with each point's
    /// entropy computed once per process.
    static let searchGrid: [(mean: Double, logStd: Double, entropy: Double)] = {
        let means = SquashedGaussianOptimum.meanRange, logs = SquashedGaussianOptimum.logStandardDeviationRange
        return (0...32).flatMap { i in
            (0...24).map { j in
                let mean = means.lowerBound + (means.upperBound - means.lowerBound) * Double(i) / 32
                let logStd = logs.lowerBound + (logs.upperBound - logs.lowerBound) * Double(j) / 24
                return (mean, logStd, SquashedGaussianOptimum.entropy(mean: mean, logStandardDeviation: logStd))
            }
        }
    }()

    /// The (m, log σ) maximising Σ_a w(a) q(a) + αH: the best point of a coarse grid and of
    /// `start`, refined by Nelder–Mead within the search bounds.
    func maximise(state: Int, q: [Double], alpha: Double, start: SquashedGaussianOptimum.Parameters) -> SquashedGaussianOptimum.Parameters {
        typealias P = SquashedGaussianOptimum.Parameters
        let means = SquashedGaussianOptimum.meanRange, logs = SquashedGaussianOptimum.logStandardDeviationRange
        func value(_ point: (Double, Double)) -> Double {
            guard means.contains(point.0), logs.contains(point.1) else { return -.infinity }
            return objective(state: state, q: q, alpha: alpha, P(mean: point.0, logStandardDeviation: point.1))
        }
        var best = (start.mean, start.logStandardDeviation), bestValue = value(best)
        for point in Self.searchGrid {
            let candidate = zip(masses(state: state, P(mean: point.mean, logStandardDeviation: point.logStd)), q)
                .map { $0 * $1 }.reduce(0, +) + alpha * point.entropy
            if candidate > bestValue { (best, bestValue) = ((point.mean, point.logStd), candidate) }
        }
        let refined = NelderMead.maximise(value, from: best, steps: (0.25, 0.25))
        return P(mean: refined.0, logStandardDeviation: refined.1)
    }
}

/// Nelder–Mead in two dimensions (maximisation), for the smooth per-state objectives above.
enum NelderMead {
    static func maximise(
        _ f: ((Double, Double)) -> Double, from start: (Double, Double), steps: (Double, Double), iterations: Int = 400
    ) -> (Double, Double) {
        var simplex = [start, (start.0 + steps.0, start.1), (start.0, start.1 + steps.1)]
        var values = simplex.map(f)
        for _ in 0..<iterations {
            let order = values.indices.sorted { values[$0] > values[$1] }
            simplex = order.map { simplex[$0] }
            values = order.map { values[$0] }
            let spread = abs(simplex[0].0 - simplex[2].0) + abs(simplex[0].1 - simplex[2].1)
            if spread < 1e-10 && abs(values[0] - values[2]) <= 1e-14 * max(1, abs(values[0])) { break }
            let centroid = ((simplex[0].0 + simplex[1].0) / 2, (simplex[0].1 + simplex[1].1) / 2)
            func along(_ t: Double) -> (Double, Double) {
                (centroid.0 + t * (simplex[2].0 - centroid.0), centroid.1 + t * (simplex[2].1 - centroid.1))
            }
            let reflected = along(-1), reflectedValue = f(reflected)
            if reflectedValue > values[0] {
                let expanded = along(-2), expandedValue = f(expanded)
                (simplex[2], values[2]) = expandedValue > reflectedValue ? (expanded, expandedValue) : (reflected, reflectedValue)
            } else if reflectedValue > values[1] {
                (simplex[2], values[2]) = (reflected, reflectedValue)
            } else {
                let contracted = along(reflectedValue > values[2] ? -0.5 : 0.5), contractedValue = f(contracted)
                if contractedValue > max(values[2], reflectedValue) {
                    (simplex[2], values[2]) = (contracted, contractedValue)
                } else {
                    for index in 1...2 {
                        simplex[index] = ((simplex[0].0 + simplex[index].0) / 2, (simplex[0].1 + simplex[index].1) / 2)
                        values[index] = f(simplex[index])
                    }
                }
            }
        }
        let bestIndex = values.indices.max { values[$0] < values[$1] }!
        return simplex[bestIndex]
    }
}
