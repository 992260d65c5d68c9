@testable import Analysis
import Foundation
@testable import Plotting
@testable import Reports
import Testing

@Test func textIsEscapedIntoWellFormedMarkup() throws {
    let hostile = "Q<sub> & \"α\" 'β' \u{1}\u{7} > end"
    #expect(hostile.xmlEscaped == "Q&lt;sub&gt; &amp; &quot;α&quot; &#39;β&#39; \u{FFFD}\u{FFFD} &gt; end")
    var canvas = SVGCanvas(width: 100, height: 50, title: hostile)
    canvas.text(hostile, at: PlotPoint(x: 1, y: 2))
    canvas.group(className: "layer", name: hostile) { _ in }
    let root = try #require(MarkupTree.parse(canvas.markup))
    let texts = root.all("text")
    #expect(texts.count == 1)
    #expect(texts[0].allText == "Q<sub> & \"α\" 'β' \u{FFFD}\u{FFFD} > end")
    #expect(root.all("g", class: "layer").first?.attributes["data-name"] == "Q<sub> & \"α\" 'β' \u{FFFD}\u{FFFD} > end")
    #expect(root.attributes["aria-label"] == texts[0].allText)
}

@Test func coordinatesAreShortAndLocaleFree() {
    #expect(svgNumber(0) == "0")
    #expect(svgNumber(-0.001) == "0")
    #expect(svgNumber(12.5) == "12.5")
    #expect(svgNumber(12.345) == "12.35" || svgNumber(12.345) == "12.34")
    #expect(svgNumber(-3.07) == "-3.07")
    #expect(svgNumber(100) == "100")
    #expect(svgNumber(0.1 + 0.2) == "0.3")
}

@Test func sameFigureGivesSameBytesAndTheDataShowsInThem() throws {
    func chart(lastY: Double) -> LineChart {
        LineChart(title: "t", xLabel: "x", yLabel: "y", layers: [
            ChartLayer(.line([PlotPoint(x: 0, y: 1), PlotPoint(x: 0.5, y: 2), PlotPoint(x: 1, y: lastY)]), name: "a", color: Palette.blue),
        ])
    }
    // Two charts built separately from the same data: the same bytes.
    #expect(chart(lastY: 3).svg == chart(lastY: 3).svg)
    // The series is drawn: one polyline through three points, rising on screen (SVG's y grows
    // downwards) with equal x steps for equal data steps.
    let root = try #require(MarkupTree.parse(chart(lastY: 3).svg))
    let series = root.all("polyline", class: "series")
    #expect(series.count == 1)
    let points = try #require(series.first?.attributes["points"]).split(separator: " ").map {
        $0.split(separator: ",").compactMap { Double($0) }
    }
    #expect(points.count == 3 && points.allSatisfy { $0.count == 2 })
    #expect(points[0][1] > points[1][1] && points[1][1] > points[2][1])
    #expect(abs((points[1][0] - points[0][0]) - (points[2][0] - points[1][0])) < 0.02)
    // Different data, different bytes.
    #expect(chart(lastY: 4).svg != chart(lastY: 3).svg)
}

@Test func linearTicksAreRoundNumbersInsideTheDomain() {
    let scale = AxisScale(kind: .linear, domain: 0...1, start: 0, end: 100)
    #expect(scale.ticks() == [0, 0.2, 0.4, 0.6, 0.8, 1])
    #expect(scale.position(0.25) == 25)
    let steps = AxisScale(kind: .linear, domain: 0...250_000, start: 0, end: 1)
    #expect(steps.ticks() == [0, 50_000, 100_000, 150_000, 200_000, 250_000])
    #expect(AxisScale.niceDomain(covering: -0.93...17.2, kind: .linear) == -5...20)
    #expect(AxisScale.niceDomain(covering: 3...3, kind: .linear).contains(3))
}

@Test func logarithmicTicksAreDecades() {
    let scale = AxisScale(kind: .logarithmic, domain: 0.01...100, start: 0, end: 400)
    #expect(scale.ticks() == [0.01, 0.1, 1, 10, 100])
    #expect(abs(scale.position(1) - 200) < 1e-9)
    #expect(abs(scale.position(10) - 300) < 1e-9)
    let narrow = AxisScale(kind: .logarithmic, domain: 0.3...8, start: 0, end: 1)
    #expect(narrow.ticks() == [0.5, 1, 2, 5])
}

@Test func tickLabelsAreCompact() {
    #expect(TickLabel.text(0) == "0")
    #expect(TickLabel.text(0.2) == "0.2")
    #expect(TickLabel.text(-20) == "-20")
    #expect(TickLabel.text(50_000) == "50k")
    #expect(TickLabel.text(1_500_000) == "1.5M")
    #expect(TickLabel.text(0.00001) == "1e-5")
    #expect(TickLabel.text(1000) == "1000")
}

