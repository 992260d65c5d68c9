/// One thing drawn in a chart's plot area, in data coordinates.
public struct ChartLayer: Sendable {
    /// What the layer draws, with its data.
    public enum Shape: Sendable {
        /// A curve through the points, in the given order.
        case line([PlotPoint])
        /// A piecewise-constant function: horizontal pieces, dotted jumps between them, and a
        /// filled (included) or hollow (excluded) dot at every end.
        case steps([StepSegment])
        /// The region between two curves sampled at the same x values (a confidence band).
        case band(lower: [PlotPoint], upper: [PlotPoint])
        /// Individual points.
        case scatter([PlotPoint])
        /// Short ticks along the bottom of the plot area at the given x values (samples of a
        /// distribution over x).
        case rug([Double])
        /// A shaded x-interval over the full height (an interval enclosure such as a certified bracket).
        case verticalSpan(ClosedRange<Double>)
        /// A vertical reference line.
        case verticalLine(Double)
        /// A horizontal reference line.
        case horizontalLine(Double)
    }

    public var shape: Shape
    /// The legend entry; nil keeps the layer out of the legend (as for a band drawn with its mean).
    public var name: String?
    public var color: String
    public var dashed: Bool
    /// Fill opacity of bands and spans, and of scatter dots.
    public var opacity: Double

    public init(_ shape: Shape, name: String?, color: String, dashed: Bool = false, opacity: Double? = nil) {
        self.shape = shape
        self.name = name
        self.color = color
        self.dashed = dashed
        switch shape {
        case .band, .verticalSpan: self.opacity = opacity ?? 0.2
        case .scatter: self.opacity = opacity ?? 0.75
        default: self.opacity = opacity ?? 1
        }
    }

    /// The class of the layer's group in the SVG (`layer-line`, `layer-band`, …), by which tests
    /// and readers of the markup find a chart's curves.
    public var className: String {
        switch shape {
        case .line: "layer-line"
        case .steps: "layer-steps"
        case .band: "layer-band"
        case .scatter: "layer-scatter"
        case .rug: "layer-rug"
        case .verticalSpan: "layer-span"
        case .verticalLine: "layer-vline"
        case .horizontalLine: "layer-hline"
        }
    }

    /// The data extent of the layer: x values, and y values (empty for layers that span the
    /// whole height or width).
    var xValues: [Double] {
        switch shape {
        case .line(let points), .scatter(let points): points.map(\.x)
        case .steps(let segments): segments.flatMap { [$0.lower, $0.upper] }
        case .band(let lower, let upper): (lower + upper).map(\.x)
        case .rug(let values): values
        case .verticalSpan(let range): [range.lowerBound, range.upperBound]
        case .verticalLine(let x): [x]
        case .horizontalLine: []
        }
    }

    var yValues: [Double] {
        switch shape {
        case .line(let points), .scatter(let points): points.map(\.y)
        case .steps(let segments): segments.map(\.value)
        case .band(let lower, let upper): (lower + upper).map(\.y)
        case .rug, .verticalSpan, .verticalLine: []
        case .horizontalLine(let y): [y]
        }
    }
}
