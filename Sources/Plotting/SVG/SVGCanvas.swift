/// How a line is drawn.
public struct StrokeStyle: Sendable, Equatable {
    public var color: String
    public var width: Double
    /// Dash and gap lengths in pixels; empty for a solid line.
    public var dashes: [Double]

    public init(color: String, width: Double = 1, dashes: [Double] = []) {
        self.color = color
        self.width = width
        self.dashes = dashes
    }
}

/// How a piece of text is set.
public struct TextStyle: Sendable, Equatable {
    public enum Anchor: String, Sendable { case start, middle, end }

    public var size: Double
    public var anchor: Anchor
    public var color: String
    public var bold: Bool
    /// Clockwise rotation about the anchor point, in degrees.
    public var rotation: Double
    /// A class name that tests and style sheets can select (`axis-label`, `tick-label`, …).
    public var className: String?
    /// Monospaced text, for numbers whose digits should line up.
    public var monospaced: Bool

    public init(
        size: Double = 12, anchor: Anchor = .start, color: String = Palette.ink, bold: Bool = false,
        rotation: Double = 0, className: String? = nil, monospaced: Bool = false
    ) {
        self.size = size
        self.anchor = anchor
        self.color = color
        self.bold = bold
        self.rotation = rotation
        self.className = className
        self.monospaced = monospaced
    }
}

/// A minimal SVG writer: shapes and text appended in drawing order, grouped under class names.
///
/// The output is a function of the calls alone (fixed attribute order, coordinates rounded to
/// hundredths of a pixel, every text escaped), so a figure is byte-for-byte reproducible. It uses
/// no ids, scripts or external references, so any number of canvases can sit inline in one
/// HTML page.
public struct SVGCanvas: Sendable {
    public let width: Double
    public let height: Double
    /// The accessible name of the picture (its `<title>`).
    public var title: String
    /// Class names on the root element, after `figure-svg`.
    public var className: String
    private var elements: [String] = []

    public init(width: Double, height: Double, title: String, className: String = "") {
        self.width = width
        self.height = height
        self.title = title
        self.className = className
    }

    /// A straight line between two canvas points.
    public mutating func line(from start: PlotPoint, to end: PlotPoint, stroke: StrokeStyle, className: String? = nil) {
        elements.append(
            "<line\(classAttribute(className)) x1=\"\(svgNumber(start.x))\" y1=\"\(svgNumber(start.y))\" "
                + "x2=\"\(svgNumber(end.x))\" y2=\"\(svgNumber(end.y))\"\(strokeAttributes(stroke))/>")
    }

    /// An open path through `points` (nothing for fewer than two points).
    public mutating func polyline(_ points: [PlotPoint], stroke: StrokeStyle, className: String? = nil) {
        guard points.count >= 2 else { return }
        elements.append(
            "<polyline\(classAttribute(className)) points=\"\(pointList(points))\" fill=\"none\"\(strokeAttributes(stroke))"
                + " stroke-linejoin=\"round\"/>")
    }

    /// A closed, filled shape (nothing for fewer than three points).
    public mutating func polygon(
        _ points: [PlotPoint], fill: String, opacity: Double = 1, stroke: StrokeStyle? = nil, className: String? = nil
    ) {
        guard points.count >= 3 else { return }
        elements.append(
            "<polygon\(classAttribute(className)) points=\"\(pointList(points))\" fill=\"\(fill.xmlEscaped)\""
                + "\(opacityAttribute(opacity))\(stroke.map(strokeAttributes) ?? "")/>")
    }

    /// An axis-parallel rectangle from its top-left corner.
    public mutating func rectangle(
        x: Double, y: Double, width: Double, height: Double, fill: String, opacity: Double = 1,
        stroke: StrokeStyle? = nil, cornerRadius: Double = 0, className: String? = nil
    ) {
        elements.append(
            "<rect\(classAttribute(className)) x=\"\(svgNumber(x))\" y=\"\(svgNumber(y))\" "
                + "width=\"\(svgNumber(max(0, width)))\" height=\"\(svgNumber(max(0, height)))\""
                + (cornerRadius > 0 ? " rx=\"\(svgNumber(cornerRadius))\"" : "")
                + " fill=\"\(fill.xmlEscaped)\"\(opacityAttribute(opacity))\(stroke.map(strokeAttributes) ?? "")/>")
    }