@Test func lineChartHasOneGroupPerLayerAxisLabelsAndLegend() throws {
    let chart = LineChart(
        title: "Test return", xLabel: "environment steps", yLabel: "return", xAxis: .linear,
        layers: [
            ChartLayer(.band(lower: [PlotPoint(x: 0, y: 0), PlotPoint(x: 10, y: 1)], upper: [PlotPoint(x: 0, y: 2), PlotPoint(x: 10, y: 3)]),
                       name: nil, color: Palette.blue),
            ChartLayer(.line([PlotPoint(x: 0, y: 1), PlotPoint(x: 10, y: 2)]), name: "SAC", color: Palette.blue),
            ChartLayer(.line([PlotPoint(x: 0, y: -1), PlotPoint(x: 10, y: 0)]), name: "PPO", color: Palette.vermillion, dashed: true),
            ChartLayer(.scatter([PlotPoint(x: 5, y: 1)]), name: "learned", color: Palette.green),
            ChartLayer(.horizontalLine(0.5), name: nil, color: Palette.muted, dashed: true),
        ])
    let root = try #require(MarkupTree.parse(chart.svg))
    #expect(root.classes.contains("line-chart"))
    #expect(root.all("g", class: "layer-line").map { $0.attributes["data-name"] } == ["SAC", "PPO"])
    #expect(root.all("g", class: "layer-band").count == 1)
    #expect(root.all("polygon", class: "band").count == 1)
    #expect(root.all("g", class: "layer-scatter").first?.all("circle").count == 1)
    #expect(root.all("text", class: "x-axis-label").map(\.allText) == ["environment steps"])
    #expect(root.all("text", class: "y-axis-label").map(\.allText) == ["return"])
    #expect(root.all("text", class: "chart-title").map(\.allText) == ["Test return"])
    let legend = try #require(root.all("g", class: "legend").first)
    #expect(legend.all("g", class: "legend-entry").map { $0.attributes["data-name"] } == ["SAC", "PPO", "learned"])
    #expect(legend.all("line").contains { $0.attributes["stroke-dasharray"] != nil })
    #expect(!root.all("text", class: "tick-label").isEmpty)
}

@Test func polylineFollowsTheDataOrderAndScale() throws {
    let chart = LineChart(title: "t", xLabel: "x", yLabel: "y", xDomain: 0...10, yDomain: 0...10, layers: [
        ChartLayer(.line([PlotPoint(x: 0, y: 0), PlotPoint(x: 5, y: 10), PlotPoint(x: 10, y: 5)]), name: "a", color: Palette.blue),
    ])
    let root = try #require(MarkupTree.parse(chart.svg))
    let points = try #require(root.all("polyline").first?.attributes["points"])
    let pairs = points.split(separator: " ").map { $0.split(separator: ",").map { Double($0)! } }
    #expect(pairs.count == 3)
    // x grows left to right, y grows upwards, and the middle point sits at the top of the plot.
    #expect(pairs[0][0] < pairs[1][0] && pairs[1][0] < pairs[2][0])
    #expect(pairs[1][1] < pairs[2][1] && pairs[2][1] < pairs[0][1])
    #expect(abs(pairs[1][1] - LineChart.marginTop) < 0.01)
    #expect(abs((pairs[0][0] + pairs[2][0]) / 2 - pairs[1][0]) < 0.01)
}

@Test func logAxisLeavesOutNonPositiveX() throws {
    let chart = LineChart(title: "t", xLabel: "α", yLabel: "p", xAxis: .logarithmic, layers: [
        ChartLayer(.line([PlotPoint(x: 0, y: 0), PlotPoint(x: 0.1, y: 1), PlotPoint(x: 10, y: 0.5)]), name: "a", color: Palette.blue),
    ])
    let root = try #require(MarkupTree.parse(chart.svg))
    #expect(root.all("polyline").first?.attributes["points"]?.split(separator: " ").count == 2)
    let xTicks = try #require(root.all("g", class: "x-axis").first).all("text", class: "tick-label").map(\.allText)
    #expect(xTicks == ["0.1", "0.2", "0.5", "1", "2", "5", "10"])
}

@Test func stepCurvesMarkWhichSideOwnsEachJump() throws {
    // s0 of the toy: a ≤ 0 goes left (value 1), a > 0 goes right (value −1).
    let chart = LineChart(title: "Q", xLabel: "a", yLabel: "Q", layers: [
        ChartLayer(.steps([
            StepSegment(lower: -1, upper: 0, value: 1, includesLower: true, includesUpper: true),
            StepSegment(lower: 0, upper: 1, value: -1, includesLower: false, includesUpper: true),
        ]), name: "Q", color: Palette.blue),
    ])
    let root = try #require(MarkupTree.parse(chart.svg))
    let layer = try #require(root.all("g", class: "layer-steps").first)
    #expect(layer.all("line", class: "series").count == 2)
    #expect(layer.all("line", class: "jump").count == 1)
    #expect(layer.all("circle", class: "end-closed").count == 3)
    let open = try #require(layer.all("circle", class: "end-open").first)
    #expect(open.attributes["fill"] == "#ffffff")
    let jump = try #require(layer.all("line", class: "jump").first)
    #expect(open.attributes["cx"] == jump.attributes["x1"])
}

