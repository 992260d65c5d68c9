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
///
/// g_a is increasing in K with slope at least 1/γ − γ (γ < 1), or exactly 1/γ when E_a does not
/// depend on K (γ = 1, s unreachable from its successors), so every deficit is closed by a
/// finite increase of K (proofs/bifurcation.md, Lemma 2 and 3).
struct Margins {
    let request: BifurcationRequest
    let continueRewards: [Rational]
    let continueMeasures: [Rational]

    private var mdp: MDP { request.mdp }
    private var alpha: Rational { request.alpha }
    private var gamma: Rational { request.mdp.gamma }
    private var actions: [MDP.Action] { request.mdp.states[request.state].actions }

    /// E_a(K) for every action a of s, each enclosure of width ≤ `tolerance`.
    func expectedSoftValues(boundaryValue: Rational, tolerance: Rational) throws(BifurcationError) -> [Ball] {
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
        return actions.map { action in
            action.transitions.reduce(Ball(0, precision: soft.precision)) { sum, transition in
                sum + transition.probability * soft.values[transition.target]
            }
        }
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

    /// The certified ends of `ball`, or a failure naming `quantity` when its enclosure is not finite.
    private func ends(_ ball: Ball, _ quantity: String) throws(BifurcationError) -> (lower: Rational, upper: Rational) {
        guard let lower = ball.lowerBound, let upper = ball.upperBound else {
            throw .failed("the enclosure of \(quantity) is not finite at \(ball.precision) bits")
        }
        return (lower, upper)
    }

    /// The smallest K on a short-decimal grid (found by safeguarded secant steps from `start`)
    /// at which every g_a(K) is certainly ≥ α log 2.
    func chooseBoundaryValue(start: Rational) throws(BifurcationError) -> Rational {
        let scanTolerance = Rational(1) / Rational(10).power(12)
        let slopeCeiling = Rational.one / gamma
        let slopeFloor = gamma == .one ? Rational.one : Rational.one / gamma - gamma
        var boundaryValue = roundedUp(start)
        var previous: (boundaryValue: Rational, margins: [Ball])?
        for _ in 0..<400 {
            let current = margins(
                boundaryValue: boundaryValue,
                expected: try expectedSoftValues(boundaryValue: boundaryValue, tolerance: scanTolerance))
            let precision = current.map(\.precision).max() ?? 128
            let wanted = Ball(alpha, precision: precision) * Ball(2, precision: precision).log()
            let deficits = try current.map { margin throws(BifurcationError) in try ends(wanted - margin, "a margin g_a(K)").upper }
            let worst = deficits.indices.max { deficits[$0] < deficits[$1] }!
            if deficits[worst].signum < 0 { return boundaryValue }
            var slope = slopeCeiling
            if let previous {
                guard let now = current[worst].midpoint, let before = previous.margins[worst].midpoint else {
                    throw .failed("the enclosure of a margin g_a(K) is not finite")
                }
                let secant = (now - before)
                    / (boundaryValue - previous.boundaryValue)
                slope = min(max(secant, slopeFloor), slopeCeiling)
            }
            previous = (boundaryValue, current)
            boundaryValue = roundedUp(boundaryValue + deficits[worst] * Rational(5, 4) / slope + alpha / 100)
        }
        throw .failed("no boundary value K with a certified margin was found after 400 steps")
    }

    /// Every number M̂ needs once K is fixed; `accuracy` bounds how far the stored r_T may sit
    /// below the real one.
    func parameters(
        boundaryValue: Rational, expectedValues: [Rational], accuracy: Rational
    ) throws(BifurcationError) -> BifurcationParameters {
        var tolerance = accuracy / 4
        for _ in 0..<6 {
            let expected = try expectedSoftValues(boundaryValue: boundaryValue, tolerance: tolerance)
            let margin = margins(boundaryValue: boundaryValue, expected: expected)
            let required = requiredMediocreValues(
                boundaryValue: boundaryValue, precision: expected.map(\.precision).max() ?? 128)
            // log of the bound n₂ must exceed: log(D_a e^{−W_a/α}) = U_a/α + log(1 − e^{−g_a/α}) − W_a/α.
            var bounds: [Ball] = []
            var unresolved: [Rational] = []
            for index in actions.indices {
                let precision = max(required[index].precision, 64)
                let a = Ball(alpha, precision: precision)
                let logBound = required[index] / a + (Ball(1, precision: precision) - (-margin[index] / a).exp()).log()
                    - expectedValues[index] / alpha
                // n₂ itself needs log₂ n₂ bits; refuse before allocating when that is not finite or
                // beyond the working-precision limit of the certified solvers.
                let log2Bound = logBound.midpointDouble / M_LN2
                let bitLimit = CertificationLimits.standard.maximumPrecision
                guard log2Bound.isFinite, log2Bound < Double(bitLimit) else {
                    throw .refused("the bail measure n₂ for action \"\(actions[index].name)\" would need about 2^\(log2Bound.isFinite ? Rational(exactly: log2Bound).scientificString(rounding: .toNearestOrEven) : "∞") (log₂ n₂ beyond the \(bitLimit)-bit limit): choose a larger α or a target closer to π_α")
                }
                let bits = Int(max(0, log2Bound)) + 64
                let bound = logBound.withPrecision(max(precision, bits)).exp()
                bounds.append(bound)
                // Pinning the smallest integer needs log₂ n₂ bits of E_a(K); beyond 2^4096 the
                // integer above the enclosure is kept: admissible, and within its relative width of
                // the smallest.
                let boundEnds = try ends(bound, "the bound on n₂[\(index)]")
                if request.bailMeasures == nil, bits <= 4096 + 64, boundEnds.upper.floor != boundEnds.lower.floor {
                    unresolved.append(boundEnds.upper)
                }
                if let chosen = request.bailMeasures?[index], !(Ball(chosen, precision: bound.precision) - bound).isCertainlyPositive {
                    if (bound - chosen).isCertainlyPositive || bound.contains(chosen) && bound.width! < Rational(1, 1_000_000) {
                        throw .refused(
                            "n2[\(index)] = \(chosen) is not admissible for action \"\(actions[index].name)\": it must exceed D_a(K)·e^{−W_a/α} ≈ \(bound.certifiedDigits(12)) (smallest admissible integer \(boundEnds.upper.floor + 1)), otherwise the bail reward r_T(a) would reach W_a = \(expectedValues[index]) and bailing would become standard-optimal")
                    }
                    unresolved.append(boundEnds.upper)
                }
            }
            if let largest = unresolved.max() {
                // Not enough digits to decide the integer part; look closer.
                tolerance = min(tolerance, Rational(1) / (largest.ceiling + 1) / Rational(1 << 20))
                continue
            }
            let boundEnds = try bounds.map { bound throws(BifurcationError) in try ends(bound, "a bound on n₂") }
            let smallest = boundEnds.map { $0.upper.floor + 1 }
            let smallestIsExact = boundEnds.map { $0.upper.floor == $0.lower.floor }
            let bail = request.bailMeasures ?? smallest
            let grid = decimalGrid(atMost: accuracy)
            var enclosures: [Ball] = [], stored: [Rational] = []
            for index in actions.indices {
                let precision = max(bounds[index].precision, required[index].precision)
                let a = Ball(alpha, precision: precision)
                let rT = required[index] + a * (Ball(1, precision: precision) - (-margin[index] / a).exp()).log()
                    - a * Ball(bail[index], precision: precision).log()
                let below = (try ends(rT, "r_T(\(actions[index].name))").lower / grid).floor * grid
                guard below < expectedValues[index] else {
                    throw .failed("internal error: r_T(\(actions[index].name)) = \(below) is not below W_a = \(expectedValues[index])")
                }
                enclosures.append(rT)
                stored.append(below)
            }
            let names = EntropicBifurcation.addedStateNames(request)
            return BifurcationParameters(
                boundaryValue: boundaryValue, expectedValues: expectedValues, continueRewards: continueRewards,
                continueMeasures: continueMeasures, bailMeasures: bail, smallestAdmissibleBailMeasures: smallest,
                smallestAdmissibleIsExact: smallestIsExact,
                bailRewards: stored, bailRewardEnclosures: enclosures, mediocreStates: names.mediocre,
                failureStates: names.failure)
        }
        throw .failed("could not certify the admissible bail measures n₂ to the nearest integer")
    }

    /// K rounded up to 6 decimals, so that it prints readably.
    private func roundedUp(_ value: Rational) -> Rational {
        let scale = Rational(1_000_000)
        return (value * scale).ceiling / scale
    }

    /// The largest power of ten not above `accuracy`.
    private func decimalGrid(atMost accuracy: Rational) -> Rational {
        var grid = Rational.one
        while grid > accuracy { grid = grid / 10 }
        return grid
    }
}