    /// A circle, filled and optionally stroked.
    public mutating func circle(
        center: PlotPoint, radius: Double, fill: String, opacity: Double = 1, stroke: StrokeStyle? = nil,
        className: String? = nil
    ) {
        elements.append(
            "<circle\(classAttribute(className)) cx=\"\(svgNumber(center.x))\" cy=\"\(svgNumber(center.y))\" "
                + "r=\"\(svgNumber(radius))\" fill=\"\(fill.xmlEscaped)\"\(opacityAttribute(opacity))"
                + "\(stroke.map(strokeAttributes) ?? "")/>")
    }

    /// One line of text whose baseline passes through `point`.
    public mutating func text(_ content: String, at point: PlotPoint, style: TextStyle = TextStyle()) {
        var attributes = classAttribute(style.className)
        attributes += " x=\"\(svgNumber(point.x))\" y=\"\(svgNumber(point.y))\" font-size=\"\(svgNumber(style.size))\""
        if style.anchor != .start { attributes += " text-anchor=\"\(style.anchor.rawValue)\"" }
        if style.color != Palette.ink { attributes += " fill=\"\(style.color.xmlEscaped)\"" }
        if style.bold { attributes += " font-weight=\"bold\"" }
        if style.monospaced { attributes += " font-family=\"ui-monospace, Menlo, Consolas, monospace\"" }
        if style.rotation != 0 {
            attributes += " transform=\"rotate(\(svgNumber(style.rotation)) \(svgNumber(point.x)) \(svgNumber(point.y)))\""
        }
        elements.append("<text\(attributes)>\(content.xmlEscaped)</text>")
    }

    /// Draws `body` inside a `<g>` with the given class and, when `name` is set, a `data-name`
    /// attribute and a `<title>` (the tooltip a browser shows), so that a series can be found by
    /// its name.
    public mutating func group(className: String, name: String? = nil, _ body: (inout SVGCanvas) -> Void) {
        var opening = "<g class=\"\(className.xmlEscaped)\""
        if let name { opening += " data-name=\"\(name.xmlEscaped)\"" }
        elements.append(opening + ">")
        if let name { elements.append("<title>\(name.xmlEscaped)</title>") }
        body(&self)
        elements.append("</g>")
    }

    /// The complete `<svg>` element. It scales with its container (`viewBox`, width 100%) and
    /// carries its own font and background so that it reads the same inline or as a file.
    public var markup: String {
        let classes = (["figure-svg"] + (className.isEmpty ? [] : [className])).joined(separator: " ")
        var lines = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(classes.xmlEscaped)\" "
                + "viewBox=\"0 0 \(svgNumber(width)) \(svgNumber(height))\" width=\"\(svgNumber(width))\" "
                + "height=\"\(svgNumber(height))\" role=\"img\" aria-label=\"\(title.xmlEscaped)\" "
                + "font-family=\"Helvetica, Arial, sans-serif\">",
            "<title>\(title.xmlEscaped)</title>",
            "<rect class=\"background\" x=\"0\" y=\"0\" width=\"\(svgNumber(width))\" height=\"\(svgNumber(height))\" fill=\"#ffffff\"/>",
        ]
        lines += elements
        lines.append("</svg>")
        return lines.joined(separator: "\n")
    }

    private func classAttribute(_ className: String?) -> String {
        className.map { " class=\"\($0.xmlEscaped)\"" } ?? ""
    }

    private func strokeAttributes(_ stroke: StrokeStyle) -> String {
        var text = " stroke=\"\(stroke.color.xmlEscaped)\" stroke-width=\"\(svgNumber(stroke.width))\""
        if !stroke.dashes.isEmpty { text += " stroke-dasharray=\"\(stroke.dashes.map(svgNumber).joined(separator: " "))\"" }
        return text
    }

    private func opacityAttribute(_ opacity: Double) -> String {
        opacity < 1 ? " fill-opacity=\"\(svgNumber(opacity))\"" : ""
    }

    private func pointList(_ points: [PlotPoint]) -> String {
        points.map { "\(svgNumber($0.x)),\(svgNumber($0.y))" }.joined(separator: " ")
    }
}
