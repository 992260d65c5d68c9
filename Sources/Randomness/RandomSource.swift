import Foundation

/// The project's pseudo-random generator: xoshiro256** (Blackman & Vigna) seeded through SplitMix64.
///
/// Every random draw of the environments and of a training run — noise in initial states, network
/// initialisation, exploration noise, minibatch indices, warm-up actions, environment seeds — comes
/// from a `RandomSource` derived from a seed, so the same seed gives the same bytes on every
/// platform. The reference environments draw from NumPy generators; a port cannot reproduce their
/// bits, only their distributions (docs/environments.md §0.3). The state is public because a checkpoint
/// must store it to make resumption exact.
public struct RandomSource: RandomNumberGenerator, Sendable, Equatable, Codable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// The 256-bit generator state as four words; never all zero.
    public var state: [UInt64] { [s0, s1, s2, s3] }

    /// A generator whose whole output stream is determined by `seed`.
    public init(seed: UInt64) {
        var splitMix = SplitMix64(seed: seed)
        s0 = splitMix.next()
        s1 = splitMix.next()
        s2 = splitMix.next()
        s3 = splitMix.next()
    }

    /// A generator seeded from the operating system's entropy source, as NumPy's `seeding.np_random(None)`.
    public static func seededFromEntropy() -> RandomSource {
        var system = SystemRandomNumberGenerator()
        return RandomSource(seed: system.next())
    }

    /// A generator continuing from a stored `state` (four words, not all zero).
    public init(state: [UInt64]) {
        precondition(state.count == 4 && state.contains { $0 != 0 }, "RandomSource: state must be four words, not all zero")
        (s0, s1, s2, s3) = (state[0], state[1], state[2], state[3])
    }

    public init(from decoder: any Decoder) throws {
        let words = try decoder.singleValueContainer().decode([UInt64].self)
        guard words.count == 4, words.contains(where: { $0 != 0 }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "generator state must be four words, not all zero"))
        }
        self.init(state: words)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(state)
    }

    /// An independent stream for a named purpose, so that adding draws to one purpose never shifts
    /// the draws of another.
    public static func stream(seed: UInt64, purpose: UInt64) -> RandomSource {
        var mixer = SplitMix64(seed: seed ^ (purpose &* 0xD1B5_4A32_D192_ED03))
        return RandomSource(seed: mixer.next())
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

    /// A draw from U[0, 1) on the 2⁵³-point grid.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A draw from U[low, high).
    public mutating func uniform(_ low: Double, _ high: Double) -> Double {
        low + (high - low) * unit()
    }

    /// An integer uniform on `0..<bound` (Lemire's multiply-and-reject, exactly unbiased).
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "RandomSource: empty range")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }

    /// Fills `buffer` with independent standard normal draws (Box–Muller in double precision,
    /// two draws per pair of uniforms; an odd count discards the last spare draw).
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>) {
        var index = 0
        while index < buffer.count {
            let radius = (-2 * Foundation.log(1 - unit())).squareRoot()
            let angle = 2 * Double.pi * unit()
            buffer[index] = Float(radius * Foundation.cos(angle))
            if index + 1 < buffer.count {
                buffer[index + 1] = Float(radius * Foundation.sin(angle))
            }
            index += 2
        }
    }

    /// One standard normal draw.
    public mutating func normal() -> Double {
        let radius = (-2 * Foundation.log(1 - unit())).squareRoot()
        return radius * Foundation.cos(2 * Double.pi * unit())
    }

    private static func rotateLeft(_ value: UInt64, by count: UInt64) -> UInt64 {
        (value << count) | (value >> (64 - count))
    }
}
