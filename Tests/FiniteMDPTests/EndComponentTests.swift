import Arithmetic
import Testing
import FiniteMDP

/// An MDP from adjacency lists: `actions[s]` lists, for each action of state s, its successors
/// (uniform probabilities); a state with no actions is terminal.
private func mdp(_ actions: [[[Int]]], gamma: Rational = 1) -> MDP {
    MDP(gamma: gamma, states: actions.enumerated().map { index, stateActions in
        MDP.State(name: "x\(index)", actions: stateActions.enumerated().map { actionIndex, targets in
            MDP.Action(name: "a\(actionIndex)", reward: 0, transitions: targets.map {
                MDP.Transition(target: $0, probability: Rational(1, targets.count))
            })
        })
    })
}

/// Whether every state of `cycle` has an action that can move to the next one (the last to the first).
private func isCycle(_ cycle: [Int], in model: MDP) -> Bool {
    guard !cycle.isEmpty else { return false }
    return cycle.indices.allSatisfy { position in
        let next = cycle[(position + 1) % cycle.count]
        return model.states[cycle[position]].actions.contains { action in
            action.transitions.contains { $0.target == next }
        }
    }
}

@Suite("End components")
struct EndComponentTests {
    @Test func findsASelfLoop() {
        #expect(mdp([[[0]]]).endComponentCycle() == [0])
    }

    @Test func findsATwoStateCycleEvenWhenAnExitExists() {
        // x0 may leave to the terminal x2, but a policy choosing a0 everywhere never does.
        let model = mdp([[[1], [2]], [[0]], []])
        #expect(model.endComponentCycle() == [0, 1])
    }

    @Test func acceptsCyclesThatEveryActionCanLeave() {
        // x0 ⇄ x1 is possible, but every action of x1 leaves with positive probability.
        #expect(mdp([[[1]], [[0, 2]], []]).endComponentCycle() == nil)
    }

    @Test func acceptsAcyclicAndAllTerminalModels() {
        #expect(mdp([[[1], [2]], [[2]], []]).endComponentCycle() == nil)
        #expect(mdp([[]]).endComponentCycle() == nil)
    }

    @Test func findsAnEndComponentReachableOnlyThroughOtherStates() {
        // x0 → x1 → x2 → x3 ⇄ x4, with the cycle last in index order.
        let model = mdp([[[1]], [[2], [5]], [[3]], [[4]], [[3]], []])
        let cycle = model.endComponentCycle()
        #expect(cycle.map(Set.init) == [3, 4])
    }

    @Test func needsAStayingActionNotJustAnEdge() {
        // Each state has an edge back, but only inside an action that can also terminate; the
        // remaining deterministic actions form a chain into the terminal state.
        let model = mdp([[[1, 3], [1]], [[0, 3], [2]], [[3]], []])
        #expect(model.endComponentCycle() == nil)
    }

    @Test func reportsACycleAPolicyCanFollow() throws {
        let model = mdp([[[1, 2]], [[2], [4]], [[1, 0]], [[0]], []])
        let cycle = try #require(model.endComponentCycle())
        #expect(isCycle(cycle, in: model))
        #expect(Set(cycle).count == cycle.count)
    }

    @Test func validateRejectsOnlyUndiscountedModelsWithEndComponents() {
        #expect(throws: MDPFormatError.self) { try mdp([[[0]]]).validate() }
        #expect(throws: Never.self) { try mdp([[[0]]], gamma: Rational(1, 2)).validate() }
    }
}
