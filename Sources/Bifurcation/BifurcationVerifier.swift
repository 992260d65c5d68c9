import Arithmetic
import FiniteMDP
import Solvers

/// The outcome of verifying a stored extension M̂ against its original M.
public struct BifurcationVerification: Sendable {
    /// Claim (i): V̂* = V* on every original state and the exact optimal action sets are equal.
    public let standardPolicyUnchanged: Bool
    /// The first difference found when claim (i) fails, as a sentence.
    public let standardDifference: String?
    /// V*(x) of the original states, exactly (equal in M and M̂ when claim (i) holds).
    public let originalValues: [Rational]
    /// V̂*(x) of every state of M̂, exactly.
    public let extendedValues: [Rational]
    /// Enclosures of π̂_α(a|s), computed from M̂ alone.
    public let achievedPolicy: [Ball]
    /// Enclosures of π̂_α(a|s) − p(a).
    public let deviation: [Ball]
    /// An exact upper bound on max_a |π̂_α(a|s) − p(a)|.
    public let deviationBound: Rational
    /// Claim (ii): deviationBound ≤ ε.
    public let policyWithinTolerance: Bool
    /// Working precision of the soft enclosures (bits).
    public let precision: Int
    /// The exact standard-optimal actions at every added non-terminal state of M̂ (the m_a), by name.
    public let addedStateOptimalActions: [(state: String, actions: [String])]
    /// The exact admissibility condition of claim (i), read off the stored M̂ action by action;
    /// nil when M̂ does not have the shape of Bif(M, s, p) at s.
    public let admissibility: [AdmissibilityCheck]?
    /// Whether the admissibility condition holds for every action (true when it could not be read).
    public var admissibilityHolds: Bool { admissibility?.allSatisfy(\.holds) ?? true }
}

/// Claim (i)'s condition for one action a of s, exactly: r_T(a) ≤ W_a if a ∈ Opt(s), and
/// r_T(a) < (V*(s) − r(s,a))/γ if not (docs/theory.md §4).
public struct AdmissibilityCheck: Sendable {
    public let action: String
    public let isStandardOptimal: Bool
    /// r_T(a) as stored in M̂.
    public let bailReward: Rational
    /// W_a or (V*(s) − r(s,a))/γ.
    public let bound: Rational
    public var holds: Bool { isStandardOptimal ? bailReward <= bound : bailReward < bound }
    public var description: String {
        "r_T(\(action)) = \(bailReward) must be \(isStandardOptimal ? "≤ W_a" : "< (V*(s) − r(s,a))/γ") = \(bound)"
    }
}

