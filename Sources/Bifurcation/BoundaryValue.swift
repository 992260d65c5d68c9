import Arithmetic
import FiniteMDP
import Foundation
import Solvers

/// The quantities of docs/theory.md §4 as functions of the boundary value K, in certified arithmetic:
///
///     U_a(K) = (α log(p(a)/μ(s,a)) − r(s,a) + K) / γ        (soft value m_a must have)
///     E_a(K) = Σ P(s'|s,a) V^K(s')                           (V^K: M with s held at K)
///     g_a(K) = U_a(K) − α log n₁(a) − ρ_a − γ E_a(K)
///     D_a(K) = e^{U_a/α} − n₁ e^{(ρ_a + γ E_a)/α} = e^{U_a/α} (1 − e^{−g_a/α})
///     B_a(K) = D_a(K) e^{−b_a/α}        (r_T(a) = α log(D_a/n₂) stays below b_a iff n₂(a) > B_a(K))
///
/// b_a is the bail-reward bound of the admissibility rule. Each g_a is concave and increasing with
/// slope in [1/γ − γ q_a, 1/γ] (proofs/bifurcation.md, Lemmas 2, 3 and 3′), where q_a is the reach
/// factor; B_a increases with K wherever g_a > 0. So the admissible K form the window
/// (K₀, K_u): K₀ = max_a (root of g_a), K_u the first K where some B_a reaches n₂(a); the window
/// is non-empty iff n₂(a) > B_a(K₀) for every a, and ⌊B_a(K₀)⌋ + 1 is the smallest admissible
/// integer n₂(a) over all K, for every a at once.
final class BoundaryFunctions {
    let request: BifurcationRequest
    let continueRewards: [Rational]
    let continueMeasures: [Rational]
    /// b_a: the bound r_T(a) must stay below.
    let bailRewardBounds: [Rational]
    /// Whether b_a is W_a (bailing must not beat continuing) rather than (V*(s) − r(s,a))/γ.
    let boundIsExpectedValue: [Bool]
    /// q_a ≥ the Lipschitz constant of E_a (0 when s is unreachable from its successors, so E_a is constant).
    let reachFactors: [Rational]
    private var constantExpected: (tolerance: Rational, values: [Ball])?

    init(
        request: BifurcationRequest, continueRewards: [Rational], continueMeasures: [Rational],
        bailRewardBounds: [Rational], boundIsExpectedValue: [Bool], reachFactors: [Rational]
    ) {
        self.request = request
        self.continueRewards = continueRewards
        self.continueMeasures = continueMeasures
        self.bailRewardBounds = bailRewardBounds
        self.boundIsExpectedValue = boundIsExpectedValue
        self.reachFactors = reachFactors
    }

    private var mdp: MDP { request.mdp }
    private var alpha: Rational { request.alpha }
    private var gamma: Rational { request.mdp.gamma }
    private var actions: [MDP.Action] { request.mdp.states[request.state].actions }

    /// The slopes of h(K) = min_a g_a(K) lie in [slopeFloor, slopeCeiling] (Lemmas 2, 3, 3′).
    var slopeFloor: Rational { reachFactors.map { Rational.one / gamma - gamma * $0 }.min()! }
    var slopeCeiling: Rational { Rational.one / gamma }

    /// E_a(K) for every action a of s, each enclosure of width ≤ `tolerance`.
    func expectedSoftValues(boundaryValue: Rational, tolerance: Rational) throws(BifurcationError) -> [Ball] {
        let independentOfK = reachFactors.allSatisfy { $0.signum == 0 }
        if independentOfK, let cached = constantExpected, cached.tolerance <= tolerance { return cached.values }
        var held = mdp
        let boundary = held.states.count
        held.states.append(MDP.State(name: "boundary"))
        held.states[request.state].actions = [
            MDP.Action(name: "hold", reward: boundaryValue, transitions: [MDP.Transition(target: boundary, probability: .one)]),
        ]
        let soft: SoftSolution
        do {
            soft = try SoftSolver.solve(held, alpha: alpha, tolerance: tolerance)
        } catch {
            throw .failed("soft values with s held at K = \(boundaryValue) (width ≤ \(tolerance.scientificString(rounding: .up))): \(error)")
        }
        let values = actions.map { action in
            action.transitions.reduce(Ball(0, precision: soft.precision)) { sum, transition in
                sum + transition.probability * soft.values[transition.target]
            }
        }
        if independentOfK { constantExpected = (tolerance, values) }
        return values
    }

