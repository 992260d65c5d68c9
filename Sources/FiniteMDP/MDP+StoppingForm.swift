import Arithmetic

/// The MDP as an undiscounted total-reward model, the form model checkers such as PRISM and
/// Storm solve: maximal expected total reward until a `done` state equals V*.
///
/// For γ < 1 each step first collects r(s,a), then stops with probability 1 − γ in a fresh
/// absorbing state and otherwise follows P(·|s,a): the probability of still running after t
/// steps is γᵗ, so expected total reward is the discounted value. Terminal states and the stop
/// state are the `done` states. For γ = 1 nothing is added; termination with probability 1 is
/// what `validate()` guarantees.
struct StoppingForm {
    let mdp: MDP
    /// The added absorbing stop state (index `mdp.states.count`), present when γ < 1.
    let stopState: Int?

    init(_ mdp: MDP) {
        self.mdp = mdp
        stopState = mdp.gamma < .one ? mdp.states.count : nil
    }

    var stateCount: Int { mdp.states.count + (stopState == nil ? 0 : 1) }

    func isDone(_ state: Int) -> Bool {
        state == stopState || mdp.states[state].isTerminal
    }

    /// The done states in index order.
    var doneStates: [Int] { (0..<stateCount).filter(isDone) }

    /// The transitions of `action`, scaled by γ, plus the stop edge; zero-probability edges (all
    /// of P when γ = 0, the stop edge when γ = 1) are left out.
    func transitions(of action: MDP.Action) -> [MDP.Transition] {
        var result: [MDP.Transition] = []
        if mdp.gamma.signum > 0 {
            result = action.transitions.map { MDP.Transition(target: $0.target, probability: mdp.gamma * $0.probability) }
        }
        if let stopState {
            result.append(MDP.Transition(target: stopState, probability: .one - mdp.gamma))
        }
        return result
    }

    /// Comment lines that say what the exported model computes.
    func headerComment(for formatName: String) -> String {
        var text = "// \(formatName) export of a \(MDP.formatTag) model, written by maxent.\n"
        text += "// Rmax=? [F \"done\"] at the initial state equals the optimal value V* of the initial state.\n"
        if let stopState {
            text += "// gamma = \(mdp.gamma) is folded in: every step stops with probability \(Rational.one - mdp.gamma) in state \(stopState).\n"
        } else {
            text += "// gamma = 1: the expected total reward; every policy terminates (no end components).\n"
        }
        return text
    }
}
