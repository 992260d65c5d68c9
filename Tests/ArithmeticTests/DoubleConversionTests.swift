import Arithmetic
import PropertyBased
import Testing

/// Finite doubles of every binade, subnormals included, from their bit patterns.
private let anyFiniteDouble = Gen.int(in: 0...Int(Int64.max)).map { bits in
    Double(bitPattern: UInt64(bits) & ~(UInt64(0x7FF) << 52) | (UInt64(bits % 2047) << 52))
}

@Test func doublesRoundTripExactly() async {
    await propertyCheck(count: 300, input: anyFiniteDouble) { x in
        #expect(Rational(exactly: x).doubleValue == x)
        #expect(Rational(exactly: -x).doubleValue == -x)
    }
}

/// Between two neighbouring doubles the conversion goes to the nearer one and, at the exact
/// midpoint, to the one with an even significand (IEEE round-to-nearest-even is the oracle).
@Test func valuesBetweenNeighboursGoToTheNearestTiesToEven() async {
    await propertyCheck(count: 300, input: anyFiniteDouble) { x in
        let low = abs(x)
        let high = low.nextUp
        guard high.isFinite else { return }
        let midpoint = (Rational(exactly: low) + Rational(exactly: high)) / 2
        let nudge = (Rational(exactly: high) - Rational(exactly: low)) / 1_000_000
        #expect((midpoint - nudge).doubleValue == low)
        #expect((midpoint + nudge).doubleValue == high)
        let even = low.significandBitPattern % 2 == 0 ? low : high
        #expect(midpoint.doubleValue == even)
    }
}

@Test func quotientsMatchIEEEDivision() async {
    await propertyCheck(count: 300, input: Gen.int(in: -(1 << 53)...(1 << 53)), Gen.int(in: 1...(1 << 53))) { n, d in
        // Both operands are exact doubles, and IEEE division rounds correctly.
        #expect(Rational(n, d).doubleValue == Double(n) / Double(d))
    }
}

@Test func extremesOverflowAndUnderflowCorrectly() {
    let two = Rational(2)
    #expect(two.power(1024).doubleValue == .infinity)
    #expect((-two.power(1024)).doubleValue == -.infinity)
    #expect((Rational.one / two.power(1075)).doubleValue == 0)
    #expect((Rational(3) / two.power(1076)).doubleValue == Double.leastNonzeroMagnitude)
    #expect((Rational.one / two.power(1074)).doubleValue == Double.leastNonzeroMagnitude)
    #expect(Rational(1, 10).doubleValue == 0.1)
    #expect(Rational(2, 3).doubleValue == 2.0 / 3.0)
}