    /// U_a(K) for every action, at `precision` bits.
    func requiredMediocreValues(boundaryValue: Rational, precision: Int) -> [Ball] {
        zip(actions, request.target).map { action, probability in
            let a = Ball(alpha, precision: precision)
            return (a * Ball(probability / action.measure, precision: precision).log() - action.reward + boundaryValue)
                / gamma
        }
    }

    /// g_a(K) for every action.
    func margins(boundaryValue: Rational, expected: [Ball]) -> [Ball] {
        let precision = expected.map(\.precision).max() ?? 128
        let required = requiredMediocreValues(boundaryValue: boundaryValue, precision: precision)
        return actions.indices.map { index in
            required[index] - Ball(alpha, precision: precision) * Ball(continueMeasures[index], precision: precision).log()
                - continueRewards[index] - gamma * expected[index]
        }
    }

    /// Everything the search needs at one K. Every ball is finite with ends of readable size
    /// (`evaluate(at:tolerance:)` refuses otherwise), so reading its ends cannot fail.
    struct Evaluation {
        let boundaryValue: Rational
        /// g_a(K).
        let margins: [Ball]
        /// U_a(K).
        let required: [Ball]
        /// E_a(K).
        let expected: [Ball]

        /// Enclosure of min_a g_a(K).
        var smallestMargin: (lower: Rational, upper: Rational) {
            (margins.map { $0.lowerBound! }.min()!, margins.map { $0.upperBound! }.min()!)
        }
        var allMarginsPositive: Bool { margins.allSatisfy(\.isCertainlyPositive) }
    }

    func evaluate(at boundaryValue: Rational, tolerance: Rational) throws(BifurcationError) -> Evaluation {
        let expected = try expectedSoftValues(boundaryValue: boundaryValue, tolerance: tolerance)
        let precision = expected.map(\.precision).max() ?? 128
        let evaluation = Evaluation(
            boundaryValue: boundaryValue, margins: margins(boundaryValue: boundaryValue, expected: expected),
            required: requiredMediocreValues(boundaryValue: boundaryValue, precision: precision), expected: expected)
        for ball in evaluation.margins + evaluation.required + evaluation.expected
        where ball.lowerBound == nil || ball.upperBound == nil {
            throw .failed("the enclosures of g_a(K) and U_a(K) at K = \(boundaryValue) are not finite at \(ball.precision) bits")
        }
        return evaluation
    }

    /// log B_a(K) for every action, with g_a replaced by its lower (`upper == false`) or upper end
    /// clamped at 0, so the result bounds B_a from below or above; nil stands for B_a = 0.
    func logBailBounds(_ evaluation: Evaluation, upper: Bool) -> [Ball?] {
        actions.indices.map { index in
            let margin = upper ? evaluation.margins[index].upperBound! : evaluation.margins[index].lowerBound!
            guard margin.signum > 0 else { return nil }
            let required = evaluation.required[index]
            let precision = max(required.precision, 64)
            let a = Ball(alpha, precision: precision)
            let end = upper ? required.upperBound! : required.lowerBound!
            let logBound = (Ball(end, precision: precision) - bailRewardBounds[index]) / a
                + Self.logOneMinusExpNegative(Ball(margin, precision: precision) / a)
            return logBound
        }
    }

    /// B_a as a certified lower or upper end (an exact rational), at a precision that resolves its integer part.
    /// Refuses when log₂ B_a is not finite or beyond the certified solvers' precision limit.
    func bailBoundEnds(_ evaluation: Evaluation, upper: Bool) throws(BifurcationError) -> [Rational] {
        try logBailBounds(evaluation, upper: upper).enumerated().map { index, logBound throws(BifurcationError) in
            guard let logBound else { return .zero }
            let log2Bound = logBound.midpointDouble / M_LN2
            let bitLimit = CertificationLimits.standard.maximumPrecision
            guard log2Bound.isFinite, log2Bound < Double(bitLimit) else {
                throw .refused("the bail measure n₂ for action \"\(actions[index].name)\" would need about 2^\(log2Bound.isFinite ? Rational(exactly: log2Bound).scientificString(rounding: .toNearestOrEven) : "∞") (log₂ n₂ beyond the \(bitLimit)-bit limit): choose a larger α or a target closer to π_α")
            }
            let bits = Int(max(0, log2Bound)) + 64
            let bound = logBound.withPrecision(max(logBound.precision, bits)).exp()
            guard let end = upper ? bound.upperBound : bound.lowerBound else {
                throw .failed("the enclosure of the bound on n₂ for action \"\(actions[index].name)\" is not finite")
            }
            return upper ? end : max(.zero, end)
        }
    }

