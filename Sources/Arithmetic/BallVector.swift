import _CFlint

/// A fixed-length vector of Arb balls updated in place, for the inner loops of certified solvers.
///
/// Unlike `Ball`, whose every operation allocates a new value, a `BallVector` keeps its balls'
/// limbs between operations, so a loop that rewrites the same entries allocates nothing after
/// the first pass. Every operation keeps Arb's guarantee: each output ball contains the exact
/// result of the operation applied to every real in the input balls. A new vector holds exact
/// zeros. The vector is owned by one computation and is not shared between threads.
public final class BallVector {
    /// Number of balls.
    public let count: Int
    private let base: UnsafeMutablePointer<arb_struct>

    /// `count` exact zeros.
    public init(count: Int) {
        precondition(count >= 0, "BallVector: negative count")
        self.count = count
        base = _arb_vec_init(max(count, 1))
    }

    deinit { _arb_vec_clear(base, max(count, 1)) }

    private func entry(_ index: Int) -> UnsafeMutablePointer<arb_struct> {
        precondition(index >= 0 && index < count, "BallVector: index \(index) out of range 0..<\(count)")
        return base + index
    }

    // MARK: - Reading and writing single entries

    /// A copy of entry `index`, carrying `precision` as its working precision.
    public func ball(at index: Int, precision: Int) -> Ball {
        let source = entry(index)
        return Ball.make(precision: precision) { result, _ in arb_set(result, source) }
    }

    /// Sets entry `index` to `value` (Arb's own copy, radius included).
    public func set(_ index: Int, to value: Ball) {
        value.withUnsafeArb { arb_set(entry(index), $0) }
    }

    /// Sets entry `index` to the ball closest to `value` at `precision` bits (exact when representable).
    public func set(_ index: Int, to value: Rational, precision: Int) {
        let target = entry(index)
        value.withUnsafeFMPQ { arb_set_fmpq(target, $0, precision) }
    }

    /// Sets entry `index` to the exact value of `value` (radius 0).
    public func set(_ index: Int, exactly value: Double) {
        arb_set_d(entry(index), value)
    }

    /// Sets entry `index` to an exact zero.
    public func setZero(_ index: Int) {
        arb_zero(entry(index))
    }

    /// Whether entry `index` is exactly zero (midpoint and radius both 0).
    public func isExactlyZero(_ index: Int) -> Bool {
        arb_is_zero(entry(index)) != 0
    }

    /// Entry `index`'s midpoint rounded to the nearest `Double` (for float fast paths only).
    public func midpointDouble(at index: Int) -> Double {
        arf_get_d(maxent_arb_midref(entry(index)), ARF_RND_NEAR)
    }

    /// Sets entry `index` to `source[sourceIndex]` widened by every real within `error` of it.
    public func set(_ index: Int, to source: BallVector, _ sourceIndex: Int, widenedBy error: Ball) {
        let target = entry(index)
        arb_set(target, source.entry(sourceIndex))
        error.withUnsafeArb { arb_add_error(target, $0) }
    }

    /// Replaces entry `index` by the exact point `mid(x + step · 2^exponent)`: the Newton update of
    /// a refined iterate, whose radius is not carried forward.
    public func moveMidpoint(_ index: Int, by step: Double, timesTwoToThe exponent: Int, precision: Int) {
        let target = entry(index)
        withTemporaryBall { increment in
            arb_set_d(increment, step)
            arb_mul_2exp_si(increment, increment, exponent)
            arb_add(target, target, increment, precision)
        }
        arb_get_mid_arb(target, target)
    }

    /// Accumulates `a · b` into entry `index`.
    public func addProduct(_ index: Int, _ a: Rational, _ b: Double, precision: Int) {
        let target = entry(index)
        withTemporaryBall { term in
            withTemporaryBall { factor in
                a.withUnsafeFMPQ { arb_set_fmpq(term, $0, precision) }
                arb_set_d(factor, b)
                arb_addmul(target, term, factor, precision)
            }
        }
    }

    /// Multiplies entry `index` by `factor`.
    public func multiply(_ index: Int, by factor: Ball, precision: Int) {
        let target = entry(index)
        factor.withUnsafeArb { arb_mul(target, target, $0, precision) }
    }

