import _CFlint
import Arithmetic
import FiniteMDP
import Foundation

/// Certified enclosures of the soft (MaxEnt) optimum at temperature α (docs/theory.md §3).
public struct SoftSolution: Sendable {
    public let alpha: Rational
    /// Enclosures of V_α(s); exactly 0 at terminal states.
    public let values: [Ball]
    /// Enclosures of Q_α(s,a), in the order of each state's actions.
    public let qValues: [[Ball]]
    /// Enclosures of π_α(a|s), in the order of each state's actions.
    public let policy: [[Ball]]
    /// Working precision (bits) of the final certification.
    public let precision: Int
    /// Newton (soft policy iteration) steps taken in high precision.
    public let newtonSteps: Int

    /// The widest of all reported balls (values, Q-values and policy probabilities).
    public var maximumWidth: Rational {
        (values + qValues.joined() + policy.joined()).compactMap(\.width).max() ?? .zero
    }
}

/// An uncertified float64 soft solution, for MDPs too large for the certified path.
/// Nothing in it is guaranteed; every printout of it must say so.
public struct UncertifiedSoftSolution: Sendable {
    public let values: [Double]
    public let qValues: [[Double]]
    public let policy: [[Double]]
}

/// Solves the soft Bellman equations with certified error bounds.
///
/// Method: soft policy iteration (Newton's method on `T V = V`) in `Double` gives a guess;
/// Newton steps whose residual `T V − V` is computed in Arb ball arithmetic at the working
/// precision (the linear corrections are solved in `Double`, enough for ~14 new digits per
/// step) refine it; finally the residual bound `‖T V − V‖_w / (1 − β)` of a certified
/// contraction (see `ContractionWeights`) turns the refined point into enclosures of V_α, from
/// which Q_α and π_α are enclosed by ball arithmetic. Nothing "converged-looking" is reported:
/// each ball provably contains the exact value.
public enum SoftSolver {
    /// Enclosures whose widths (values, Q-values and policy probabilities) are all ≤ `tolerance`.
    public static func solve(_ mdp: MDP, alpha: Rational, tolerance: Rational) throws(SolverError) -> SoftSolution {
        try checkArguments(mdp, alpha: alpha)
        guard tolerance.signum > 0 else { throw SolverError("tolerance must be positive") }
        let compiled = CompiledMDP(mdp)
        return try certify(compiled, alpha: alpha, policy: nil, target: .tolerance(tolerance))
    }

    /// The tightest enclosures reachable at a fixed working precision (in bits).
    public static func solve(_ mdp: MDP, alpha: Rational, precision: Int) throws(SolverError) -> SoftSolution {
        try checkArguments(mdp, alpha: alpha)
        guard precision >= 16 else { throw SolverError("precision must be at least 16 bits") }
        let compiled = CompiledMDP(mdp)
        return try certify(compiled, alpha: alpha, policy: nil, target: .precision(precision))
    }

    /// Certified soft value `V^π_α` of a given stochastic policy (probabilities per state, in
    /// action order, summing to 1 exactly; zero entries allowed), each enclosure of width ≤ `tolerance`.
    public static func evaluate(
        _ mdp: MDP, policy: [[Rational]], alpha: Rational, tolerance: Rational
    ) throws(SolverError) -> [Ball] {
        try checkArguments(mdp, alpha: alpha)
        for (state, probabilities) in policy.enumerated() where !mdp.states[state].isTerminal {
            guard probabilities.count == mdp.states[state].actions.count,
                  probabilities.allSatisfy({ $0.signum >= 0 }), probabilities.sum() == .one
            else { throw SolverError("policy at state \"\(mdp.states[state].name)\" is not a distribution over its actions") }
        }
        let compiled = CompiledMDP(mdp)
        return try certify(
            compiled, alpha: alpha, policy: Array(policy.joined()), target: .tolerance(tolerance)
        ).values
    }

