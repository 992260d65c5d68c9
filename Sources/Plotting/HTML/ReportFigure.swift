/// A figure of the report: an inline SVG and the short text under it that says what it shows.
public struct ReportFigure: Sendable {
    public var svg: String
    /// Plain text; it is escaped when written into the page.
    public var caption: String

    public init(svg: String, caption: String) {
        self.svg = svg
        self.caption = caption
    }
}
