import _CFlint

extension Ball {
    /// Whether the ball certainly contains the exact rational `value`.
    public func contains(_ value: Rational) -> Bool {
        withUnsafeArb { ball in value.withUnsafeFMPQ { arb_contains_fmpq(ball, $0) != 0 } }
    }

    /// Whether every real in `other` lies in `self`.
    public func contains(_ other: Ball) -> Bool {
        withUnsafeArb { a in other.withUnsafeArb { b in arb_contains(a, b) != 0 } }
    }

    /// Whether the two balls share at least one real.
    public func overlaps(_ other: Ball) -> Bool {
        withUnsafeArb { a in other.withUnsafeArb { b in arb_overlaps(a, b) != 0 } }
    }

    /// True when every contained real is > 0 (a certified sign).
    public var isCertainlyPositive: Bool { withUnsafeArb { arb_is_positive($0) != 0 } }
    /// True when every contained real is < 0 (a certified sign).
    public var isCertainlyNegative: Bool { withUnsafeArb { arb_is_negative($0) != 0 } }
    /// True when the ball has finite midpoint and radius. A ball that is not finite certifies
    /// nothing: it may stand for any real, or for an indeterminate result (Arb's NaN).
    public var isFinite: Bool { withUnsafeArb { arb_is_finite($0) != 0 } }

    /// Magnitudes at or above `2^largestExponent` are not converted to `Rational`: their exact
    /// fractions would need more than half a megabyte each. The queries below return `nil` instead.
    public static let largestExponent = 1 << 22

    /// Rationals read off a ball are exact down to multiples of `2^−resolutionBits`; finer detail
    /// is rounded outward. Twice the working precision plus 128 bits, so rounding at this
    /// resolution never shows at the ball's own accuracy, while a ball like `e^{−10^15}` (whose
    /// exact binary fraction would need petabytes) reads as a small rational.
    public var resolutionBits: Int { 2 * precision + 128 }

    /// The midpoint: exact when it is a multiple of `2^−resolutionBits`, otherwise rounded to the
    /// nearest such multiple; `nil` for a ball that is not finite or reaches `2^largestExponent`.
    public var midpoint: Rational? {
        guard isFinite else { return nil }
        return withUnsafeArb { ball in
            Ball.rational(maxent_arb_midref(UnsafeMutablePointer(mutating: ball)), rounding: ARF_RND_NEAR,
                          resolutionBits: resolutionBits)
        }
    }

    /// An upper bound on the radius: exact unless the radius is below `2^−resolutionBits`, in which
    /// case it is rounded up to that; `nil` when the ball is not finite.
    public var radius: Rational? {
        guard isFinite else { return nil }
        return withUnsafeArb { ball in
            var radius = arf_struct()
            arf_init(&radius)
            defer { arf_clear(&radius) }
            arf_set_mag(&radius, maxent_arb_radref(UnsafeMutablePointer(mutating: ball)))
            return Ball.rational(&radius, rounding: ARF_RND_CEIL, resolutionBits: resolutionBits)
        }
    }

    /// An upper bound on the full width `2r` (see `radius`); `nil` when the ball is not finite.
    public var width: Rational? { radius.map { $0 * 2 } }

    /// A lower bound on every contained real, `m − r` rounded down (toward −∞) to at most
    /// `2·precision + 64` significant bits and to a multiple of `2^−resolutionBits`; `nil` when the
    /// ball is not finite or reaches `2^largestExponent`.
    public var lowerBound: Rational? { bound(upper: false) }

    /// An upper bound on every contained real, `m + r` rounded up (toward +∞) like `lowerBound`.
    public var upperBound: Rational? { bound(upper: true) }

    private func bound(upper: Bool) -> Rational? {
        guard isFinite else { return nil }
        return withUnsafeArb { ball in
            var end = arf_struct()
            arf_init(&end)
            defer { arf_clear(&end) }
            if upper {
                arb_get_ubound_arf(&end, ball, 2 * precision + 64)
            } else {
                arb_get_lbound_arf(&end, ball, 2 * precision + 64)
            }
            return Ball.rational(&end, rounding: upper ? ARF_RND_CEIL : ARF_RND_FLOOR, resolutionBits: resolutionBits)
        }
    }

