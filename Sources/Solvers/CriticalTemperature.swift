import Arithmetic
import FiniteMDP
import Foundation

/// A certified bracket `[lower, upper]` containing a temperature α* at which the soft-optimal
/// probability of the standard-optimal action set at a state crosses 1/2.
public struct CriticalTemperature: Sendable {
    public let lower: Rational
    public let upper: Rational
    /// Enclosures of `Σ_{a ∈ Opt(s)} π_α(a|s)` at the two ends; they lie on opposite sides of 1/2,
    /// so by continuity of α ↦ π_α a crossing lies in between.
    public let probabilityAtLower: Ball
    public let probabilityAtUpper: Ball
    /// True when the probability falls below 1/2 as α grows through the bracket.
    public var isFalling: Bool { (probabilityAtLower - Rational(1, 2)).isCertainlyPositive }
}

/// Finds critical temperatures by a certified sign scan and bisection.
///
/// `f(α) = Σ_{a ∈ Opt(s)} π_α(a|s) − 1/2` is evaluated with certified enclosures on a
/// log-spaced grid of `samples` temperatures; every pair of neighbours where `f` certainly
/// changes sign brackets a crossing, which bisection narrows until the bracket is no wider than
/// `tolerance`. Crossings that come and go between two neighbouring grid points are not seen:
/// raise `samples` to look closer.
public enum CriticalTemperatureSearch {
    public static func find(
        _ mdp: MDP, state: Int, range: ClosedRange<Rational>, samples: Int = 64, tolerance: Rational
    ) throws(SolverError) -> [CriticalTemperature] {
        guard range.lowerBound.signum > 0 else { throw SolverError("the α range must be positive, got \(range.lowerBound)") }
        guard range.lowerBound < range.upperBound else { throw SolverError("the α range is empty") }
        guard samples >= 2 else { throw SolverError("at least 2 samples are needed") }
        guard tolerance.signum > 0 else { throw SolverError("tolerance must be positive") }
        guard !mdp.states[state].isTerminal else {
            throw SolverError("state \"\(mdp.states[state].name)\" is terminal: it has no policy")
        }
        let optimal = try StandardSolver.solve(mdp).optimalActions[state]
        guard optimal.count < mdp.states[state].actions.count else { return [] }

        func excess(at alpha: Rational) throws(SolverError) -> Ball {
            var evaluationTolerance = try! Rational(parsing: "1e-12")
            while true {
                let solution = try SoftSolver.solve(mdp, alpha: alpha, tolerance: evaluationTolerance)
                let value = solution.probability(of: optimal, at: state) - Rational(1, 2)
                if value.isCertainlyPositive || value.isCertainlyNegative { return value + Rational(1, 2) }
                guard evaluationTolerance > Rational(1) / Rational(10).power(600) else {
                    throw SolverError("π_α is within 1e-600 of 1/2 at α = \(alpha): the sign cannot be certified")
                }
                evaluationTolerance = evaluationTolerance / Rational(10).power(20)
            }
        }

        let grid = LogGrid.evenlySpaced(range, samples: samples)
        var values: [Ball] = []
        for alpha in grid { values.append(try excess(at: alpha)) }
        var found: [CriticalTemperature] = []
        for index in 0..<(grid.count - 1) {
            var lower = grid[index], upper = grid[index + 1]
            var atLower = values[index], atUpper = values[index + 1]
            let lowerAbove = (atLower - Rational(1, 2)).isCertainlyPositive
            guard lowerAbove != (atUpper - Rational(1, 2)).isCertainlyPositive else { continue }
            while upper - lower > tolerance {
                let middle = (lower + upper) / 2
                let atMiddle = try excess(at: middle)
                if (atMiddle - Rational(1, 2)).isCertainlyPositive == lowerAbove {
                    lower = middle
                    atLower = atMiddle
                } else {
                    upper = middle
                    atUpper = atMiddle
                }
            }
            found.append(CriticalTemperature(
                lower: lower, upper: upper, probabilityAtLower: atLower, probabilityAtUpper: atUpper))
        }
        return found
    }
}
