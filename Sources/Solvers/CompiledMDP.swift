import Arithmetic
import FiniteMDP
import Foundation

/// The MDP flattened into contiguous arrays (compressed rows: state → actions → transitions),
/// with every number kept both exactly and as the nearest `Double`.
///
/// Solvers iterate over these arrays in their inner loops instead of over nested Swift values.
struct CompiledMDP {
    let stateCount: Int
    /// Actions of state `s` are the rows `actionStart[s] ..< actionStart[s + 1]`.
    let actionStart: [Int]
    /// Transitions of action row `k` are `transitionStart[k] ..< transitionStart[k + 1]`.
    let transitionStart: [Int]
    let target: [Int]
    let probability: [Rational]
    let probabilityDouble: [Double]
    let reward: [Rational]
    let rewardDouble: [Double]
    let measure: [Rational]
    let logMeasureDouble: [Double]
    let gamma: Rational
    let gammaDouble: Double
    /// `1 − γ P(s|s,a)` per action row, computed exactly and then rounded: float64 would lose a
    /// self-loop left with probability 10⁻⁵⁰ entirely if it formed `1 − γ·P` itself.
    let selfLoopComplement: [Double]

    init(_ mdp: MDP) {
        stateCount = mdp.states.count
        var actionStart = [0], transitionStart = [0]
        var target: [Int] = [], probability: [Rational] = [], reward: [Rational] = [], measure: [Rational] = []
        for state in mdp.states {
            for action in state.actions {
                reward.append(action.reward)
                measure.append(action.measure)
                for transition in action.transitions {
                    target.append(transition.target)
                    probability.append(transition.probability)
                }
                transitionStart.append(target.count)
            }
            actionStart.append(reward.count)
        }
        self.actionStart = actionStart
        self.transitionStart = transitionStart
        self.target = target
        self.probability = probability
        self.probabilityDouble = probability.map(\.doubleValue)
        self.reward = reward
        self.rewardDouble = reward.map(\.doubleValue)
        self.measure = measure
        self.logMeasureDouble = measure.map(\.logMagnitude)
        self.gamma = mdp.gamma
        self.gammaDouble = mdp.gamma.doubleValue
        var complement: [Double] = []
        var row = 0
        for (index, state) in mdp.states.enumerated() {
            for _ in state.actions {
                let selfLoop = (transitionStart[row]..<transitionStart[row + 1])
                    .filter { target[$0] == index }.map { probability[$0] }.sum()
                complement.append((Rational.one - mdp.gamma * selfLoop).doubleValue)
                row += 1
            }
        }
        self.selfLoopComplement = complement
    }

    var actionRowCount: Int { reward.count }

    func isTerminal(_ state: Int) -> Bool { actionStart[state] == actionStart[state + 1] }

    func actionRows(of state: Int) -> Range<Int> { actionStart[state]..<actionStart[state + 1] }

    func transitions(of row: Int) -> Range<Int> { transitionStart[row]..<transitionStart[row + 1] }
}
