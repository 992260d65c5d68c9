/// A point, in a chart's data coordinates or on the canvas (pixels, y growing downwards).
public struct PlotPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}
