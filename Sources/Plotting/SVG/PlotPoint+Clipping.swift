extension Array where Element == PlotPoint {
    /// The polyline limited to the strip `range` of y values: where a segment leaves the strip
    /// the crossing point is inserted, and points outside are moved onto its edge, so that the
    /// result runs along the edge exactly where the original runs outside it.
    public func clipped(toY range: ClosedRange<Double>) -> [PlotPoint] {
        func clamp(_ y: Double) -> Double { Swift.min(Swift.max(y, range.lowerBound), range.upperBound) }
        var result: [PlotPoint] = []
        for (index, point) in enumerated() {
            if index > 0 {
                let previous = self[index - 1]
                let crossings = [range.lowerBound, range.upperBound].compactMap { edge -> Double? in
                    let below = (previous.y - edge) * (point.y - edge)
                    guard below < 0 else { return nil }
                    return previous.x + (point.x - previous.x) * (edge - previous.y) / (point.y - previous.y)
                }
                let ordered = point.x >= previous.x ? crossings.sorted() : crossings.sorted(by: >)
                for x in ordered {
                    let t = (x - previous.x) / (point.x - previous.x)
                    result.append(PlotPoint(x: x, y: clamp(previous.y + (point.y - previous.y) * t)))
                }
            }
            result.append(PlotPoint(x: point.x, y: clamp(point.y)))
        }
        return result
    }
}
