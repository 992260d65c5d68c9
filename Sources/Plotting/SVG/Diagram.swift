import Foundation

/// A box-and-arrow drawing: labelled boxes at given positions joined by straight labelled arrows.
public struct Diagram: Sendable {
    /// A labelled box; the first line of its label is set in bold.
    public struct Node: Sendable {
        /// What the box stands for, which sets its style.
        public enum Kind: Sendable {
            /// A state of the original MDP.
            case original
            /// A state the construction added.
            case added
            /// A terminal state (drawn with a double border).
            case terminal
            /// A terminal state the construction added.
            case addedTerminal
        }

        public var id: String
        public var lines: [String]
        /// The centre of the box on the canvas.
        public var center: PlotPoint
        public var kind: Kind

        public init(id: String, lines: [String], center: PlotPoint, kind: Kind = .original) {
            self.id = id
            self.lines = lines
            self.center = center
            self.kind = kind
        }

        static let fontSize = 12.0
        static let lineHeight = 15.0

        var size: (width: Double, height: Double) {
            let characters = lines.map(\.count).max() ?? 1
            return (max(44, 0.62 * Self.fontSize * Double(characters) + 16), Double(lines.count) * Self.lineHeight + 12)
        }
    }

    /// An arrow between two nodes, named by their ids.
    public struct Edge: Sendable {
        public var from: String
        public var to: String
        /// Text beside the middle of the arrow, one entry per line.
        public var label: [String]
        public var dashed: Bool
        /// Shifts the label from the arrow's midpoint along the arrow, as a fraction of its length
        /// (to keep the labels of arrows that fan out from one box apart).
        public var labelPosition: Double

        public init(from: String, to: String, label: [String] = [], dashed: Bool = false, labelPosition: Double = 0.5) {
            self.from = from
            self.to = to
            self.label = label
            self.dashed = dashed
            self.labelPosition = labelPosition
        }
    }

    public var title: String
    public var nodes: [Node]
    public var edges: [Edge]
    public var width: Double
    public var height: Double
    /// Explanations of the box styles, drawn as a key at the bottom.
    public var key: [(Node.Kind, String)]

    public init(title: String, nodes: [Node], edges: [Edge], width: Double, height: Double, key: [(Node.Kind, String)] = []) {
        self.title = title
        self.nodes = nodes
        self.edges = edges
        self.width = width
        self.height = height
        self.key = key
    }

    /// The drawing as a standalone `<svg>` element. Edges whose ends are unknown ids are skipped.
    public var svg: String {
        let keyHeight = key.isEmpty ? 0.0 : 30
        var canvas = SVGCanvas(width: width, height: height + keyHeight, title: title, className: "diagram")
        canvas.text(title, at: PlotPoint(x: 12, y: 20), style: TextStyle(size: 14, bold: true, className: "chart-title"))
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        canvas.group(className: "edges") { canvas in
            for edge in edges {
                guard let source = byID[edge.from], let target = byID[edge.to] else { continue }
                draw(edge, from: source, to: target, on: &canvas)
            }
        }
        canvas.group(className: "nodes") { canvas in
            for node in nodes { draw(node, on: &canvas) }
        }
        if !key.isEmpty { drawKey(on: &canvas, top: height + 4) }
        return canvas.markup
    }

    private static func style(of kind: Node.Kind) -> (fill: String, stroke: String, dashes: [Double], double: Bool) {
        switch kind {
        case .original: ("#eef4fb", Palette.blue, [], false)
        case .added: ("#fdf0e6", Palette.vermillion, [5, 3], false)
        case .terminal: ("#f2f2f2", Palette.axis, [], true)
        case .addedTerminal: ("#fdf0e6", Palette.vermillion, [5, 3], true)
        }
    }

    private func draw(_ node: Node, on canvas: inout SVGCanvas) {
        let (boxWidth, boxHeight) = node.size
        let style = Self.style(of: node.kind)
        let x = node.center.x - boxWidth / 2, y = node.center.y - boxHeight / 2
        canvas.group(className: "node", name: node.id) { canvas in
            canvas.rectangle(x: x, y: y, width: boxWidth, height: boxHeight, fill: style.fill,
                             stroke: StrokeStyle(color: style.stroke, width: 1.5, dashes: style.dashes), cornerRadius: 6)
            if style.double {
                canvas.rectangle(x: x + 3, y: y + 3, width: boxWidth - 6, height: boxHeight - 6, fill: "none",
                                 stroke: StrokeStyle(color: style.stroke, width: 1, dashes: style.dashes), cornerRadius: 4)
            }
            for (index, line) in node.lines.enumerated() {
                let baseline = y + 6 + Node.lineHeight * Double(index + 1) - 3
                canvas.text(line, at: PlotPoint(x: node.center.x, y: baseline),
                            style: TextStyle(size: Node.fontSize, anchor: .middle, bold: index == 0, className: "node-label"))
            }
        }
    }