    /// Divides entry `index` by the exact value of `divisor`.
    public func divide(_ index: Int, by divisor: Double, precision: Int) {
        let target = entry(index)
        withTemporaryBall { exact in
            arb_set_d(exact, divisor)
            arb_div(target, target, exact, precision)
        }
    }

    /// Sets entry `index` to `max(self[index], source[sourceIndex])`.
    public func formMaximum(_ index: Int, with source: BallVector, _ sourceIndex: Int, precision: Int) {
        let target = entry(index)
        arb_max(target, target, source.entry(sourceIndex), precision)
    }

    /// The exact value of an upper bound of entry `index`, when that bound is finite and below `limit`;
    /// `nil` otherwise (the bound then proves nothing below `limit`).
    public func upperBound(_ index: Int, precision: Int, below limit: Int) -> Rational? {
        var upper = arf_struct()
        arf_init(&upper)
        defer { arf_clear(&upper) }
        arb_get_ubound_arf(&upper, entry(index), precision)
        guard arf_is_finite(&upper) != 0, arf_cmp_si(&upper, limit) < 0 else { return nil }
        var exact = fmpq()
        fmpq_init(&exact)
        defer { fmpq_clear(&exact) }
        arf_get_fmpq(&exact, &upper)
        return Rational(fmpq: &exact)
    }

    // MARK: - Whole-vector operations of the certified solvers

    /// Sets entry `index` to `constant[constantIndex] + Σ_{t ∈ terms} coefficients[t] · values[positions[t]]`:
    /// one row of a sparse affine map, accumulated with fused multiply-adds.
    public func setAffine(
        _ index: Int, constant: BallVector, _ constantIndex: Int, coefficients: BallVector, terms: Range<Int>,
        values: BallVector, positions: [Int], precision: Int
    ) {
        let target = entry(index)
        arb_set(target, constant.entry(constantIndex))
        for t in terms {
            arb_addmul(target, coefficients.entry(t), values.entry(positions[t]), precision)
        }
    }

    /// Sets entry `index` to `Σ_{r ∈ rows} weights[r] · (terms[r] + offsets[r])`, skipping the rows
    /// whose weight is exactly zero (their offset may be undefined, as `log 0` is). `scratch` needs one ball.
    public func setWeightedSum(
        _ index: Int, weights: BallVector, terms: BallVector, offsets: BallVector, rows: Range<Int>,
        scratch: BallVector, precision: Int
    ) {
        let target = entry(index), sum = scratch.entry(0)
        arb_zero(target)
        for row in rows where arb_is_zero(weights.entry(row)) == 0 {
            arb_add(sum, terms.entry(row), offsets.entry(row), precision)
            arb_addmul(target, weights.entry(row), sum, precision)
        }
    }

    /// Sets entry `index` to `α log Σ_{r ∈ rows} exp(x_r/α + logWeights[r])` with `x = terms`,
    /// `temperature = α` and `inverseTemperature = 1/α`.
    ///
    /// The sum is shifted by the largest midpoint of the exponents: the shift is an exact point, so
    /// it costs no width, and the dominant exponentials stay ≤ 1. `scratch` needs three balls.
    public func setSoftMaximum(
        _ index: Int, terms: BallVector, logWeights: BallVector, rows: Range<Int>,
        temperature: Ball, inverseTemperature: Ball, scratch: BallVector, precision: Int
    ) {
        let target = entry(index)
        let exponent = scratch.entry(0), sum = scratch.entry(1), shift = scratch.entry(2)
        inverseTemperature.withUnsafeArb { inverseAlpha in
            var first = true
            for row in rows {
                arb_mul(exponent, terms.entry(row), inverseAlpha, precision)
                arb_add(exponent, exponent, logWeights.entry(row), precision)
                if first || arf_cmp(maxent_arb_midref(exponent), maxent_arb_midref(shift)) > 0 {
                    arb_get_mid_arb(shift, exponent)
                    first = false
                }
            }
            arb_zero(sum)
            for row in rows {
                arb_mul(exponent, terms.entry(row), inverseAlpha, precision)
                arb_add(exponent, exponent, logWeights.entry(row), precision)
                arb_sub(exponent, exponent, shift, precision)
                arb_exp(exponent, exponent, precision)
                arb_add(sum, sum, exponent, precision)
            }
        }
        arb_log(sum, sum, precision)
        arb_add(sum, sum, shift, precision)
        temperature.withUnsafeArb { arb_mul(target, sum, $0, precision) }
    }