    /// A certified bracket [lower, upper] ∋ K₀ = the largest root of the g_a, narrower than `width`,
    /// found by safeguarded secant steps; each evaluation at K with min_a g_a(K) ∈ [v, w] proves
    /// K₀ ∈ [K − max(w/σ₋, w/σ₊), K − min(v/σ₋, v/σ₊)] by the slope bounds σ₋ ≤ h' ≤ σ₊.
    func rootBracket(
        start: Rational, width: Rational, tolerance: inout Rational
    ) throws(BifurcationError) -> (lower: Rational, upper: Rational) {
        let floor = slopeFloor, ceiling = slopeCeiling
        var lower: Rational?, upper: Rational?
        var boundaryValue = start
        var previous: (boundaryValue: Rational, margin: Rational)?
        for _ in 0..<400 {
            let margin = try evaluate(at: boundaryValue, tolerance: tolerance).smallestMargin
            let low = boundaryValue - max(margin.upper / floor, margin.upper / ceiling)
            let high = boundaryValue - min(margin.lower / floor, margin.lower / ceiling)
            lower = max(lower ?? low, low)
            upper = min(upper ?? high, high)
            guard let bracketLow = lower, let bracketHigh = upper else { continue }
            if bracketHigh - bracketLow <= width { return (bracketLow, bracketHigh) }
            if (margin.upper - margin.lower) / floor >= width / 4 {
                // The enclosure of h, not the position, limits the bracket: compute E_a more tightly.
                tolerance = min(tolerance, width * floor / 16)
                continue
            }
            let middle = (margin.lower + margin.upper) / 2
            var slope = ceiling
            if let previous, previous.boundaryValue != boundaryValue {
                let secant = (middle - previous.margin) / (boundaryValue - previous.boundaryValue)
                slope = min(max(secant, floor), ceiling)
            }
            previous = (boundaryValue, middle)
            let span = bracketHigh - bracketLow
            var next = boundaryValue - middle / slope
            if next <= bracketLow || next >= bracketHigh { next = bracketLow + span / 2 }
            // A short decimal next to the secant point: rounding further would cost the superlinear
            // convergence that the slope bounds turn into a narrow bracket.
            let nudge = span / Rational(2).power(20)
            boundaryValue = Self.shortDecimal(in: max(next - nudge, bracketLow + nudge), min(next + nudge, bracketHigh - nudge))
        }
        throw .failed("the boundary value K₀ where the first bracket D_a(K) turns positive was not bracketed after 400 steps")
    }

    /// log(1 − e^{−x}) for a ball x > 0. For small x the subtraction cancels about log₂(1/x) bits
    /// (and a difference touching 0 has no finite logarithm), so the working precision grows until
    /// the difference is certainly positive; the result is not finite only when x is not.
    static func logOneMinusExpNegative(_ x: Ball) -> Ball {
        var precision = x.precision
        while true {
            let difference = Ball(1, precision: precision) - (-x.withPrecision(precision)).exp()
            if difference.isCertainlyPositive || !x.isCertainlyPositive || precision > x.precision + 1 << 16 {
                return difference.log()
            }
            precision *= 2
        }
    }

    /// The shortest decimal in [low, high] (low < high).
    static func shortDecimal(in low: Rational, _ high: Rational) -> Rational {
        var scale = Rational.one
        while true {
            let candidate = (low * scale).ceiling / scale
            if candidate <= high { return candidate }
            scale = scale * 10
        }
    }
}

/// What the search over K decided: the measures n₂, and a boundary value K inside their window.
struct BoundaryPlan {
    let boundaryValue: Rational
    let bailMeasures: [Rational]
    /// ⌊B_a(K₀)⌋ + 1: the smallest integer n₂(a) admissible for some K.
    let smallestAdmissibleBailMeasures: [Rational]
    /// Whether the integer part of B_a(K₀) was decided (it is not pinned above 2^4096, nor when
    /// B_a(K₀) lies closer to an integer than five rounds of refinement resolve).
    let smallestAdmissibleIsExact: [Bool]
    /// The certified bracket of K₀.
    let lowestBoundaryValue: (lower: Rational, upper: Rational)
    /// The width of the E_a(K) enclosures at which K was certified (later enclosures are no wider).
    let tolerance: Rational
}

