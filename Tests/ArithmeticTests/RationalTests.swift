import Arithmetic
import PropertyBased
import Testing

@Test func parsesEveryDocumentedSyntaxExactly() throws {
    #expect(try Rational(parsing: "3/7") == Rational(3, 7))
    #expect(try Rational(parsing: "-0.125") == Rational(-1, 8))
    #expect(try Rational(parsing: "1e-3") == Rational(1, 1000))
    #expect(try Rational(parsing: "2.5E+10") == Rational(25_000_000_000))
    #expect(try Rational(parsing: "0.1") == Rational(1, 10))
    #expect(try Rational(parsing: "7") == Rational(7))
    #expect(try Rational(parsing: "6/4") == Rational(3, 2))
    #expect(try Rational(parsing: "-0") == Rational.zero)
    #expect(try Rational(parsing: "+2") == Rational(2))
    let big = "123456789012345678901234567890123456789"
    #expect(try Rational(parsing: big).description == big)
    #expect(try Rational(parsing: "-" + big + "/3").description == "-41152263004115226300411522630041152263")
}

@Test(arguments: ["", "abc", "1/0", "1.", ".5", "1e", "--1", "1/-2", "1/2/3", "1e999999999", "0x10", " 1", "1 ", "NaN", "inf"])
func rejectsMalformedNumbers(text: String) {
    #expect(throws: RationalParseError.self) { try Rational(parsing: text) }
}

@Test func printsFractionsAndRoundedDecimals() {
    #expect(Rational(99, 100).description == "99/100")
    #expect(Rational(-6, 3).description == "-2")
    #expect(Rational(2, 3).decimalString(digits: 4) == "0.6667")
    #expect(Rational(-2, 3).decimalString(digits: 4) == "-0.6667")
    #expect(Rational(99, 100).decimalString(digits: 2) == "0.99")
    #expect(Rational(1, 3).decimalString(digits: 0) == "0")
    #expect(Rational(5, 2).decimalString(digits: 0) == "3")
    #expect(Rational(1, 1000).decimalString(digits: 2) == "0.00")
    #expect(Rational(-1, 1000).decimalString(digits: 2) == "0.00")
}

@Test func copiesAreIndependent() {
    let original = Rational(1, 3)
    var copy = original
    copy += Rational(1)
    copy *= Rational(3)
    #expect(original == Rational(1, 3))
    #expect(copy == Rational(4))
}

@Test func equalValuesHashEqually() {
    #expect(Rational(2, 4).hashValue == Rational(1, 2).hashValue)
    #expect(Set([Rational(2, 4), Rational(1, 2), Rational(-1, 2)]).count == 2)
}

let smallRational = zip(Gen.int(in: -1_000_000...1_000_000), Gen.int(in: 1...1_000_000)).map { Rational($0, $1) }

@Test func textRoundTripsExactly() async {
    await propertyCheck(count: 300, input: smallRational) { value in
        #expect(Rational(value.description) == value)
        #expect((try? Rational(parsing: value.description)) == value)
    }
}

@Test func fieldAxiomsHoldExactly() async {
    await propertyCheck(count: 300, input: smallRational, smallRational, smallRational) { a, b, c in
        #expect((a + b) - b == a)
        #expect(a * (b + c) == a * b + a * c)
        if !b.isZero { #expect(a * b / b == a) }
        #expect((a < b) == ((a - b).signum < 0))
    }
}

@Test func decimalNotationIsExact() async {
    await propertyCheck(count: 200, input: Gen.int(in: -999_999...999_999), Gen.int(in: 0...12)) { mantissa, shift in
        let text = "\(mantissa)e-\(shift)"
        #expect((try? Rational(parsing: text)) == Rational(mantissa) / Rational(10).power(shift))
    }
}
