/// The SAC actor loss (docs/experiments.md §5.2 step 3, §6.2 step 3)
///
///     L_π = mean_s [ α·log π(â|s) − Q^act(s, â) ],   â = tanh(μ(s) + σ(s)ξ),
///
/// where Q^act(s, ·) is the minimum of the critic pair chosen for state s: always the one pair for
/// SAC, the soft or the plain pair per state for SAC-AdaEnt. The gradient reaches the actor both
/// through log π and, via ∂Q/∂â of the critic that attains the minimum, through â; the critics'
/// own parameter gradients are not touched.
final class ActorObjective: @unchecked Sendable {
    let actor: SquashedGaussianActor
    let actionGradient: FloatBuffer
    let logProbabilityGradient: FloatBuffer
    /// min(Q_a, Q_b)(s, â) of every pair, `pairs × rows` (Q^soft, then Q^plain for AdaEnt).
    let pairMinima: FloatBuffer
    let pairCount: Int

    init(actor: SquashedGaussianActor, pairCount: Int) {
        self.actor = actor
        self.pairCount = pairCount
        actionGradient = FloatBuffer(count: actor.capacity * actor.actionDimension)
        logProbabilityGradient = FloatBuffer(count: actor.capacity)
        pairMinima = FloatBuffer(count: pairCount * actor.capacity)
    }

    /// Samples â with `noise`, evaluates every pair of `critics` (flattened pairwise:
    /// `[pair0.a, pair0.b, pair1.a, …]`) and returns L_π. With `computeGradient`, writes ∂L_π/∂θ_π
    /// into the actor's network gradients. `usesPair(row)` chooses the pair of each state.
    func evaluate(
        states: UnsafePointer<Float>, rows: Int, noise: UnsafePointer<Float>, alpha: Float, critics: [QNetwork],
        workers: Workers, computeGradient: Bool, usesPair: (Int) -> Int = { _ in 0 }
    ) -> Double {
        precondition(critics.count == 2 * pairCount, "ActorObjective: critics must come in pairs")
        actor.computeDistribution(states: states, rows: rows)
        actor.sample(noise: noise)
        let actions = UnsafePointer(actor.actions.pointer)
        workers.run(critics.count) { index in
            critics[index].values(states: states, actions: actions, rows: rows)
        }
        for critic in critics { critic.selectedCount = 0 }
        var loss = 0.0
        for row in 0..<rows {
            for pair in 0..<pairCount {
                pairMinima[pair * rows + row] = min(critics[2 * pair].lastValues[row], critics[2 * pair + 1].lastValues[row])
            }
            let pair = usesPair(row)
            let first = critics[2 * pair].lastValues[row], second = critics[2 * pair + 1].lastValues[row]
            let minimizer = critics[first <= second ? 2 * pair : 2 * pair + 1]
            minimizer.selectedRows[minimizer.selectedCount] = row
            minimizer.selectedCount += 1
            loss += Double(alpha) * Double(actor.logProbabilities[row]) - Double(min(first, second))
        }
        guard computeGradient else { return loss / Double(rows) }
        let valueGradient = -1 / Float(rows)
        workers.run(critics.count) { index in
            let critic = critics[index]
            critic.backwardToActions(selected: critic.selectedRows, count: critic.selectedCount, valueGradient: valueGradient)
        }
        let width = rows * actor.actionDimension
        actionGradient.fill(0)
        for critic in critics {
            for index in 0..<width { actionGradient[index] += critic.actionGradient[index] }
        }
        for row in 0..<rows { logProbabilityGradient[row] = alpha / Float(rows) }
        actor.backward(actionGradient: actionGradient.pointer, logProbabilityGradient: logProbabilityGradient.pointer)
        return loss / Double(rows)
    }
}
