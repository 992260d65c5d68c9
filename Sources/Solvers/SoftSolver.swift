import Arithmetic
import FiniteMDP
import Foundation

/// Certified enclosures of the soft (MaxEnt) optimum at temperature α (docs/theory.md §3).
///
/// Every ball is finite: the solver never builds a solution holding a non-finite or
/// indeterminate enclosure (it refines further or refuses instead), so nothing marked certified
/// can print as `nan` or `inf`.
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
    /// An upper bound on the width of every reported ball (values, Q-values and policy probabilities).
    public let maximumWidth: Rational

    /// `nil` unless every ball is finite.
    init?(alpha: Rational, values: [Ball], qValues: [[Ball]], policy: [[Ball]], precision: Int, newtonSteps: Int) {
        var widest = Rational.zero
        for ball in values + qValues.joined() + policy.joined() {
            guard let width = ball.width else { return nil }
            if width > widest { widest = width }
        }
        self.alpha = alpha
        self.values = values
        self.qValues = qValues
        self.policy = policy
        self.precision = precision
        self.newtonSteps = newtonSteps
        self.maximumWidth = widest
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
/// precision (the linear corrections are solved in `Double`, enough for several new digits per
/// step) refine it; finally the residual bound `‖T V − V‖_w / (1 − β)` of a certified
/// contraction (see `ContractionWeights`) turns the refined point into enclosures of V_α, from
/// which Q_α and π_α are enclosed by ball arithmetic. Nothing "converged-looking" is reported:
/// each ball provably contains the exact value.
///
/// The soft operator is evaluated in a form that keeps every intermediate bounded: rewards enter
/// as `Q/α` next to `log μ` (never `μ` or `e^{Q/α}` themselves), each log-sum-exp is shifted by
/// its state's largest exponent, and policy probabilities are formed from differences of
/// exponents. Before allocating, the working precision and memory are estimated from the input
/// (`CertificationCost`) and checked against `CertificationLimits`.
public enum SoftSolver {
    /// Enclosures whose widths (values, Q-values and policy probabilities) are all ≤ `tolerance`.
    public static func solve(
        _ mdp: MDP, alpha: Rational, tolerance: Rational, limits: CertificationLimits = .standard,
        progress: ((SoftSolveProgress) -> Void)? = nil
    ) throws(SolverError) -> SoftSolution {
        try checkArguments(mdp, alpha: alpha)
        guard tolerance.signum > 0 else { throw SolverError("tolerance must be positive") }
        let compiled = CompiledMDP(mdp)
        return try certify(
            compiled, alpha: alpha, policy: nil, target: .tolerance(tolerance), limits: limits, progress: progress)
    }

    /// The tightest enclosures reachable at a fixed working precision (in bits).
    public static func solve(
        _ mdp: MDP, alpha: Rational, precision: Int, limits: CertificationLimits = .standard,
        progress: ((SoftSolveProgress) -> Void)? = nil
    ) throws(SolverError) -> SoftSolution {
        try checkArguments(mdp, alpha: alpha)
        guard precision >= 16 else { throw SolverError("precision must be at least 16 bits") }
        let compiled = CompiledMDP(mdp)
        return try certify(
            compiled, alpha: alpha, policy: nil, target: .precision(precision), limits: limits, progress: progress)
    }

    /// Certified soft value `V^π_α` of a given stochastic policy (probabilities per state, in
    /// action order, summing to 1 exactly; zero entries allowed), each enclosure of width ≤ `tolerance`.
    public static func evaluate(
        _ mdp: MDP, policy: [[Rational]], alpha: Rational, tolerance: Rational, limits: CertificationLimits = .standard
    ) throws(SolverError) -> [Ball] {
        try checkArguments(mdp, alpha: alpha)
        for (state, probabilities) in policy.enumerated() where !mdp.states[state].isTerminal {
            guard probabilities.count == mdp.states[state].actions.count,
                  probabilities.allSatisfy({ $0.signum >= 0 }), probabilities.sum() == .one
            else { throw SolverError("policy at state \"\(mdp.states[state].name)\" is not a distribution over its actions") }
        }
        let compiled = CompiledMDP(mdp)
        return try certify(
            compiled, alpha: alpha, policy: Array(policy.joined()), target: .tolerance(tolerance), limits: limits,
            progress: nil
        ).values
    }

    /// Finite-horizon soft backward induction in ball arithmetic: `values[s]` is the optimal soft
    /// value of `horizon` steps from `s`, with widths ≤ `tolerance`.
    public static func solve(
        _ mdp: MDP, alpha: Rational, horizon: Int, tolerance: Rational, limits: CertificationLimits = .standard
    ) throws(SolverError) -> SoftSolution {
        guard alpha.signum > 0 else { throw SolverError("α must be positive, got \(alpha)") }
        guard horizon >= 0 else { throw SolverError("horizon must be non-negative") }
        guard tolerance.signum > 0 else { throw SolverError("tolerance must be positive") }
        let compiled = CompiledMDP(mdp)
        var precision = bits(for: tolerance) + 64
        while true {
            try CertificationCost.check(
                precision: precision, memory: CertificationCost.memory(compiled, precision: precision),
                breakdown: "finite horizon \(horizon), width 2^-\(bits(for: tolerance))", limits: limits)
            let kernel = SoftBellmanKernel(compiled, alpha: alpha, precision: precision)
            var values = BallVector(count: compiled.stateCount)
            let q = BallVector(count: compiled.actionRowCount)
            for _ in 0..<horizon {
                let next = BallVector(count: compiled.stateCount)
                kernel.apply(values: values, q: q, result: next)
                values = next
            }
            if horizon == 0 { kernel.apply(values: values, q: q, result: BallVector(count: compiled.stateCount)) }
            if let solution = package(compiled, alpha: alpha, kernel: kernel, values: values, q: q, newtonSteps: 0),
               solution.maximumWidth <= tolerance {
                return solution
            }
            precision *= 2
        }
    }

    /// A fast float64 soft policy iteration. Not certified, but never non-finite: a value
    /// beyond `Double`'s range is refused.
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
        guard (values + qValues.joined() + policy.joined()).allSatisfy(\.isFinite) else {
            throw SolverError("the float64 soft solution is not finite (values beyond ±1.8e308); drop --uncertified to certify it")
        }
        return UncertifiedSoftSolution(values: values, qValues: qValues, policy: policy)
    }

    // MARK: - Certification

    enum Target {
        case tolerance(Rational)
        case precision(Int)
    }

    static func checkArguments(_ mdp: MDP, alpha: Rational) throws(SolverError) {
        guard alpha.signum > 0 else { throw SolverError("α must be positive, got \(alpha)") }
        try mdp.checkUndiscountedTermination()
    }

    /// Bits of precision that resolve `tolerance`.
    static func bits(for tolerance: Rational) -> Int {
        max(0, Int((-tolerance.logMagnitude / Foundation.log(2)).rounded(.up)))
    }

    static func certify(
        _ mdp: CompiledMDP, alpha: Rational, policy: [Rational]?, target: Target, limits: CertificationLimits,
        progress: ((SoftSolveProgress) -> Void)?
    ) throws(SolverError) -> SoftSolution {
        let weights = try ContractionWeights(mdp)
        let alphaDouble = alpha.doubleValue
        guard alphaDouble.isNormal else {
            throw SolverError("α = \(alpha.scientificString(rounding: .toNearestOrEven)) is outside the float64 range of the initial guess")
        }
        let guess = floatSoftPolicyIteration(mdp, alpha: alphaDouble, policy: policy?.map(\.doubleValue))
        guard guess.allSatisfy(\.isFinite) else {
            throw SolverError("the float64 initial guess of the soft values is not finite (values beyond ±1.8e308)")
        }
        let scale = guess.map(abs).max() ?? 0
        let weightScale = weights.weight.max() ?? 1
        var precision: Int
        var breakdown: String
        let log10Target: Double
        switch target {
        case .precision(let bits):
            precision = bits
            breakdown = "fixed precision"
            log10Target = -Double(bits) * 0.30103
        case .tolerance(let tolerance):
            let cost = CertificationCost(
                mdp, toleranceBits: bits(for: tolerance), valueScale: scale, weights: weights, alpha: alpha)
            precision = cost.precision
            breakdown = cost.breakdown
            log10Target = tolerance.logMagnitude / Foundation.log(10)
        }
        let contractionGap = Rational.one - weights.beta
        var newtonSteps = 0
        while true {
            try CertificationCost.check(
                precision: precision, memory: CertificationCost.memory(mdp, precision: precision),
                breakdown: breakdown, limits: limits)
            let kernel = SoftBellmanKernel(mdp, alpha: alpha, precision: precision, policy: policy)
            let values = BallVector(count: mdp.stateCount)
            for state in 0..<mdp.stateCount where !mdp.isTerminal(state) { values.set(state, exactly: guess[state]) }
            let q = BallVector(count: mdp.actionRowCount)
            let image = BallVector(count: mdp.stateCount)
            var previousResidual: Rational?
            var lastSolution: SoftSolution?
            // Each step gains several digits (the corrections are solved in Double).
            for _ in 0..<(16 + precision / 40) {
                kernel.apply(values: values, q: q, result: image)
                // A residual that is not finite at this precision: only more precision can help.
                guard let (residual, correctionRightHandSide, residualExponent) = weightedResidual(
                    values: values, image: image, weights: weights.weight, precision: precision)
                else { break }
                // ‖V − V_α‖_w ≤ residual / (1 − β): each V(s) is within w(s) times that.
                let errorBound = residual / contractionGap
                progress?(SoftSolveProgress(
                    precision: precision, newtonSteps: newtonSteps,
                    log10ErrorBound: (errorBound * Rational(exactly: weightScale)).logMagnitude / Foundation.log(10),
                    log10Target: log10Target))
                let stagnated = previousResidual.map { residual * 4 > $0 } ?? false
                let worthPackaging: Bool
                switch target {
                case .tolerance(let tolerance): worthPackaging = errorBound * 2 * Rational(exactly: weightScale) <= tolerance
                case .precision: worthPackaging = stagnated
                }
                if worthPackaging, let solution = enclose(
                    mdp, alpha: alpha, kernel: kernel, values: values, errorBound: errorBound,
                    weights: weights.weight, newtonSteps: newtonSteps, fixedPolicy: policy
                ) {
                    // Q_α and π_α can come out wider than V_α; then refining continues.
                    guard case .tolerance(let tolerance) = target, solution.maximumWidth > tolerance else {
                        return solution
                    }
                    lastSolution = solution
                }
                if stagnated { break }
                previousResidual = residual
                guard newtonStep(
                    mdp, values: values, q: q, rightHandSide: correctionRightHandSide, scaleExponent: residualExponent,
                    alpha: alphaDouble, policy: policy?.map(\.doubleValue), precision: precision)
                else { break }
                newtonSteps += 1
            }
            if case .precision = target {
                if let lastSolution { return lastSolution }
                throw SolverError("at \(precision) bits the enclosures are not finite; certify with a larger --precision or a --tolerance")
            }
            guard precision <= limits.maximumPrecision / 2 else {
                throw SolverError(
                    "could not certify the soft values within the limit of \(limits.maximumPrecision) bits of working precision (\(breakdown))",
                    exceededLimit: .precision)
            }
            precision *= 2
        }
    }

    /// An upper bound on `max_s |(T V)(s) − V(s)| / w(s)`, and the residual's midpoints scaled
    /// by `2^−exponent` into `Double` range (residuals below 1e-308 would otherwise underflow);
    /// `nil` when the residual is not finite at this precision. Terminal states count too: their
    /// value must be exactly 0, and the residual checks it rather than assuming it.
    private static func weightedResidual(
        values: BallVector, image: BallVector, weights: [Double], precision: Int
    ) -> (bound: Rational, midpoints: [Double], exponent: Int)? {
        image.weightedDifference(from: values, weights: weights, precision: precision)
    }

    /// `V ← V + (I − γ P_π)⁻¹ (T V − V)` with π the softmax policy of the current Q (or the fixed
    /// policy); the correction is solved in `Double` for the residual scaled by `2^−scaleExponent`,
    /// scaled back exactly, and added to the high-precision midpoints. Returns false (and changes
    /// nothing) when the float correction is not finite.
    private static func newtonStep(
        _ mdp: CompiledMDP, values: BallVector, q: BallVector, rightHandSide: [Double], scaleExponent: Int,
        alpha: Double, policy: [Double]?, precision: Int
    ) -> Bool {
        let probabilities = policy ?? (0..<mdp.stateCount).flatMap { state -> [Double] in
            let rows = mdp.actionRows(of: state)
            return softmax(
                rows.map { q.midpointDouble(at: $0) },
                logMeasure: rows.map { mdp.logMeasureDouble[$0] }, alpha: alpha)
        }
        let correction = PolicyMatrix(mdp, actionProbability: probabilities).solve(rightHandSide, relativeTolerance: 1e-15)
        guard correction.allSatisfy(\.isFinite) else { return false }
        for state in 0..<mdp.stateCount where !mdp.isTerminal(state) {
            values.moveMidpoint(state, by: correction[state], timesTwoToThe: scaleExponent, precision: precision)
        }
        return true
    }

    /// The certified answer from a refined point: V(s) widened by w(s)·errorBound (terminal
    /// states exactly 0), then Q_α and π_α enclosed from that enclosure of V_α; `nil` when some
    /// enclosure is not finite at this precision.
    private static func enclose(
        _ mdp: CompiledMDP, alpha: Rational, kernel: SoftBellmanKernel, values: BallVector, errorBound: Rational,
        weights: [Double], newtonSteps: Int, fixedPolicy: [Rational]?
    ) -> SoftSolution? {
        let enclosure = BallVector(count: mdp.stateCount)
        for state in 0..<mdp.stateCount where !mdp.isTerminal(state) {
            enclosure.set(
                state, to: values, state,
                widenedBy: Ball(errorBound * Rational(exactly: weights[state]), precision: kernel.precision))
        }
        let q = BallVector(count: mdp.actionRowCount)
        kernel.apply(values: enclosure, q: q, result: BallVector(count: mdp.stateCount))
        return package(
            mdp, alpha: alpha, kernel: kernel, values: enclosure, q: q, newtonSteps: newtonSteps,
            fixedPolicy: fixedPolicy)
    }

    private static func package(
        _ mdp: CompiledMDP, alpha: Rational, kernel: SoftBellmanKernel, values: BallVector, q: BallVector,
        newtonSteps: Int, fixedPolicy: [Rational]? = nil
    ) -> SoftSolution? {
        let precision = kernel.precision
        var qValues: [[Ball]] = [], policy: [[Ball]] = []
        for state in 0..<mdp.stateCount {
            let rows = mdp.actionRows(of: state)
            qValues.append(rows.map { q.ball(at: $0, precision: precision) })
            if let fixedPolicy {
                policy.append(rows.map { Ball(fixedPolicy[$0], precision: precision) })
            } else {
                policy.append(kernel.softmaxPolicy(state: state, q: q))
            }
        }
        return SoftSolution(
            alpha: alpha, values: (0..<mdp.stateCount).map { values.ball(at: $0, precision: precision) }, qValues: qValues, policy: policy,
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
