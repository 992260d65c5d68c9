import Arithmetic
@testable import Bifurcation
import FiniteMDP
import PropertyBased
import Randomness
import Solvers
import Testing
import JSON

let discountedGammas = [Rational(1, 2), Rational(9, 10), Rational(99, 100)]
let epsilon = Rational(1) / Rational(10).power(30)

/// A target over `count` actions from a seed: ordinary weights, or an extreme split with entries
/// 1e-12 and 1 − (count − 1)·1e-12.
func target(count: Int, seed: Int) -> [Rational] {
    let tiny = Rational(1) / Rational(10).power(12)
    switch seed % 3 {
    case 0:
        let weights = (0..<count).map { Rational(($0 * 7 + seed) % 9 + 1) }
        let total = weights.sum()
        return weights.map { $0 / total }
    default:
        let large = (seed / 3) % count
        return (0..<count).map { $0 == large ? Rational.one - Rational(count - 1) * tiny : tiny }
    }
}

/// α ∈ [1/100, 10]: k/100 for k in 1…1000, from the seed.
func alpha(seed: Int) -> Rational {
    Rational(seed % 1000 + 1, 100)
}

/// An acyclic episodic MDP: state i moves only to states j > i; the last quarter is terminal.
func acyclicMDP(states: Int, actions: Int, seed: Int) -> MDP {
    var generator = SplitMix64(seed: UInt64(seed))
    let terminalFrom = max(1, states - max(1, states / 4))
    let built = (0..<states).map { index -> MDP.State in
        guard index < terminalFrom else { return MDP.State(name: "x\(index)") }
        return MDP.State(name: "x\(index)", actions: (0..<actions).map { actionIndex in
            let choices = Array(Set((0..<2).map { _ in index + 1 + generator.integer(below: states - index - 1) })).sorted()
            let weights = choices.map { _ in generator.integer(below: 5) + 1 }
            let total = weights.reduce(0, +)
            return MDP.Action(
                name: "a\(actionIndex)", reward: Rational(generator.integer(below: 17) - 8, 4),
                transitions: zip(choices, weights).map { MDP.Transition(target: $0, probability: Rational($1, total)) })
        })
    }
    return MDP(gamma: 1, states: built)
}

/// Builds Bif(M, s, p) under both rules and checks: both claims verify from the stored M̂; every
/// stored r_T obeys its rule exactly (against W_a and V*(s) recomputed here from M's exact
/// solution); the verifier's admissibility reading holds; and n₂ under the exact rule is never
/// larger than under the conservative rule.
func expectBothClaims(_ mdp: MDP, seed: Int, state chosen: Int? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
    let candidates = mdp.states.indices.filter { !mdp.states[$0].isTerminal }
    guard !candidates.isEmpty else { return }
    let state = chosen ?? candidates[seed % candidates.count]
    let request = BifurcationRequest(
        mdp: mdp, state: state, target: target(count: mdp.states[state].actions.count, seed: seed),
        alpha: alpha(seed: seed / 5), tolerance: epsilon)
    var conservative = request
    conservative.rule = .conservative
    do {
        let standard = try StandardSolver.solve(mdp)
        let actions = mdp.states[state].actions
        let expected = actions.map { action in action.transitions.map { $0.probability * standard.values[$0.target] }.sum() }
        let optimal = Set(standard.optimalActions[state])
        var measures: [AdmissibilityRule: [Rational]] = [:]
        for rule in [request, conservative] {
            let construction = try EntropicBifurcation.construct(rule)
            let verification = construction.verification
            #expect(verification.standardPolicyUnchanged, sourceLocation: sourceLocation)
            #expect(verification.policyWithinTolerance, sourceLocation: sourceLocation)
            #expect(verification.deviationBound <= epsilon, sourceLocation: sourceLocation)
            #expect(verification.admissibility?.count == actions.count && verification.admissibilityHolds, sourceLocation: sourceLocation)
            let rewards = construction.parameters.bailRewards
            for index in actions.indices {
                if rule.rule == .conservative {
                    #expect(rewards[index] < expected[index], sourceLocation: sourceLocation)
                } else if optimal.contains(index) {
                    #expect(rewards[index] <= expected[index], sourceLocation: sourceLocation)
                } else {
                    #expect(mdp.gamma * rewards[index] < standard.values[state] - actions[index].reward, sourceLocation: sourceLocation)
                }
            }
            measures[rule.rule] = construction.parameters.bailMeasures
        }
        for (exact, sufficient) in zip(measures[.exact]!, measures[.conservative]!) {
            #expect(exact <= sufficient, sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("construction failed: \(error)", sourceLocation: sourceLocation)
    }
}

@Test func bothClaimsHoldOnRandomDiscountedMDPs() async {
    let inputs = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 2...30), Gen.int(in: 1...4), Gen.int(in: 1...3), Gen.int(in: 0...2))
    await propertyCheck(count: 30, input: inputs) { seed, states, actions, successors, gammaIndex in
        let mdp = MDPGenerator.random(
            states: states, actions: actions, successors: successors, gamma: discountedGammas[gammaIndex],
            seed: UInt64(seed))
        expectBothClaims(mdp, seed: seed)
    }
}

