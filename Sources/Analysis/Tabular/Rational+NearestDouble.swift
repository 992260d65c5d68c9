import Arithmetic

extension Rational {
    /// The double nearest to the value when numerator and denominator are exact doubles (IEEE
    /// division of exact operands rounds correctly: 1/10 gives the double 0.1, which
    /// `doubleValue`'s truncation does not); otherwise `doubleValue`.
    var nearestDouble: Double {
        let parts = description.split(separator: "/")
        guard parts.allSatisfy({ $0.count <= 15 }), let numerator = Double(parts[0]) else { return doubleValue }
        guard parts.count == 2, let denominator = Double(parts[1]) else { return numerator }
        return numerator / denominator
    }
}
