import Arithmetic
import PropertyBased
import Testing

let ballOperand = zip(Gen.int(in: -100_000...100_000), Gen.int(in: 1...1_000)).map { Rational($0, $1) }

@Test func arithmeticEnclosesTheExactRationalResult() async {
    await propertyCheck(count: 200, input: ballOperand, ballOperand) { x, y in
        let a = Ball(x, precision: 53), b = Ball(y, precision: 53)
        #expect((a + b).contains(x + y))
        #expect((a - b).contains(x - y))
        #expect((a * b).contains(x * y))
        if !y.isZero { #expect((a / b).contains(x / y)) }
        #expect((-a).contains(-x))
    }
}

@Test func elementaryFunctionsAreConsistent() {
    let precision = 200
    let x = Ball(Rational(7, 3), precision: precision)
    #expect(x.exp().log().contains(Rational(7, 3)))
    #expect(x.log().exp().contains(Rational(7, 3)))
    #expect(Ball(0, precision: precision).exp().contains(Rational.one))
    #expect(Ball(1, precision: precision).log().contains(Rational.zero))
    #expect(x.exp().width! < (try! Rational(parsing: "1e-55")))
}

@Test func logSumExpMatchesTheDirectFormulaAndSurvivesHugeArguments() {
    let precision = 128
    let values = [Rational(1, 3), Rational(-2), Rational(5, 7)].map { Ball($0, precision: precision) }
    let weights = [Rational(1, 5), Rational(9, 5), Rational(2)].map { Ball($0, precision: precision) }
    let direct = zip(values, weights).map { $0.exp() * $1 }.reduce(Ball(0, precision: precision), +).log()
    #expect(Ball.logSumExp(values, weights: weights).overlaps(direct))
    // e^{100000} overflows every float format; the shifted form is exact up to the log term.
    let huge = Ball.logSumExp([Ball(100_000, precision: precision), Ball(100_000, precision: precision)])
    #expect(huge.overlaps(Ball(100_000, precision: precision) + Ball(2, precision: precision).log()))
    #expect(huge.width! < (try! Rational(parsing: "1e-25")))
}

@Test func queriesReportCertifiedFacts() throws {
    let third = Ball(Rational(1, 3), precision: 128)
    #expect(third.contains(Rational(1, 3)))
    #expect(!third.contains(Rational(1, 3) + Rational(1, 1_000_000)))
    #expect(third.isCertainlyPositive && !third.isCertainlyNegative)
    #expect(third.lowerBound! <= Rational(1, 3) && Rational(1, 3) <= third.upperBound!)
    let interval = Ball(from: 1, to: 2, precision: 64)
    #expect(interval.width! >= 1)
    #expect(interval.contains(Rational(3, 2)))
    #expect(!interval.isNarrower(than: Rational(1, 2)))
    #expect(third.certifiedDigits(10).hasPrefix("0.333333333"))
    #expect(third.widened(by: Rational(1, 10)).contains(Rational(2, 5)))
    #expect((Ball(1, precision: 64) / Ball(from: -1, to: 1, precision: 64)).isFinite == false)
}
