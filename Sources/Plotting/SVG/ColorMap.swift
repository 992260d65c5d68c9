/// A perceptually ordered colour scale for heat maps (viridis, from its published anchor colours,
/// interpolated linearly in RGB between them).
public enum ColorMap {
    static let anchors: [(Double, Double, Double)] = [
        (68, 1, 84), (72, 40, 120), (62, 74, 137), (49, 104, 142), (38, 130, 142),
        (31, 158, 137), (53, 183, 121), (110, 206, 88), (181, 222, 43), (253, 231, 37),
    ]

    /// The colour at `fraction` ∈ [0, 1] (clamped) as `#rrggbb`.
    public static func viridis(_ fraction: Double) -> String {
        let t = fraction.isFinite ? min(max(fraction, 0), 1) : 0
        let scaled = t * Double(anchors.count - 1)
        let index = min(Int(scaled), anchors.count - 2)
        let weight = scaled - Double(index)
        let (a, b) = (anchors[index], anchors[index + 1])
        func channel(_ low: Double, _ high: Double) -> Int { Int((low + (high - low) * weight).rounded()) }
        return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    static func hex(_ red: Int, _ green: Int, _ blue: Int) -> String {
        let digits = Array("0123456789abcdef")
        return "#" + [red, green, blue].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }
}
