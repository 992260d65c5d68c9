import Foundation
import Testing

/// Expects `actual` to round to `printed` at the number of digits printed (e.g. "−3.1229675038"
/// allows ±0.5·10⁻¹⁰, "8.505577e-6" allows ±0.5·10⁻¹²); an integer ("3", "−1") must match exactly.
func expectDigits(_ actual: Double, _ printed: String, _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let text = printed.replacingOccurrences(of: "−", with: "-")
    guard let expected = Double(text) else {
        Issue.record("unparseable reference value \(printed)", sourceLocation: sourceLocation)
        return
    }
    if !text.contains(".") && !text.lowercased().contains("e") {
        #expect(actual == expected, "\(label) \(actual) is not exactly \(printed)", sourceLocation: sourceLocation)
        return
    }
    let parts = text.lowercased().split(separator: "e")
    let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
    let decimals = parts[0].split(separator: ".").dropFirst().first?.count ?? 0
    let halfUnit = 0.5 * pow(10, Double(exponent - decimals))
    let slack = 4 * Double.ulpOfOne * max(1, abs(expected))
    #expect(abs(actual - expected) <= halfUnit + slack, "\(label) \(actual) does not round to \(printed)", sourceLocation: sourceLocation)
}

/// `expectDigits` component by component.
func expectDigits(_ actual: [Double], _ printed: [String], _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == printed.count, "\(label) has \(actual.count) components, expected \(printed.count)", sourceLocation: sourceLocation)
    for (index, (value, reference)) in zip(actual, printed).enumerated() {
        expectDigits(value, reference, "\(label)[\(index)]", sourceLocation: sourceLocation)
    }
}