@Test func bothClaimsHoldOnRandomAcyclicEpisodicMDPs() async {
    await propertyCheck(count: 20, input: Gen.int(in: 0...1_000_000), Gen.int(in: 3...30), Gen.int(in: 1...4)) { seed, states, actions in
        expectBothClaims(acyclicMDP(states: states, actions: actions, seed: seed), seed: seed)
    }
}

/// γ = 1 with s on a cycle: MDPGenerator's episodic MDPs send 9/10 of every action's mass to random
/// states (s included) and 1/10 to the exit, so there is no end component but plenty of cycles.
@Test func bothClaimsHoldOnRandomCyclicEpisodicMDPs() async {
    let inputs = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 2...12), Gen.int(in: 1...4), Gen.int(in: 1...3))
    await propertyCheck(count: 25, input: inputs) { seed, states, actions, successors in
        let mdp = MDPGenerator.random(states: states, actions: actions, successors: successors, gamma: 1, seed: UInt64(seed))
        let onCycle = mdp.states.indices.first { index in
            !mdp.states[index].isTerminal
                && BifurcationRequest(mdp: mdp, state: index, target: [], alpha: 1, tolerance: epsilon).stateIsReachableFromItsSuccessors()
        }
        expectBothClaims(mdp, seed: seed, state: onCycle)
    }
}

/// The issue's example: at α = 1/5, target (1/5, 4/5), the exact rule needs n₂ ≤ 100 (the first
/// construction needed 65,762), never more than the conservative rule, and bailing is then the
/// standard-optimal action at m_right while s0 keeps "left".
@Test func theToyExtensionPutsEightyPercentOnTheStandardlyWorseBranch() throws {
    let request = BifurcationRequest(
        mdp: MDP.paperToy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: epsilon)
    let construction = try EntropicBifurcation.construct(request)
    #expect(construction.originalStandard.optimalActions[0] == [0])
    #expect(construction.verification.standardPolicyUnchanged)
    #expect((construction.verification.achievedPolicy[1] - Rational(4, 5)).upperBound! <= epsilon)
    #expect(construction.parameters.bailMeasures.allSatisfy { $0 <= 100 })
    // The stored file keeps the standard optimum: left is still the only optimal action at s0.
    let resolved = try StandardSolver.solve(construction.extended)
    #expect(resolved.optimalActions[0] == [0])
    #expect(resolved.values[0] == Rational(99, 100))
    let right = try #require(construction.extended.stateIndex(named: construction.parameters.mediocreStates[1]))
    let bailIsOptimal = resolved.optimalActions[right].map { construction.extended.states[right].actions[$0].name } == ["bail"]
    #expect(bailIsOptimal == (construction.parameters.bailRewards[1] > construction.parameters.expectedValues[1]))
    #expect(construction.verification.addedStateOptimalActions.first { $0.state == construction.parameters.mediocreStates[1] }?.actions
        == resolved.optimalActions[right].map { construction.extended.states[right].actions[$0].name })

    var conservative = request
    conservative.rule = .conservative
    let sufficient = try EntropicBifurcation.construct(conservative)
    #expect(sufficient.verification.standardPolicyUnchanged && sufficient.verification.policyWithinTolerance)
    #expect(zip(construction.parameters.bailMeasures, sufficient.parameters.bailMeasures).allSatisfy { $0 <= $1 })
    #expect(sufficient.verification.addedStateOptimalActions.allSatisfy { $0.actions == ["continue"] })

    // The issue's counter-example to the first rule: n₂ = (1, 100) is admissible.
    var hundred = request
    hundred.bailMeasures = [1, 100]
    let accepted = try EntropicBifurcation.construct(hundred)
    #expect(accepted.verification.standardPolicyUnchanged && accepted.verification.policyWithinTolerance)
}