    /// Finite-horizon soft backward induction in ball arithmetic: `values[s]` is the optimal soft
    /// value of `horizon` steps from `s`, with widths ≤ `tolerance`.
    public static func solve(
        _ mdp: MDP, alpha: Rational, horizon: Int, tolerance: Rational
    ) throws(SolverError) -> SoftSolution {
        guard alpha.signum > 0 else { throw SolverError("α must be positive, got \(alpha)") }
        guard horizon >= 0 else { throw SolverError("horizon must be non-negative") }
        let compiled = CompiledMDP(mdp)
        var precision = bits(for: tolerance) + 64
        while precision <= maximumPrecision {
            let kernel = SoftBellmanKernel(compiled, alpha: alpha, precision: precision)
            var values = ArbVector(count: compiled.stateCount)
            let q = ArbVector(count: compiled.actionRowCount)
            for _ in 0..<horizon {
                let next = ArbVector(count: compiled.stateCount)
                kernel.apply(values: values, q: q, result: next)
                values = next
            }
            if horizon == 0 { kernel.apply(values: values, q: q, result: ArbVector(count: compiled.stateCount)) }
            let solution = package(compiled, alpha: alpha, kernel: kernel, values: values, q: q, newtonSteps: 0)
            if solution.maximumWidth <= tolerance { return solution }
            precision *= 2
        }
        throw SolverError("could not reach width \(tolerance) below \(maximumPrecision) bits of precision")
    }

    /// A fast float64 soft policy iteration. Not certified.
    public static func solveUncertified(_ mdp: MDP, alpha: Double) throws(SolverError) -> UncertifiedSoftSolution {
        guard alpha > 0, alpha.isFinite else { throw SolverError("α must be positive, got \(alpha)") }
        try mdp.checkUndiscountedTermination()
        let compiled = CompiledMDP(mdp)
        let values = floatSoftPolicyIteration(compiled, alpha: alpha, policy: nil)
        var qValues: [[Double]] = [], policy: [[Double]] = []
        for state in 0..<compiled.stateCount {
            let rows = compiled.actionRows(of: state)
            let q = rows.map { compiled.qValue(row: $0, values: values) }
            qValues.append(q)
            policy.append(softmax(q, logMeasure: rows.map { compiled.logMeasureDouble[$0] }, alpha: alpha))
        }
        return UncertifiedSoftSolution(values: values, qValues: qValues, policy: policy)
    }

    // MARK: - Certification

    enum Target {
        case tolerance(Rational)
        case precision(Int)
    }

    static let maximumPrecision = 1 << 14

    static func checkArguments(_ mdp: MDP, alpha: Rational) throws(SolverError) {
        guard alpha.signum > 0 else { throw SolverError("α must be positive, got \(alpha)") }
        try mdp.checkUndiscountedTermination()
    }

    /// Bits of precision that resolve `tolerance`.
    static func bits(for tolerance: Rational) -> Int {
        let magnitude = tolerance.doubleValue
        guard magnitude > 0, magnitude.isFinite else { return 64 + Int(Double(tolerance.denominatorDigits) * 3.33) }
        return max(0, Int((-Foundation.log2(magnitude)).rounded(.up)))
    }

    static func certify(
        _ mdp: CompiledMDP, alpha: Rational, policy: [Rational]?, target: Target
    ) throws(SolverError) -> SoftSolution {
        let weights = try ContractionWeights(mdp)
        let alphaDouble = alpha.doubleValue
        let guess = floatSoftPolicyIteration(
            mdp, alpha: alphaDouble, policy: policy?.map(\.doubleValue))
        let scale = guess.map(abs).max() ?? 0
        let weightScale = weights.weight.max() ?? 1
        var precision: Int
        switch target {
        case .precision(let bits): precision = bits
        case .tolerance(let tolerance):
            precision = bits(for: tolerance) + Int(Foundation.log2(1 + scale) + Foundation.log2(1 + weightScale)) + 48
                + Int(Foundation.log2(1 + 1 / alphaDouble))
        }
        let contractionGap = Rational.one - weights.beta
        var newtonSteps = 0
        while precision <= maximumPrecision {
            let kernel = SoftBellmanKernel(mdp, alpha: alpha, precision: precision, policy: policy)
            let values = ArbVector(count: mdp.stateCount)
            for state in 0..<mdp.stateCount { arb_set_d(values[state], guess[state]) }
            let q = ArbVector(count: mdp.actionRowCount)
            let image = ArbVector(count: mdp.stateCount)
            var previousResidual: Rational?
            // Each step gains about 15 digits (the corrections are solved in Double).
            for _ in 0..<(16 + precision / 40) {
                kernel.apply(values: values, q: q, result: image)
                let (residual, correctionRightHandSide, residualExponent) = weightedResidual(
                    values: values, image: image, weights: weights.weight, precision: precision)
                // ‖V − V_α‖_w ≤ residual / (1 − β): each V(s) is within w(s) times that.
                let errorBound = residual / contractionGap
                let stagnated = previousResidual.map { residual * 4 > $0 } ?? false
                let worthPackaging: Bool
                switch target {
                case .tolerance(let tolerance): worthPackaging = errorBound * 2 * Rational(exactly: weightScale) <= tolerance
                case .precision: worthPackaging = stagnated
                }
                if worthPackaging {
                    let solution = enclose(
                        mdp, alpha: alpha, kernel: kernel, values: values, errorBound: errorBound,
                        weights: weights.weight, newtonSteps: newtonSteps, fixedPolicy: policy)
                    // Q_α and π_α can come out wider than V_α; then refining continues.
                    guard case .tolerance(let tolerance) = target, solution.maximumWidth > tolerance else {
                        return solution
                    }
                }
                if stagnated { break }
                previousResidual = residual
                newtonStep(
                    mdp, values: values, q: q, rightHandSide: correctionRightHandSide, scaleExponent: residualExponent,
                    alpha: alphaDouble, policy: policy?.map(\.doubleValue), precision: precision)
                newtonSteps += 1
            }
            if case .precision = target { break }
            precision *= 2
        }
        throw SolverError("could not certify the soft values below \(maximumPrecision) bits of precision")
    }

