import Arithmetic

/// Exact policy evaluation and exact Q-values with a common denominator, on FLINT integers.
///
/// The system `V(s) − γ Σ P(s'|s,π(s)) V(s') = r(s,π(s))` over the non-terminal states is
/// scaled row by row to integers and solved by FLINT's p-adic (Dixon) solver, which returns
/// `V = X / den` with integer `X` and one common denominator. Q-values are then formed as
/// `den · Q(s,a)` — rationals with small denominators — so every comparison of the exact
/// optimality check is a comparison of moderately sized rationals, not of independent
/// thousand-digit fractions.
final class ExactPolicyEvaluation {
    private let mdp: CompiledMDP
    /// Position of each non-terminal state among the unknowns (−1 for terminal states).
    private let unknownIndex: [Int]
    private let unknownCount: Int
    /// The integers `X` (one per unknown) and `den`: the current exact values are `X / den`.
    private var numerators: [Rational]
    private var denominator = Rational.one
    /// `den · Q(s,a)` per action row.
    private var scaledQ: [Rational]

    init(_ mdp: CompiledMDP) {
        self.mdp = mdp
        var index = [Int](repeating: -1, count: mdp.stateCount)
        var count = 0
        for state in 0..<mdp.stateCount where !mdp.isTerminal(state) {
            index[state] = count
            count += 1
        }
        unknownIndex = index
        unknownCount = count
        numerators = [Rational](repeating: .zero, count: count)
        scaledQ = [Rational](repeating: .zero, count: mdp.actionRowCount)
    }

    /// Solves exactly for the values of the deterministic `policy` (an action row per
    /// non-terminal state) and forms every `den · Q(s,a)`.
    /// Throws if the system is singular (an improper policy at γ = 1).
    func evaluate(policy: [Int]) throws(SolverError) {
        let n = unknownCount
        let matrix = IntegerMatrix(rows: n, columns: n), rightHandSide = IntegerMatrix(rows: n, columns: 1)
        for state in 0..<mdp.stateCount where unknownIndex[state] >= 0 {
            let i = unknownIndex[state], row = policy[state]
            // Row i: V(s) − Σ γP(s'|s,a) V(s') = r(s,a), scaled by the lcm of its denominators.
            var coefficients: [(column: Int, value: Rational)] = [(i, .one)]
            for t in mdp.transitions(of: row) {
                let column = unknownIndex[mdp.target[t]]
                if column >= 0 { coefficients.append((column, -(mdp.gamma * mdp.probability[t]))) }
            }
            let reward = mdp.reward[row]
            let scale = ([reward] + coefficients.map(\.value)).map(\.denominator)
                .reduce(Rational.one, Rational.leastCommonMultiple)
            for (column, value) in coefficients { matrix.add(value * scale, row: i, column: column) }
            rightHandSide.add(reward * scale, row: i, column: 0)
        }
        guard let (solution, commonDenominator) = matrix.solveDixon(rightHandSide) else {
            throw SolverError("policy evaluation system is singular: the policy does not terminate with probability 1")
        }
        numerators = (0..<n).map { solution[$0, 0] }
        denominator = commonDenominator
        formScaledQ()
    }

    /// Takes `candidate` (one value per state; terminal entries are ignored) as the current
    /// values, over the least common denominator of its entries, and forms every `den · Q(s,a)`.
    func load(candidate: [Rational]) {
        denominator = (0..<mdp.stateCount).filter { unknownIndex[$0] >= 0 }
            .map { candidate[$0].denominator }
            .reduce(Rational.one, Rational.leastCommonMultiple)
        for state in 0..<mdp.stateCount where unknownIndex[state] >= 0 {
            numerators[unknownIndex[state]] = candidate[state] * denominator
        }
        formScaledQ()
    }

    /// `den · Q(s,a) = den · r(s,a) + γ Σ P(s'|s,a) X(s')` for every action row.
    private func formScaledQ() {
        for state in 0..<mdp.stateCount {
            for row in mdp.actionRows(of: state) {
                var q = mdp.reward[row] * denominator
                for t in mdp.transitions(of: row) {
                    let column = unknownIndex[mdp.target[t]]
                    guard column >= 0 else { continue }
                    q += mdp.gamma * mdp.probability[t] * numerators[column]
                }
                scaledQ[row] = q
            }
        }
    }

    /// Sign of `Q(s,row) − V(s)`, exactly.
    func compareQ(row: Int, withValueOf state: Int) -> Int {
        let column = unknownIndex[state]
        precondition(column >= 0, "terminal states have no Q-values")
        return scaledQ[row].compare(numerators[column])
    }

    /// Sign of `Q(s,a) − Q(s,b)`, exactly.
    func compareQ(row a: Int, row b: Int) -> Int {
        scaledQ[a].compare(scaledQ[b])
    }

    /// The exact value `V(s)` of the last evaluated policy.
    func value(of state: Int) -> Rational {
        let column = unknownIndex[state]
        guard column >= 0 else { return .zero }
        return numerators[column] / denominator
    }

    /// The exact `Q(s,a)` of the action row, under the last evaluated policy's values.
    func qValue(row: Int) -> Rational {
        scaledQ[row] / denominator
    }
}
