import Arithmetic
import JSON

extension MDP {
    /// The MDP as a PRISM `mdp` model whose maximal expected total reward until the label
    /// `"done"` — the property `Rmax=? [F "done"]` — equals V* at the initial state.
    ///
    /// For γ < 1 the discount is folded in by the standard stopping construction: every step
    /// stops with probability 1 − γ in an added absorbing state. Terminal states and that stop
    /// state form the label `"done"` and loop on the action `stay`. The action of index j at any
    /// state is labelled `aj` (original names are in comments), rewards are state-action rewards
    /// of the reward structure `"reward"`, and every number is an exact rational constant
    /// (`3/7`). Action measures do not affect V* and are not exported. Requires an MDP that
    /// passes `validate()`.
    public func prismText() -> String {
        let form = StoppingForm(self)
        var text = form.headerComment(for: "PRISM")
        text += "mdp\n\n"
        text += "formula terminal = " + form.doneStates.map { "s=\($0)" }.joined(separator: " | ") + ";\n\n"
        text += "module M\n"
        text += "  s : [0..\(form.stateCount - 1)] init \(initialState);\n"
        for (index, state) in states.enumerated() where !state.isTerminal {
            text += "\n  // state \(index): \(JSONValue.quoted(state.name))\n"
            for (actionIndex, action) in state.actions.enumerated() {
                let updates = form.transitions(of: action).map { "\(Self.prismLiteral($0.probability)) : (s'=\($0.target))" }
                text += "  [a\(actionIndex)] s=\(index) -> " + updates.joined(separator: " + ")
                text += "; // \(JSONValue.quoted(action.name))\n"
            }
        }
        text += "\n  [stay] terminal -> true;\n"
        text += "endmodule\n\n"
        text += "label \"done\" = terminal;\n\n"
        text += "rewards \"reward\"\n"
        for (index, state) in states.enumerated() {
            for (actionIndex, action) in state.actions.enumerated() where !action.reward.isZero {
                text += "  [a\(actionIndex)] s=\(index) : \(Self.prismLiteral(action.reward));\n"
            }
        }
        text += "endrewards\n"
        return text
    }

    /// An exact PRISM constant. Storm reads integer literals as 64-bit integers and refuses
    /// longer ones, but reads `123….0` as an arbitrary-precision number, exactly.
    static func prismLiteral(_ value: Rational) -> String {
        func integer(_ digits: String) -> String { digits.count > 18 ? digits + ".0" : digits }
        let numerator = value.numerator.description, denominator = value.denominator.description
        return value.isInteger ? integer(numerator) : integer(numerator) + "/" + integer(denominator)
    }
}