    /// An upper bound on `max_s |(T V)(s) − V(s)| / w(s)`, and the residual's midpoints scaled
    /// by `2^−exponent` into `Double` range (residuals below 1e-308 would otherwise underflow).
    private static func weightedResidual(
        values: ArbVector, image: ArbVector, weights: [Double], precision: Int
    ) -> (bound: Rational, midpoints: [Double], exponent: Int) {
        let difference = ArbVector(count: weights.count + 1)
        let scratch = difference[weights.count]
        var bound = arf_struct(), magnitude = arf_struct()
        arf_init(&bound); arf_init(&magnitude)
        defer { arf_clear(&bound); arf_clear(&magnitude) }
        for state in weights.indices where weights[state] > 0 {
            arb_sub(difference[state], image[state], values[state], precision)
            arb_set_d(scratch, weights[state])
            arb_div(scratch, difference[state], scratch, precision)
            arb_get_abs_ubound_arf(&magnitude, scratch, precision)
            if arf_cmp(&magnitude, &bound) > 0 { arf_set(&bound, &magnitude) }
        }
        let exponent = arf_is_zero(&bound) != 0 ? 0 : arf_abs_bound_lt_2exp_si(&bound)
        var midpoints = [Double](repeating: 0, count: weights.count)
        for state in weights.indices where weights[state] > 0 {
            arb_mul_2exp_si(difference[state], difference[state], -exponent)
            midpoints[state] = arf_get_d(maxent_arb_midref(difference[state]), ARF_RND_NEAR)
        }
        var exact = fmpq()
        fmpq_init(&exact)
        defer { fmpq_clear(&exact) }
        arf_get_fmpq(&exact, &bound)
        return (Rational(fmpq: &exact), midpoints, exponent)
    }

    /// `V ← V + (I − γ P_π)⁻¹ (T V − V)` with π the softmax policy of the current Q (or the fixed
    /// policy); the correction is solved in `Double` for the residual scaled by `2^−scaleExponent`,
    /// scaled back exactly, and added to the high-precision midpoints.
    private static func newtonStep(
        _ mdp: CompiledMDP, values: ArbVector, q: ArbVector, rightHandSide: [Double], scaleExponent: Int,
        alpha: Double, policy: [Double]?, precision: Int
    ) {
        let probabilities = policy ?? (0..<mdp.stateCount).flatMap { state -> [Double] in
            let rows = mdp.actionRows(of: state)
            return softmax(
                rows.map { arf_get_d(maxent_arb_midref(q[$0]), ARF_RND_NEAR) },
                logMeasure: rows.map { mdp.logMeasureDouble[$0] }, alpha: alpha)
        }
        let correction = PolicyMatrix(mdp, actionProbability: probabilities).solve(rightHandSide, relativeTolerance: 1e-15)
        let step = ArbVector(count: 1)
        for state in 0..<mdp.stateCount where !mdp.isTerminal(state) {
            arb_set_d(step[0], correction[state])
            arb_mul_2exp_si(step[0], step[0], scaleExponent)
            arb_add(values[state], values[state], step[0], precision)
            arb_get_mid_arb(values[state], values[state])
        }
    }

