import Foundation

/// How an axis maps values to positions.
public enum AxisKind: Sendable, Equatable {
    case linear
    /// Base-10 logarithmic; only positive values can be shown.
    case logarithmic
}

/// A map from a data interval onto a pixel interval, with readable tick values.
public struct AxisScale: Sendable {
    let kind: AxisKind
    let domain: ClosedRange<Double>
    /// Pixel positions of `domain.lowerBound` and `domain.upperBound` (the second may be smaller,
    /// as for a y axis whose values grow upwards).
    let start: Double
    let end: Double

    func position(_ value: Double) -> Double {
        start + (end - start) * fraction(value)
    }

    /// Where `value` lies in the domain: 0 at its lower end, 1 at its upper end.
    func fraction(_ value: Double) -> Double {
        switch kind {
        case .linear:
            return (value - domain.lowerBound) / (domain.upperBound - domain.lowerBound)
        case .logarithmic:
            let low = log10(domain.lowerBound), high = log10(domain.upperBound)
            return (log10(value) - low) / (high - low)
        }
    }

    /// Tick values inside the domain: multiples of 1, 2 or 5 × 10ᵏ for a linear axis (about
    /// `target` of them), powers of ten for a logarithmic one (with 2× and 5× steps when the
    /// domain spans less than two decades).
    func ticks(target: Int = 6) -> [Double] {
        switch kind {
        case .linear:
            let step = Self.niceStep(span: domain.upperBound - domain.lowerBound, target: target)
            let first = (domain.lowerBound / step).rounded(.up), last = (domain.upperBound / step).rounded(.down)
            guard first <= last else { return [] }
            return stride(from: first, through: last, by: 1).map { Self.clean($0 * step) }
        case .logarithmic:
            let low = Int(log10(domain.lowerBound).rounded(.down)), high = Int(log10(domain.upperBound).rounded(.up))
            let multiples: [Double] = high - low <= 2 ? [1, 2, 5] : [1]
            let lowest = domain.lowerBound * (1 - 1e-9), highest = domain.upperBound * (1 + 1e-9)
            var ticks: [Double] = []
            for exponent in low...high {
                let decade: Double = pow(10, Double(exponent))
                for multiple in multiples {
                    let tick = Self.clean(multiple * decade)
                    if tick >= lowest && tick <= highest { ticks.append(tick) }
                }
            }
            return ticks
        }
    }

    /// 1, 2 or 5 × 10ᵏ: the smallest such step giving at most about `target` intervals over `span`.
    static func niceStep(span: Double, target: Int) -> Double {
        let raw = span / Double(max(1, target))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        for multiple in [1.0, 2, 5, 10] where multiple * magnitude >= raw {
            return multiple * magnitude
        }
        return 10 * magnitude
    }

    /// A domain covering `values` and extended outwards to whole ticks, so that the axis starts and
    /// ends on a labelled value. A degenerate range is widened around its single value.
    public static func niceDomain(covering range: ClosedRange<Double>, kind: AxisKind, target: Int = 6) -> ClosedRange<Double> {
        switch kind {
        case .linear:
            var low = range.lowerBound, high = range.upperBound
            if high - low <= abs(high) * 1e-12 {
                let pad = low == 0 ? 1 : abs(low) * 0.1
                low -= pad
                high += pad
            }
            let step = niceStep(span: high - low, target: target)
            return clean((low / step).rounded(.down) * step)...clean((high / step).rounded(.up) * step)
        case .logarithmic:
            guard range.lowerBound < range.upperBound else { return range.lowerBound / 10...range.upperBound * 10 }
            return range
        }
    }

    /// Removes the float noise of `k × step` (0.30000000000000004 → 0.3).
    static func clean(_ value: Double) -> Double {
        guard value != 0 else { return 0 }
        return Double(String(format: "%.12g", value)) ?? value
    }
}