    private func draw(_ edge: Edge, from source: Node, to target: Node, on canvas: inout SVGCanvas) {
        let start = Self.boundaryPoint(of: source, toward: target.center)
        let end = Self.boundaryPoint(of: target, toward: source.center)
        let dx = end.x - start.x, dy = end.y - start.y
        let length = (dx * dx + dy * dy).squareRoot()
        guard length > 1 else { return }
        let ux = dx / length, uy = dy / length
        let headLength = 9.0, headHalfWidth = 4.0
        let shaftEnd = PlotPoint(x: end.x - ux * headLength, y: end.y - uy * headLength)
        canvas.group(className: "edge", name: "\(edge.from) → \(edge.to)") { canvas in
            canvas.line(from: start, to: shaftEnd,
                        stroke: StrokeStyle(color: Palette.axis, width: 1.4, dashes: edge.dashed ? [5, 3] : []))
            canvas.polygon([
                end,
                PlotPoint(x: shaftEnd.x - uy * headHalfWidth, y: shaftEnd.y + ux * headHalfWidth),
                PlotPoint(x: shaftEnd.x + uy * headHalfWidth, y: shaftEnd.y - ux * headHalfWidth),
            ], fill: Palette.axis, className: "arrow-head")
            let anchorX = start.x + dx * edge.labelPosition, anchorY = start.y + dy * edge.labelPosition
            // Labels sit above the arrow (to its left when it points down), clear of the line.
            let normalX = uy, normalY = -ux
            let side = normalY <= 0 || (abs(normalY) < 1e-9 && normalX < 0) ? 1.0 : -1.0
            let offset = 6.0
            let labelX = anchorX + side * normalX * offset
            let labelBottom = anchorY + side * normalY * offset
            let vertical = abs(dx) < 1e-9
            let anchor: TextStyle.Anchor = vertical ? .start : (side * normalX > 0.3 ? .start : side * normalX < -0.3 ? .end : .middle)
            for (index, line) in edge.label.enumerated() {
                // Beside a vertical arrow the lines are centred on its midpoint; elsewhere they stack upwards.
                let baseline = vertical
                    ? anchorY + 4 + (Double(index) - Double(edge.label.count - 1) / 2) * 13
                    : labelBottom - Double(edge.label.count - 1 - index) * 13
                canvas.text(line, at: PlotPoint(x: labelX + (vertical ? 4 : 0), y: baseline),
                            style: TextStyle(size: 11, anchor: anchor, color: Palette.ink, className: "edge-label"))
            }
        }
    }

    private func drawKey(on canvas: inout SVGCanvas, top: Double) {
        canvas.group(className: "key") { canvas in
            var x = 12.0
            for (kind, text) in key {
                let style = Self.style(of: kind)
                canvas.rectangle(x: x, y: top + 6, width: 22, height: 14, fill: style.fill,
                                 stroke: StrokeStyle(color: style.stroke, width: 1.5, dashes: style.dashes), cornerRadius: 3)
                canvas.text(text, at: PlotPoint(x: x + 28, y: top + 17), style: TextStyle(size: 11, className: "key-label"))
                x += 28 + 0.6 * 11 * Double(text.count) + 20
            }
        }
    }

    /// Where the segment from the node's centre toward `point` leaves its box.
    static func boundaryPoint(of node: Node, toward point: PlotPoint) -> PlotPoint {
        let (boxWidth, boxHeight) = node.size
        let dx = point.x - node.center.x, dy = point.y - node.center.y
        guard dx != 0 || dy != 0 else { return node.center }
        let scaleX = dx == 0 ? Double.infinity : (boxWidth / 2) / abs(dx)
        let scaleY = dy == 0 ? Double.infinity : (boxHeight / 2) / abs(dy)
        let scale = min(scaleX, scaleY)
        return PlotPoint(x: node.center.x + dx * scale, y: node.center.y + dy * scale)
    }
}
