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
    /// True when the ball has finite midpoint and radius.
    public var isFinite: Bool { withUnsafeArb { arb_is_finite($0) != 0 } }

    /// The midpoint, exactly. (For a non-finite ball, zero.)
    public var midpoint: Rational {
        guard isFinite else { return .zero }
        return withUnsafeArb { ball in
            var q = fmpq()
            fmpq_init(&q)
            defer { fmpq_clear(&q) }
            arf_get_fmpq(&q, maxent_arb_midref(UnsafeMutablePointer(mutating: ball)))
            return Rational(fmpq: &q)
        }
    }

    /// The radius, exactly (an upper bound on the distance from the midpoint to the value).
    public var radius: Rational {
        withUnsafeArb { ball in
            var q = fmpq()
            fmpq_init(&q)
            defer { fmpq_clear(&q) }
            mag_get_fmpq(&q, maxent_arb_radref(UnsafeMutablePointer(mutating: ball)))
            return Rational(fmpq: &q)
        }
    }

    /// The full width `2r`, exactly. Infinite balls report no width.
    public var width: Rational? { isFinite ? radius * 2 : nil }

    /// Lower end `m − r` of the enclosure, exactly.
    public var lowerBound: Rational { midpoint - radius }
    /// Upper end `m + r` of the enclosure, exactly.
    public var upperBound: Rational { midpoint + radius }

    /// The midpoint rounded to the nearest double (for display and float fast paths only).
    public var midpointDouble: Double {
        withUnsafeArb { arf_get_d(maxent_arb_midref(UnsafeMutablePointer(mutating: $0)), ARF_RND_NEAR) }
    }

    /// Whether the ball's full width is at most `tolerance`.
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
    public func enclosureString(digits: Int) -> String { arbString(digits: digits, flags: 0) }

    /// Only the certified digits: the decimal text is correct to within one unit in its last place.
    /// When not even one digit is certain, Arb's `[± r]` form is returned instead.
    public func certifiedDigits(_ digits: Int) -> String {
        arbString(digits: digits, flags: maxent_arb_str_no_radius())
    }

    private func arbString(digits: Int, flags: UInt) -> String {
        withUnsafeArb { ball in
            guard let text = arb_get_str(ball, max(digits, 1), flags) else { return "?" }
            defer { flint_free(text) }
            return String(cString: text)
        }
    }
}