extension BoundaryFunctions {
    /// Brackets K₀ until the integer parts of every B_a(K₀) (or, for user measures, every
    /// comparison n₂(a) > B_a(K₀)) are decided; then picks K in the window of the chosen n₂.
    func plan(start: Rational) throws(BifurcationError) -> BoundaryPlan {
        var tolerance = Rational(1) / Rational(10).power(12)
        var width = alpha / Rational(10).power(9)
        let pinLimit = Rational(2).power(4096)
        var start = start
        var undecided: (index: Int, bound: Rational)?
        let rounds = 5
        for round in 1...rounds {
            let bracket = try rootBracket(start: start, width: width, tolerance: &tolerance)
            start = Self.shortDecimal(in: bracket.lower, bracket.upper)
            let below = try bailBoundEnds(try evaluate(at: bracket.lower, tolerance: tolerance), upper: false)
            let above = try bailBoundEnds(try evaluate(at: bracket.upper, tolerance: tolerance), upper: true)
            let smallest = above.map { $0.floor + 1 }
            let exact = zip(below, above).map { $0.floor == $1.floor }
            var decided = true
            if let chosen = request.bailMeasures {
                for index in actions.indices where !(chosen[index] > above[index]) {
                    if chosen[index] <= below[index] {
                        throw .refused(inadmissible(index: index, chosen: chosen[index], bound: below[index], smallest: smallest[index]))
                    }
                    decided = false
                    undecided = (index, above[index])
                }
            } else {
                // B_a(K₀) may sit within e^{−g/α} of an integer (exactly so in simple loops); after the
                // last round the integer above its enclosure is kept: admissible, flagged as not pinned.
                decided = round == rounds || zip(exact, above).allSatisfy { $0 || $1 > pinLimit }
            }
            if decided {
                let bailMeasures = request.bailMeasures ?? smallest
                try checkMaximumMeasure(bailMeasures: bailMeasures)
                let chosen = try window(above: bracket.upper, bailMeasures: bailMeasures, tolerance: tolerance)
                return BoundaryPlan(
                    boundaryValue: chosen.boundaryValue, bailMeasures: bailMeasures, smallestAdmissibleBailMeasures: smallest,
                    smallestAdmissibleIsExact: exact, lowestBoundaryValue: bracket, tolerance: chosen.tolerance)
            }
            // Resolving the integer part of B_a(K₀) needs K₀ to relative accuracy ~1/B_a; beyond the
            // pinning limit the integer above the enclosure is kept, so no finer bracket is useful.
            let largest = min(above.max() ?? .one, pinLimit)
            width = min(width, alpha / (largest.ceiling + 1)) / Rational(2).power(64)
        }
        if let chosen = request.bailMeasures, let undecided {
            throw .refused("n2[\(undecided.index)] = \(chosen[undecided.index]) could not be certified admissible for action \"\(actions[undecided.index].name)\": it agrees with the bound B_a(K₀) ≈ \(undecided.bound.decimalString(digits: 12)) it must exceed to every digit computed; choose a slightly larger n₂")
        }
        throw .failed("internal error: the search for K₀ ended undecided")
    }

    private func inadmissible(index: Int, chosen: Rational, bound: Rational, smallest: Rational) -> String {
        let what = boundIsExpectedValue[index]
            ? "W_a = \(bailRewardBounds[index]) (bailing would become standard-optimal)"
            : "(V*(s) − r(s,a))/γ = \(bailRewardBounds[index]) (the action would become standard-optimal at s)"
        return "n2[\(index)] = \(chosen) is not admissible for action \"\(actions[index].name)\" under the \(request.rule.rawValue) rule: for every K with all D_a(K) > 0, n₂ ≤ B_a(K) ≈ \(bound.decimalString(digits: 6)) would put r_T(a) at or above \(what); the smallest admissible integer is \(smallest)"
    }

    private func checkMaximumMeasure(bailMeasures: [Rational]) throws(BifurcationError) {
        guard let limit = request.maximumMeasure else { return }
        for (name, measures, given) in [("n1", continueMeasures, request.continueMeasures != nil), ("n2", bailMeasures, request.bailMeasures != nil)] {
            guard let index = measures.indices.first(where: { measures[$0] > limit }) else { continue }
            if given || name == "n1" {
                throw .refused("\(name)[\(index)] = \(measures[index]) exceeds --max-measure \(limit)")
            }
            throw .refused("no admissible extension has every added measure ≤ \(limit) under the \(request.rule.rawValue) rule: the smallest achievable maximum is \(bailMeasures.max()!) (n₂ = \(bailMeasures.map(\.description).joined(separator: ", ")) is the smallest for every action at once, over all K)")
        }
    }

