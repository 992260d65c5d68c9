import _CGMP

/// Why a piece of text is not an exact rational number.
public struct RationalParseError: Error, CustomStringConvertible, Sendable, Equatable {
    public let text: String
    public let reason: String
    public var description: String { "'\(text)' is not a rational number: \(reason)" }
}

/// Decimal digits of a GMP integer (with a leading '-' for negatives).
func mpzDecimalString(_ integer: UnsafePointer<__mpz_struct>) -> String {
    let capacity = __gmpz_sizeinbase(integer, 10) + 2
    let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: capacity)
    defer { buffer.deallocate() }
    __gmpz_get_str(buffer, 10, integer)
    return String(cString: buffer)
}

extension Rational: LosslessStringConvertible, CustomStringConvertible {
    /// Largest decimal exponent accepted in `1eN` notation; beyond it the exact value would
    /// need more memory than any MDP file can sensibly mean.
    public static let maximumDecimalExponent = 100_000

    /// Parses exact rational text: integers of any size (`"-12"`), fractions (`"3/7"`),
    /// decimals (`"-0.125"`) and scientific notation (`"1e-3"`, `"2.5E+10"`).
    /// Decimal text is read exactly: `"0.1"` is 1/10, never a binary approximation.
    public init(parsing text: String) throws(RationalParseError) {
        func fail(_ reason: String) -> RationalParseError { RationalParseError(text: text, reason: reason) }
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { throw fail("empty text") }
        var index = 0
        var negative = false
        if bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        func digits() -> [UInt8] {
            let start = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return Array(bytes[start..<index])
        }
        let integerPart = digits()
        guard !integerPart.isEmpty else { throw fail("expected a digit") }

        if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
            index += 1
            let denominatorDigits = digits()
            guard !denominatorDigits.isEmpty else { throw fail("expected digits after '/'") }
            guard index == bytes.count else { throw fail("unexpected text after the denominator") }
            let numerator = Rational.integer(fromDigits: integerPart)
            let denominator = Rational.integer(fromDigits: denominatorDigits)
            guard !denominator.isZero else { throw fail("zero denominator") }
            let value = numerator / denominator
            self = negative ? -value : value
            return
        }

        var fractionPart: [UInt8] = []
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fractionPart = digits()
            guard !fractionPart.isEmpty else { throw fail("expected digits after '.'") }
        }
        var exponent = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let exponentDigits = digits()
            guard !exponentDigits.isEmpty else { throw fail("expected digits in the exponent") }
            guard exponentDigits.count <= 7, let magnitude = Int(String(decoding: exponentDigits, as: UTF8.self)),
                  magnitude <= Rational.maximumDecimalExponent
            else { throw fail("exponent exceeds \(Rational.maximumDecimalExponent) in magnitude") }
            exponent = exponentNegative ? -magnitude : magnitude
        }
        guard index == bytes.count else { throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[index])))'") }

        let mantissa = Rational.integer(fromDigits: integerPart + fractionPart)
        let scale = exponent - fractionPart.count
        let ten = Rational(10)
        let value = scale >= 0 ? mantissa * ten.power(scale) : mantissa / ten.power(-scale)
        self = negative ? -value : value
    }

    public init?(_ description: String) {
        guard let value = try? Rational(parsing: description) else { return nil }
        self = value
    }

    /// A non-negative integer from ASCII decimal digits.
    static func integer(fromDigits digits: [UInt8]) -> Rational {
        // Most numbers in MDP files fit a machine word; skip GMP's string conversion for them.
        if digits.count <= 18 {
            return Rational(digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) })
        }
        return Rational.make { result in
            let cString = digits.map { CChar(bitPattern: $0) } + [0]
            _ = __gmpz_set_str(maxent_mpq_numref(result), cString, 10)
        }
    }

    /// The exact value as a fraction in lowest terms (`"3/7"`), or as an integer (`"-5"`).
    public var description: String {
        withUnsafeMPQ { q in
            let numerator = mpzDecimalString(maxent_mpq_numref_const(q))
            if __gmpz_cmp_ui(maxent_mpq_denref_const(q), 1) == 0 { return numerator }
            return numerator + "/" + mpzDecimalString(maxent_mpq_denref_const(q))
        }
    }

    /// Decimal text with exactly `digits` digits after the point, rounded to nearest
    /// (ties away from zero). `Rational(2, 3).decimalString(digits: 4) == "0.6667"`.
    public func decimalString(digits: Int) -> String {
        precondition(digits >= 0, "decimalString: negative digit count")
        let scaled = magnitude * Rational(10).power(digits)
        let rounded = (scaled + Rational(1, 2)).floor
        var text = rounded.withUnsafeMPQ { mpzDecimalString(maxent_mpq_numref_const($0)) }
        if digits > 0 {
            if text.count <= digits { text = String(repeating: "0", count: digits - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
        }
        return (signum < 0 && !rounded.isZero ? "-" : "") + text
    }
}
