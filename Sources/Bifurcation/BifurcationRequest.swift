import Arithmetic
import FiniteMDP
import Solvers

/// Why a bifurcation extension was not built.
public enum BifurcationError: Error, CustomStringConvertible, Sendable {
    /// The request is impossible or malformed; the message gives the mathematical reason.
    case refused(String)
    /// A computation failed (for example an enclosure could not be certified).
    case failed(String)
    /// A certificate does not check out; `finding` says which part of it fails.
    case rejected(CertificateFinding, String)

    public var description: String {
        switch self {
        case .refused(let reason), .failed(let reason): reason
        case .rejected(let finding, let reason): "\(finding.rawValue) does not hold: \(reason)"
        }
    }
}

/// The parts of a bifurcation certificate a re-check can find false.
public enum CertificateFinding: String, Sendable {
    case standardPolicyUnchanged = "claim (i)"
    case policyWithinTolerance = "claim (ii)"
    case recordedStandardValues = "the recorded exact values"
    case recordedSoftPolicy = "the recorded soft policy"
}

/// Which bail rewards the construction may use (docs/theory.md §4, claim (i)).
public enum AdmissibilityRule: String, Sendable {
    /// The exact condition of claim (i): r_T(a) ≤ W_a for a ∈ Opt(s) and
    /// r_T(a) < (V*(s) − r(s,a))/γ for a ∉ Opt(s). Bailing may then be standard-optimal at m_a.
    case exact
    /// The sufficient rule r_T(a) < W_a for every a: "continue" stays the unique standard-optimal
    /// action at every m_a, at the price of larger measures n₂.
    case conservative
}

/// What to build: M̂ = Bif(M, s, p) at temperature α with accuracy ε (docs/theory.md §4).
public struct BifurcationRequest: Sendable {
    public var mdp: MDP
    /// Index of the state s whose MaxEnt policy is steered.
    public var state: Int
    /// The target distribution p over the actions of s, in their order.
    public var target: [Rational]
    public var alpha: Rational
    /// ε: the verified bound on |π̂_α(a|s) − p(a)|.
    public var tolerance: Rational
    /// Measures n₁(a) of the "continue" actions; the smallest admissible integers (1) when nil.
    public var continueMeasures: [Rational]?
    /// Measures n₂(a) of the "bail" actions; when nil, the smallest integers admissible for some
    /// boundary value K (componentwise smallest over all K).
    public var bailMeasures: [Rational]?
    /// The admissibility rule for the bail rewards.
    public var rule: AdmissibilityRule
    /// When set, every added measure (n₁ and n₂) must be at most this; the construction refuses,
    /// naming the smallest achievable maximum, when no admissible M̂ has measures that small.
    public var maximumMeasure: Rational?

    public init(
        mdp: MDP, state: Int, target: [Rational], alpha: Rational, tolerance: Rational,
        continueMeasures: [Rational]? = nil, bailMeasures: [Rational]? = nil, rule: AdmissibilityRule = .exact,
        maximumMeasure: Rational? = nil
    ) {
        self.mdp = mdp
        self.state = state
        self.target = target
        self.alpha = alpha
        self.tolerance = tolerance
        self.continueMeasures = continueMeasures
        self.bailMeasures = bailMeasures
        self.rule = rule
        self.maximumMeasure = maximumMeasure
    }

    /// Refuses, with the mathematical reason, every request the construction cannot honour.
    /// (Inadmissible user-supplied n₂ are found later, once the bound they must exceed is known.)
    public func check() throws(BifurcationError) {
        guard mdp.states.indices.contains(state) else { throw .refused("state index \(state) is out of range") }
        let s = mdp.states[state]
        guard !s.isTerminal else {
            throw .refused("state \"\(s.name)\" is terminal: it has no actions, so there is no policy to steer")
        }
        guard alpha.signum > 0 else { throw .refused("α must be positive, got \(alpha): the MaxEnt objective needs a temperature α > 0") }
        guard tolerance.signum > 0 else { throw .refused("ε must be positive, got \(tolerance)") }
        guard mdp.gamma.signum > 0 else {
            throw .refused("γ = 0: then Q̂_α(s,a) = r(s,a) cannot be changed by anything after s, so π̂_α(·|s) = π_α(·|s) and no other target is reachable")
        }
        let actionNames = s.actions.map(\.name).joined(separator: ", ")
        guard target.count == s.actions.count else {
            throw .refused("the target has \(target.count) entries but state \"\(s.name)\" has \(s.actions.count) actions (\(actionNames))")
        }
        for (index, probability) in target.enumerated() where probability.signum <= 0 {
            throw .refused("target[\(index)] (action \"\(s.actions[index].name)\") is \(probability): a target must give every action positive probability, since a MaxEnt-optimal policy π_α(a|s) ∝ μ(s,a) e^{Q_α(s,a)/α} is never 0")
        }
        let total = target.sum()
        guard total == .one else { throw .refused("the target sums to \(total), not exactly 1") }
        for (name, measures) in [("n1", continueMeasures), ("n2", bailMeasures)] {
            guard let measures else { continue }
            guard measures.count == s.actions.count else {
                throw .refused("--\(name) has \(measures.count) entries but state \"\(s.name)\" has \(s.actions.count) actions (\(actionNames))")
            }
            for (index, measure) in measures.enumerated() where measure.signum <= 0 {
                throw .refused("\(name)[\(index)] is \(measure): an action measure must be positive")
            }
        }
        if let maximumMeasure, maximumMeasure.signum <= 0 {
            throw .refused("--max-measure is \(maximumMeasure): an action measure must be positive")
        }
        if mdp.gamma == .one {
            // With an end component V* is undefined; without one, every policy terminates and the
            // construction exists (proofs/bifurcation.md, Lemma 3′), also when s lies on a cycle.
            do {
                try mdp.checkUndiscountedTermination()
            } catch {
                throw .refused(error.description)
            }
        }
    }

    /// Whether s can be reached again from the successors of its own actions (through M's transitions).
    func stateIsReachableFromItsSuccessors() -> Bool {
        var seen = Set<Int>()
        var frontier = mdp.states[state].actions.flatMap { $0.transitions.map(\.target) }
        while let current = frontier.popLast() {
            if current == state { return true }
            guard seen.insert(current).inserted else { continue }
            frontier += mdp.states[current].actions.flatMap { $0.transitions.map(\.target) }
        }
        return false
    }
}
