/// Colours of the figures: the Okabe–Ito palette, distinguishable with every common form of colour
/// blindness, and greys for axes and text.
public enum Palette {
    public static let ink = "#1a1a1a"
    public static let axis = "#4d4d4d"
    public static let grid = "#e6e6e6"
    public static let muted = "#8c8c8c"

    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let green = "#009E73"
    public static let purple = "#CC79A7"
    public static let orange = "#E69F00"
    public static let sky = "#56B4E9"
    public static let yellow = "#F0E442"
    public static let black = "#000000"

    /// Series colours in the order they are handed out.
    public static let series = [blue, vermillion, green, purple, orange, sky, black, yellow]

    /// The colour of the `index`-th series, cycling when there are more series than colours.
    public static func color(_ index: Int) -> String { series[index % series.count] }
}
