import Arithmetic
@testable import Solvers
import Testing

/// A `SoftSolution` is what `solve` prints as certified; it cannot be built around a ball that is
/// not finite, so "certified": true beside `nan` cannot happen.
@Test func aSoftSolutionCannotHoldANonFiniteBall() {
    let finite = Ball(Rational(1, 3), precision: 64)
    let indeterminate = Ball(1, precision: 64) / Ball(from: -1, to: 1, precision: 64)
    #expect(!indeterminate.isFinite)
    let good = SoftSolution(
        alpha: 1, values: [finite], qValues: [[finite]], policy: [[Ball(1, precision: 64)]], precision: 64, newtonSteps: 0)
    #expect(good != nil)
    #expect(good.map { $0.maximumWidth >= finite.width! } == true)
    for position in 0..<3 {
        let values = position == 0 ? [indeterminate] : [finite]
        let q = position == 1 ? [[indeterminate]] : [[finite]]
        let policy = position == 2 ? [[indeterminate]] : [[finite]]
        #expect(SoftSolution(alpha: 1, values: values, qValues: q, policy: policy, precision: 64, newtonSteps: 0) == nil)
    }
}

/// A working precision far too low for the values (here 16 bits against values near 10¹²) ends
/// in a refusal or in finite enclosures, never in a certified non-finite number.
@Test func tooLowAPrecisionRefusesOrStaysFinite() throws {
    let mdp = try MDPFixture.cyclicNearOne()
    for bits in [16, 20, 32] {
        let outcome = Result { () throws(SolverError) in
            try SoftSolver.solve(mdp, alpha: Rational(1, 1_000_000_000), precision: bits)
        }
        if case .success(let solution) = outcome {
            #expect((solution.values + solution.qValues.joined() + solution.policy.joined()).allSatisfy { $0.isFinite })
        }
    }
}
