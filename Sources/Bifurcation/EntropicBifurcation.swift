import Arithmetic
import FiniteMDP
import Foundation
import Solvers

/// The numbers that define M̂ = Bif(M, s, p), per action a of s (docs/theory.md §4).
public struct BifurcationParameters: Sendable {
    /// K, the soft value s is given in M̂ (chosen with a certified margin).
    public let boundaryValue: Rational
    /// W_a = Σ P(s'|s,a) V*(s'), exactly.
    public let expectedValues: [Rational]
    /// ρ_a = (1 − γ) W_a, the reward of "continue", exactly.
    public let continueRewards: [Rational]
    /// n₁(a), the measure of "continue".
    public let continueMeasures: [Rational]
    /// n₂(a), the measure of "bail".
    public let bailMeasures: [Rational]
    /// The smallest integer n₂(a) certified admissible (n₂ > D_a(K) e^{−W_a/α}); when that bound
    /// exceeds 2^4096 and cannot be pinned to the integer, the first integer above its enclosure
    /// (still admissible; see `smallestAdmissibleIsExact`).
    public let smallestAdmissibleBailMeasures: [Rational]
    /// Whether `smallestAdmissibleBailMeasures[a]` is certified to be the very smallest.
    public let smallestAdmissibleIsExact: [Bool]
    /// r_T(a) as stored in M̂: an exact rational below the certified real value and below W_a.
    public let bailRewards: [Rational]
    /// Enclosures of the real r_T(a) that makes π̂_α(·|s) = p exactly.
    public let bailRewardEnclosures: [Ball]
    /// Names of the added mediocre states m_a and terminal failure states t_a.
    public let mediocreStates: [String]
    public let failureStates: [String]
}

/// The extension together with what was learnt about M on the way.
public struct BifurcationConstruction: Sendable {
    public let request: BifurcationRequest
    /// M̂, as it is written to disk.
    public let extended: MDP
    public let parameters: BifurcationParameters
    public let originalStandard: StandardSolution
    public let originalSoft: SoftSolution
    /// The independent verification of the stored M̂ (re-read from its own file text).
    public let verification: BifurcationVerification
}

/// Builds the entropic bifurcation extension and verifies it (docs/theory.md §4; proofs/bifurcation.md).
///
/// 1. Solve M exactly (V*, W_a, ρ_a) and softly (π_α for the report).
/// 2. Choose K: increase it until every g_a(K) = U_a(K) − α log n₁ − ρ_a − γ E_a(K) is certainly
///    ≥ α log 2, where E_a(K) = Σ P(s'|s,a) V^K(s') are soft values of M with s held at K
///    (certified). Then D_a(K) = e^{U_a/α}(1 − e^{−g_a/α}) ≥ e^{U_a/α}/2 > 0.
/// 3. n₂(a): the smallest integer > D_a(K) e^{−W_a/α} (or the user's, if it is admissible).
/// 4. r_T(a) = α log(D_a(K)/n₂(a)), stored as a rational just below its certified enclosure.
/// 5. Write M̂, read it back, and verify (i) and (ii) from the stored M̂ alone; if rounding of
///    r_T cost too much accuracy, tighten and rebuild.
public enum EntropicBifurcation {
    public static func construct(_ request: BifurcationRequest) throws(BifurcationError) -> BifurcationConstruction {
        try request.check()
        let mdp = request.mdp, s = request.state, alpha = request.alpha
        let actions = mdp.states[s].actions
        let standard: StandardSolution, soft: SoftSolution
        do {
            standard = try StandardSolver.solve(mdp)
            soft = try SoftSolver.solve(mdp, alpha: alpha, tolerance: request.tolerance)
        } catch {
            throw .failed("solving the original MDP: \(error)")
        }
        let expected = actions.map { action in
            action.transitions.map { $0.probability * standard.values[$0.target] }.sum()
        }
        let continueRewards = expected.map { (Rational.one - mdp.gamma) * $0 }
        let continueMeasures = request.continueMeasures ?? actions.map { _ in Rational.one }

        let margins = Margins(request: request, continueRewards: continueRewards, continueMeasures: continueMeasures)
        // A SoftSolution's balls are finite, so the midpoint exists.
        let boundaryValue = try margins.chooseBoundaryValue(start: soft.values[s].midpoint!)

        // Accuracy of the final numbers: a change δ in r_T moves π̂_α(·|s) by at most about
        // 2δ/(α(1 − γ)) (γ < 1) or 2δ/α (γ = 1, s unreachable from its successors).
        let sensitivity = (mdp.gamma == .one ? Rational.one : Rational.one - mdp.gamma) * alpha.clamped(atMost: .one)
        var accuracy = request.tolerance * sensitivity / 32
        for _ in 0..<4 {
            let parameters = try margins.parameters(
                boundaryValue: boundaryValue, expectedValues: expected, accuracy: accuracy)
            let extended = buildExtension(request, parameters: parameters)
            let stored: MDP
            do {
                stored = try MDP(json: extended.jsonText())
            } catch {
                throw .failed("the extension does not read back as a valid maxent-mdp/1 file: \(error)")
            }
            let verification = try BifurcationVerifier.verify(
                original: mdp, extended: stored, state: mdp.states[s].name, target: request.target, alpha: alpha,
                tolerance: request.tolerance, originalCandidate: standard.values)
            if verification.policyWithinTolerance || !verification.standardPolicyUnchanged {
                return BifurcationConstruction(
                    request: request, extended: stored, parameters: parameters, originalStandard: standard,
                    originalSoft: soft, verification: verification)
            }
            accuracy = accuracy / Rational(10).power(6)
        }
        throw .failed("could not reach ε = \(request.tolerance) after tightening the stored bail rewards")
    }

