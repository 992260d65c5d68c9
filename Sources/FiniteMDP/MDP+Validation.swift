import Arithmetic
import JSON

extension MDP {
    /// Checks every rule of `maxent-mdp/1` on this value, so that programmatically built MDPs meet
    /// the same contract as files read by `init(json:)`.
    ///
    /// After it returns: γ ∈ [0, 1]; there is at least one state; the initial state exists; state
    /// names are unique and non-empty; action names are unique within their state and non-empty;
    /// measures are > 0; every action has successors that exist, appear once each and have
    /// probabilities > 0 summing to exactly 1; and if γ = 1, no policy can avoid termination
    /// (no end component among non-terminal states). Errors carry the JSON path the offending
    /// value has in `jsonText()`.
    public func validate() throws(MDPFormatError) {
        let gammaPath = JSONPath.root.appending("gamma")
        guard gamma.signum >= 0, gamma <= .one else {
            throw MDPFormatError(at: gammaPath, "must be in [0, 1], found \(JSONValue.messageText(gamma))")
        }
        let statesPath = JSONPath.root.appending("states")
        guard !states.isEmpty else { throw MDPFormatError(at: statesPath, "at least one state is required") }
        guard states.indices.contains(initialState) else {
            throw MDPFormatError(at: JSONPath.root.appending("initial"), "state index \(initialState) is out of range (the MDP has \(states.count) states)")
        }
        var stateIndexByName: [String: Int] = [:]
        stateIndexByName.reserveCapacity(states.count)
        for (index, state) in states.enumerated() {
            guard !state.name.isEmpty else {
                throw MDPFormatError(at: statesPath.appending(index).appending("name"), "must not be empty")
            }
            if let first = stateIndexByName[state.name] {
                throw MDPFormatError.duplicateStateName(state.name, at: index, firstAt: first)
            }
            stateIndexByName[state.name] = index
        }
        for index in states.indices {
            try validateActions(ofState: index)
        }
        if gamma == .one, let cycle = endComponentCycle() {
            // A cycle through thousands of states is named by its first few, so the message stays one line.
            let shown = cycle.count <= 4 ? cycle + [cycle[0]] : Array(cycle.prefix(3))
            let names = shown.map { JSONValue.messageQuoted(states[$0].name) }.joined(separator: " → ")
                + (cycle.count <= 4 ? "" : " → … (\(cycle.count) states in all)")
            let noun = cycle.count == 1 ? "state" : "states"
            throw MDPFormatError(at: gammaPath, "1 requires every policy to terminate, but \(noun) \(names) can cycle forever (an end component)")
        }
    }

    // Paths are built only when an error is thrown: validation runs over every action of models
    // with millions of transitions.
    private func validateActions(ofState stateIndex: Int) throws(MDPFormatError) {
        let state = states[stateIndex]
        func actionPath(_ index: Int) -> JSONPath {
            JSONPath.root.appending("states").appending(stateIndex).appending("actions").appending(index)
        }
        if let repeated = state.actions.firstRepeatedIndex(by: \.name) {
            let name = state.actions[repeated].name
            throw MDPFormatError(at: actionPath(repeated).appending("name"), "duplicate action name \(JSONValue.messageQuoted(name)) in state \(JSONValue.messageQuoted(state.name))")
        }
        for (index, action) in state.actions.enumerated() {
            guard !action.name.isEmpty else { throw MDPFormatError(at: actionPath(index).appending("name"), "must not be empty") }
            guard action.measure.signum > 0 else {
                throw MDPFormatError(at: actionPath(index).appending("measure"), "must be > 0, found \(JSONValue.messageText(action.measure))")
            }
            try validateTransitions(of: action, at: actionPath(index).appending("next"))
        }
    }

    private func validateTransitions(of action: Action, at nextPath: @autoclosure () -> JSONPath) throws(MDPFormatError) {
        guard !action.transitions.isEmpty else { throw MDPFormatError(at: nextPath(), "an action needs at least one successor") }
        if let outOfRange = action.transitions.first(where: { !states.indices.contains($0.target) }) {
            throw MDPFormatError(at: nextPath(), "successor index \(outOfRange.target) is out of range (the MDP has \(states.count) states)")
        }
        if let repeated = action.transitions.firstRepeatedIndex(by: \.target) {
            let successor = states[action.transitions[repeated].target].name
            throw MDPFormatError(at: nextPath(), "successor \(JSONValue.messageQuoted(successor)) appears more than once")
        }
        for transition in action.transitions where transition.probability.signum <= 0 {
            throw MDPFormatError(at: nextPath().appending(states[transition.target].name), "must be > 0, found \(JSONValue.messageText(transition.probability))")
        }
        let total = Self.pairwiseSum(action.transitions.map(\.probability))
        guard total == .one else { throw MDPFormatError(at: nextPath(), "probabilities sum to \(JSONValue.messageText(total)), not 1") }
    }
}

extension MDP {
    /// The exact sum of `terms`, added in a balanced tree: a left-to-right sum of k fractions with
    /// unrelated d-digit denominators carries a k·d-digit partial sum through every addition
    /// (quadratic time — minutes for one hostile action), the tree keeps it near-linear.
    static func pairwiseSum(_ terms: [Rational]) -> Rational {
        var level = terms
        while level.count > 1 {
            var next: [Rational] = []
            next.reserveCapacity((level.count + 1) / 2)
            for start in stride(from: 0, to: level.count, by: 2) {
                next.append(start + 1 < level.count ? level[start] + level[start + 1] : level[start])
            }
            level = next
        }
        return level.first ?? .zero
    }
}

extension MDPFormatError {
    static func duplicateStateName(_ name: String, at index: Int, firstAt firstIndex: Int) -> MDPFormatError {
        MDPFormatError(
            at: JSONPath.root.appending("states").appending(index).appending("name"),
            "duplicate state name \(JSONValue.messageQuoted(name)) (first used by states[\(firstIndex)])"
        )
    }
}
