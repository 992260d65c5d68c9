/// A self-contained HTML page: inline CSS and inline SVG, no scripts, no external resources, so
/// that the file reads the same in any browser, offline, and can be mailed or archived alone.
///
/// Every text argument is escaped; only the SVG of a `ReportFigure` (made by this module's
/// writers, which escape their own text) is inserted as markup.
public struct HTMLPage: Sendable {
    /// The page title, shown in the browser tab and as the only level-1 heading.
    public var title: String
    private var body: [String] = []

    public init(title: String) {
        self.title = title
    }

    /// A section heading (`level` 2 or 3; the page title is the only level-1 heading).
    public mutating func heading(_ text: String, level: Int = 2) {
        let level = min(max(level, 2), 4)
        body.append("<h\(level)>\(text.xmlEscaped)</h\(level)>")
    }

    /// A paragraph of plain text.
    public mutating func paragraph(_ text: String) {
        body.append("<p>\(text.xmlEscaped)</p>")
    }

    /// A paragraph of runs of text, some set as code (file names, commands, exact numbers).
    public mutating func paragraph(_ parts: [TextRun]) {
        body.append("<p>" + parts.map(\.markup).joined() + "</p>")
    }

    /// An unordered list of plain-text items.
    public mutating func bulletList(_ items: [String]) {
        body.append("<ul>" + items.map { "<li>\($0.xmlEscaped)</li>" }.joined() + "</ul>")
    }

    /// A figure: its SVG inline, its caption below it.
    public mutating func figure(_ figure: ReportFigure) {
        body.append("<figure>\n\(figure.svg)\n<figcaption>\(figure.caption.xmlEscaped)</figcaption>\n</figure>")
    }

    /// Several figures side by side where the page is wide enough, stacked where it is not.
    public mutating func figureRow(_ figures: [ReportFigure]) {
        body.append("<div class=\"figure-row\">")
        for figure in figures { self.figure(figure) }
        body.append("</div>")
    }

    /// A table; cells of `numericColumns` are set in a monospaced face so that digits line up.
    public mutating func table(caption: String? = nil, header: [String], rows: [[String]], numericColumns: Set<Int> = []) {
        var lines = ["<div class=\"table-wrap\"><table>"]
        if let caption { lines.append("<caption>\(caption.xmlEscaped)</caption>") }
        lines.append("<thead><tr>" + header.map { "<th>\($0.xmlEscaped)</th>" }.joined() + "</tr></thead>")
        lines.append("<tbody>")
        for row in rows {
            lines.append("<tr>" + row.enumerated().map { index, cell in
                numericColumns.contains(index) ? "<td class=\"number\">\(cell.xmlEscaped)</td>" : "<td>\(cell.xmlEscaped)</td>"
            }.joined() + "</tr>")
        }
        lines.append("</tbody></table></div>")
        body.append(lines.joined(separator: "\n"))
    }

    /// A box that stays folded until the reader opens it (HTML `<details>`, no script needed).
    public mutating func collapsible(summary: String, _ content: (inout HTMLPage) -> Void) {
        var inner = HTMLPage(title: title)
        content(&inner)
        body.append("<details><summary>\(summary.xmlEscaped)</summary>\n" + inner.body.joined(separator: "\n") + "\n</details>")
    }

    /// A highlighted note (for what is missing or uncertified).
    public mutating func note(_ text: String) {
        body.append("<p class=\"note\">\(text.xmlEscaped)</p>")
    }

    /// The complete document.
    public var html: String {
        ([
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>\(title.xmlEscaped)</title>",
            "<style>\n\(Self.styleSheet)\n</style>",
            "</head>",
            "<body>",
            "<main>",
            "<h1>\(title.xmlEscaped)</h1>",
        ] + body + ["</main>", "</body>", "</html>"]).joined(separator: "\n") + "\n"
    }

    static let styleSheet = """
        :root { color-scheme: light; }
        body { margin: 0; background: #fafafa; color: #1a1a1a; font: 16px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 64px; background: #ffffff; }
        h1 { font-size: 1.7em; margin: 0.2em 0 0.6em; }
        h2 { font-size: 1.3em; margin-top: 2em; border-bottom: 1px solid #e0e0e0; padding-bottom: 0.2em; }
        h3 { font-size: 1.08em; margin-top: 1.6em; }
        code { font: 0.92em ui-monospace, Menlo, Consolas, monospace; background: #f3f3f3; padding: 0 0.25em; border-radius: 3px; overflow-wrap: anywhere; }
        figure { margin: 1.2em 0 1.8em; }
        figure svg { display: block; width: 100%; height: auto; max-width: 100%; }
        figcaption { font-size: 0.9em; color: #4d4d4d; margin-top: 0.4em; }
        .figure-row { display: flex; flex-wrap: wrap; gap: 0 24px; }
        .figure-row figure { flex: 1 1 440px; min-width: 0; }
        .table-wrap { overflow-x: auto; margin: 0.8em 0 1.4em; }
        table { border-collapse: collapse; font-size: 0.9em; }
        caption { text-align: left; color: #4d4d4d; padding-bottom: 0.3em; }
        th, td { border-bottom: 1px solid #e6e6e6; padding: 0.25em 0.8em 0.25em 0; text-align: left; vertical-align: top; }
        th { font-weight: 600; }
        td.number { font-family: ui-monospace, Menlo, Consolas, monospace; white-space: nowrap; }
        details { margin: 0.6em 0 1.2em; }
        summary { cursor: pointer; color: #0072B2; }
        .note { border-left: 3px solid #E69F00; background: #fff8e8; padding: 0.4em 0.8em; }
        """
}

/// A piece of paragraph text, plain or set as code.
public enum TextRun: Sendable {
    case text(String)
    case code(String)

    var markup: String {
        switch self {
        case .text(let text): text.xmlEscaped
        case .code(let text): "<code>\(text.xmlEscaped)</code>"
        }
    }
}
