import Analysis
import Arithmetic
import Bifurcation
import FiniteMDP
import Plotting
import Solvers

/// The entropic bifurcation extension at the report's state: a drawing of M̂ and the policies.
enum BifurcationSection {
    /// Adds the section; a default target the construction refuses becomes a note, a requested
    /// one an error (the request was wrong).
    static func add(_ request: ReportRequest, standard: StandardSolution, to page: inout HTMLPage) throws(ReportError) {
        let mdp = request.mdp, s = request.state
        let stateName = mdp.states[s].name
        page.heading("Entropic bifurcation at \(stateName)")
        let target = request.bifurcationTarget ?? defaultTarget(actionCount: mdp.states[s].actions.count, optimal: standard.optimalActions[s])
        let construction: BifurcationConstruction
        do {
            construction = try EntropicBifurcation.construct(BifurcationRequest(
                mdp: mdp, state: s, target: target, alpha: request.bifurcationAlpha, tolerance: request.tolerance))
        } catch {
            if request.bifurcationTarget != nil { throw ReportError("bifurcation target: \(error)") }
            page.note("No extension was built: \(error)")
            return
        }
        page.paragraph("The construction of docs/theory.md §4 adds, for each action of \(stateName), a mediocre state and a failure "
            + "state, chosen so that the standard optimal policy stays exactly the same while the MaxEnt-optimal policy at "
            + "\(stateName) becomes any full-support target — here p = ("
            + target.map(\.description).joined(separator: ", ") + ") at α = \(request.bifurcationAlpha).")
        page.figure(BifurcationFigures.diagram(construction))
        page.figure(BifurcationFigures.policyBars(construction))
        let parameters = construction.parameters, verification = construction.verification
        let digits = min(CertifiedText.digits(for: request.tolerance), 20)
        page.table(
            caption: "Per action of \(stateName): target, MaxEnt policy before (M) and after (M̂) as certified digits, and the added measures and rewards.",
            header: ["action", "target p", "π_α before", "π̂_α after", "n₁", "n₂", "r_T stored in M̂", "r_T real (certified)"],
            rows: mdp.states[s].actions.indices.map { index in
                [mdp.states[s].actions[index].name, target[index].description,
                 construction.originalSoft.policy[s][index].certifiedDigits(digits), verification.achievedPolicy[index].certifiedDigits(digits),
                 parameters.continueMeasures[index].description, parameters.bailMeasures[index].description,
                 CertifiedText.exactOrRounded(parameters.bailRewards[index], maximumLength: 24, digits: 15),
                 parameters.bailRewardEnclosures[index].certifiedDigits(16)]
            },
            numericColumns: [1, 2, 3, 4, 5, 6, 7])
        page.bulletList([
            verification.standardPolicyUnchanged
                ? "✓ Standard optimal policy unchanged — verified exactly: V̂* = V* on all \(mdp.states.count) original states and identical optimal action sets."
                : "✗ Standard optimal policy changed: \(verification.standardDifference ?? "see the verification").",
            verification.policyWithinTolerance
                ? "✓ MaxEnt policy at \(stateName) equals the target within ε = \(CertifiedText.short(request.tolerance)) — certified from the stored M̂ (max |π̂_α − p| ≤ \(CertifiedText.short(verification.deviationBound, roundingUp: true)))."
                : "✗ MaxEnt policy at \(stateName) misses the target by up to \(CertifiedText.short(verification.deviationBound, roundingUp: true)).",
        ])
    }

    /// 1/5 spread over the standard-optimal actions and 4/5 over the others (uniform when every
    /// action is optimal).
    static func defaultTarget(actionCount: Int, optimal: [Int]) -> [Rational] {
        guard !optimal.isEmpty, optimal.count < actionCount else {
            return [Rational](repeating: Rational(1, actionCount), count: actionCount)
        }
        return (0..<actionCount).map { index in
            optimal.contains(index) ? Rational(1, 5) / Rational(optimal.count) : Rational(4, 5) / Rational(actionCount - optimal.count)
        }
    }
}