/// proofs/bifurcation.md, Lemma 4: when s is unreachable from its successors E_a is constant, so
/// K₀ = max_a [γ(α log n₁ + ρ_a + γE_a) + r(s,a) − α log(p(a)/μ(s,a))] and the smallest admissible
/// n₂(b) = ⌊B_b(K₀)⌋ + 1 have closed forms, computed here from M's own soft values; one less is refused.
@Test func smallestBailMeasuresMatchTheClosedFormAtTheLowestBoundaryValue() throws {
    let tiny = Rational(1) / Rational(10).power(12)
    let cases: [(MDP, [Rational], Rational, AdmissibilityRule)] = [
        (MDP.paperToy, [Rational(1, 5), Rational(4, 5)], Rational(1, 5), .exact),
        (MDP.paperToy, [Rational(1, 5), Rational(4, 5)], Rational(1, 5), .conservative),
        (MDP.paperToy, [tiny, 1 - tiny], Rational(1, 5), .exact),
        (MDP.paperToy, [1 - tiny, tiny], Rational(1, 3), .conservative),
        (acyclicMDP(states: 9, actions: 3, seed: 5), [Rational(1, 2), Rational(3, 10), Rational(1, 5)], Rational(1, 2), .exact),
    ]
    for (mdp, target, alpha, rule) in cases {
        let request = BifurcationRequest(mdp: mdp, state: 0, target: target, alpha: alpha, tolerance: epsilon, rule: rule)
        let construction = try EntropicBifurcation.construct(request)
        let standard = try StandardSolver.solve(mdp)
        let soft = try SoftSolver.solve(mdp, alpha: alpha, tolerance: Rational(1) / Rational(10).power(40))
        let precision = soft.precision
        let a = Ball(alpha, precision: precision), gamma = mdp.gamma
        let actions = mdp.states[0].actions
        let expected = actions.map { action in action.transitions.map { $0.probability * standard.values[$0.target] }.sum() }
        let softExpected = actions.map { action in
            action.transitions.reduce(Ball(0, precision: precision)) { $0 + $1.probability * soft.values[$1.target] }
        }
        let continueRewards = expected.map { (Rational.one - gamma) * $0 }
        let roots = actions.indices.map { index -> Ball in
            let continuing: Ball = gamma * softExpected[index] + continueRewards[index]
            let logTarget: Ball = Ball(target[index] / actions[index].measure, precision: precision).log()
            return gamma * continuing + actions[index].reward - a * logTarget
        }
        let lowest = roots.dropFirst().reduce(roots[0]) { $0.maximum($1) }
        for index in actions.indices {
            let optimal = standard.optimalActions[0].contains(index)
            let bound = rule == .conservative || optimal ? expected[index] : (standard.values[0] - actions[index].reward) / gamma
            let logTarget: Ball = Ball(target[index] / actions[index].measure, precision: precision).log()
            let required: Ball = (a * logTarget - actions[index].reward + lowest) / gamma
            let margin: Ball = required - continueRewards[index] - gamma * softExpected[index]
            let measure = construction.parameters.smallestAdmissibleBailMeasures[index]
            if margin.contains(Rational.zero) {
                #expect(measure == 1)
                continue
            }
            let scale: Ball = ((required - bound) / a).exp()
            let bailBound: Ball = scale * (Ball(1, precision: precision) - (-margin / a).exp())
            #expect(bailBound.lowerBound!.floor == bailBound.upperBound!.floor)
            #expect(measure == bailBound.upperBound!.floor + 1)
            #expect(construction.parameters.bailMeasures[index] == measure)
            guard measure > 1 else { continue }
            var fewer = request
            fewer.bailMeasures = construction.parameters.bailMeasures
            fewer.bailMeasures![index] = measure - 1
            #expect(throws: BifurcationError.self) { try EntropicBifurcation.construct(fewer) }
        }
    }
}

