
/// The mean of independent samples (one per seed) with a two-sided Student-t confidence interval.
///
/// With n samples, sample standard deviation s (divisor n − 1) and q = t_{(1+level)/2, n−1}, the
/// interval is mean ± q·s/√n: exact for normally distributed samples, the usual choice for a
/// handful of seeds. One sample has no interval (nil bounds): its spread is unknown.
public struct MeanEstimate: Sendable, Equatable {
    public let count: Int
    public let mean: Double
    /// The sample standard deviation (divisor n − 1); nil for one sample.
    public let standardDeviation: Double?
    /// The confidence level of the interval, for example 0.95.
    public let level: Double
    /// Half the interval's width, q·s/√n; nil for one sample.
    public let halfWidth: Double?

    public var lower: Double? { halfWidth.map { mean - $0 } }
    public var upper: Double? { halfWidth.map { mean + $0 } }

    /// The estimate from `samples` (at least one, all finite).
    public init(_ samples: [Double], level: Double = 0.95) {
        precondition(!samples.isEmpty, "a mean needs at least one sample")
        precondition(level > 0 && level < 1, "the confidence level must lie strictly between 0 and 1")
        let n = Double(samples.count)
        count = samples.count
        mean = samples.reduce(0, +) / n
        self.level = level
        guard samples.count > 1 else {
            standardDeviation = nil
            halfWidth = nil
            return
        }
        let mean = self.mean
        let deviation = (samples.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        standardDeviation = deviation
        halfWidth = StudentT.quantile((1 + level) / 2, degreesOfFreedom: n - 1) * deviation / n.squareRoot()
    }
}
