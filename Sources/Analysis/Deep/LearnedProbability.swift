/// A learned policy's probability of the standard-optimal actions, estimated from a deep agent,
/// to set beside the exact curve at the temperature the agent trained with.
public struct LearnedProbability: Sendable {
    public var label: String
    public var alpha: Double
    public var probability: Double

    public init(label: String, alpha: Double, probability: Double) {
        self.label = label
        self.alpha = alpha
        self.probability = probability
    }
}
