import Arithmetic
import FiniteMDP
import Foundation
import Solvers
import JSON

/// The numbers that define M̂ = Bif(M, s, p), per action a of s (docs/theory.md §4).
public struct BifurcationParameters: Sendable {
    /// The admissibility rule the bail rewards obey.
    public let rule: AdmissibilityRule
    /// K, the soft value s is given in M̂ (inside the admissible window of the chosen n₂).
    public let boundaryValue: Rational
    /// A certified bracket of K₀, the smallest boundary value at which every bracket D_a(K) is positive.
    public let lowestBoundaryValue: (lower: Rational, upper: Rational)
    /// W_a = Σ P(s'|s,a) V*(s'), exactly.
    public let expectedValues: [Rational]
    /// b_a, exactly: the bound the rule puts on r_T(a) — W_a for a ∈ Opt(s) (and for every a under the
    /// conservative rule), (V*(s) − r(s,a))/γ otherwise.
    public let bailRewardBounds: [Rational]
    /// q_a = Σ P(s'|s,a) max_π E[γ^{τ_s}] from s', exactly, when γ = 1 and s is reachable from its
    /// own successors (E_a is then q_a-Lipschitz in K); nil otherwise (E_a is constant when s is
    /// unreachable, and 1-Lipschitz, which suffices, when γ < 1).
    public let reachFactors: [Rational]?
    /// ρ_a = (1 − γ) W_a, the reward of "continue", exactly.
    public let continueRewards: [Rational]
    /// n₁(a), the measure of "continue".
    public let continueMeasures: [Rational]
    /// n₂(a), the measure of "bail".
    public let bailMeasures: [Rational]
    /// ⌊B_a(K₀)⌋ + 1, the smallest integer n₂(a) admissible for some K (for every a at once); when
    /// B_a(K₀) exceeds 2^4096 and is not pinned to the integer, the first integer above its
    /// enclosure (still admissible; see `smallestAdmissibleIsExact`).
    public let smallestAdmissibleBailMeasures: [Rational]
    /// Whether `smallestAdmissibleBailMeasures[a]` is certified to be the very smallest.
    public let smallestAdmissibleIsExact: [Bool]
    /// r_T(a) as stored in M̂: an exact rational below the certified real value and below b_a.
    public let bailRewards: [Rational]
    /// Enclosures of the real r_T(a) that makes π̂_α(·|s) = p exactly.
    public let bailRewardEnclosures: [Ball]
    /// Names of the added mediocre states m_a and terminal failure states t_a.
    public let mediocreStates: [String]
    public let failureStates: [String]
}

extension BifurcationParameters {
    /// The standard-optimal actions at each m_a, from the exact numbers: with V̂* = V* on S,
    /// Q̂*(m_a, continue) = W_a and Q̂*(m_a, bail) = r_T(a).
    public var mediocreOptimalActions: [[String]] {
        zip(expectedValues, bailRewards).map { continueValue, bailValue in
            continueValue > bailValue ? ["continue"] : continueValue < bailValue ? ["bail"] : ["continue", "bail"]
        }
    }
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
/// 1. Solve M exactly (V*, W_a, ρ_a, the bounds b_a of the admissibility rule) and softly (π_α for
///    the report); when s is reachable from its own successors, the reach factors q_a exactly.
/// 2. Bracket K₀, the largest root of the margins g_a(K) = U_a(K) − α log n₁ − ρ_a − γ E_a(K), with
///    E_a(K) = Σ P(s'|s,a) V^K(s') the certified soft values of M with s held at K.
/// 3. n₂(a): ⌊B_a(K₀)⌋ + 1 with B_a = D_a e^{−b_a/α} — the smallest admissible integer over all K —
///    or the user's, if it exceeds B_a(K₀).
/// 4. K: a short decimal inside the window (K₀, K_u) where every D_a(K) > 0 and B_a(K) < n₂(a).
/// 5. r_T(a) = α log(D_a(K)/n₂(a)), stored as a rational just below its certified enclosure.
/// 6. Write M̂, read it back, and verify (i) and (ii) from the stored M̂ alone; if rounding of
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
        let optimal = Set(standard.optimalActions[s])
        let boundIsExpectedValue = actions.indices.map { request.rule == .conservative || optimal.contains($0) }
        let bounds = actions.indices.map { index in
            boundIsExpectedValue[index] ? expected[index] : (standard.values[s] - actions[index].reward) / mdp.gamma
        }
        let reachable = request.stateIsReachableFromItsSuccessors()
        // For γ < 1, q_a ≤ 1 already gives the slope floor 1/γ − γ > 0; only γ = 1 needs q_a itself.
        let reach = reachable && mdp.gamma == .one ? try reachFactors(request) : nil