@Test func userSuppliedMeasuresAreCheckedForAdmissibility() throws {
    let base = BifurcationRequest(
        mdp: MDP.paperToy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: epsilon,
        rule: .conservative)
    let smallest = try EntropicBifurcation.construct(base).parameters.smallestAdmissibleBailMeasures
    var tooSmall = base
    tooSmall.bailMeasures = [smallest[0], smallest[1] - 1]
    do {
        _ = try EntropicBifurcation.construct(tooSmall)
        Issue.record("n₂ below the smallest admissible was accepted")
    } catch {
        guard case .refused(let reason) = error else { throw error }
        #expect(reason.contains("not admissible") && reason.contains("smallest admissible integer is \(smallest[1])"))
    }
    var larger = base
    larger.bailMeasures = [smallest[0] * 10, smallest[1] * 10]
    larger.continueMeasures = [Rational(3), Rational(1, 2)]
    let construction = try EntropicBifurcation.construct(larger)
    #expect(construction.verification.standardPolicyUnchanged && construction.verification.policyWithinTolerance)
    #expect(construction.parameters.bailMeasures == larger.bailMeasures)
}

/// `--max-measure`: refused with the smallest achievable maximum, accepted at exactly that maximum.
@Test func maximumMeasureIsHonouredOrRefusedWithTheSmallestAchievable() throws {
    let tiny = Rational(1) / Rational(10).power(12)
    let request = BifurcationRequest(mdp: MDP.paperToy, state: 0, target: [tiny, 1 - tiny], alpha: Rational(1, 5), tolerance: epsilon)
    let smallest = try EntropicBifurcation.construct(request).parameters.bailMeasures.max()!
    #expect(smallest > 1)
    var capped = request
    capped.maximumMeasure = smallest - 1
    do {
        _ = try EntropicBifurcation.construct(capped)
        Issue.record("a cap below the smallest achievable maximum was accepted")
    } catch {
        guard case .refused(let reason) = error else { throw error }
        #expect(reason.contains("smallest achievable maximum is \(smallest)"))
    }
    capped.maximumMeasure = smallest
    let construction = try EntropicBifurcation.construct(capped)
    #expect((construction.parameters.bailMeasures + construction.parameters.continueMeasures).allSatisfy { $0 <= smallest })
    #expect(construction.verification.standardPolicyUnchanged && construction.verification.policyWithinTolerance)
}

func refusal(_ request: BifurcationRequest) -> String? {
    do {
        _ = try EntropicBifurcation.construct(request)
        return nil
    } catch {
        guard case .refused(let reason) = error else { return nil }
        return reason
    }
}

/// The loop MDP the first construction refused (γ = 1, s → back → s with probability 1/2).
let loopMDP = MDP(gamma: 1, states: [
    MDP.State(name: "s", actions: [
        MDP.Action(name: "go", reward: 1, transitions: [.init(target: 1, probability: .one)]),
        MDP.Action(name: "stop", reward: 0, transitions: [.init(target: 2, probability: .one)]),
    ]),
    MDP.State(name: "back", actions: [
        MDP.Action(name: "return", reward: 0, transitions: [.init(target: 0, probability: Rational(1, 2)), .init(target: 2, probability: Rational(1, 2))]),
    ]),
    MDP.State(name: "end"),
])

