/// Canvas coordinates as short, locale-independent text with at most two decimals (a hundredth of
/// a pixel is far below what any display shows), so that the same figure always gives the same bytes.
func svgNumber(_ value: Double) -> String {
    precondition(value.isFinite, "a canvas coordinate must be finite")
    let hundredths = Int((value * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = hundredths.magnitude
    let whole = magnitude / 100, fraction = magnitude % 100
    switch fraction {
    case 0: return sign + String(whole)
    case _ where fraction % 10 == 0: return sign + "\(whole).\(fraction / 10)"
    default: return sign + "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
