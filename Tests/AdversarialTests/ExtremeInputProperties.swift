import Arithmetic
import Bifurcation
import FiniteMDP
import PropertyBased
import Solvers
import Testing

private let tolerance = Rational(1) / Rational(10).power(12)

/// Either a clean refusal (a `SolverError`, whose message is one line) or a solution whose
/// balls are finite, no wider than asked, and overlap the independent oracle's enclosures of
/// V_α and π_α, which are themselves narrower than the tolerance.
private func checkAgainstOracle(_ instance: ExtremeCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let mdp = instance.mdp, alpha = instance.alpha
    let solution: SoftSolution
    do {
        solution = try SoftSolver.solve(mdp, alpha: alpha, tolerance: tolerance)
    } catch {
        #expect(!error.description.contains("\n"), sourceLocation: sourceLocation)
        return
    }
    #expect(solution.maximumWidth <= tolerance, sourceLocation: sourceLocation)
    let midpoints = try solution.values.map { try #require($0.midpoint, sourceLocation: sourceLocation) }
    let precision = 4 * solution.precision
    let oracle = try #require(
        mdp.gamma < .one && !instance.isForward
            ? IndependentOracle.discountedValues(mdp, midpoints: midpoints, alpha: alpha, precision: precision)
            : IndependentOracle.forwardValues(
                mdp, midpoints: midpoints, radii: solution.values.map { $0.radius! }, alpha: alpha, precision: precision),
        "the oracle could not enclose V_α", sourceLocation: sourceLocation)
    for state in mdp.states.indices {
        // The oracle's enclosures are about as narrow as the solver's: it would catch any value
        // the solver places more than a few tolerances away from the truth.
        #expect(oracle[state].isNarrower(than: tolerance * 16), "oracle V(\(state)) = \(oracle[state])", sourceLocation: sourceLocation)
        #expect(solution.values[state].overlaps(oracle[state]),
                "V(\(state)): solver \(solution.values[state]), oracle \(oracle[state])", sourceLocation: sourceLocation)
        guard !mdp.states[state].isTerminal else { continue }
        let policy = IndependentOracle.policy(mdp, state: state, values: oracle, alpha: alpha, precision: precision)
        for (solved, checked) in zip(solution.policy[state], policy) {
            #expect(solved.overlaps(checked), "π(·|\(state)): solver \(solved), oracle \(checked)", sourceLocation: sourceLocation)
        }
    }
}

@Test func forwardMDPsWithExtremeNumbersCertifyAgainstTheOracleOrRefuse() async {
    await propertyCheck(count: 120, input: ExtremeCase.forward) { instance in
        try checkAgainstOracle(instance)
    }
}

@Test func cyclicMDPsWithExtremeNumbersCertifyAgainstTheOracleOrRefuse() async {
    await propertyCheck(count: 120, input: ExtremeCase.cyclic) { instance in
        try checkAgainstOracle(instance)
    }
}

/// The same extreme MDPs fed to the bifurcation construction: it succeeds and both claims
/// verify, or it refuses or fails with a one-line reason — it never crashes.
@Test func bifurcationOfExtremeMDPsVerifiesOrRefuses() async {
    await propertyCheck(count: 25, input: ExtremeCase.forward) { instance in
        let mdp = instance.mdp
        let actionCount = mdp.states[0].actions.count
        guard actionCount >= 2 else { return }
        let target = (0..<actionCount).map { Rational($0 + 1) / Rational(actionCount * (actionCount + 1) / 2) }
        let request = BifurcationRequest(
            mdp: mdp, state: 0, target: target, alpha: instance.alpha, tolerance: Rational(1, 1000))
        do {
            let construction = try EntropicBifurcation.construct(request)
            #expect(construction.verification.standardPolicyUnchanged)
            #expect(construction.verification.policyWithinTolerance)
        } catch {
            #expect(!String(describing: error).contains("\n"))
        }
    }
}
