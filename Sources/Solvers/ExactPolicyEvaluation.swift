import _CFlint
import _CGMP
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
    /// `X` (unknownCount × 1) and `den`: the current exact values are `X / den`.
    private var numerators = fmpz_mat_struct()
    private let denominator: UnsafeMutablePointer<fmpz> = .allocate(capacity: 1)
    /// `den · Q(s,a)` per action row.
    private var scaledQ: UnsafeMutablePointer<fmpq>

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
        fmpz_mat_init(&numerators, count, 1)
        fmpz_init(denominator)
        scaledQ = .allocate(capacity: max(mdp.actionRowCount, 1))
        for row in 0..<mdp.actionRowCount { fmpq_init(scaledQ + row) }
    }

    deinit {
        fmpz_mat_clear(&numerators)
        fmpz_clear(denominator)
        denominator.deallocate()
        for row in 0..<mdp.actionRowCount { fmpq_clear(scaledQ + row) }
        scaledQ.deallocate()
    }

    /// Solves exactly for the values of the deterministic `policy` (an action row per
    /// non-terminal state) and forms every `den · Q(s,a)`.
    /// Throws if the system is singular (an improper policy at γ = 1).
    func evaluate(policy: [Int]) throws(SolverError) {
        let n = unknownCount
        var matrix = fmpz_mat_struct(), rightHandSide = fmpz_mat_struct()
        fmpz_mat_init(&matrix, n, n)
        fmpz_mat_init(&rightHandSide, n, 1)
        defer {
            fmpz_mat_clear(&matrix)
            fmpz_mat_clear(&rightHandSide)
        }
        for state in 0..<mdp.stateCount where unknownIndex[state] >= 0 {
            let i = unknownIndex[state], row = policy[state]
            // Row i: V(s) − Σ γP(s'|s,a) V(s') = r(s,a), scaled by the lcm of its denominators.
            var coefficients: [(column: Int, value: Rational)] = [(i, .one)]
            for t in mdp.transitions(of: row) {
                let column = unknownIndex[mdp.target[t]]
                if column >= 0 { coefficients.append((column, -(mdp.gamma * mdp.probability[t]))) }
            }
            let reward = mdp.reward[row]
            let scale = ([reward] + coefficients.map(\.value)).map(\.denominator).reduce(Rational.one, lcm)
            for (column, value) in coefficients {
                let entry = maxent_fmpz_mat_entry(&matrix, i, column)!
                let scaled = value * scale
                scaled.withUnsafeMPQ { q in
                    var term = fmpz()
                    fmpz_init(&term)
                    fmpz_set_mpz(&term, maxent_mpq_numref_const(q))
                    fmpz_add(entry, entry, &term)
                    fmpz_clear(&term)
                }
            }
            (reward * scale).withUnsafeMPQ { q in
                fmpz_set_mpz(maxent_fmpz_mat_entry(&rightHandSide, i, 0), maxent_mpq_numref_const(q))
            }
        }
        if n > 0, fmpz_mat_solve_dixon_den(&numerators, denominator, &matrix, &rightHandSide) == 0 {
            throw SolverError("policy evaluation system is singular: the policy does not terminate with probability 1")
        }
        if n == 0 { fmpz_one(denominator) }
        formScaledQ()
    }

    /// Takes `candidate` (one value per state; terminal entries are ignored) as the current
    /// values, over the least common denominator of its entries, and forms every `den · Q(s,a)`.
    func load(candidate: [Rational]) {
        fmpz_one(denominator)
        for state in 0..<mdp.stateCount where unknownIndex[state] >= 0 {
            candidate[state].withUnsafeFMPQ { value in
                fmpz_lcm(denominator, denominator, maxent_fmpq_denref(UnsafeMutablePointer(mutating: value)))
            }
        }
        var scale = fmpz()
        fmpz_init(&scale)
        defer { fmpz_clear(&scale) }
        for state in 0..<mdp.stateCount where unknownIndex[state] >= 0 {
            let entry = maxent_fmpz_mat_entry(&numerators, unknownIndex[state], 0)
            candidate[state].withUnsafeFMPQ { value in
                let mutableValue = UnsafeMutablePointer(mutating: value)
                fmpz_divexact(&scale, denominator, maxent_fmpq_denref(mutableValue))
                fmpz_mul(entry, maxent_fmpq_numref(mutableValue), &scale)
            }
        }
        formScaledQ()
    }

    /// `den · Q(s,a) = den · r(s,a) + γ Σ P(s'|s,a) X(s')` for every action row.
    private func formScaledQ() {
        var term = fmpq()
        fmpq_init(&term)
        defer { fmpq_clear(&term) }
        for state in 0..<mdp.stateCount {
            for row in mdp.actionRows(of: state) {
                let q = scaledQ + row
                mdp.reward[row].withUnsafeFMPQ { fmpq_mul_fmpz(q, $0, denominator) }
                for t in mdp.transitions(of: row) {
                    let column = unknownIndex[mdp.target[t]]
                    guard column >= 0 else { continue }
                    (mdp.gamma * mdp.probability[t]).withUnsafeFMPQ {
                        fmpq_mul_fmpz(&term, $0, maxent_fmpz_mat_entry(&numerators, column, 0))
                    }
                    fmpq_add(q, q, &term)
                }
            }
        }
    }

    /// Sign of `Q(s,row) − V(s)`, exactly.
    func compareQ(row: Int, withValueOf state: Int) -> Int {
        let column = unknownIndex[state]
        precondition(column >= 0, "terminal states have no Q-values")
        return Int(fmpq_cmp_fmpz(scaledQ + row, maxent_fmpz_mat_entry(&numerators, column, 0)))
    }

    /// Sign of `Q(s,a) − Q(s,b)`, exactly.
    func compareQ(row a: Int, row b: Int) -> Int {
        Int(fmpq_cmp(scaledQ + a, scaledQ + b))
    }

    /// The exact value `V(s)` of the last evaluated policy.
    func value(of state: Int) -> Rational {
        let column = unknownIndex[state]
        guard column >= 0 else { return .zero }
        var q = fmpq()
        fmpq_init(&q)
        defer { fmpq_clear(&q) }
        fmpz_set(maxent_fmpq_numref(&q), maxent_fmpz_mat_entry(&numerators, column, 0))
        fmpz_set(maxent_fmpq_denref(&q), denominator)
        fmpq_canonicalise(&q)
        return Rational(fmpq: &q)
    }

    /// The exact `Q(s,a)` of the action row, under the last evaluated policy's values.
    func qValue(row: Int) -> Rational {
        var q = fmpq()
        fmpq_init(&q)
        defer { fmpq_clear(&q) }
        fmpq_div_fmpz(&q, scaledQ + row, denominator)
        return Rational(fmpq: &q)
    }
}

/// Least common multiple of two positive integer rationals.
private func lcm(_ a: Rational, _ b: Rational) -> Rational {
    a.withUnsafeFMPQ { x in
        b.withUnsafeFMPQ { y in
            var result = fmpz()
            fmpz_init(&result)
            defer { fmpz_clear(&result) }
            fmpz_lcm(&result, maxent_fmpq_numref(UnsafeMutablePointer(mutating: x)), maxent_fmpq_numref(UnsafeMutablePointer(mutating: y)))
            return Rational(fmpz: &result)
        }
    }
}