        let functions = BoundaryFunctions(
            request: request, continueRewards: continueRewards, continueMeasures: continueMeasures,
            bailRewardBounds: bounds, boundIsExpectedValue: boundIsExpectedValue,
            reachFactors: reach ?? actions.map { _ in reachable ? .one : .zero })
        // A SoftSolution's balls are finite, so the midpoint exists.
        let plan = try functions.plan(start: soft.values[s].midpoint!)

        // Lemma 6: changing the bail rewards by at most δ moves π̂_α(·|s) by at most e^{2δ/α} − 1,
        // which is ≤ 4δ/α ≤ ε/8 for δ = ε·min(α, 1)/32, for every γ ≤ 1.
        var accuracy = request.tolerance * alpha.clamped(atMost: .one) / 32
        let names = addedStateNames(request)
        for _ in 0..<4 {
            let rewards = try functions.bailRewards(
                boundaryValue: plan.boundaryValue, bailMeasures: plan.bailMeasures, accuracy: accuracy,
                tolerance: plan.tolerance)
            let parameters = BifurcationParameters(
                rule: request.rule, boundaryValue: plan.boundaryValue, lowestBoundaryValue: plan.lowestBoundaryValue,
                expectedValues: expected, bailRewardBounds: bounds, reachFactors: reach,
                continueRewards: continueRewards, continueMeasures: continueMeasures, bailMeasures: plan.bailMeasures,
                smallestAdmissibleBailMeasures: plan.smallestAdmissibleBailMeasures,
                smallestAdmissibleIsExact: plan.smallestAdmissibleIsExact, bailRewards: rewards.stored,
                bailRewardEnclosures: rewards.enclosures, mediocreStates: names.mediocre, failureStates: names.failure)
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

    /// q_a = Σ P(s'|s,a) q(s'), q(x) = max_π E_x[γ^{τ_s}] (τ_s: the first time s is reached), from one
    /// exact standard solve of M with s made absorbing with reward 1 and every other reward 0;
    /// at γ = 1, q_a < 1 because M has no end component (proofs/bifurcation.md, Lemma 3′).
    static func reachFactors(_ request: BifurcationRequest) throws(BifurcationError) -> [Rational] {
        var absorbing = request.mdp
        let reached = absorbing.states.count
        absorbing.states.append(MDP.State(name: "reached"))
        for index in absorbing.states.indices {
            for actionIndex in absorbing.states[index].actions.indices {
                absorbing.states[index].actions[actionIndex].reward = .zero
            }
        }
        absorbing.states[request.state].actions = [
            MDP.Action(name: "reach", reward: .one, transitions: [MDP.Transition(target: reached, probability: .one)]),
        ]
        let reach: [Rational]
        do {
            reach = try StandardSolver.solve(absorbing).values
        } catch {
            throw .failed("reach probabilities of s: \(error)")
        }
        let factors = request.mdp.states[request.state].actions.map { action in
            action.transitions.map { $0.probability * reach[$0.target] }.sum()
        }
        let gamma = request.mdp.gamma
        if let index = factors.indices.first(where: { gamma * gamma * factors[$0] >= .one }) {
            throw .failed("internal error: q_a = \(factors[index]) for action \"\(request.mdp.states[request.state].actions[index].name)\" leaves g_a no guaranteed growth")
        }
        return factors
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
                ("rule", .string(parameters.rule.rawValue)),
                ("K", .string(parameters.boundaryValue.description)),
                ("K0Bracket", list([parameters.lowestBoundaryValue.lower, parameters.lowestBoundaryValue.upper])),
                ("W", list(parameters.expectedValues)),
                ("rTBound", list(parameters.bailRewardBounds)),
                ("rho", list(parameters.continueRewards)),
                ("n1", list(parameters.continueMeasures)),
                ("n2", list(parameters.bailMeasures)),
                ("n2SmallestAdmissible", list(parameters.smallestAdmissibleBailMeasures)),
                ("n2SmallestIsExact", .array(parameters.smallestAdmissibleIsExact.map(JSONValue.bool))),
                ("rT", list(parameters.bailRewards)),
                ("rTEnclosure", .array(parameters.bailRewardEnclosures.map { .string($0.enclosureString(digits: 30)) })),
                ("q", parameters.reachFactors.map(list) ?? .null),
                ("mediocreStates", .array(parameters.mediocreStates.map(JSONValue.string))),
                ("standardOptimalAtMediocre", .array(parameters.mediocreOptimalActions.map { .array($0.map(JSONValue.string)) })),
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
