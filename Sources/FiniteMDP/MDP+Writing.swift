import Arithmetic
import JSON

extension MDP {
    /// The MDP as a `maxent-mdp/1` document, laid out for reading: one line per action, numbers
    /// written as JSON integers or as exact strings like `"3/7"`, measures of 1 omitted, `meta`
    /// written back unchanged. The text ends with a newline.
    ///
    /// The output depends only on the value (stable across runs), and for an MDP that passes
    /// `validate()`, `MDP(json: mdp.jsonText()) == mdp`. Requires the initial state and every
    /// transition target to be valid state indices.
    public func jsonText() -> String {
        var text = "{\n"
        text += "  \"format\": \(JSONValue.quoted(MDP.formatTag)),\n"
        text += "  \"gamma\": \(Self.jsonNumber(gamma)),\n"
        text += "  \"initial\": \(JSONValue.quoted(states[initialState].name)),\n"
        if let meta {
            text += "  \"meta\": "
            meta.write(into: &text, indentation: "  ")
            text += ",\n"
        }
        text += "  \"states\": [\n"
        for (index, state) in states.enumerated() {
            text += "    { \"name\": \(JSONValue.quoted(state.name))"
            if !state.actions.isEmpty {
                text += ", \"actions\": [\n"
                for (actionIndex, action) in state.actions.enumerated() {
                    text += "        "
                    writeAction(action, into: &text)
                    text += actionIndex == state.actions.count - 1 ? " ]" : ",\n"
                }
            }
            text += index == states.count - 1 ? " }\n" : " },\n"
        }
        text += "  ]\n}\n"
        return text
    }

    private func writeAction(_ action: Action, into text: inout String) {
        text += "{ \"name\": \(JSONValue.quoted(action.name))"
        if action.measure != .one {
            text += ", \"measure\": \(Self.jsonNumber(action.measure))"
        }
        text += ", \"reward\": \(Self.jsonNumber(action.reward)), \"next\": { "
        for (index, transition) in action.transitions.enumerated() {
            if index > 0 { text += ", " }
            text += JSONValue.quoted(states[transition.target].name) + ": " + Self.jsonNumber(transition.probability)
        }
        text += " } }"
    }

    /// Integers as JSON numbers, other rationals as exact strings (`"3/7"`): a JSON number can
    /// only spell a fraction whose denominator divides a power of ten.
    static func jsonNumber(_ value: Rational) -> String {
        value.isInteger ? value.description : "\"\(value)\""
    }
}
