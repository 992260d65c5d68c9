/// Values on a rectangular grid of two coordinates drawn as coloured cells (a 2-D slice of a
/// function), with a colour bar, and optionally points drawn on top (samples of a policy).
public struct HeatMap: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// What the colour means (the colour bar's title).
    public var valueLabel: String
    /// Cell centres along x and along y, each increasing.
    public var xValues: [Double]
    public var yValues: [Double]
    /// `values[j][i]` is the value at (`xValues[i]`, `yValues[j]`); non-finite values are drawn grey.
    public var values: [[Double]]
    public var overlay: [PlotPoint]
    /// The legend text of the overlay points.
    public var overlayName: String?
    public var width: Double
    public var plotHeight: Double

    public init(
        title: String, xLabel: String, yLabel: String, valueLabel: String, xValues: [Double], yValues: [Double],
        values: [[Double]], overlay: [PlotPoint] = [], overlayName: String? = nil, width: Double = 520, plotHeight: Double = 360
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.valueLabel = valueLabel
        self.xValues = xValues
        self.yValues = yValues
        self.values = values
        self.overlay = overlay
        self.overlayName = overlayName
        self.width = width
        self.plotHeight = plotHeight
    }

    static let colorBarWidth = 14.0
    static let colorBarSpace = 80.0

    /// The heat map as a standalone `<svg>` element.
    public var svg: String {
        let left = Axes.marginLeft, right = width - LineChart.marginRight - Self.colorBarSpace
        let top = LineChart.marginTop, bottom = top + plotHeight
        let legend = Legend(
            entries: overlayName.map { [Legend.Entry(name: $0, color: "#ffffff", sample: .dot, dashed: false, opacity: 1)] } ?? [],
            width: right - left)
        let height = bottom + Axes.marginBottom + (legend.rowCount > 0 ? legend.height + 8 : 0) + 4
        var canvas = SVGCanvas(width: width, height: height, title: title, className: "heat-map")
        canvas.text(title, at: PlotPoint(x: left, y: 20), style: TextStyle(size: 14, bold: true, className: "chart-title"))
        let xEdges = Self.edges(of: xValues), yEdges = Self.edges(of: yValues)
        let xScale = AxisScale(kind: .linear, domain: xEdges.first!...xEdges.last!, start: left, end: right)
        let yScale = AxisScale(kind: .linear, domain: yEdges.first!...yEdges.last!, start: bottom, end: top)
        let finite = values.joined().filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 1
        let span = high > low ? high - low : 1
        canvas.group(className: "cells") { canvas in
            for (j, row) in values.enumerated() where j < yValues.count {
                for (i, value) in row.enumerated() where i < xValues.count {
                    let x0 = xScale.position(xEdges[i]), x1 = xScale.position(xEdges[i + 1])
                    let y0 = yScale.position(yEdges[j + 1]), y1 = yScale.position(yEdges[j])
                    // Cells overlap by a hair so that no background seams show between them.
                    canvas.rectangle(x: x0, y: y0, width: x1 - x0 + 0.3, height: y1 - y0 + 0.3,
                                     fill: value.isFinite ? ColorMap.viridis((value - low) / span) : Palette.muted, className: "cell")
                }
            }
        }
        var axes = Axes(x: xScale, y: yScale, xLabel: xLabel, yLabel: yLabel)
        axes.grid = false
        axes.draw(on: &canvas)
        if !overlay.isEmpty {
            canvas.group(className: "layer layer-scatter", name: overlayName) { canvas in
                for point in overlay where point.x.isFinite && point.y.isFinite {
                    canvas.circle(center: PlotPoint(x: xScale.position(point.x), y: yScale.position(point.y)), radius: 2.5,
                                  fill: "#ffffff", opacity: 0.85, stroke: StrokeStyle(color: Palette.ink, width: 0.6), className: "mark")
                }
            }
        }
        drawColorBar(on: &canvas, left: right + 16, top: top, bottom: bottom, low: low, high: high)
        legend.draw(on: &canvas, left: left, top: bottom + Axes.marginBottom + 4)
        return canvas.markup
    }

    private func drawColorBar(on canvas: inout SVGCanvas, left: Double, top: Double, bottom: Double, low: Double, high: Double) {
        let steps = 48
        let scale = AxisScale(kind: .linear, domain: low...(high > low ? high : low + 1), start: bottom, end: top)
        canvas.group(className: "color-bar") { canvas in
            for step in 0..<steps {
                let y0 = top + (bottom - top) * Double(step) / Double(steps), y1 = top + (bottom - top) * Double(step + 1) / Double(steps)
                canvas.rectangle(x: left, y: y0, width: Self.colorBarWidth, height: y1 - y0 + 0.3,
                                 fill: ColorMap.viridis(1 - (Double(step) + 0.5) / Double(steps)))
            }
            canvas.rectangle(x: left, y: top, width: Self.colorBarWidth, height: bottom - top, fill: "none",
                             stroke: StrokeStyle(color: Palette.axis))
            for tick in scale.ticks(target: 5) {
                let y = scale.position(tick)
                canvas.line(from: PlotPoint(x: left + Self.colorBarWidth, y: y), to: PlotPoint(x: left + Self.colorBarWidth + 4, y: y),
                            stroke: StrokeStyle(color: Palette.axis))
                canvas.text(TickLabel.text(tick), at: PlotPoint(x: left + Self.colorBarWidth + 7, y: y + 4),
                            style: TextStyle(size: 11, color: Palette.axis, className: "tick-label"))
            }
            canvas.text(valueLabel, at: PlotPoint(x: left + Self.colorBarWidth / 2, y: top - 8),
                        style: TextStyle(size: 12, anchor: .middle, className: "axis-label value-label"))
        }
    }

    /// Cell boundaries: midpoints between neighbouring centres, and the outer ends mirrored.
    static func edges(of centers: [Double]) -> [Double] {
        guard centers.count > 1 else {
            let center = centers.first ?? 0
            return [center - 0.5, center + 0.5]
        }
        let middles = zip(centers, centers.dropFirst()).map { ($0 + $1) / 2 }
        return [centers[0] - (middles[0] - centers[0])] + middles + [centers.last! + (centers.last! - middles.last!)]
    }
}
