import FiniteMDP

extension MDP {
    /// Refuses γ = 1 when some policy can avoid termination forever (an end component): the
    /// undiscounted values are then undefined, and the solvers' uniqueness arguments fail.
    public func checkUndiscountedTermination() throws(SolverError) {
        guard gamma == .one, let cycle = endComponentCycle() else { return }
        let names = (cycle + [cycle[0]]).map { "\"\(states[$0].name)\"" }.joined(separator: " → ")
        throw SolverError("γ = 1 requires every policy to terminate, but \(names) can cycle forever")
    }
}
