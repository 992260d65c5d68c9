import _CFlint

extension Ball {
    /// Contains `e^x` for every `x` in `self`.
    public func exp() -> Ball {
        Ball.make(precision: precision) { result, precision in withUnsafeArb { arb_exp(result, $0, precision) } }
    }

    /// Contains `log x` for every `x` in `self`; non-finite (indeterminate) if `self` reaches 0 or below.
    public func log() -> Ball {
        Ball.make(precision: precision) { result, precision in withUnsafeArb { arb_log(result, $0, precision) } }
    }

    /// Contains `1/x` for every `x` in `self`; non-finite if `self` contains 0.
    public func reciprocal() -> Ball {
        Ball.make(precision: precision) { result, precision in withUnsafeArb { arb_inv(result, $0, precision) } }
    }

    /// Contains `max(x, y)` for every `x ∈ self`, `y ∈ other`.
    public func maximum(_ other: Ball) -> Ball { Ball.binary(self, other) { arb_max($0, $1, $2, $3) } }

    /// Contains `log Σᵢ wᵢ e^{xᵢ}` for all `xᵢ ∈ values[i]`, `wᵢ ∈ weights[i]` (weights positive).
    ///
    /// The terms are shifted by the largest midpoint `m` before exponentiation,
    /// `m + log Σ wᵢ e^{xᵢ − m}`: the shift is an exact point, so it costs no width, and the
    /// exponentials stay in `(0, 1]` for the dominant terms, which keeps Arb's relative error small.
    public static func logSumExp(_ values: [Ball], weights: [Ball]? = nil) -> Ball {
        precondition(!values.isEmpty, "logSumExp of no terms")
        precondition(weights == nil || weights!.count == values.count, "logSumExp: one weight per term")
        let precision = values.map(\.precision).max()!
        let shift = values.map(\.midpointDouble).max()!
        let shiftBall = Ball(Rational(exactly: shift.isFinite ? shift : 0), precision: precision)
        var sum = Ball(0, precision: precision)
        for (index, value) in values.enumerated() {
            var term = (value - shiftBall).exp()
            if let weights { term = term * weights[index] }
            sum = sum + term
        }
        return shiftBall + sum.log()
    }
}
