import _CGMP

extension Rational {
    /// The integer nearest to `self` in the direction `rule`, exactly.
    ///
    /// `.up`/`.down` round toward ±∞ (what a printed upper/lower bound needs), `.towardZero` and
    /// `.awayFromZero` by magnitude, the `toNearest…` rules to the nearest integer with the named
    /// tie-break.
    public func rounded(_ rule: FloatingPointRoundingRule) -> Rational {
        let down = floor, up = ceiling
        if down == up { return down }
        switch rule {
        case .down: return down
        case .up: return up
        case .towardZero: return signum < 0 ? up : down
        case .awayFromZero: return signum < 0 ? down : up
        case .toNearestOrAwayFromZero, .toNearestOrEven:
            let twiceFraction = (self - down) * 2
            if twiceFraction < .one { return down }
            if twiceFraction > .one { return up }
            if rule == .toNearestOrEven { return (down / 2).isInteger ? down : up }
            return signum < 0 ? down : up
        @unknown default:
            return (self + Rational(1, 2)).floor
        }
    }

    /// Decimal text with exactly `digits` digits after the point, rounded by `rule`.
    ///
    /// With `.up` the printed number is ≥ `self` and with `.down` it is ≤ `self`, so a bound
    /// printed this way is still a bound. `Rational(2, 3).decimalString(digits: 2, rounding: .down)`
    /// is `"0.66"`.
    public func decimalString(digits: Int, rounding rule: FloatingPointRoundingRule) -> String {
        precondition(digits >= 0, "decimalString: negative digit count")
        let rounded = (self * Rational(10).power(digits)).rounded(rule)
        var text = rounded.magnitude.withUnsafeMPQ { mpzDecimalString(maxent_mpq_numref_const($0)) }
        if digits > 0 {
            if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return (rounded.signum < 0 ? "-" : "") + text
    }

    /// Short decimal text with `significantDigits` significant digits, rounded by `rule`: plain
    /// for moderate magnitudes (`0.0123`, `4.5`, `120000`), scientific otherwise (`1e-30`,
    /// `5.19e-36`, `-2.1e300`); trailing zeros are dropped.
    ///
    /// This is the one formatter for certified numbers: print an upper bound with `.up` and a
    /// lower bound with `.down` and the text stays a true bound however few digits it keeps.
    public func scientificString(significantDigits: Int = 3, rounding rule: FloatingPointRoundingRule) -> String {
        precondition(significantDigits >= 1, "scientificString: at least one significant digit")
        if isZero { return "0" }
        // The decimal exponent e with 10^e ≤ |self| < 10^(e+1); the Double estimate can be one
        // off near powers of ten, which the exact comparisons below correct.
        var exponent = Int((logMagnitude / 2.302585092994046).rounded(.down))
        if magnitude < Rational.powerOfTen(exponent) { exponent -= 1 }
        if magnitude >= Rational.powerOfTen(exponent + 1) { exponent += 1 }
        let shift = significantDigits - 1 - exponent
        var mantissa = (self * Rational.powerOfTen(shift)).rounded(rule).magnitude
        if mantissa == Rational.powerOfTen(significantDigits) {
            // Rounding carried into a new digit (9.99 → 10.0).
            mantissa = mantissa / 10
            exponent += 1
        }
        var digits = mantissa.withUnsafeMPQ { mpzDecimalString(maxent_mpq_numref_const($0)) }
        let sign = signum < 0 ? "-" : ""
        if (-4...6).contains(exponent) {
            // Plain notation: the point sits exponent + 1 digits from the left.
            let integerDigits = exponent + 1
            if integerDigits <= 0 {
                digits = "0." + String(repeating: "0", count: -integerDigits) + digits
            } else if integerDigits >= digits.count {
                digits += String(repeating: "0", count: integerDigits - digits.count)
            } else {
                digits.insert(".", at: digits.index(digits.startIndex, offsetBy: integerDigits))
            }
            return sign + Self.droppingTrailingZeros(digits)
        }
        if digits.count > 1 { digits.insert(".", at: digits.index(after: digits.startIndex)) }
        return sign + Self.droppingTrailingZeros(digits) + "e\(exponent)"
    }

    /// `10^exponent` exactly, for either sign of the exponent.
    static func powerOfTen(_ exponent: Int) -> Rational {
        exponent >= 0 ? Rational(10).power(exponent) : Rational.one / Rational(10).power(-exponent)
    }

    private static func droppingTrailingZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("0") { trimmed.removeLast() }
        if trimmed.hasSuffix(".") { trimmed.removeLast() }
        return String(trimmed)
    }

    /// Significant decimal digits worth printing for enclosures no wider than `width`:
    /// two more than the digits `width` resolves, at least 6 and at most 60.
    public static func displayDigits(resolving width: Rational) -> Int {
        guard width.signum > 0 else { return 60 }
        let resolved = Int((-width.logMagnitude / 2.302585092994046).rounded(.up))
        return min(60, max(6, resolved + 2))
    }
}
