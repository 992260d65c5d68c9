import Arithmetic
import PropertyBased
import Testing

/// Rationals from 10⁻⁴⁰ to 10⁴⁰ in magnitude, either sign, with up to 12-digit numerators.
private let wideRational = zip(Gen.int(in: -999_999_999_999...999_999_999_999), Gen.int(in: -40...40)).map { mantissa, exponent in
    let scale = Rational(10).power(abs(exponent))
    return exponent >= 0 ? Rational(mantissa) * scale : Rational(mantissa) / scale
}

/// Read back with the exact parser (an oracle independent of the formatter), an upper bound
/// printed with `.up` is ≥ the value and a lower bound printed with `.down` is ≤ it, and each
/// is within one unit of its last printed digit.
@Test func printedBoundsAreStillBounds() async throws {
    await propertyCheck(count: 300, input: wideRational, Gen.int(in: 1...6)) { value, digits in
        let up = try Rational(parsing: value.scientificString(significantDigits: digits, rounding: .up))
        let down = try Rational(parsing: value.scientificString(significantDigits: digits, rounding: .down))
        #expect(up >= value && down <= value)
        // One unit in the last place of a d-digit mantissa is at most 10^(1−d) relative.
        let unit = value.magnitude * Rational(10) / Rational(10).power(digits)
        #expect(up - value <= unit && value - down <= unit)
        let nearest = try Rational(parsing: value.scientificString(significantDigits: digits, rounding: .toNearestOrEven))
        #expect((nearest - value).magnitude * 2 <= unit)
        let decimalsUp = try Rational(parsing: value.decimalString(digits: digits, rounding: .up))
        let decimalsDown = try Rational(parsing: value.decimalString(digits: digits, rounding: .down))
        #expect(decimalsDown <= value && value <= decimalsUp)
        #expect(decimalsUp - decimalsDown <= Rational(1) / Rational(10).power(digits))
    }
}

@Test func formatterExamples() {
    let tiny = Rational(51_782) / Rational(10).power(40)
    #expect(tiny.scientificString(significantDigits: 3, rounding: .up) == "5.18e-36")
    #expect(tiny.scientificString(significantDigits: 3, rounding: .down) == "5.17e-36")
    #expect((-tiny).scientificString(significantDigits: 3, rounding: .up) == "-5.17e-36")
    #expect(Rational(9_999, 1_000).scientificString(significantDigits: 2, rounding: .up) == "10")
    #expect(Rational(1, 3).scientificString(significantDigits: 3, rounding: .up) == "0.334")
    #expect(Rational(1, 1000).power(100).scientificString(rounding: .up) == "1e-300")
    #expect(Rational(0).scientificString(rounding: .up) == "0")
    #expect(Rational(2, 3).decimalString(digits: 2, rounding: .down) == "0.66")
    #expect(Rational(-2, 3).decimalString(digits: 2, rounding: .down) == "-0.67")
    #expect(Rational.displayDigits(resolving: Rational(1) / Rational(10).power(30)) == 32)
}

@Test func boundsTextEnclosesTheBall() throws {
    let third = Ball(Rational(1, 3), precision: 128)
    let text = try #require(third.boundsString(significantDigits: 4))
    #expect(text == "[0.3333, 0.3334]")
    let indeterminate = Ball(1, precision: 64) / Ball(from: -1, to: 1, precision: 64)
    #expect(indeterminate.boundsString(significantDigits: 4) == nil)
}

/// Queries on balls that are not finite, or whose exact ends would be astronomically large
/// fractions, answer instead of aborting the process.
@Test func ballQueriesNeverAbort() throws {
    let indeterminate = Ball(1, precision: 64) / Ball(from: -1, to: 1, precision: 64)
    #expect(indeterminate.midpoint == nil && indeterminate.radius == nil && indeterminate.width == nil)
    #expect(indeterminate.lowerBound == nil && indeterminate.upperBound == nil)
    #expect(!indeterminate.isNarrower(than: 1))
    #expect(indeterminate.midpointDouble.isNaN)

    // e^{−10^15}: its exact binary fraction would need about 1.4·10^15 bits.
    let minuscule = Ball(-1_000_000_000_000_000, precision: 128).exp()
    #expect(minuscule.isCertainlyPositive)
    let lower = try #require(minuscule.lowerBound), upper = try #require(minuscule.upperBound)
    #expect(lower == .zero && upper.signum > 0)
    #expect(upper <= Rational(1) / Rational(2).power(minuscule.resolutionBits))
    #expect(try #require(minuscule.width) <= Rational(2) / Rational(2).power(minuscule.resolutionBits))

    // e^{+10^15} is finite for Arb but has no rational ends of reasonable size.
    let enormous = Ball(1_000_000_000_000_000, precision: 128).exp()
    #expect(enormous.isFinite && enormous.isCertainlyPositive)
    #expect(enormous.upperBound == nil && enormous.midpoint == nil)
    #expect(enormous.midpointDouble == .infinity)
}