@Test func impossibleRequestsAreRefusedWithTheReason() {
    let toy = MDP.paperToy
    let good = BifurcationRequest(mdp: toy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: epsilon)
    var zero = good
    zero.target = [0, 1]
    #expect(refusal(zero)?.contains("never 0") == true)
    var negative = good
    negative.target = [Rational(-1, 5), Rational(6, 5)]
    #expect(refusal(negative)?.contains("positive probability") == true)
    var length = good
    length.target = [Rational(1, 3), Rational(1, 3), Rational(1, 3)]
    #expect(refusal(length)?.contains("3 entries") == true)
    var sum = good
    sum.target = [Rational(1, 5), Rational(7, 10)]
    #expect(refusal(sum)?.contains("not exactly 1") == true)
    var terminal = good
    terminal.state = 3
    #expect(refusal(terminal)?.contains("terminal") == true)
    var undiscounted = good
    undiscounted.mdp.gamma = 0
    #expect(refusal(undiscounted)?.contains("γ = 0") == true)
    var cold = good
    cold.alpha = 0
    #expect(refusal(cold)?.contains("α must be positive") == true)
    var cap = good
    cap.maximumMeasure = 0
    #expect(refusal(cap)?.contains("--max-measure") == true)
    // γ = 1 with an end component: "back" can return to s forever.
    var endComponent = good
    endComponent.mdp = loopMDP
    endComponent.mdp.states[1].actions[0].transitions = [.init(target: 0, probability: .one)]
    #expect(refusal(endComponent)?.contains("can cycle forever") == true)
}

/// γ = 1 with s reachable from its own successors is possible (Lemma 3′): the loop MDP and the
/// issue's generated 8-state MDP both verify, and q_a is the exact return probability.
@Test func undiscountedCyclesThroughTheStateAreConstructed() throws {
    let loop = BifurcationRequest(mdp: loopMDP, state: 0, target: [Rational(1, 2), Rational(1, 2)], alpha: 1, tolerance: epsilon)
    let construction = try EntropicBifurcation.construct(loop)
    #expect(construction.parameters.reachFactors == [Rational(1, 2), 0])
    #expect(construction.verification.standardPolicyUnchanged && construction.verification.policyWithinTolerance)
    var given = loop
    given.bailMeasures = [20, 201]
    let withMeasures = try EntropicBifurcation.construct(given)
    #expect(withMeasures.verification.standardPolicyUnchanged && withMeasures.verification.policyWithinTolerance)

    let generated = MDPGenerator.random(states: 8, actions: 2, successors: 2, gamma: 1, seed: 11)
    let request = BifurcationRequest(
        mdp: generated, state: 0, target: [Rational(1, 3), Rational(2, 3)], alpha: Rational(1, 2), tolerance: epsilon)
    #expect(request.stateIsReachableFromItsSuccessors())
    let eight = try EntropicBifurcation.construct(request)
    #expect(eight.verification.standardPolicyUnchanged && eight.verification.policyWithinTolerance)
    #expect(eight.parameters.reachFactors?.allSatisfy { $0 < 1 } == true)
}

