import Arithmetic
import Bifurcation
import FiniteMDP
import PropertyBased
import Randomness
import Solvers
import Testing

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

func expectBothClaims(_ mdp: MDP, seed: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    let candidates = mdp.states.indices.filter { !mdp.states[$0].isTerminal }
    guard !candidates.isEmpty else { return }
    let state = candidates[seed % candidates.count]
    let request = BifurcationRequest(
        mdp: mdp, state: state, target: target(count: mdp.states[state].actions.count, seed: seed),
        alpha: alpha(seed: seed / 5), tolerance: epsilon)
    do {
        let construction = try EntropicBifurcation.construct(request)
        #expect(construction.verification.standardPolicyUnchanged, sourceLocation: sourceLocation)
        #expect(construction.verification.policyWithinTolerance, sourceLocation: sourceLocation)
        #expect(construction.verification.deviationBound <= epsilon, sourceLocation: sourceLocation)
        // r_T(a) < W_a exactly, and n₂ is at least the smallest admissible integer.
        let parameters = construction.parameters
        for index in parameters.bailRewards.indices {
            #expect(parameters.bailRewards[index] < parameters.expectedValues[index], sourceLocation: sourceLocation)
            #expect(parameters.bailMeasures[index] >= parameters.smallestAdmissibleBailMeasures[index], sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("construction failed: \(error)", sourceLocation: sourceLocation)
    }
}

@Test func bothClaimsHoldOnRandomDiscountedMDPs() async {
    let inputs = zip(Gen.int(in: 0...1_000_000), Gen.int(in: 2...30), Gen.int(in: 1...4), Gen.int(in: 1...3), Gen.int(in: 0...2))
    await propertyCheck(count: 60, input: inputs) { seed, states, actions, successors, gammaIndex in
        let mdp = MDPGenerator.random(
            states: states, actions: actions, successors: successors, gamma: discountedGammas[gammaIndex],
            seed: UInt64(seed))
        expectBothClaims(mdp, seed: seed)
    }
}

@Test func bothClaimsHoldOnRandomAcyclicEpisodicMDPs() async {
    await propertyCheck(count: 30, input: Gen.int(in: 0...1_000_000), Gen.int(in: 3...30), Gen.int(in: 1...4)) { seed, states, actions in
        expectBothClaims(acyclicMDP(states: states, actions: actions, seed: seed), seed: seed)
    }
}

@Test func theToyExtensionPutsEightyPercentOnTheStandardlyWorseBranch() throws {
    let request = BifurcationRequest(
        mdp: MDP.paperToy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: epsilon)
    let construction = try EntropicBifurcation.construct(request)
    #expect(construction.originalStandard.optimalActions[0] == [0])
    #expect(construction.verification.standardPolicyUnchanged)
    #expect(construction.verification.achievedPolicy[1].contains(Rational(4, 5)) || construction.verification.policyWithinTolerance)
    #expect((construction.verification.achievedPolicy[1] - Rational(4, 5)).upperBound! <= epsilon)
    // The stored file keeps the standard optimum: left is still the only optimal action at s0.
    let resolved = try StandardSolver.solve(construction.extended)
    #expect(resolved.optimalActions[0] == [0])
    #expect(resolved.values[0] == Rational(99, 100))
}

@Test func userSuppliedMeasuresAreCheckedForAdmissibility() throws {
    let toy = MDP.paperToy
    let base = BifurcationRequest(mdp: toy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: epsilon)
    let smallest = try EntropicBifurcation.construct(base).parameters.smallestAdmissibleBailMeasures
    var tooSmall = base
    tooSmall.bailMeasures = [smallest[0], smallest[1] - 1]
    #expect(throws: BifurcationError.self) { try EntropicBifurcation.construct(tooSmall) }
    var larger = base
    larger.bailMeasures = [smallest[0] * 10, smallest[1] * 10]
    larger.continueMeasures = [Rational(3), Rational(1, 2)]
    let construction = try EntropicBifurcation.construct(larger)
    #expect(construction.verification.standardPolicyUnchanged && construction.verification.policyWithinTolerance)
    #expect(construction.parameters.bailMeasures == larger.bailMeasures)
}

@Test func impossibleRequestsAreRefusedWithTheReason() {
    let toy = MDP.paperToy
    func refusal(_ request: BifurcationRequest) -> String? {
        do {
            _ = try EntropicBifurcation.construct(request)
            return nil
        } catch {
            guard case .refused(let reason) = error else { return nil }
            return reason
        }
    }
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
    // γ = 1 with s reachable from its own successors.
    let loop = MDP(gamma: 1, states: [
        MDP.State(name: "s", actions: [
            MDP.Action(name: "go", reward: 1, transitions: [.init(target: 1, probability: .one)]),
            MDP.Action(name: "stop", reward: 0, transitions: [.init(target: 2, probability: .one)]),
        ]),
        MDP.State(name: "back", actions: [
            MDP.Action(name: "return", reward: 0, transitions: [.init(target: 0, probability: Rational(1, 2)), .init(target: 2, probability: Rational(1, 2))]),
        ]),
        MDP.State(name: "end"),
    ])
    let loopRequest = BifurcationRequest(mdp: loop, state: 0, target: [Rational(1, 2), Rational(1, 2)], alpha: 1, tolerance: epsilon)
    #expect(refusal(loopRequest)?.contains("reachable from its own successors") == true)
}

@Test func certificatesRecheckAndCatchTampering() throws {
    let request = BifurcationRequest(
        mdp: MDP.paperToy, state: 0, target: [Rational(1, 5), Rational(4, 5)], alpha: Rational(1, 5), tolerance: epsilon)
    let construction = try EntropicBifurcation.construct(request)
    let document = BifurcationCertificate.document(for: construction)
    let report = try BifurcationCertificate.check(document)
    #expect(report.verification.standardPolicyUnchanged && report.verification.policyWithinTolerance)
    // Claim a wrong exact value: rejected.
    let tampered = try JSONValue(parsing: Array(document.jsonText()
        .replacingOccurrences(of: "\"s0\": \"99/100\"", with: "\"s0\": \"98/100\"").utf8))
    #expect(throws: BifurcationError.self) { try BifurcationCertificate.check(tampered) }
    // Raise a bail reward above W_a in the embedded extension: claim (i) fails.
    let storedReward = construction.parameters.bailRewards[0].description
    let raised = try JSONValue(parsing: Array(document.jsonText()
        .replacingOccurrences(of: "\"reward\": \"\(storedReward)\"", with: "\"reward\": 5").utf8))
    #expect(throws: BifurcationError.self) { try BifurcationCertificate.check(raised) }
}
