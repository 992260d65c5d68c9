/// One piece of a piecewise-constant function: `value` on the interval from `lower` to `upper`,
/// with each end included or not (a ≤ 0 and a > 0 meet at 0, but only one of them owns it).
public struct StepSegment: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var value: Double
    public var includesLower: Bool
    public var includesUpper: Bool

    public init(lower: Double, upper: Double, value: Double, includesLower: Bool = true, includesUpper: Bool = true) {
        self.lower = lower
        self.upper = upper
        self.value = value
        self.includesLower = includesLower
        self.includesUpper = includesUpper
    }
}
