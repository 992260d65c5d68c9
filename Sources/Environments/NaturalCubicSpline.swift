import Foundation

/// A natural cubic spline through knots (sᵢ, fᵢ): twice continuously differentiable, second
/// derivative zero at both ends (docs/environments.md §3.4).
///
/// On segment i (sᵢ ≤ s < sᵢ₊₁, the largest i with sᵢ ≤ s) the spline is
/// `aᵢ + bᵢΔ + cᵢΔ² + dᵢΔ³` with Δ = s − sᵢ. The last knot is evaluated on the last segment (the
/// reference's lookup would run past its coefficients there; nothing it computes reaches it).
public struct NaturalCubicSpline: Sendable {
    /// The knot positions sᵢ, strictly increasing.
    public let knots: [Double]
    private let a: [Double]
    private let b: [Double]
    private let c: [Double]
    private let d: [Double]

    /// The spline through `(knots[i], values[i])`; needs at least two strictly increasing knots.
    public init(knots: [Double], values: [Double]) {
        precondition(knots.count >= 2 && knots.count == values.count, "NaturalCubicSpline: need ≥ 2 knots with one value each")
        precondition(zip(knots, knots.dropFirst()).allSatisfy { $0 < $1 }, "NaturalCubicSpline: knots must increase strictly")
        let count = knots.count
        let widths = (0..<count - 1).map { knots[$0 + 1] - knots[$0] }
        let curvature = Self.solveCurvatureCoefficients(values: values, widths: widths)
        var linear = [Double]()
        var cubic = [Double]()
        for i in 0..<count - 1 {
            cubic.append((curvature[i + 1] - curvature[i]) / (3 * widths[i]))
            linear.append((values[i + 1] - values[i]) / widths[i] - widths[i] * (2 * curvature[i] + curvature[i + 1]) / 3)
        }
        self.knots = knots
        a = values
        b = linear
        c = curvature
        d = cubic
    }

    /// f(s); `s` must lie within the knot range.
    public func value(at s: Double) -> Double {
        let (i, delta) = locate(s)
        return a[i] + b[i] * delta + c[i] * pow(delta, 2) + d[i] * pow(delta, 3)
    }

    /// f′(s).
    public func derivative(at s: Double) -> Double {
        let (i, delta) = locate(s)
        return b[i] + 2 * c[i] * delta + 3 * d[i] * pow(delta, 2)
    }

    /// f″(s).
    public func secondDerivative(at s: Double) -> Double {
        let (i, delta) = locate(s)
        return 2 * c[i] + 6 * d[i] * delta
    }

    /// The segment containing `s` and the offset into it.
    private func locate(_ s: Double) -> (segment: Int, offset: Double) {
        precondition(s >= knots[0] && s <= knots[knots.count - 1], "NaturalCubicSpline: \(s) is outside the knot range")
        var low = 0
        var high = knots.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if knots[middle] <= s { low = middle } else { high = middle }
        }
        return (low, s - knots[low])
    }

    /// The cᵢ (half second derivatives) from the tridiagonal system of §3.4 with c₀ = cₙ₋₁ = 0,
    /// solved by the Thomas algorithm (the system is strictly diagonally dominant).
    private static func solveCurvatureCoefficients(values: [Double], widths: [Double]) -> [Double] {
        let count = values.count
        var solution = [Double](repeating: 0, count: count)
        guard count > 2 else { return solution }
        var upper = [Double](repeating: 0, count: count)
        var right = [Double](repeating: 0, count: count)
        for i in 1...(count - 2) {
            let below = widths[i - 1]
            let diagonal = 2 * (widths[i - 1] + widths[i])
            let above = i == count - 2 ? 0 : widths[i]
            let rhs = 3 * (values[i + 1] - values[i]) / widths[i] - 3 * (values[i] - values[i - 1]) / widths[i - 1]
            let pivot = diagonal - (i == 1 ? 0 : below * upper[i - 1])
            upper[i] = above / pivot
            right[i] = (rhs - (i == 1 ? 0 : below * right[i - 1])) / pivot
        }
        for i in stride(from: count - 2, through: 1, by: -1) {
            solution[i] = right[i] - upper[i] * solution[i + 1]
        }
        return solution
    }
}

/// A planar curve parameterised by cumulative chord length, each coordinate a natural cubic
/// spline (docs/environments.md §3.4; PythonRobotics' `CubicSpline2D`).
public struct SplinePath: Sendable {
    /// The arc parameter at each knot: 0 and then the cumulative chord lengths.
    public let arcLengths: [Double]
    /// x as a function of the arc parameter.
    public let xSpline: NaturalCubicSpline
    /// y as a function of the arc parameter.
    public let ySpline: NaturalCubicSpline

    /// The path through `points` in order.
    public init(points: [SIMD2<Double>]) {
        var arcLengths = [0.0]
        for (from, to) in zip(points, points.dropFirst()) {
            let chord = to - from
            arcLengths.append(arcLengths[arcLengths.count - 1] + hypot(chord.x, chord.y))
        }
        self.arcLengths = arcLengths
        xSpline = NaturalCubicSpline(knots: arcLengths, values: points.map(\.x))
        ySpline = NaturalCubicSpline(knots: arcLengths, values: points.map(\.y))
    }

    /// The point at arc parameter `s`.
    public func position(at s: Double) -> SIMD2<Double> {
        SIMD2(xSpline.value(at: s), ySpline.value(at: s))
    }

    /// The tangent direction atan2(y′, x′) at `s`.
    public func heading(at s: Double) -> Double {
        atan2(ySpline.derivative(at: s), xSpline.derivative(at: s))
    }
}