    /// The softmax weight of `row` among `rows`,
    /// `exp(x_row/α + logWeights[row]) / Σ_b exp(x_b/α + logWeights[b])`, as
    /// `1 / Σ_b exp((x_b − x_row)/α + logWeights[b] − logWeights[row])`: the differences keep every
    /// term bounded. `x = terms`, `inverseTemperature = 1/α`.
    public func softmaxWeight(
        of row: Int, among rows: Range<Int>, logWeights: BallVector, inverseTemperature: Ball, precision: Int
    ) -> Ball {
        Ball.make(precision: precision) { result, precision in
            arb_zero(result)
            withTemporaryBall { term in
                inverseTemperature.withUnsafeArb { inverseAlpha in
                    for other in rows {
                        arb_sub(term, entry(other), entry(row), precision)
                        arb_mul(term, term, inverseAlpha, precision)
                        arb_add(term, term, logWeights.entry(other), precision)
                        arb_sub(term, term, logWeights.entry(row), precision)
                        arb_exp(term, term, precision)
                        arb_add(result, result, term, precision)
                    }
                }
            }
            arb_inv(result, result, precision)
        }
    }

    /// Bounds `max_i |a_i − b_i| / w_i` over the entries with `w_i > 0`, where `a = self` and `b = other`;
    /// entries with `w_i = 0` must agree exactly. Returns that bound rounded up to an exact rational,
    /// and the midpoints of `a − b` scaled by `2^−exponent` into `Double` range (so that differences
    /// below 1e-308 do not underflow; 0 where `w_i = 0`); `nil` when the bound is not finite or an
    /// entry with weight 0 differs.
    public func weightedDifference(
        from other: BallVector, weights: [Double], precision: Int
    ) -> (bound: Rational, midpoints: [Double], exponent: Int)? {
        precondition(other.count == count && weights.count == count, "BallVector: lengths differ")
        let difference = BallVector(count: count + 1)
        let scratch = difference.entry(count)
        var bound = arf_struct(), magnitude = arf_struct()
        arf_init(&bound); arf_init(&magnitude)
        defer { arf_clear(&bound); arf_clear(&magnitude) }
        var weightZeroMismatch = false
        for index in weights.indices {
            let entry = difference.entry(index)
            arb_sub(entry, self.entry(index), other.entry(index), precision)
            guard weights[index] > 0 else {
                if arb_is_zero(entry) == 0 { weightZeroMismatch = true }
                continue
            }
            arb_set_d(scratch, weights[index])
            arb_div(scratch, entry, scratch, precision)
            arb_get_abs_ubound_arf(&magnitude, scratch, precision)
            if arf_cmp(&magnitude, &bound) > 0 { arf_set(&bound, &magnitude) }
        }
        guard !weightZeroMismatch, arf_is_finite(&bound) != 0,
              let exact = Ball.rational(&bound, rounding: ARF_RND_CEIL, resolutionBits: 2 * precision + 128)
        else { return nil }
        let exponent = arf_is_zero(&bound) != 0 ? 0 : arf_abs_bound_lt_2exp_si(&bound)
        var midpoints = [Double](repeating: 0, count: count)
        for index in weights.indices where weights[index] > 0 {
            let entry = difference.entry(index)
            arb_mul_2exp_si(entry, entry, -exponent)
            midpoints[index] = arf_get_d(maxent_arb_midref(entry), ARF_RND_NEAR)
        }
        return (exact, midpoints, exponent)
    }
}

/// Runs `body` with a scratch ball that lives only for the call (no heap allocation while its
/// midpoint fits Arb's inline limbs, as a `Double`'s does).
private func withTemporaryBall<R>(_ body: (UnsafeMutablePointer<arb_struct>) -> R) -> R {
    var ball = arb_struct()
    arb_init(&ball)
    defer { arb_clear(&ball) }
    return withUnsafeMutablePointer(to: &ball) { body($0) }
}
