/// A short text placed at a point of a chart, in data coordinates (for a label beside a marker).
public struct ChartAnnotation: Sendable {
    public var text: String
    public var point: PlotPoint
    public var anchor: TextStyle.Anchor
    public var color: String

    public init(_ text: String, at point: PlotPoint, anchor: TextStyle.Anchor = .start, color: String = Palette.ink) {
        self.text = text
        self.point = point
        self.anchor = anchor
        self.color = color
    }
}
