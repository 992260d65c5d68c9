import Learning
import Plotting

extension ProgressTable {
    /// (x, y) points of two columns, for the rows where both are logged.
    public func points(x: String, y: String) -> [PlotPoint] {
        pairs(x, y).map { PlotPoint(x: $0.x, y: $0.y) }
    }
}
