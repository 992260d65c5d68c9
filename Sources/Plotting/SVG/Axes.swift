/// The frame of a plot area with its ticks, tick labels, grid and axis titles.
struct Axes {
    let x: AxisScale
    let y: AxisScale
    let xLabel: String
    let yLabel: String
    var grid = true

    var left: Double { min(x.start, x.end) }
    var right: Double { max(x.start, x.end) }
    var top: Double { min(y.start, y.end) }
    var bottom: Double { max(y.start, y.end) }

    /// Space the tick labels and titles need outside the plot area.
    static let marginLeft = 72.0
    static let marginBottom = 46.0

    func draw(on canvas: inout SVGCanvas, xTicks: [(value: Double, label: String)]? = nil) {
        let xTickList = xTicks ?? x.ticks().map { ($0, TickLabel.text($0)) }
        let yTickList = y.ticks().map { ($0, TickLabel.text($0)) }
        canvas.group(className: "axes") { canvas in
            if grid {
                canvas.group(className: "grid") { canvas in
                    for (value, _) in xTickList {
                        let position = x.position(value)
                        canvas.line(from: PlotPoint(x: position, y: top), to: PlotPoint(x: position, y: bottom),
                                    stroke: StrokeStyle(color: Palette.grid))
                    }
                    for (value, _) in yTickList {
                        let position = y.position(value)
                        canvas.line(from: PlotPoint(x: left, y: position), to: PlotPoint(x: right, y: position),
                                    stroke: StrokeStyle(color: Palette.grid))
                    }
                }
            }
            canvas.rectangle(x: left, y: top, width: right - left, height: bottom - top, fill: "none",
                             stroke: StrokeStyle(color: Palette.axis), className: "frame")
            canvas.group(className: "x-axis") { canvas in
                for (value, label) in xTickList {
                    let position = x.position(value)
                    canvas.line(from: PlotPoint(x: position, y: bottom), to: PlotPoint(x: position, y: bottom + 5),
                                stroke: StrokeStyle(color: Palette.axis))
                    canvas.text(label, at: PlotPoint(x: position, y: bottom + 18),
                                style: TextStyle(size: 11, anchor: .middle, color: Palette.axis, className: "tick-label"))
                }
                canvas.text(xLabel, at: PlotPoint(x: (left + right) / 2, y: bottom + 38),
                            style: TextStyle(size: 13, anchor: .middle, className: "axis-label x-axis-label"))
            }
            canvas.group(className: "y-axis") { canvas in
                for (value, label) in yTickList {
                    let position = y.position(value)
                    canvas.line(from: PlotPoint(x: left - 5, y: position), to: PlotPoint(x: left, y: position),
                                stroke: StrokeStyle(color: Palette.axis))
                    canvas.text(label, at: PlotPoint(x: left - 8, y: position + 4),
                                style: TextStyle(size: 11, anchor: .end, color: Palette.axis, className: "tick-label"))
                }
                canvas.text(yLabel, at: PlotPoint(x: left - 54, y: (top + bottom) / 2),
                            style: TextStyle(size: 13, anchor: .middle, rotation: -90, className: "axis-label y-axis-label"))
            }
        }
    }
}
