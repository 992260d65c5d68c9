import Arithmetic
import Foundation

/// Temperatures spaced evenly in log α, each interior one rounded to a short exact decimal so that
/// it prints readably; both ends of the range are kept exactly. The one grid of every temperature
/// scan: the critical-temperature search and the temperature sweeps of the reports.
public enum LogGrid {
    /// `samples` temperatures from `range.lowerBound` to `range.upperBound`, equally spaced in
    /// log α, each interior point rounded to 6 significant digits.
    public static func evenlySpaced(_ range: ClosedRange<Rational>, samples: Int) -> [Rational] {
        let low = Foundation.log(range.lowerBound.doubleValue), high = Foundation.log(range.upperBound.doubleValue)
        let interior = samples > 2 ? (1..<(samples - 1)).map { Foundation.exp(low + (high - low) * Double($0) / Double(samples - 1)) } : []
        return grid(range, interior: interior, significantDigits: 6)
    }

    /// α = 10^{k/perDecade} inside `range`, each rounded to 4 significant digits (so whole decades
    /// are exact: 1/100, 1/10, 1, 10), plus both ends of the range.
    public static func decades(_ range: ClosedRange<Rational>, perDecade: Int) -> [Rational] {
        let low = log10(range.lowerBound.doubleValue), high = log10(range.upperBound.doubleValue)
        let first = Int((low * Double(perDecade)).rounded(.up)), last = Int((high * Double(perDecade)).rounded(.down))
        let interior = first <= last ? (first...last).map { pow(10, Double($0) / Double(perDecade)) } : []
        return grid(range, interior: interior, significantDigits: 4)
    }

    /// The ends of `range` and every point of `interior` that, rounded to `significantDigits`
    /// significant decimal digits, lies strictly inside it; increasing, without repeats.
    static func grid(_ range: ClosedRange<Rational>, interior: [Double], significantDigits: Int) -> [Rational] {
        var points = Set([range.lowerBound, range.upperBound])
        for value in interior {
            if let rounded = try? Rational(parsing: String(format: "%.\(significantDigits)g", value)),
               range.lowerBound < rounded, rounded < range.upperBound {
                points.insert(rounded)
            }
        }
        return points.sorted()
    }
}