    /// `x` as a rational rounded by `rounding` to a multiple of `2^−resolutionBits`, or `nil` when
    /// `x` is not finite or `|x| ≥ 2^largestExponent`.
    package static func rational(
        _ x: UnsafeMutablePointer<arf_struct>, rounding: Int32, resolutionBits: Int
    ) -> Rational? {
        guard arf_is_finite(x) != 0, arf_cmpabs_2exp_si(x, largestExponent) < 0 else { return nil }
        if arf_is_zero(x) != 0 { return .zero }
        var rounded = arf_struct()
        arf_init(&rounded)
        defer { arf_clear(&rounded) }
        if arf_cmpabs_2exp_si(x, -resolutionBits) < 0 {
            // Below the resolution: 0 or ±2^−resolutionBits, whichever the rounding direction asks.
            let negative = arf_sgn(x) < 0
            let awayFromZero = rounding == ARF_RND_CEIL ? !negative : rounding == ARF_RND_FLOOR ? negative : false
            if awayFromZero { arf_set_si_2exp_si(&rounded, negative ? -1 : 1, -resolutionBits) }
        } else {
            // Keep the bits from the leading one down to 2^−resolutionBits.
            let leading = arf_abs_bound_lt_2exp_si(x)
            arf_set_round(&rounded, x, max(leading + resolutionBits, 2), rounding)
        }
        var exact = fmpq()
        fmpq_init(&exact)
        defer { fmpq_clear(&exact) }
        arf_get_fmpq(&exact, &rounded)
        return Rational(fmpq: &exact)
    }

    /// The midpoint rounded to the nearest double (for display and float fast paths only): ±∞
    /// beyond `Double`'s range and NaN for a ball that is not finite.
    public var midpointDouble: Double {
        guard isFinite else { return .nan }
        return withUnsafeArb { arf_get_d(maxent_arb_midref(UnsafeMutablePointer(mutating: $0)), ARF_RND_NEAR) }
    }

    /// Whether the ball's full width is certainly at most `tolerance` (never for a ball that is not finite).
    public func isNarrower(than tolerance: Rational) -> Bool {
        guard let width else { return false }
        return width <= tolerance
    }
}

extension Ball: CustomStringConvertible {
    /// Arb's `[m ± r]` form with up to 20 significant digits.
    public var description: String { arbString(digits: 20, flags: 0) }

    /// Up to `digits` significant digits of the midpoint, printed only as far as they are
    /// correct within one unit in the last printed place, followed by Arb's radius (`[m ± r]`).
    /// The printed interval contains the ball.
    public func enclosureString(digits: Int) -> String { arbString(digits: digits, flags: 0) }

    /// Arb's `[m ± r]` form with as many digits as the working precision carries, so that the
    /// printed radius is the ball's own and not the rounding of a shortened midpoint.
    public func enclosureString() -> String {
        arbString(digits: precision * 30_103 / 100_000 + 2, flags: 0)
    }

    /// Only the certified digits: the decimal text is correct to within one unit in its last place.
    /// When not even one digit is certain, Arb's `[± r]` form is returned instead.
    public func certifiedDigits(_ digits: Int) -> String {
        arbString(digits: digits, flags: maxent_arb_str_no_radius())
    }

    /// `[lower, upper]` with `significantDigits` digits each, the lower end rounded down and the
    /// upper end rounded up, so the printed interval contains the ball; `nil` when the ball is
    /// not finite (or too large to read off exactly).
    public func boundsString(significantDigits: Int) -> String? {
        guard let lowerBound, let upperBound else { return nil }
        return "[\(lowerBound.scientificString(significantDigits: significantDigits, rounding: .down)), "
            + "\(upperBound.scientificString(significantDigits: significantDigits, rounding: .up))]"
    }

    private func arbString(digits: Int, flags: UInt) -> String {
        withUnsafeArb { ball in
            guard let text = arb_get_str(ball, max(digits, 1), flags) else { return "?" }
            defer { flint_free(text) }
            return String(cString: text)
        }
    }
}
