import Arithmetic

/// Text for certified and exact numbers. Nothing here rounds silently: a ball prints only digits
/// it certifies, an interval prints the digits its two ends share, an exact rational prints
/// exactly or says it was rounded.
public enum CertifiedText {
    /// The decimal digits shared by both ends of [lower, upper] (each written to `digits`
    /// decimals, truncated), followed by "…": every printed digit is a digit of each number in the
    /// interval. Falls back to the interval itself when not even the integer part agrees.
    public static func commonPrefix(_ lower: Rational, _ upper: Rational, digits: Int) -> String {
        let low = truncated(lower, digits: digits), high = truncated(upper, digits: digits)
        let shared = String(zip(low, high).prefix { $0 == $1 }.map(\.0))
        guard let point = shared.firstIndex(of: "."), shared.distance(from: point, to: shared.endIndex) > 1 else {
            return "[\(lower.decimalString(digits: 6)), \(upper.decimalString(digits: 6))]"
        }
        return shared + "…"
    }

    /// `value` truncated toward zero to `digits` decimals.
    public static func truncated(_ value: Rational, digits: Int) -> String {
        let scale = Rational(10).power(digits)
        let magnitude = (value.magnitude * scale).floor
        var text = magnitude.description
        if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
        text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        return (value.signum < 0 ? "-" : "") + text
    }

    /// A rational exactly when its fraction is short (`99/100`), otherwise rounded and marked
    /// with "≈": to `digits` decimals for moderate magnitudes, to `digits` significant digits in
    /// scientific notation for huge or tiny ones (measures like 10^5000 occur in extensions).
    public static func exactOrRounded(_ value: Rational, maximumLength: Int = 16, digits: Int = 12) -> String {
        let exact = value.description
        if exact.count <= maximumLength { return exact }
        let magnitude = value.magnitude
        if magnitude >= Rational(1, 10_000) && magnitude < Rational(10).power(12) {
            return "≈ " + value.decimalString(digits: digits)
        }
        return "≈ " + short(value, significant: digits)
    }

    /// A short text for a small or long rational: exact when its fraction is short (`1/5`),
    /// otherwise `significant` digits (`1e-30`, `5.19e-36`), rounded upwards in magnitude when
    /// `roundingUp` is set, so that a printed bound is still a bound (Arithmetic's one formatter).
    public static func short(_ value: Rational, significant: Int = 3, roundingUp: Bool = false) -> String {
        let exact = value.description
        if exact.count <= 12 || value.isZero { return exact }
        return value.scientificString(
            significantDigits: significant, rounding: roundingUp ? .awayFromZero : .toNearestOrAwayFromZero)
    }

    /// Significant digits worth printing for enclosures no wider than `tolerance`.
    public static func digits(for tolerance: Rational) -> Int { Rational.displayDigits(resolving: tolerance) }
}