    /// A short-decimal K in the window (K₀, K_u) of `bailMeasures`: every g_a(K) > 0 and every
    /// B_a(K) < n₂(a), certified. log B_a grows at least at rate 1/(γα), so
    /// K_u ≤ K₀⁺ + γα min_a log(n₂(a)/B_a(K₀⁺)); K is taken near the middle of [K₀⁺, that bound],
    /// halving towards K₀⁺ until it certifies.
    private func window(
        above lowest: Rational, bailMeasures: [Rational], tolerance: Rational
    ) throws(BifurcationError) -> (boundaryValue: Rational, tolerance: Rational) {
        var tolerance = tolerance
        let start = try evaluate(at: lowest, tolerance: tolerance)
        let logs = logBailBounds(start, upper: true)
        let room = actions.indices.map { index -> Rational in
            guard let logBound = logs[index] else { return alpha * 64 }
            let precision = logBound.precision
            // Finite: a log of a positive exact measure minus a finite log bound.
            return (Ball(bailMeasures[index], precision: precision).log() - logBound).lowerBound!
        }.min()!
        guard room.signum > 0 else { throw .failed("internal error: the chosen n₂ leave no room above K₀") }
        var high = lowest + gamma * alpha * min(room, 64)
        for _ in 0..<200 {
            let span = high - lowest
            let candidate = Self.shortDecimal(in: lowest + span * Rational(3, 8), lowest + span * Rational(5, 8))
            let evaluation = try evaluate(at: candidate, tolerance: tolerance)
            let fits = evaluation.allMarginsPositive && zip(logBailBounds(evaluation, upper: true), bailMeasures).allSatisfy { logBound, measure in
                guard let logBound else { return true }
                return (Ball(measure, precision: logBound.precision).log() - logBound).isCertainlyPositive
            }
            if fits { return (candidate, tolerance) }
            high = candidate
            tolerance = min(tolerance, span * slopeFloor / 64)
        }
        throw .failed("no boundary value K with a certified margin was found in the admissible window")
    }
}

extension BoundaryFunctions {
    /// r_T(a) = α log(D_a(K)/n₂(a)) = U_a(K) + α log(1 − e^{−g_a(K)/α}) − α log n₂(a): enclosures
    /// no wider than `accuracy`, and the stored rationals, the largest multiples of a power of ten
    /// (≤ accuracy) below them — so each stored r_T(a) ≤ the real one < b_a.
    func bailRewards(
        boundaryValue: Rational, bailMeasures: [Rational], accuracy: Rational, tolerance certified: Rational
    ) throws(BifurcationError) -> (enclosures: [Ball], stored: [Rational]) {
        var tolerance = min(accuracy / 4, certified)
        for _ in 0..<8 {
            let evaluation = try evaluate(at: boundaryValue, tolerance: tolerance)
            guard evaluation.allMarginsPositive else {
                throw .failed("internal error: a bracket D_a(K) is not certainly positive at the chosen K = \(boundaryValue)")
            }
            let enclosures = actions.indices.map { index in
                let required = evaluation.required[index]
                let precision = required.precision
                let a = Ball(alpha, precision: precision)
                return required + a * Self.logOneMinusExpNegative(evaluation.margins[index] / a)
                    - a * Ball(bailMeasures[index], precision: precision).log()
            }
            let widths = enclosures.map(\.width)
            if widths.allSatisfy({ $0 != nil }), let widest = widths.compactMap({ $0 }).max(), widest <= accuracy / 2 {
                let grid = Self.decimalGrid(atMost: accuracy / 2)
                let stored = enclosures.map { ($0.lowerBound! / grid).floor * grid }
                for index in actions.indices where !(stored[index] < bailRewardBounds[index]) {
                    throw .failed("internal error: r_T(\(actions[index].name)) = \(stored[index]) is not below its bound \(bailRewardBounds[index])")
                }
                return (enclosures, stored)
            }
            // The enclosures of E_a are often far narrower than asked (Newton steps gain ~15 digits
            // at a time), so scale what they achieved, not what was asked.
            let widest = widths.map { $0 ?? accuracy * 1024 }.max()!
            let achieved = evaluation.expected.compactMap(\.width).filter { $0.signum > 0 }.max() ?? tolerance
            tolerance = min(tolerance, achieved) * accuracy / (widest * 4)
        }
        throw .failed("could not enclose the bail rewards r_T to within \(accuracy.scientificString(rounding: .up))")
    }

    /// The largest power of ten not above `accuracy`.
    static func decimalGrid(atMost accuracy: Rational) -> Rational {
        var grid = Rational.one
        while grid > accuracy { grid = grid / 10 }
        return grid
    }
}