    /// The certified answer from a refined point: V(s) widened by w(s)·errorBound, then Q_α and
    /// π_α enclosed from that enclosure of V_α.
    private static func enclose(
        _ mdp: CompiledMDP, alpha: Rational, kernel: SoftBellmanKernel, values: ArbVector, errorBound: Rational,
        weights: [Double], newtonSteps: Int, fixedPolicy: [Rational]?
    ) -> SoftSolution {
        let enclosure = ArbVector(count: mdp.stateCount)
        for state in 0..<mdp.stateCount {
            arb_set(enclosure[state], values[state])
            if weights[state] > 0 {
                Ball(errorBound * Rational(exactly: weights[state]), precision: kernel.precision)
                    .withUnsafeArb { arb_add_error(enclosure[state], $0) }
            }
        }
        let q = ArbVector(count: mdp.actionRowCount)
        kernel.apply(values: enclosure, q: q, result: ArbVector(count: mdp.stateCount))
        return package(
            mdp, alpha: alpha, kernel: kernel, values: enclosure, q: q, newtonSteps: newtonSteps,
            fixedPolicy: fixedPolicy)
    }

    private static func package(
        _ mdp: CompiledMDP, alpha: Rational, kernel: SoftBellmanKernel, values: ArbVector, q: ArbVector,
        newtonSteps: Int, fixedPolicy: [Rational]? = nil
    ) -> SoftSolution {
        let precision = kernel.precision
        func ball(_ source: UnsafeMutablePointer<arb_struct>) -> Ball {
            Ball.make(precision: precision) { result, _ in arb_set(result, source) }
        }
        var qValues: [[Ball]] = [], policy: [[Ball]] = []
        for state in 0..<mdp.stateCount {
            let rows = mdp.actionRows(of: state)
            qValues.append(rows.map { ball(q[$0]) })
            if let fixedPolicy {
                policy.append(rows.map { Ball(fixedPolicy[$0], precision: precision) })
            } else {
                policy.append(kernel.softmaxPolicy(state: state, q: q))
            }
        }
        return SoftSolution(
            alpha: alpha, values: (0..<mdp.stateCount).map { ball(values[$0]) }, qValues: qValues, policy: policy,
            precision: precision, newtonSteps: newtonSteps)
    }

    // MARK: - Float64

    /// Soft policy iteration in `Double` (for the optimal operator, or evaluation of a fixed policy).
    static func floatSoftPolicyIteration(_ mdp: CompiledMDP, alpha: Double, policy: [Double]?) -> [Double] {
        var values = [Double](repeating: 0, count: mdp.stateCount)
        let scale = 1e-15
        for _ in 0..<200 {
            var probabilities = [Double](repeating: 0, count: mdp.actionRowCount)
            var residual = [Double](repeating: 0, count: mdp.stateCount)
            var largest = 0.0, magnitude = 0.0
            for state in 0..<mdp.stateCount where !mdp.isTerminal(state) {
                let rows = mdp.actionRows(of: state)
                let q = rows.map { mdp.qValue(row: $0, values: values) }
                let logMeasure = rows.map { mdp.logMeasureDouble[$0] }
                let image: Double
                if let policy {
                    image = zip(rows, q).reduce(0.0) { sum, pair in
                        let p = policy[pair.0]
                        return p > 0 ? sum + p * (pair.1 - alpha * (Foundation.log(p) - mdp.logMeasureDouble[pair.0])) : sum
                    }
                    for row in rows { probabilities[row] = policy[row] }
                } else {
                    image = logSumExp(q, logMeasure: logMeasure, alpha: alpha)
                    for (row, p) in zip(rows, softmax(q, logMeasure: logMeasure, alpha: alpha)) { probabilities[row] = p }
                }
                residual[state] = image - values[state]
                largest = max(largest, abs(residual[state]))
                magnitude = max(magnitude, abs(values[state]))
            }
            if largest <= scale * (1 + magnitude) { break }
            let correction = PolicyMatrix(mdp, actionProbability: probabilities).solve(residual)
            for state in 0..<mdp.stateCount { values[state] += correction[state] }
        }
        return values
    }

    static func logSumExp(_ q: [Double], logMeasure: [Double], alpha: Double) -> Double {
        let exponents = zip(q, logMeasure).map { $0 / alpha + $1 }
        let shift = exponents.max() ?? 0
        return alpha * (shift + Foundation.log(exponents.reduce(0.0) { $0 + Foundation.exp($1 - shift) }))
    }

    static func softmax(_ q: [Double], logMeasure: [Double], alpha: Double) -> [Double] {
        let exponents = zip(q, logMeasure).map { $0 / alpha + $1 }
        let shift = exponents.max() ?? 0
        let weights = exponents.map { Foundation.exp($0 - shift) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
}

extension CompiledMDP {
    /// `r(s,a) + γ Σ P(s'|s,a) V(s')` in floating point.
    func qValue(row: Int, values: [Double]) -> Double {
        var expected = 0.0
        for t in transitions(of: row) { expected += probabilityDouble[t] * values[target[t]] }
        return rewardDouble[row] + gammaDouble * expected
    }
}
