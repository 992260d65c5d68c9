import Arithmetic

extension SoftSolution {
    /// An enclosure of π_α(A|s) = Σ_{a ∈ A} π_α(a|s), the probability the MaxEnt-optimal policy puts
    /// on the actions `actions` (indices into the state's actions) at state `state`: with A = Opt(s),
    /// the quantity whose crossing of 1/2 defines a critical temperature.
    public func probability(of actions: [Int], at state: Int) -> Ball {
        let policy = self.policy[state]
        return actions.map { policy[$0] }.reduce(Ball(0, precision: policy.first?.precision ?? precision), +)
    }
}
