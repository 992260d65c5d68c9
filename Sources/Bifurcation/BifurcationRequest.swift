import Arithmetic
import FiniteMDP
import Solvers

/// Why a bifurcation extension was not built.
public enum BifurcationError: Error, CustomStringConvertible, Sendable {
    /// The request is impossible or malformed; the message gives the mathematical reason.
    case refused(String)
    /// A computation failed (for example an enclosure could not be certified).
    case failed(String)

    public var description: String {
        switch self {
        case .refused(let reason), .failed(let reason): reason
        }
    }
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
    /// Measures n₂(a) of the "bail" actions; the smallest admissible integers when nil.
    public var bailMeasures: [Rational]?

    public init(
        mdp: MDP, state: Int, target: [Rational], alpha: Rational, tolerance: Rational,
        continueMeasures: [Rational]? = nil, bailMeasures: [Rational]? = nil
    ) {
        self.mdp = mdp
        self.state = state
        self.target = target
        self.alpha = alpha
        self.tolerance = tolerance
        self.continueMeasures = continueMeasures
        self.bailMeasures = bailMeasures
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
        if mdp.gamma == .one {
            do {
                try mdp.checkUndiscountedTermination()
            } catch {
                throw .refused(error.description)
            }
            if let path = pathBackToState() {
                throw .refused("γ = 1 and \"\(s.name)\" is reachable from its own successors (\(path)): then E_a(K) rises one-for-one with K, the bracket D_a(K) cannot be made positive, and no bail reward exists")
            }
        }
    }

    /// A path s → … → s through successors of s's actions, as text, if one exists.
    func pathBackToState() -> String? {
        var parent = [Int: Int]()
        var frontier: [Int] = []
        for action in mdp.states[state].actions {
            for transition in action.transitions where parent[transition.target] == nil {
                parent[transition.target] = state
                frontier.append(transition.target)
            }
        }
        var head = 0
        while head < frontier.count {
            let current = frontier[head]
            head += 1
            if current == state {
                var path = [state]
                var cursor = parent[state]!
                while cursor != state {
                    path.append(cursor)
                    cursor = parent[cursor]!
                }
                path.append(state)
                return path.reversed().map { "\"\(mdp.states[$0].name)\"" }.joined(separator: " → ")
            }
            for action in mdp.states[current].actions {
                for transition in action.transitions where parent[transition.target] == nil {
                    parent[transition.target] = current
                    frontier.append(transition.target)
                }
            }
        }
        return nil
    }
}
