/// SplitMix64 (Steele, Lea & Flood 2014): a tiny, well-mixed 64-bit generator whose output
/// depends only on the seed — identical on every platform and Swift version, unlike the
/// standard library's generators and bounded-integer algorithms.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly distributed integer in `0..<bound` (`bound` > 0), without modulo bias:
    /// draws from the short final stretch of the 64-bit range are rejected and redrawn.
    public mutating func integer(below bound: Int) -> Int {
        precondition(bound > 0, "SplitMix64.integer(below:): bound must be positive")
        let limit = UInt64(bound)
        let rejectBelow = (0 &- limit) % limit
        while true {
            let draw = next()
            if draw >= rejectBelow { return Int(draw % limit) }
        }
    }

    /// A uniformly distributed integer in `range`.
    public mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + integer(below: range.count)
    }

    /// `count` distinct integers from `0..<bound` in the order drawn (Floyd's algorithm: one
    /// draw per element, however close `count` is to `bound`).
    public mutating func distinctIntegers(_ count: Int, below bound: Int) -> [Int] {
        precondition(0 <= count && count <= bound, "SplitMix64.distinctIntegers: need 0 ≤ count ≤ bound")
        var chosen: [Int] = []
        chosen.reserveCapacity(count)
        var seen = Set<Int>(minimumCapacity: count)
        for candidateLimit in (bound - count)..<bound {
            let draw = integer(in: 0...candidateLimit)
            let pick = seen.contains(draw) ? candidateLimit : draw
            seen.insert(pick)
            chosen.append(pick)
        }
        return chosen
    }
}