/// proofs/bifurcation.md, Lemma 1 (both directions): with r_T(a) set to b_a and to b_a ± 10⁻⁹,
/// claim (i) — decided by solving the modified M̂ exactly — holds exactly when the exact
/// admissibility condition does, and the verifier's reading of the condition agrees.
@Test func admissibilityConditionIsExactlyClaimOne() async throws {
    let inputs = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 2...10), Gen.int(in: 1...3), Gen.int(in: 0...3))
    await propertyCheck(count: 12, input: inputs) { seed, states, actions, gammaIndex in
        let mdp = gammaIndex == 3
            ? MDPGenerator.random(states: states, actions: actions, successors: 2, gamma: 1, seed: UInt64(seed))
            : MDPGenerator.random(states: states, actions: actions, successors: 2, gamma: discountedGammas[gammaIndex], seed: UInt64(seed))
        guard !mdp.states[0].isTerminal else { return }
        let request = BifurcationRequest(
            mdp: mdp, state: 0, target: target(count: mdp.states[0].actions.count, seed: seed), alpha: alpha(seed: seed),
            tolerance: Rational(1, 1000))
        let construction = try #require(try? EntropicBifurcation.construct(request))
        let standard = try StandardSolver.solve(mdp)
        let optimal = Set(standard.optimalActions[0])
        for index in mdp.states[0].actions.indices {
            let action = mdp.states[0].actions[index]
            let expected = action.transitions.map { $0.probability * standard.values[$0.target] }.sum()
            let bound = optimal.contains(index) ? expected : (standard.values[0] - action.reward) / mdp.gamma
            for reward in [bound, bound - Rational(1, 1_000_000_000), bound + Rational(1, 1_000_000_000)] {
                var extended = construction.extended
                let mediocre = extended.stateIndex(named: construction.parameters.mediocreStates[index])!
                extended.states[mediocre].actions[1].reward = reward
                let solved = try StandardSolver.solve(extended)
                let claimOne = mdp.states.indices.allSatisfy { state in
                    solved.values[state] == standard.values[state] && solved.optimalActions[state] == standard.optimalActions[state]
                }
                let condition = optimal.contains(index) ? reward <= expected : mdp.gamma * reward < standard.values[0] - action.reward
                #expect(claimOne == condition)
                let reading = BifurcationVerifier.admissibilityChecks(
                    original: mdp, extended: extended, state: 0, extendedState: 0, originalNames: Set(mdp.states.map(\.name)),
                    standard: standard)
                #expect(reading?.allSatisfy(\.holds) == condition)
            }
        }
    }
}

/// Edits one member of a JSON object along a path of keys.
func replacing(_ path: [String], in document: JSONValue, with value: JSONValue) -> JSONValue {
    guard let key = path.first, case .object(let members) = document else { return value }
    return .object(members.map { member in
        member.key == key ? (member.key, replacing(Array(path.dropFirst()), in: member.value, with: value)) : member
    })
}

func finding(_ document: JSONValue) -> CertificateFinding? {
    do {
        _ = try BifurcationCertificate.check(document)
        return nil
    } catch {
        guard case .rejected(let finding, _) = error else { return nil }
        return finding
    }
}

@Test func certificatesRecheckAndCatchTampering() throws {
    let request = BifurcationRequest(
        mdp: MDP.paperToy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: epsilon)
    let construction = try EntropicBifurcation.construct(request)
    let document = BifurcationCertificate.document(for: construction)
    let report = try BifurcationCertificate.check(document)
    #expect(report.verification.standardPolicyUnchanged && report.verification.policyWithinTolerance)
    #expect(finding(document) == nil)
    // Claim a wrong exact value.
    #expect(finding(replacing(["standardValues", "original", "s0"], in: document, with: .string("98/100")))
        == .recordedStandardValues)
    // Raise the bail reward of the standard-optimal action above W_a in the embedded extension: claim (i) fails.
    var raised = construction.extended
    let left = raised.stateIndex(named: construction.parameters.mediocreStates[0])!
    raised.states[left].actions[1].reward = construction.parameters.expectedValues[0] + Rational(1, 1000)
    #expect(finding(replacing(["extended"], in: document, with: BifurcationCertificate.documentValue(raised)))
        == .standardPolicyUnchanged)
    // A different target: the stored M̂ does not produce it, claim (ii) fails.
    #expect(finding(replacing(["target"], in: document, with: .array([.string("1/4"), .string("3/4")])))
        == .policyWithinTolerance)
    // A recorded soft policy that the recomputed enclosure does not meet.
    #expect(finding(replacing(["softPolicy", "achieved", "right"], in: document, with: .string("[0.7 +/- 1e-10]")))
        == .recordedSoftPolicy)
}
