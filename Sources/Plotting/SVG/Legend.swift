/// A legend laid out in rows below a figure: each entry a small sample of how its layer is drawn
/// and its name, wrapping when a row is full.
struct Legend {
    struct Entry {
        let name: String
        let color: String
        let sample: Sample
        let dashed: Bool
        let opacity: Double
    }

    enum Sample { case line, steps, area, dot, tick }

    static let rowHeight = 18.0
    static let fontSize = 12.0

    let entries: [Entry]
    let width: Double

    /// The x offset (from the legend's left edge) and row of every entry.
    var placements: [(x: Double, row: Int)] {
        var placements: [(x: Double, row: Int)] = []
        var x = 0.0, row = 0
        for entry in entries {
            let entryWidth = Self.entryWidth(entry)
            if x > 0, x + entryWidth > width {
                x = 0
                row += 1
            }
            placements.append((x, row))
            x += entryWidth
        }
        return placements
    }

    var rowCount: Int { entries.isEmpty ? 0 : (placements.last?.row ?? 0) + 1 }
    var height: Double { Double(rowCount) * Self.rowHeight }

    /// Width of an entry: the sample, a gap, the text (estimated: no font metrics in a static
    /// file, so 0.6 em per character, generous for a proportional face) and the gap to the next.
    static func entryWidth(_ entry: Entry) -> Double {
        24 + 6 + 0.6 * fontSize * Double(entry.name.count) + 18
    }

    func draw(on canvas: inout SVGCanvas, left: Double, top: Double) {
        guard !entries.isEmpty else { return }
        let placements = self.placements
        canvas.group(className: "legend") { canvas in
            for (entry, placement) in zip(entries, placements) {
                let x = left + placement.x, middle = top + Double(placement.row) * Self.rowHeight + Self.rowHeight / 2
                canvas.group(className: "legend-entry", name: entry.name) { canvas in
                    let stroke = StrokeStyle(color: entry.color, width: 2, dashes: entry.dashed ? [5, 3] : [])
                    switch entry.sample {
                    case .line:
                        canvas.line(from: PlotPoint(x: x, y: middle), to: PlotPoint(x: x + 24, y: middle), stroke: stroke)
                    case .steps:
                        canvas.line(from: PlotPoint(x: x, y: middle), to: PlotPoint(x: x + 24, y: middle), stroke: stroke)
                        canvas.circle(center: PlotPoint(x: x + 24, y: middle), radius: 3, fill: entry.color)
                    case .area:
                        canvas.rectangle(x: x, y: middle - 6, width: 24, height: 12, fill: entry.color, opacity: max(entry.opacity, 0.3))
                    case .dot:
                        canvas.circle(center: PlotPoint(x: x + 12, y: middle), radius: 3.5, fill: entry.color, opacity: entry.opacity)
                    case .tick:
                        canvas.line(from: PlotPoint(x: x + 12, y: middle - 6), to: PlotPoint(x: x + 12, y: middle + 6), stroke: stroke)
                    }
                    canvas.text(entry.name, at: PlotPoint(x: x + 30, y: middle + 4),
                                style: TextStyle(size: Self.fontSize, className: "legend-label"))
                }
            }
        }
    }
}
