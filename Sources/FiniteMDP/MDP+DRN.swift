import Arithmetic
import JSON

extension MDP {
    /// The MDP in Storm's explicit DRN format, with exact rational values
    /// (`@value_type: rational`), such that `Rmax=? [F "done"]` equals V* at the initial state.
    ///
    /// The model is the one `prismText()` describes, state for state: the same stopping
    /// construction for γ < 1, the same action names `aj` and `stay`, one reward model `reward`
    /// with action rewards, and the labels `init` and `done`. Original state names are in
    /// comments; measures are not exported. Requires an MDP that passes `validate()`.
    public func drnText() -> String {
        let form = StoppingForm(self)
        let choiceCount = (0..<form.stateCount).reduce(0) { count, state in
            count + (form.isDone(state) ? 1 : states[state].actions.count)
        }
        var text = form.headerComment(for: "DRN")
        text += "@type: MDP\n@value_type: rational\n@parameters\n\n"
        text += "@reward_models\nreward\n"
        text += "@nr_states\n\(form.stateCount)\n"
        text += "@nr_choices\n\(choiceCount)\n"
        text += "@model\n"
        for state in 0..<form.stateCount {
            var labels = ""
            if state == initialState { labels += " init" }
            if form.isDone(state) { labels += " done" }
            text += "state \(state) [0]\(labels)\n"
            text += "//" + (state == form.stopState ? "stop" : JSONValue.quoted(states[state].name)) + "\n"
            guard !form.isDone(state) else {
                text += "\taction stay [0]\n\t\t\(state) : 1\n"
                continue
            }
            for (actionIndex, action) in states[state].actions.enumerated() {
                text += "\taction a\(actionIndex) [\(action.reward)]\n"
                // Storm fills its sparse matrix row by row in column order.
                for transition in form.transitions(of: action).sorted(by: { $0.target < $1.target }) {
                    text += "\t\t\(transition.target) : \(transition.probability)\n"
                }
            }
        }
        return text
    }
}
