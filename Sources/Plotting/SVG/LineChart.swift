/// A chart of layers over two numeric axes: curves, confidence bands, step functions, points,
/// rugs and reference marks, with a legend below the plot.
///
/// The axes cover every layer's data (a requested domain is widened when data fall outside it),
/// so nothing is clipped. On a logarithmic x axis, points with x ≤ 0 cannot be placed and are left
/// out.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xAxis: AxisKind
    /// The x range to show at least; nil for the data's range extended to whole ticks.
    public var xDomain: ClosedRange<Double>?
    /// The y range to show at least; nil for the data's range extended to whole ticks.
    public var yDomain: ClosedRange<Double>?
    public var layers: [ChartLayer]
    public var annotations: [ChartAnnotation]
    public var width: Double
    /// The height of the plot area (the canvas adds room for the title, axes and legend).
    public var plotHeight: Double

    public init(
        title: String, xLabel: String, yLabel: String, xAxis: AxisKind = .linear,
        xDomain: ClosedRange<Double>? = nil, yDomain: ClosedRange<Double>? = nil,
        layers: [ChartLayer] = [], annotations: [ChartAnnotation] = [], width: Double = 640, plotHeight: Double = 280
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xAxis = xAxis
        self.xDomain = xDomain
        self.yDomain = yDomain
        self.layers = layers
        self.annotations = annotations
        self.width = width
        self.plotHeight = plotHeight
    }

    static let marginTop = 34.0
    static let marginRight = 20.0

    /// The chart as a standalone `<svg>` element.
    public var svg: String {
        let left = Axes.marginLeft, right = width - Self.marginRight
        let legend = Legend(entries: legendEntries, width: right - left)
        let top = Self.marginTop, bottom = top + plotHeight
        let height = bottom + Axes.marginBottom + (legend.rowCount > 0 ? legend.height + 8 : 0) + 4
        var canvas = SVGCanvas(width: width, height: height, title: title, className: "line-chart")
        canvas.text(title, at: PlotPoint(x: left, y: 20), style: TextStyle(size: 14, bold: true, className: "chart-title"))
        let xScale = AxisScale(kind: xAxis, domain: domain(xValues, requested: xDomain, kind: xAxis), start: left, end: right)
        let yScale = AxisScale(kind: .linear, domain: domain(yValues, requested: yDomain, kind: .linear), start: bottom, end: top)
        Axes(x: xScale, y: yScale, xLabel: xLabel, yLabel: yLabel).draw(on: &canvas)
        canvas.group(className: "layers") { canvas in
            for layer in layers { draw(layer, on: &canvas, x: xScale, y: yScale) }
        }
        for annotation in annotations where isPlaceable(annotation.point.x) {
            canvas.text(annotation.text, at: PlotPoint(x: xScale.position(annotation.point.x), y: yScale.position(annotation.point.y)),
                        style: TextStyle(size: 11, anchor: annotation.anchor, color: annotation.color, className: "annotation"))
        }
        legend.draw(on: &canvas, left: left, top: bottom + Axes.marginBottom + 4)
        return canvas.markup
    }

    private var xValues: [Double] { layers.flatMap(\.xValues).filter(isPlaceable) }
    private var yValues: [Double] { layers.flatMap(\.yValues).filter(\.isFinite) }

    private func isPlaceable(_ x: Double) -> Bool {
        x.isFinite && (xAxis == .linear || x > 0)
    }

    private func domain(_ values: [Double], requested: ClosedRange<Double>?, kind: AxisKind) -> ClosedRange<Double> {
        guard let low = values.min(), let high = values.max() else {
            return requested ?? (kind == .linear ? 0...1 : 1...10)
        }
        if let requested, requested.contains(low), requested.contains(high) { return requested }
        let covered = requested.map { min($0.lowerBound, low)...max($0.upperBound, high) } ?? low...high
        return AxisScale.niceDomain(covering: covered, kind: kind)
    }

    private func draw(_ layer: ChartLayer, on canvas: inout SVGCanvas, x: AxisScale, y: AxisScale) {
        let stroke = StrokeStyle(color: layer.color, width: 2, dashes: layer.dashed ? [6, 4] : [])
        func place(_ point: PlotPoint) -> PlotPoint { PlotPoint(x: x.position(point.x), y: y.position(point.y)) }
        func placeable(_ point: PlotPoint) -> Bool { isPlaceable(point.x) && point.y.isFinite }
        let top = min(y.start, y.end), bottom = max(y.start, y.end)
        let left = min(x.start, x.end), right = max(x.start, x.end)
        canvas.group(className: "layer \(layer.className)", name: layer.name) { canvas in
            switch layer.shape {
            case .line(let points):
                canvas.polyline(points.filter(placeable).map(place), stroke: stroke, className: "series")
            case .steps(let segments):
                drawSteps(segments.filter { isPlaceable($0.lower) && isPlaceable($0.upper) }, color: layer.color,
                          stroke: stroke, on: &canvas, place: place)
            case .band(let lower, let upper):
                let kept = zip(lower, upper).filter { placeable($0.0) && placeable($0.1) }
                canvas.polygon(kept.map { place($0.0) } + kept.reversed().map { place($0.1) },
                               fill: layer.color, opacity: layer.opacity, className: "band")
            case .scatter(let points):
                for point in points where placeable(point) {
                    canvas.circle(center: place(point), radius: 3, fill: layer.color, opacity: layer.opacity, className: "mark")
                }
            case .rug(let values):
                for value in values where isPlaceable(value) {
                    let position = x.position(value)
                    canvas.line(from: PlotPoint(x: position, y: bottom), to: PlotPoint(x: position, y: bottom - 10),
                                stroke: StrokeStyle(color: layer.color, width: 1), className: "mark")
                }
            case .verticalSpan(let range):
                guard isPlaceable(range.lowerBound), isPlaceable(range.upperBound) else { return }
                let low = min(max(x.position(range.lowerBound), left), right)
                let high = min(max(x.position(range.upperBound), left), right)
                // A certified bracket can be far narrower than a pixel; it is still drawn visibly.
                let drawnWidth = max(high - low, 2)
                canvas.rectangle(x: (low + high) / 2 - drawnWidth / 2, y: top, width: drawnWidth, height: bottom - top,
                                 fill: layer.color, opacity: layer.opacity, className: "span")
            case .verticalLine(let value):
                guard isPlaceable(value) else { return }
                let position = x.position(value)
                canvas.line(from: PlotPoint(x: position, y: top), to: PlotPoint(x: position, y: bottom),
                            stroke: StrokeStyle(color: layer.color, width: 1.5, dashes: layer.dashed ? [6, 4] : []), className: "rule")
            case .horizontalLine(let value):
                guard value.isFinite else { return }
                let position = y.position(value)
                canvas.line(from: PlotPoint(x: left, y: position), to: PlotPoint(x: right, y: position),
                            stroke: StrokeStyle(color: layer.color, width: 1.5, dashes: layer.dashed ? [6, 4] : []), className: "rule")
            }
        }
    }

    private func drawSteps(
        _ segments: [StepSegment], color: String, stroke: StrokeStyle, on canvas: inout SVGCanvas,
        place: (PlotPoint) -> PlotPoint
    ) {
        let ordered = segments.sorted { $0.lower < $1.lower }
        for segment in ordered {
            canvas.line(from: place(PlotPoint(x: segment.lower, y: segment.value)),
                        to: place(PlotPoint(x: segment.upper, y: segment.value)), stroke: stroke, className: "series")
        }
        for (current, next) in zip(ordered, ordered.dropFirst()) where current.upper == next.lower {
            canvas.line(from: place(PlotPoint(x: current.upper, y: current.value)),
                        to: place(PlotPoint(x: next.lower, y: next.value)),
                        stroke: StrokeStyle(color: color, width: 1, dashes: [2, 3]), className: "jump")
        }
        for segment in ordered {
            for (end, included) in [(segment.lower, segment.includesLower), (segment.upper, segment.includesUpper)] {
                canvas.circle(center: place(PlotPoint(x: end, y: segment.value)), radius: 3.5,
                              fill: included ? color : "#ffffff", stroke: StrokeStyle(color: color, width: 1.5),
                              className: included ? "end-closed" : "end-open")
            }
        }
    }

    private var legendEntries: [Legend.Entry] {
        layers.compactMap { layer in
            guard let name = layer.name else { return nil }
            let sample: Legend.Sample
            switch layer.shape {
            case .line, .horizontalLine: sample = .line
            case .steps: sample = .steps
            case .band, .verticalSpan: sample = .area
            case .scatter: sample = .dot
            case .rug, .verticalLine: sample = .tick
            }
            return Legend.Entry(name: name, color: layer.color, sample: sample, dashed: layer.dashed, opacity: layer.opacity)
        }
    }
}
