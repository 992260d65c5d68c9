
/// A one- or two-dimensional slice through a box of actions: a regular grid over one or two
/// chosen coordinates, every other coordinate held at a fixed value (the policy's mean action).
public struct ActionSlice: Sendable, Equatable {
    /// The coordinates that vary: one for a curve, two (x first) for a heat map.
    public let coordinates: [Int]
    /// The grid along each varying coordinate, increasing.
    public let axes: [[Double]]
    /// The full action vector; entries of `coordinates` are overwritten along the grid.
    public let base: [Double]

    /// A slice with `resolution` points per varying coordinate over `range`.
    public init(coordinates: [Int], base: [Double], range: ClosedRange<Double> = -1...1, resolution: Int) {
        precondition((1...2).contains(coordinates.count), "a slice varies one or two coordinates")
        precondition(coordinates.allSatisfy(base.indices.contains) && Set(coordinates).count == coordinates.count,
                     "slice coordinates must be distinct coordinates of the action")
        precondition(resolution >= 2, "a slice needs at least two points per coordinate")
        self.coordinates = coordinates
        self.base = base
        let step = (range.upperBound - range.lowerBound) / Double(resolution - 1)
        let axis = (0..<resolution).map { index in index == resolution - 1 ? range.upperBound : range.lowerBound + step * Double(index) }
        axes = coordinates.map { _ in axis }
    }

    /// The actions of the grid: for a curve, in the order of `axes[0]`; for a heat map, row by
    /// row, `axes[1][j]` fixed along row j and `axes[0][i]` varying along it, so that
    /// `actions[j * axes[0].count + i]` is the point (`axes[0][i]`, `axes[1][j]`).
    public var actions: [[Double]] {
        if coordinates.count == 1 {
            return axes[0].map { value in
                var action = base
                action[coordinates[0]] = value
                return action
            }
        }
        return axes[1].flatMap { y in
            axes[0].map { x in
                var action = base
                action[coordinates[0]] = x
                action[coordinates[1]] = y
                return action
            }
        }
    }

    /// Values computed for `actions`, as rows for a heat map: `result[j][i]` at (`axes[0][i]`, `axes[1][j]`).
    public func rows(of values: [Double]) -> [[Double]] {
        precondition(values.count == actions.count, "one value per action of the slice")
        guard coordinates.count == 2 else { return [values] }
        let width = axes[0].count
        return (0..<axes[1].count).map { Array(values[($0 * width)..<(($0 + 1) * width)]) }
    }
}
