import Arithmetic
import FiniteMDP
import Solvers
import Testing

/// The tabular twin of the paper's toy task (docs/theory.md §5), built in code so these tests do not
/// depend on the file reader.
func toyMDP() -> MDP {
    func action(_ name: String, measure: Rational = .one, reward: Rational, to target: Int) -> MDP.Action {
        MDP.Action(name: name, measure: measure, reward: reward, transitions: [.init(target: target, probability: .one)])
    }
    return MDP(gamma: Rational(99, 100), states: [
        MDP.State(name: "s0", actions: [action("left", reward: 0, to: 1), action("right", reward: 0, to: 2)]),
        MDP.State(name: "s1", actions: [
            action("precise", measure: Rational(1, 5), reward: 1, to: 3),
            action("imprecise", measure: Rational(9, 5), reward: -20, to: 4),
        ]),
        MDP.State(name: "s2", actions: [action("any", measure: 2, reward: -1, to: 5)]),
        MDP.State(name: "win"), MDP.State(name: "lose"), MDP.State(name: "safe"),
    ])
}

@Test func toyStandardValuesAreExact() throws {
    let solution = try StandardSolver.solve(toyMDP())
    #expect(solution.values[0] == Rational(99, 100))
    #expect(solution.values[1] == 1)
    #expect(solution.values[2] == -1)
    #expect(solution.optimalActions[0] == [0])
    #expect(solution.optimalActions[1] == [0])
    #expect(solution.qValues[0] == [Rational(99, 100), Rational(-99, 100)])
}

@Test func toySoftValuesMatchTheClosedForm() throws {
    let alpha = Rational(1, 5)
    let tolerance = try Rational(parsing: "1e-30")
    let solution = try SoftSolver.solve(toyMDP(), alpha: alpha, tolerance: tolerance)
    let precision = 256
    let a = Ball(alpha, precision: precision)
    let gamma = Ball(Rational(99, 100), precision: precision)
    // V_α(s1) = α log(0.2 e^{1/α} + 1.8 e^{−20/α}),  V_α(s2) = −1 + α log 2.
    let v1 = a * (Ball(Rational(1, 5), precision: precision) * (Ball(1, precision: precision) / a).exp()
        + Ball(Rational(9, 5), precision: precision) * (Ball(-20, precision: precision) / a).exp()).log()
    let v2 = Ball(-1, precision: precision) + a * Ball(2, precision: precision).log()
    let v0 = a * Ball.logSumExp([gamma * v1 / a, gamma * v2 / a])
    #expect(solution.values[1].overlaps(v1))
    #expect(solution.values[2].overlaps(v2))
    #expect(solution.values[0].overlaps(v0))
    #expect(solution.maximumWidth <= tolerance)
    // π_α(left | s0) = e^{γV1/α} / (e^{γV1/α} + e^{γV2/α}).
    let left = (gamma * v1 / a).exp() / ((gamma * v1 / a).exp() + (gamma * v2 / a).exp())
    #expect(solution.policy[0][0].overlaps(left))
    #expect(solution.values[3].contains(Rational.zero))
}

@Test func toyCriticalTemperatureIsBracketed() throws {
    let tolerance = try Rational(parsing: "1e-20")
    let crossings = try CriticalTemperatureSearch.find(
        toyMDP(), state: 0, range: Rational(1, 10)...Rational(10), samples: 16, tolerance: tolerance)
    #expect(crossings.count == 1)
    let crossing = try #require(crossings.first)
    #expect(crossing.upper - crossing.lower <= tolerance)
    #expect(crossing.isFalling)
    #expect(crossing.lower > Rational(8, 10) && crossing.upper < Rational(95, 100))
    // Independent check of the sign change on either side with the soft solver.
    let below = try SoftSolver.solve(toyMDP(), alpha: crossing.lower, tolerance: tolerance / 1000).policy[0][0]
    let above = try SoftSolver.solve(toyMDP(), alpha: crossing.upper, tolerance: tolerance / 1000).policy[0][0]
    #expect((below - Rational(1, 2)).isCertainlyPositive)
    #expect((above - Rational(1, 2)).isCertainlyNegative)
}