@Test func narrowSpansStayVisible() throws {
    let chart = LineChart(title: "t", xLabel: "α", yLabel: "p", xAxis: .logarithmic, xDomain: 0.01...100, yDomain: 0...1, layers: [
        ChartLayer(.verticalSpan(0.868588963913863...0.868588963913864), name: "α* bracket", color: Palette.vermillion),
    ])
    let root = try #require(MarkupTree.parse(chart.svg))
    let span = try #require(root.all("rect", class: "span").first)
    #expect(Double(span.attributes["width"] ?? "") == 2)
}

@Test func barChartDrawsOneBarPerSeriesAndCategory() throws {
    let chart = BarChart(title: "Policy at s0", xLabel: "action", yLabel: "probability", categories: ["left", "right"], series: [
        BarChart.Series(name: "before", color: Palette.blue, values: [0.9995, 0.0005], labels: ["0.9995", "0.0005"]),
        BarChart.Series(name: "after", color: Palette.vermillion, values: [0.2, 0.8], labels: ["0.2", "0.8"]),
    ])
    let root = try #require(MarkupTree.parse(chart.svg))
    #expect(root.all("g", class: "layer-bars").map { $0.attributes["data-name"] } == ["before", "after"])
    #expect(root.all("rect", class: "bar").count == 4)
    #expect(root.all("text", class: "bar-label").map(\.allText) == ["0.9995", "0.0005", "0.2", "0.8"])
    #expect(root.all("text", class: "tick-label").map(\.allText).starts(with: ["left", "right"]))
    let heights = root.all("rect", class: "bar").map { Double($0.attributes["height"]!)! }
    #expect(abs(heights[2] * 4 - heights[3]) < 0.05)
}

@Test func heatMapColoursEveryCellAndScalesTheColourBar() throws {
    let xs = [-1.0, 0, 1], ys = [-1.0, 1]
    let values = ys.map { y in xs.map { x in x + 2 * y } }
    let map = HeatMap(title: "Q slice", xLabel: "a₁", yLabel: "a₂", valueLabel: "Q", xValues: xs, yValues: ys, values: values,
                      overlay: [PlotPoint(x: 0, y: 0)], overlayName: "policy samples")
    let root = try #require(MarkupTree.parse(map.svg))
    let cells = root.all("rect", class: "cell")
    #expect(cells.count == 6)
    #expect(cells.first?.attributes["fill"] == ColorMap.viridis(0))
    #expect(cells.last?.attributes["fill"] == ColorMap.viridis(1))
    #expect(root.all("text", class: "x-axis-label").map(\.allText) == ["a₁"])
    #expect(root.all("text", class: "value-label").map(\.allText) == ["Q"])
    #expect(root.all("g", class: "legend-entry").map { $0.attributes["data-name"] } == ["policy samples"])
    #expect(HeatMap.edges(of: [0, 1, 3]) == [-0.5, 0.5, 2, 4])
}

@Test func viridisRunsFromPurpleToYellow() {
    #expect(ColorMap.viridis(0) == "#440154")
    #expect(ColorMap.viridis(1) == "#fde725")
    #expect(ColorMap.viridis(-3) == ColorMap.viridis(0))
    #expect(ColorMap.viridis(.nan) == ColorMap.viridis(0))
}

@Test func diagramDrawsBoxesAndArrowsBetweenThem() throws {
    let diagram = Diagram(title: "M̂ around s0", nodes: [
        Diagram.Node(id: "s0", lines: ["s0"], center: PlotPoint(x: 60, y: 100)),
        Diagram.Node(id: "m", lines: ["m_left", "n₁ = 1"], center: PlotPoint(x: 260, y: 100), kind: .added),
        Diagram.Node(id: "t", lines: ["t_left"], center: PlotPoint(x: 260, y: 200), kind: .addedTerminal),
    ], edges: [
        Diagram.Edge(from: "s0", to: "m", label: ["left", "r = 0"]),
        Diagram.Edge(from: "m", to: "t", label: ["bail"], dashed: true),
        Diagram.Edge(from: "m", to: "nowhere"),
    ], width: 400, height: 240, key: [(.added, "added by the construction")])
    let root = try #require(MarkupTree.parse(diagram.svg))
    #expect(root.all("g", class: "node").map { $0.attributes["data-name"] } == ["s0", "m", "t"])
    #expect(root.all("g", class: "edge").count == 2)
    #expect(root.all("polygon", class: "arrow-head").count == 2)
    #expect(root.all("text", class: "edge-label").map(\.allText) == ["left", "r = 0", "bail"])
    // The terminal box has the double border.
    #expect(root.all("g", class: "node")[2].all("rect").count == 2)
    // The arrow from s0 ends at m's left edge: its tip is the first point of the head.
    let head = try #require(root.all("polygon", class: "arrow-head").first?.attributes["points"])
    let tipX = Double(head.split(separator: " ")[0].split(separator: ",")[0])!
    let mBox = root.all("g", class: "node")[1].all("rect")[0]
    #expect(abs(tipX - Double(mBox.attributes["x"]!)!) < 0.02)
}