/// Verifies the two claims of the bifurcation theorem for a *stored* extension, trusting none
/// of the construction's numbers: it sees only the two MDPs, the state's name, p, α and ε.
///
/// (i) is proved exactly: V* of M is solved from M (or a claimed V* is checked exactly); a candidate for M̂ is V* on the original
/// states and, on the added states, the exact Bellman update from those values (repeated until it
/// settles); the candidate is then checked against every Bellman optimality equation of M̂ in
/// rationals, which proves it is V̂* (the equations have one solution). If the check fails, M̂ is
/// solved exactly from scratch and the first difference is reported.
/// (ii) is proved with certified enclosures of π̂_α(·|s) from the soft solver run on M̂.
public enum BifurcationVerifier {
    ///
    /// `originalCandidate`, if given, is a claimed V* of M (from the construction, or from a
    /// certificate); it is only used after an exact Bellman optimality check, and M is solved from
    /// scratch when it fails, so a wrong claim costs time, never soundness.
    public static func verify(
        original: MDP, extended: MDP, state: String, target: [Rational], alpha: Rational, tolerance: Rational,
        originalCandidate: [Rational]? = nil
    ) throws(BifurcationError) -> BifurcationVerification {
        guard original.stateIndex(named: state) != nil, let t = extended.stateIndex(named: state) else {
            throw .refused("state \"\(state)\" is missing from one of the two MDPs")
        }
        guard target.count == extended.states[t].actions.count else {
            throw .refused("the target has \(target.count) entries but \"\(state)\" has \(extended.states[t].actions.count) actions in the extension")
        }
        // One lookup table instead of a linear search per state: the correspondence is built for
        // every state of the original.
        let extendedIndexByName = Dictionary(extended.states.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        var correspondence: [Int] = []
        for originalState in original.states {
            guard let index = extendedIndexByName[originalState.name] else {
                throw .refused("original state \"\(originalState.name)\" is missing from the extension")
            }
            correspondence.append(index)
        }

        let standardOriginal: StandardSolution, standardExtended: StandardSolution
        do {
            standardOriginal = try originalCandidate.flatMap { try StandardSolver.verify(original, candidate: $0) }
                ?? StandardSolver.solve(original)
            let candidate = candidateValues(extended, knownValues: zip(correspondence, standardOriginal.values))
            standardExtended = try candidate.flatMap { try StandardSolver.verify(extended, candidate: $0) }
                ?? StandardSolver.solve(extended)
        } catch {
            throw .failed("standard verification: \(error)")
        }
        var difference: String?
        for (index, originalState) in original.states.enumerated() where difference == nil {
            let image = correspondence[index]
            if standardExtended.values[image] != standardOriginal.values[index] {
                difference = "V̂*(\(originalState.name)) = \(standardExtended.values[image]) differs from V*(\(originalState.name)) = \(standardOriginal.values[index])"
                continue
            }
            let before = Set(standardOriginal.optimalActions[index].map { originalState.actions[$0].name })
            let after = Set(standardExtended.optimalActions[image].map { extended.states[image].actions[$0].name })
            if before != after {
                difference = "Opt(\(originalState.name)) changed from {\(before.sorted().joined(separator: ", "))} to {\(after.sorted().joined(separator: ", "))}"
            }
        }

        let originalNames = Set(original.states.map(\.name))
        let addedOptimal = extended.states.indices.filter { !originalNames.contains(extended.states[$0].name) && !extended.states[$0].isTerminal }
            .map { index in
                (state: extended.states[index].name,
                 actions: standardExtended.optimalActions[index].map { extended.states[index].actions[$0].name })
            }
        let admissibility = admissibilityChecks(
            original: original, extended: extended, state: original.stateIndex(named: state)!, extendedState: t,
            originalNames: originalNames, standard: standardOriginal)

        let soft: SoftSolution
        do {
            soft = try SoftSolver.solve(extended, alpha: alpha, tolerance: tolerance / 4)
        } catch {
            throw .failed("soft verification: \(error)")
        }
        let achieved = soft.policy[t]
        let deviation = zip(achieved, target).map { $0 - $1 }
        var bound = Rational.zero
        for ball in deviation {
            guard let upper = ball.upperBound, let lower = ball.lowerBound else {
                throw .failed("claim (ii) not proved: the enclosure of π̂_α(·|s) − p is not finite")
            }
            bound = max(bound, upper, -lower)
        }
        return BifurcationVerification(
            standardPolicyUnchanged: difference == nil, standardDifference: difference,
            originalValues: standardOriginal.values, extendedValues: standardExtended.values,
            achievedPolicy: achieved, deviation: deviation, deviationBound: bound,
            policyWithinTolerance: bound <= tolerance, precision: soft.precision,
            addedStateOptimalActions: addedOptimal, admissibility: admissibility)
    }

    /// Reads, for every action a of s, the m_a it leads to, its "bail" (the action of m_a into a
    /// terminal added state) and its "continue" (the other action, which must repeat P(·|s,a)), and
    /// states claim (i)'s condition with W_a and V*(s) from M's exact solution.
    static func admissibilityChecks(
        original: MDP, extended: MDP, state: Int, extendedState: Int, originalNames: Set<String>,
        standard: StandardSolution
    ) -> [AdmissibilityCheck]? {
        let originalActions = original.states[state].actions, extendedActions = extended.states[extendedState].actions
        guard originalActions.map(\.name) == extendedActions.map(\.name) else { return nil }
        let optimal = Set(standard.optimalActions[state])
        var checks: [AdmissibilityCheck] = []
        for (index, action) in originalActions.enumerated() {
            let route = extendedActions[index]
            guard route.reward == action.reward, route.measure == action.measure, route.transitions.count == 1,
                  route.transitions[0].probability == .one else { return nil }
            let mediocre = extended.states[route.transitions[0].target]
            guard !originalNames.contains(mediocre.name), mediocre.actions.count == 2 else { return nil }
            let bails = mediocre.actions.indices.filter { candidate in
                let transitions = mediocre.actions[candidate].transitions
                return transitions.count == 1 && extended.states[transitions[0].target].isTerminal
                    && !originalNames.contains(extended.states[transitions[0].target].name)
            }
            guard bails.count == 1 else { return nil }
            let continuing = mediocre.actions[1 - bails[0]]
            let expected = action.transitions.map { $0.probability * standard.values[$0.target] }.sum()
            guard continuing.reward == (Rational.one - original.gamma) * expected else { return nil }
            let sameTransitions = continuing.transitions.map { (extended.states[$0.target].name, $0.probability) }
                .elementsEqual(action.transitions.map { (original.states[$0.target].name, $0.probability) }) { $0 == $1 }
            guard sameTransitions else { return nil }
            let isOptimal = optimal.contains(index)
            checks.append(AdmissibilityCheck(
                action: action.name, isStandardOptimal: isOptimal, bailReward: mediocre.actions[bails[0]].reward,
                bound: isOptimal ? expected : (standard.values[state] - action.reward) / original.gamma))
        }
        return checks
    }

    /// V* on the original states, extended to the added states by exact Bellman updates that only
    /// read already-known values; `nil` if the added states depend on each other cyclically.
    static func candidateValues(
        _ extended: MDP, knownValues: Zip2Sequence<[Int], [Rational]>
    ) -> [Rational]? {
        var values = [Rational?](repeating: nil, count: extended.states.count)
        for (index, value) in knownValues { values[index] = value }
        var progress = true
        while progress {
            progress = false
            for (index, state) in extended.states.enumerated() where values[index] == nil {
                if state.isTerminal {
                    values[index] = .zero
                    progress = true
                    continue
                }
                let q = state.actions.map { action -> Rational? in
                    var expected = Rational.zero
                    for transition in action.transitions {
                        guard let next = values[transition.target] else { return nil }
                        expected += transition.probability * next
                    }
                    return action.reward + extended.gamma * expected
                }
                guard q.allSatisfy({ $0 != nil }) else { continue }
                values[index] = q.compactMap { $0 }.max()
                progress = true
            }
        }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        return values.compactMap { $0 }
    }
}
