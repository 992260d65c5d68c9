import _CFlint
import Arithmetic

/// The soft Bellman operator evaluated in ball arithmetic at a fixed precision:
///
///     Q(s,a)  = r(s,a) + γ Σ P(s'|s,a) V(s')
///     (T V)(s) = α log Σ_a μ(s,a) exp(Q(s,a)/α)                 (optimal operator), or
///     (T_π V)(s) = Σ_a π(a|s) [Q(s,a) − α log(π(a|s)/μ(s,a))]   (a fixed policy π).
///
/// Every output ball contains the exact image of every vector inside the input balls.
/// The log-sum-exp is shifted by the largest midpoint so that the exponentials stay ≤ 1 for
/// the dominant term; the shift is an exact point and costs no width.
final class SoftBellmanKernel {
    let mdp: CompiledMDP
    let precision: Int
    private let alpha: ArbVector            // [α, 1/α]
    private let coefficient: ArbVector      // γ·P per transition
    private let reward: ArbVector           // r per action row
    private let logMeasure: ArbVector       // log μ per action row
    /// For a fixed policy: π(a|s) and −α log(π(a|s)/μ(s,a)) per action row.
    private let policy: (probability: ArbVector, entropyBonus: ArbVector)?
    private let scratch = ArbVector(count: 3)

    init(_ mdp: CompiledMDP, alpha: Rational, precision: Int, policy: [Rational]? = nil) {
        self.mdp = mdp
        self.precision = precision
        let alphaPair = ArbVector(count: 2)
        alpha.withUnsafeFMPQ { arb_set_fmpq(alphaPair[0], $0, precision) }
        arb_inv(alphaPair[1], alphaPair[0], precision)
        self.alpha = alphaPair
        let coefficient = ArbVector(count: mdp.target.count)
        for t in 0..<mdp.target.count {
            (mdp.gamma * mdp.probability[t]).withUnsafeFMPQ { arb_set_fmpq(coefficient[t], $0, precision) }
        }
        self.coefficient = coefficient
        let reward = ArbVector(count: mdp.actionRowCount)
        let logMeasure = ArbVector(count: mdp.actionRowCount)
        for row in 0..<mdp.actionRowCount {
            mdp.reward[row].withUnsafeFMPQ { arb_set_fmpq(reward[row], $0, precision) }
            mdp.measure[row].withUnsafeFMPQ { arb_set_fmpq(logMeasure[row], $0, precision) }
            arb_log(logMeasure[row], logMeasure[row], precision)
        }
        self.reward = reward
        self.logMeasure = logMeasure
        if let policy {
            let probability = ArbVector(count: mdp.actionRowCount)
            let bonus = ArbVector(count: mdp.actionRowCount)
            for row in 0..<mdp.actionRowCount where policy[row].signum > 0 {
                policy[row].withUnsafeFMPQ { arb_set_fmpq(probability[row], $0, precision) }
                arb_log(bonus[row], probability[row], precision)
                arb_sub(bonus[row], bonus[row], logMeasure[row], precision)
                arb_mul(bonus[row], bonus[row], alphaPair[0], precision)
                arb_neg(bonus[row], bonus[row])
            }
            self.policy = (probability, bonus)
        } else {
            self.policy = nil
        }
    }

    /// Writes `Q` for every action row and `T V` (or `T_π V`) for every state.
    func apply(values: ArbVector, q: ArbVector, result: ArbVector) {
        for state in 0..<mdp.stateCount {
            let rows = mdp.actionRows(of: state)
            for row in rows {
                arb_set(q[row], reward[row])
                for t in mdp.transitions(of: row) {
                    arb_addmul(q[row], coefficient[t], values[mdp.target[t]], precision)
                }
            }
            if rows.isEmpty {
                arb_zero(result[state])
            } else if let policy {
                arb_zero(result[state])
                for row in rows where !arb_is_zero(policy.probability[row]).isTrue {
                    arb_add(scratch[0], q[row], policy.entropyBonus[row], precision)
                    arb_addmul(result[state], policy.probability[row], scratch[0], precision)
                }
            } else {
                logSumExp(rows: rows, q: q, into: result[state])
            }
        }
    }

    /// `α log Σ_a μ_a exp(Q_a/α)` over `rows`, shifted by the largest midpoint of `Q_a/α + log μ_a`.
    private func logSumExp(rows: Range<Int>, q: ArbVector, into output: UnsafeMutablePointer<arb_struct>) {
        let exponent = scratch[0], sum = scratch[1], shift = scratch[2]
        var first = true
        for row in rows {
            arb_mul(exponent, q[row], alpha[1], precision)
            arb_add(exponent, exponent, logMeasure[row], precision)
            if first || arf_cmp(maxent_arb_midref(exponent), maxent_arb_midref(shift)) > 0 {
                arb_get_mid_arb(shift, exponent)
                first = false
            }
        }
        arb_zero(sum)
        for row in rows {
            arb_mul(exponent, q[row], alpha[1], precision)
            arb_add(exponent, exponent, logMeasure[row], precision)
            arb_sub(exponent, exponent, shift, precision)
            arb_exp(exponent, exponent, precision)
            arb_add(sum, sum, exponent, precision)
        }
        arb_log(sum, sum, precision)
        arb_add(sum, sum, shift, precision)
        arb_mul(output, sum, alpha[0], precision)
    }

    /// π(a|s) = μ exp(Q_a/α) / Σ_b μ_b exp(Q_b/α), as balls, from Q enclosures.
    func softmaxPolicy(state: Int, q: ArbVector) -> [Ball] {
        let rows = mdp.actionRows(of: state)
        return rows.map { row in
            // 1 / Σ_b exp((Q_b − Q_a)/α + log μ_b − log μ_a): differences keep the terms bounded.
            Ball.make(precision: precision) { result, precision in
                let term = ArbVector(count: 1)
                arb_zero(result)
                for other in rows {
                    arb_sub(term[0], q[other], q[row], precision)
                    arb_mul(term[0], term[0], alpha[1], precision)
                    arb_add(term[0], term[0], logMeasure[other], precision)
                    arb_sub(term[0], term[0], logMeasure[row], precision)
                    arb_exp(term[0], term[0], precision)
                    arb_add(result, result, term[0], precision)
                }
                arb_inv(result, result, precision)
            }
        }
    }
}

private extension Int32 {
    var isTrue: Bool { self != 0 }
}
