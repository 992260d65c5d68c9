/// The environments' pseudo-random generator: xoshiro256** (Blackman & Vigna), its 256-bit state
/// filled from a 64-bit seed by SplitMix64.
///
/// The reference environments draw from NumPy generators; a port cannot reproduce their bits, only
/// their distributions (spec §0.3), so the project uses its own small, fast, well-tested generator.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose whole output stream is determined by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        s0 = Self.splitMix64(&splitMix)
        s1 = Self.splitMix64(&splitMix)
        s2 = Self.splitMix64(&splitMix)
        s3 = Self.splitMix64(&splitMix)
    }

    /// A generator seeded from the operating system's entropy source, as NumPy's `seeding.np_random(None)`.
    public static func seededFromEntropy() -> Xoshiro256StarStar {
        var system = SystemRandomNumberGenerator()
        return Xoshiro256StarStar(seed: system.next())
    }

    public mutating func next() -> UInt64 {
        let result = Self.rotateLeft(s1 &* 5, by: 7) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = Self.rotateLeft(s3, by: 45)
        return result
    }

    /// A draw from U[low, high), computed as `low + (high − low)·u` with `u` uniform on the 2⁵³-point
    /// grid of [0, 1) — the same affine form NumPy's `uniform(low, high)` uses.
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        let unit = Double(next() >> 11) * 0x1.0p-53
        return low + (high - low) * unit
    }

    private static func rotateLeft(_ value: UInt64, by count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }

    private static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