    /// M̂: s's actions lead to their mediocre states, which continue (as the action did) or bail.
    static func buildExtension(_ request: BifurcationRequest, parameters: BifurcationParameters) -> MDP {
        var extended = request.mdp
        let s = request.state
        let firstAdded = extended.states.count
        let original = extended.states[s].actions
        for (index, action) in original.enumerated() {
            let mediocre = firstAdded + 2 * index, failure = mediocre + 1
            extended.states[s].actions[index].transitions = [MDP.Transition(target: mediocre, probability: .one)]
            extended.states.append(MDP.State(name: parameters.mediocreStates[index], actions: [
                MDP.Action(
                    name: "continue", measure: parameters.continueMeasures[index],
                    reward: parameters.continueRewards[index], transitions: action.transitions),
                MDP.Action(
                    name: "bail", measure: parameters.bailMeasures[index], reward: parameters.bailRewards[index],
                    transitions: [MDP.Transition(target: failure, probability: .one)]),
            ]))
            extended.states.append(MDP.State(name: parameters.failureStates[index]))
        }
        let actionNames = original.map(\.name)
        func list(_ values: [Rational]) -> JSONValue { .array(values.map { .string($0.description) }) }
        var meta: [(key: String, value: JSONValue)] = [
            ("bifurcation", .object([
                ("construction", .string("Bif(M, s, p), docs/theory.md §4")),
                ("state", .string(request.mdp.states[s].name)),
                ("actions", .array(actionNames.map(JSONValue.string))),
                ("target", list(request.target)),
                ("alpha", .string(request.alpha.description)),
                ("epsilon", .string(request.tolerance.description)),
                ("K", .string(parameters.boundaryValue.description)),
                ("W", list(parameters.expectedValues)),
                ("rho", list(parameters.continueRewards)),
                ("n1", list(parameters.continueMeasures)),
                ("n2", list(parameters.bailMeasures)),
                ("n2SmallestAdmissible", list(parameters.smallestAdmissibleBailMeasures)),
                ("n2SmallestIsExact", .array(parameters.smallestAdmissibleIsExact.map(JSONValue.bool))),
                ("rT", list(parameters.bailRewards)),
                ("rTEnclosure", .array(parameters.bailRewardEnclosures.map { .string($0.enclosureString(digits: 30)) })),
                ("mediocreStates", .array(parameters.mediocreStates.map(JSONValue.string))),
                ("failureStates", .array(parameters.failureStates.map(JSONValue.string))),
            ])),
        ]
        if let originalMeta = request.mdp.meta { meta.append(("original", originalMeta)) }
        extended.meta = .object(meta)
        return extended
    }

    /// Names for the added states that collide with no existing state.
    static func addedStateNames(_ request: BifurcationRequest) -> (mediocre: [String], failure: [String]) {
        var taken = Set(request.mdp.states.map(\.name))
        func fresh(_ base: String) -> String {
            var name = base
            while taken.contains(name) { name += "'" }
            taken.insert(name)
            return name
        }
        let stateName = request.mdp.states[request.state].name
        var mediocre: [String] = [], failure: [String] = []
        for action in request.mdp.states[request.state].actions {
            mediocre.append(fresh("m[\(stateName),\(action.name)]"))
            failure.append(fresh("t[\(stateName),\(action.name)]"))
        }
        return (mediocre, failure)
    }
}

extension Rational {
    func clamped(atMost limit: Rational) -> Rational { self > limit ? limit : self }
}
