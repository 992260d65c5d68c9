/// Grouped vertical bars: one group per category (an action), one bar per series in each group
/// (policy before, target, policy after), each bar labelled with its value as text.
public struct BarChart: Sendable {
    /// One bar per category, in one colour, with one legend entry.
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var values: [Double]
        /// The text above each bar (for example certified digits); nil for none.
        public var labels: [String]?

        public init(name: String, color: String, values: [Double], labels: [String]? = nil) {
            self.name = name
            self.color = color
            self.values = values
            self.labels = labels
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var categories: [String]
    public var series: [Series]
    public var yDomain: ClosedRange<Double>
    public var width: Double
    public var plotHeight: Double

    public init(
        title: String, xLabel: String, yLabel: String, categories: [String], series: [Series],
        yDomain: ClosedRange<Double> = 0...1, width: Double = 640, plotHeight: Double = 240
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.yDomain = yDomain
        self.width = width
        self.plotHeight = plotHeight
    }

    /// The chart as a standalone `<svg>` element.
    public var svg: String {
        let left = Axes.marginLeft, right = width - LineChart.marginRight
        let legend = Legend(
            entries: series.map { Legend.Entry(name: $0.name, color: $0.color, sample: .area, dashed: false, opacity: 1) },
            width: right - left)
        let top = LineChart.marginTop, bottom = top + plotHeight
        let height = bottom + Axes.marginBottom + (legend.rowCount > 0 ? legend.height + 8 : 0) + 4
        var canvas = SVGCanvas(width: width, height: height, title: title, className: "bar-chart")
        canvas.text(title, at: PlotPoint(x: left, y: 20), style: TextStyle(size: 14, bold: true, className: "chart-title"))
        let count = Double(max(categories.count, 1))
        let xScale = AxisScale(kind: .linear, domain: 0...count, start: left, end: right)
        let yScale = AxisScale(kind: .linear, domain: yDomain, start: bottom, end: top)
        let categoryTicks = categories.enumerated().map { (value: Double($0.offset) + 0.5, label: $0.element) }
        var axes = Axes(x: xScale, y: yScale, xLabel: xLabel, yLabel: yLabel)
        axes.grid = false
        axes.draw(on: &canvas, xTicks: categoryTicks)
        let groupWidth = (right - left) / count
        let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
        canvas.group(className: "layers") { canvas in
            for (seriesIndex, bars) in series.enumerated() {
                canvas.group(className: "layer layer-bars", name: bars.name) { canvas in
                    for (category, value) in bars.values.enumerated() where category < categories.count && value.isFinite {
                        let x = left + groupWidth * (Double(category) + 0.1) + barWidth * Double(seriesIndex)
                        let clamped = min(max(value, yDomain.lowerBound), yDomain.upperBound)
                        let base = yScale.position(max(yDomain.lowerBound, 0)), tip = yScale.position(clamped)
                        canvas.rectangle(x: x + 1, y: min(base, tip), width: barWidth - 2, height: abs(base - tip),
                                         fill: bars.color, className: "bar")
                        if let label = bars.labels?[category] {
                            canvas.text(label, at: PlotPoint(x: x + barWidth / 2, y: min(base, tip) - 4),
                                        style: TextStyle(size: 10, anchor: .middle, className: "bar-label", monospaced: true))
                        }
                    }
                }
            }
        }
        legend.draw(on: &canvas, left: left, top: bottom + Axes.marginBottom + 4)
        return canvas.markup
    }
}
