import _CFlint

extension Rational {
    /// The `Double` nearest to this rational, ties to even — correctly rounded also in the
    /// subnormal range; ±infinity when the magnitude rounds beyond `Double.greatestFiniteMagnitude`.
    ///
    /// Computed by rounding to odd: the quotient is truncated to 128 bits and, when that was
    /// inexact, nudged by a bit below the 128th. No rounding boundary of a `Double` (or of a
    /// subnormal) lies strictly between the nudged value and the exact one, so rounding the
    /// nudged value to nearest gives the exact value's nearest `Double`.
    public var doubleValue: Double {
        withUnsafeFMPQ { value in
            var truncated = arf_struct()
            arf_init(&truncated)
            defer { arf_clear(&truncated) }
            let bits = 128
            let inexact = arf_set_fmpq(&truncated, value, bits, ARF_RND_DOWN) != 0
            if inexact {
                var nudge = arf_struct()
                arf_init(&nudge)
                defer { arf_clear(&nudge) }
                let exponent = arf_abs_bound_lt_2exp_si(&truncated)
                arf_set_si_2exp_si(&nudge, Int(arf_sgn(&truncated)), exponent - bits - 2)
                var nudged = arf_struct()
                arf_init(&nudged)
                defer { arf_clear(&nudged) }
                arf_add(&nudged, &truncated, &nudge, ARF_PREC_EXACT, ARF_RND_DOWN)
                return arf_get_d(&nudged, ARF_RND_NEAR)
            }
            return arf_get_d(&truncated, ARF_RND_NEAR)
        }
    }
}
