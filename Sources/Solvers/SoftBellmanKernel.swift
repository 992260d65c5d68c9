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
    private let alpha: Ball
    private let inverseAlpha: Ball
    private let coefficient: BallVector     // γ·P per transition
    private let reward: BallVector          // r per action row
    private let logMeasure: BallVector      // log μ per action row
    /// For a fixed policy: π(a|s) and −α log(π(a|s)/μ(s,a)) per action row.
    private let policy: (probability: BallVector, entropyBonus: BallVector)?
    private let scratch = BallVector(count: 3)

    init(_ mdp: CompiledMDP, alpha: Rational, precision: Int, policy: [Rational]? = nil) {
        self.mdp = mdp
        self.precision = precision
        self.alpha = Ball(alpha, precision: precision)
        inverseAlpha = self.alpha.reciprocal()
        coefficient = BallVector(count: mdp.target.count)
        for t in 0..<mdp.target.count {
            coefficient.set(t, to: mdp.gamma * mdp.probability[t], precision: precision)
        }
        reward = BallVector(count: mdp.actionRowCount)
        logMeasure = BallVector(count: mdp.actionRowCount)
        var logMeasures: [Ball] = []
        logMeasures.reserveCapacity(mdp.actionRowCount)
        for row in 0..<mdp.actionRowCount {
            reward.set(row, to: mdp.reward[row], precision: precision)
            let log = Ball(mdp.measure[row], precision: precision).log()
            logMeasure.set(row, to: log)
            logMeasures.append(log)
        }
        if let policy {
            let probability = BallVector(count: mdp.actionRowCount)
            let bonus = BallVector(count: mdp.actionRowCount)
            for row in 0..<mdp.actionRowCount where policy[row].signum > 0 {
                let p = Ball(policy[row], precision: precision)
                probability.set(row, to: p)
                bonus.set(row, to: -((p.log() - logMeasures[row]) * self.alpha))
            }
            self.policy = (probability, bonus)
        } else {
            self.policy = nil
        }
    }

    /// Writes `Q` for every action row and `T V` (or `T_π V`) for every state.
    func apply(values: BallVector, q: BallVector, result: BallVector) {
        for state in 0..<mdp.stateCount {
            let rows = mdp.actionRows(of: state)
            for row in rows {
                q.setAffine(
                    row, constant: reward, row, coefficients: coefficient, terms: mdp.transitions(of: row),
                    values: values, positions: mdp.target, precision: precision)
            }
            if rows.isEmpty {
                result.setZero(state)
            } else if let policy {
                result.setWeightedSum(
                    state, weights: policy.probability, terms: q, offsets: policy.entropyBonus, rows: rows,
                    scratch: scratch, precision: precision)
            } else {
                result.setSoftMaximum(
                    state, terms: q, logWeights: logMeasure, rows: rows, temperature: alpha,
                    inverseTemperature: inverseAlpha, scratch: scratch, precision: precision)
            }
        }
    }

    /// π(a|s) = μ exp(Q_a/α) / Σ_b μ_b exp(Q_b/α), as balls, from Q enclosures.
    func softmaxPolicy(state: Int, q: BallVector) -> [Ball] {
        let rows = mdp.actionRows(of: state)
        return rows.map { row in
            q.softmaxWeight(
                of: row, among: rows, logWeights: logMeasure, inverseTemperature: inverseAlpha, precision: precision)
        }
    }
}
