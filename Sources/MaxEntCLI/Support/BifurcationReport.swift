import Arithmetic
import Bifurcation
import FiniteMDP
import Foundation
import JSON

/// What `bifurcate` prints: a short account a reader can check by eye, or JSON.
struct BifurcationReport {
    let construction: BifurcationConstruction
    let source: String

    private var request: BifurcationRequest { construction.request }
    private var verification: BifurcationVerification { construction.verification }
    private var state: MDP.State { request.mdp.states[request.state] }

    func text() -> String {
        let digits = displayDigits(for: request.tolerance)
        let parameters = construction.parameters
        let optimal = construction.originalStandard.optimalActions[request.state].map { state.actions[$0].name }
        let softPolicy = zip(state.actions, construction.originalSoft.policy[request.state])
            .map { "\($0.name) \($1.certifiedDigits(12))" }.joined(separator: ", ")
        var lines = [
            "Entropic bifurcation extension of \(source)",
            "  s = \(state.name), α = \(request.alpha), ε = \(upperBoundText(request.tolerance)), γ = \(request.mdp.gamma)",
            "",
            "Original MDP at \(state.name)",
            "  standard-optimal action(s): \(optimal.joined(separator: ", "))   (V*(\(state.name)) = \(exactText(construction.originalStandard.values[request.state])), exact)",
            "  MaxEnt policy π_α(·|\(state.name)): \(softPolicy)",
            "",
            "Extension M̂: +\(state.actions.count) mediocre and +\(state.actions.count) failure states, K = \(truncatedDecimal(parameters.boundaryValue)), \(parameters.rule.rawValue) admissibility rule",
        ]
        var rows = [["action", "target p", "achieved π̂_α(a|\(state.name)) (certified digits)", "n₁", "n₂", "r_T (stored)", "optimal at m_a"]]
        let optimalAtMediocre = Dictionary(verification.addedStateOptimalActions.map { ($0.state, $0.actions) }, uniquingKeysWith: { first, _ in first })
        for index in state.actions.indices {
            rows.append([
                state.actions[index].name,
                request.target[index].description,
                verification.achievedPolicy[index].certifiedDigits(digits),
                shortInteger(parameters.continueMeasures[index]),
                shortInteger(parameters.bailMeasures[index]),
                truncatedDecimal(parameters.bailRewards[index]),
                (optimalAtMediocre[parameters.mediocreStates[index]] ?? []).joined(separator: ", "),
            ])
        }
        lines += table(rows)
        if let reach = parameters.reachFactors {
            lines.append("  \(state.name) is reachable from its own successors: q_a ≈ \(reach.map { $0.decimalString(digits: 6) }.joined(separator: ", ")) (exact rationals in --json), so g_a(K) grows at rate ≥ 1 − q_a")
        }
        if request.bailMeasures == nil {
            let unpinned = state.actions.indices.filter { !parameters.smallestAdmissibleIsExact[$0] }.map { state.actions[$0].name }
            lines.append("  n₂ are the smallest integers the \(parameters.rule.rawValue) rule admits for any K (K₀ ∈ [\(parameters.lowestBoundaryValue.lower.decimalString(digits: 9)), \(parameters.lowestBoundaryValue.upper.decimalString(digits: 9))])"
                + (unpinned.isEmpty ? "" : "; for \(unpinned.joined(separator: ", ")) B_a(K₀) lies too close to an integer to separate, and the next integer is used"))
        }
        let originalCount = request.mdp.states.count
        lines += [
            "",
            "Verdicts",
            verification.standardPolicyUnchanged
                ? "  ✓ standard optimal policy unchanged — verified exactly (V̂* = V* on all \(originalCount) original states, identical optimal action sets)"
                : "  ✗ standard optimal policy CHANGED: \(verification.standardDifference ?? "")",
            verification.policyWithinTolerance
                ? "  ✓ MaxEnt policy at \(state.name) equals the target within ε — verified (max |π̂_α − p| ≤ \(upperBoundText(verification.deviationBound, significantDigits: 2)), certified from the stored M̂)"
                : "  ✗ MaxEnt policy at \(state.name) is NOT certified within ε (max |π̂_α − p| ≤ \(upperBoundText(verification.deviationBound, significantDigits: 2)))",
        ]
        return lines.joined(separator: "\n")
    }

    func json() -> JSONValue {
        let parameters = construction.parameters
        let optimalAtMediocre = Dictionary(verification.addedStateOptimalActions.map { ($0.state, $0.actions) }, uniquingKeysWith: { first, _ in first })
        return .object([
            ("state", .string(state.name)),
            ("alpha", .string(request.alpha.description)),
            ("epsilon", .string(request.tolerance.description)),
            ("rule", .string(parameters.rule.rawValue)),
            ("K", .string(parameters.boundaryValue.description)),
            ("actions", .array(state.actions.indices.map { index in
                .object([
                    ("name", .string(state.actions[index].name)),
                    ("target", .string(request.target[index].description)),
                    ("achieved", .string(verification.achievedPolicy[index].enclosureString(digits: displayDigits(for: request.tolerance) + 5))),
                    ("originalSoftProbability", .string(construction.originalSoft.policy[request.state][index].enclosureString(digits: 20))),
                    ("n1", .string(parameters.continueMeasures[index].description)),
                    ("n2", .string(parameters.bailMeasures[index].description)),
                    ("rT", .string(parameters.bailRewards[index].description)),
                    ("W", .string(parameters.expectedValues[index].description)),
                    ("rTBound", .string(parameters.bailRewardBounds[index].description)),
                    ("q", parameters.reachFactors.map { .string($0[index].description) } ?? .null),
                    ("standardOptimalAtMediocre", .array((optimalAtMediocre[parameters.mediocreStates[index]] ?? []).map(JSONValue.string))),
                ])
            })),
            ("originalOptimalActions", .array(construction.originalStandard.optimalActions[request.state].map { .string(state.actions[$0].name) })),
            ("standardPolicyUnchanged", .bool(verification.standardPolicyUnchanged)),
            ("policyWithinEpsilon", .bool(verification.policyWithinTolerance)),
            ("deviationBound", .string(verification.deviationBound.description)),
        ])
    }

    /// The stored r_T is a terminating decimal; its first digits, marked as cut when they are.
    private func truncatedDecimal(_ value: Rational) -> String {
        let text = value.decimalString(digits: 15)
        return value == Rational(text) ? value.description : text + "…"
    }

    /// An integer measure, or its size when it is too long to read.
    private func shortInteger(_ value: Rational) -> String {
        let text = value.description
        return text.count <= 20 ? text : "\(value.numerator.description.prefix(6))… (\(text.count) digits)"
    }
}
