extension MDP {
    /// A cycle of non-terminal states that some policy can follow forever, or nil when every
    /// policy reaches a terminal state with probability 1 (the condition γ = 1 needs, docs/theory.md §1).
    ///
    /// Computes the greatest set Z of non-terminal states in which every state has an action
    /// whose successors all lie in Z — a policy that keeps choosing such actions never leaves Z,
    /// so Z is empty exactly when no end component exists. If Z is not empty, the result lists
    /// the states of a cycle inside Z in order: each state moves to the next (the last to the
    /// first) under an action that stays in Z. A single state means a self-loop.
    ///
    /// Runs in time linear in the number of transitions. Requires every transition target to be
    /// a valid state index (as `validate()` checks) and treats every listed transition as
    /// possible (probabilities > 0).
    public func endComponentCycle() -> [Int]? {
        let staying = stayingActions()
        guard let start = staying.firstIndex(where: { $0 != nil }) else { return nil }
        var positionInWalk: [Int: Int] = [:]
        var walk: [Int] = []
        var state = start
        // Successors of a staying action lie in Z and so have staying actions themselves: the
        // walk never ends for lack of one, only when it returns to a state already visited.
        while positionInWalk[state] == nil, let action = staying[state] {
            positionInWalk[state] = walk.count
            walk.append(state)
            state = states[state].actions[action].transitions[0].target
        }
        return positionInWalk[state].map { Array(walk[$0...]) }
    }

    /// For each state in the greatest fixed point Z, the index of an action whose successors all
    /// lie in Z; nil for states outside Z.
    private func stayingActions() -> [Int?] {
        // Start from all non-terminal states and remove states until every remaining one has an
        // action staying inside. Each transition is charged once, when its target leaves Z, so the
        // whole pass is linear.
        var inZ = states.map { !$0.isTerminal }
        var transitionsLeavingZ = states.map { state in
            state.actions.map { action in action.transitions.count { !inZ[$0.target] } }
        }
        var stayingCount = transitionsLeavingZ.map { counts in counts.count { $0 == 0 } }
        var predecessors = [[(state: Int, action: Int)]](repeating: [], count: states.count)
        for (source, state) in states.enumerated() {
            for (actionIndex, action) in state.actions.enumerated() {
                for transition in action.transitions {
                    predecessors[transition.target].append((source, actionIndex))
                }
            }
        }
        var removed = states.indices.filter { inZ[$0] && stayingCount[$0] == 0 }
        for state in removed { inZ[state] = false }
        var cursor = 0
        while cursor < removed.count {
            let target = removed[cursor]
            cursor += 1
            for (source, actionIndex) in predecessors[target] {
                transitionsLeavingZ[source][actionIndex] += 1
                guard transitionsLeavingZ[source][actionIndex] == 1 else { continue }
                stayingCount[source] -= 1
                if inZ[source], stayingCount[source] == 0 {
                    inZ[source] = false
                    removed.append(source)
                }
            }
        }
        return states.indices.map { index in
            guard inZ[index] else { return nil }
            return transitionsLeavingZ[index].firstIndex(of: 0)
        }
    }
}
