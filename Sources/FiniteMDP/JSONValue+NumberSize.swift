import Arithmetic
import JSON

extension JSONValue {
    /// The most decimal digits that exponent notation may add to the exact numbers of one
    /// document, summed over all its numbers.
    ///
    /// `1e99999` is seven characters but an exact value of 100,000 digits (41 kB in GMP): without
    /// a total, a 10 MB file of such numbers would ask for 60 GB. Digits written out in full are
    /// not counted (their memory is bounded by the file's size), so a file that really needs
    /// larger exact numbers can always spell them out, as `bifurcate` does with its measures.
    public static let maximumExponentDigits = 100_000_000

    /// The path of the first number (a JSON number, or a string in exponent notation such as
    /// `"1e-300"`) at which the decimal exponents of the document's numbers add up to more than
    /// `limit`; nil when they stay within it.
    ///
    /// Exponents beyond `Rational.maximumDecimalExponent` are not counted: reading refuses them
    /// with its own message.
    public func firstNumberExceedingExponentDigits(_ limit: Int = maximumExponentDigits) -> String? {
        var total = 0
        var path = JSONPath.root
        return firstNumberExceedingExponentDigits(limit, total: &total, path: &path)?.description
    }

    private func firstNumberExceedingExponentDigits(_ limit: Int, total: inout Int, path: inout JSONPath) -> JSONPath? {
        switch self {
        case .null, .bool:
            return nil
        case .number(let text), .string(let text):
            total += Self.decimalExponentMagnitude(text)
            return total > limit ? path : nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                path.push(.index(index))
                if let found = element.firstNumberExceedingExponentDigits(limit, total: &total, path: &path) { return found }
                path.pop()
            }
            return nil
        case .object(let members):
            for member in members {
                path.push(.key(member.key))
                if let found = member.value.firstNumberExceedingExponentDigits(limit, total: &total, path: &path) { return found }
                path.pop()
            }
            return nil
        }
    }

    /// |N| for text of the form `[+-]digits[.digits](e|E)[+-]N` with |N| within
    /// `Rational.maximumDecimalExponent`, else 0.
    static func decimalExponentMagnitude(_ text: String) -> Int {
        var bytes = text.utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let isDigit = { (byte: UInt8) in (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        let integerDigits = bytes.prefix(while: isDigit).count
        guard integerDigits > 0 else { return 0 }
        bytes = bytes.dropFirst(integerDigits)
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            let fractionDigits = bytes.prefix(while: isDigit).count
            guard fractionDigits > 0 else { return 0 }
            bytes = bytes.dropFirst(fractionDigits)
        }
        guard let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") else { return 0 }
        bytes = bytes.dropFirst()
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        guard !bytes.isEmpty, bytes.count <= 9, bytes.allSatisfy(isDigit) else { return 0 }
        let magnitude = bytes.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return magnitude <= Rational.maximumDecimalExponent ? magnitude : 0
    }
}
