import Foundation
import Learning
import Twins

extension TrainedAgent {
    /// The probability the agent's policy gives the set each action of `state` owns in `twin`: the
    /// mass of the policy's Gaussian, in closed form, over the interval's preimage.
    ///
    /// SAC variants act with tanh(u), u ~ N(μ, σ²), so an interval (l, h) has preimage
    /// (atanh l, atanh h); PPO's raw sample reaches the twin unclipped and the twin clips it, so the
    /// preimage is (l, h) itself. Either way an end at −1 or 1 reaches to −∞ or +∞. A floating-point
    /// estimate, not a certified number.
    public func twinActionProbabilities(_ twin: DeepTwin, state: Int) -> [Double] {
        let observation = (0..<twin.mdp.states.count).map { $0 == state ? 1.0 : 0.0 }
        let (mean, std) = gaussian(at: observation)
        let squashes = squashesActions
        func preimage(_ end: Double) -> Double {
            end <= -1 ? -.infinity : end >= 1 ? .infinity : squashes ? atanh(end) : end
        }
        func cdf(_ x: Double) -> Double {
            x == .infinity ? 1 : x == -.infinity ? 0 : 0.5 * erfc(-(x - mean[0]) / (std[0] * 2.0.squareRoot()))
        }
        return twin.layout.intervals[state].map { owned in
            owned.map { cdf(preimage($0.upper.nearestDouble)) - cdf(preimage($0.lower.nearestDouble)) }.reduce(0, +)
        }
    }
}

/// ½ Σ |p − q|, the total-variation distance of two distributions over the same actions.
public func totalVariation(_ p: [Double], _ q: [Double]) -> Double {
    0.5 * zip(p, q).map { abs($0 - $1) }.reduce(0, +)
}
