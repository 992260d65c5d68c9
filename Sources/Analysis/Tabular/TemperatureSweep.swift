import Arithmetic
import FiniteMDP
import Foundation
import Solvers

/// The exact MaxEnt-optimal probability of the standard-optimal actions at one state as a function
/// of the temperature α, with the certified critical temperatures where it crosses 1/2.
public struct TemperatureSweep: Sendable {
    /// One temperature of the sweep.
    public struct Point: Sendable {
        public let alpha: Rational
        /// An enclosure of π_α(Opt(s) | s) = Σ_{a ∈ Opt(s)} π_α(a|s).
        public let probability: Ball
    }

    public let stateName: String
    /// Names of the standard-optimal actions Opt(s) (exact, from the standard solver).
    public let optimalActionNames: [String]
    /// The sweep, in increasing α.
    public let points: [Point]
    /// Certified brackets of every α where the probability crosses 1/2 (from `CriticalTemperatureSearch`).
    public let crossings: [CriticalTemperature]
    public let range: ClosedRange<Rational>
    /// The width bound of every enclosure and bracket.
    public let tolerance: Rational

    /// Solves the soft problem at each α of the log grid over `range` (`LogGrid.decades`: `perDecade`
    /// points a decade, at α = 10^{k/perDecade} rounded to four significant digits) and at each of `extraAlphas`
    /// inside the range, and searches the range for crossings.
    public static func compute(
        _ mdp: MDP, state: Int, range: ClosedRange<Rational>, perDecade: Int = 8, extraAlphas: [Rational] = [],
        tolerance: Rational
    ) throws(SolverError) -> TemperatureSweep {
        let optimal = try StandardSolver.solve(mdp).optimalActions[state]
        let alphas = Array(Set(LogGrid.decades(range, perDecade: perDecade) + extraAlphas.filter(range.contains))).sorted()
        var points: [Point] = []
        for alpha in alphas {
            let solution = try SoftSolver.solve(mdp, alpha: alpha, tolerance: tolerance)
            points.append(Point(alpha: alpha, probability: solution.probability(of: optimal, at: state)))
        }
        let crossings = try CriticalTemperatureSearch.find(mdp, state: state, range: range, tolerance: tolerance)
        return TemperatureSweep(
            stateName: mdp.states[state].name, optimalActionNames: optimal.map { mdp.states[state].actions[$0].name },
            points: points, crossings: crossings, range: range, tolerance: tolerance)
    }

    /// `π_α(left | s0)`, or `π_α({a, b} | s)` when several actions are optimal.
    public var probabilityLabel: String {
        let actions = optimalActionNames.count == 1 ? optimalActionNames[0] : "{" + optimalActionNames.joined(separator: ", ") + "}"
        return "π_α(\(actions) | \(stateName))"
    }
}
