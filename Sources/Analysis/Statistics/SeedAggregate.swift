import Plotting

/// Several runs' curves (one per seed) combined into a mean curve with a confidence band.
///
/// Runs need not log at the same x (PPO rounds its epochs up to whole collections, an unfinished
/// run stops early): the common grid is the union of all logged x, and each run is interpolated
/// linearly onto the grid points inside its own logged range — never extrapolated. At each grid
/// point the estimate uses the runs that cover it, so `estimates[i].count` can vary along the curve.
public struct SeedAggregate: Sendable {
    public let grid: [Double]
    public let estimates: [MeanEstimate]

    /// Aggregates `curves` (each a list of points in any order; non-finite points are dropped, and
    /// of points with equal x the last one counts).
    public init(_ curves: [[PlotPoint]], level: Double = 0.95) {
        let cleaned = curves.map(Self.cleaned).filter { !$0.isEmpty }
        grid = Array(Set(cleaned.flatMap { $0.map(\.x) })).sorted()
        estimates = grid.map { x in
            MeanEstimate(cleaned.compactMap { Self.interpolate($0, at: x) }, level: level)
        }
    }

    public var meanCurve: [PlotPoint] { zip(grid, estimates).map { PlotPoint(x: $0, y: $1.mean) } }

    /// The band's lower and upper curves over the grid points where at least two runs are present.
    public var band: (lower: [PlotPoint], upper: [PlotPoint]) {
        let kept = zip(grid, estimates).compactMap { x, estimate -> (PlotPoint, PlotPoint)? in
            guard let lower = estimate.lower, let upper = estimate.upper else { return nil }
            return (PlotPoint(x: x, y: lower), PlotPoint(x: x, y: upper))
        }
        return (kept.map(\.0), kept.map(\.1))
    }

    /// The fewest and most runs behind any point of the curve.
    public var runCountRange: ClosedRange<Int>? {
        guard let low = estimates.map(\.count).min(), let high = estimates.map(\.count).max() else { return nil }
        return low...high
    }

    /// Sorted by x, finite only, the last of equal x kept.
    static func cleaned(_ points: [PlotPoint]) -> [PlotPoint] {
        var byX: [Double: Double] = [:]
        for point in points where point.x.isFinite && point.y.isFinite { byX[point.x] = point.y }
        return byX.keys.sorted().map { PlotPoint(x: $0, y: byX[$0]!) }
    }

    /// The linear interpolation of a cleaned curve at `x`; nil outside its range.
    static func interpolate(_ curve: [PlotPoint], at x: Double) -> Double? {
        guard let first = curve.first, let last = curve.last, x >= first.x, x <= last.x else { return nil }
        var low = 0, high = curve.count - 1
        while high - low > 1 {
            let middle = (low + high) / 2
            if curve[middle].x <= x { low = middle } else { high = middle }
        }
        let a = curve[low], b = curve[high]
        if a.x == x || a.x == b.x { return a.y }
        if b.x == x { return b.y }
        return a.y + (b.y - a.y) * (x - a.x) / (b.x - a.x)
    }
}
