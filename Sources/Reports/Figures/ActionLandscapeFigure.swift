import Analysis
import Arithmetic
import Plotting

extension ExactActionLandscape {
    /// Colours of the exact soft curves, apart from the first three series colours that the
    /// learning curves give to algorithms.
    static let exactColors = [Palette.purple, Palette.sky, Palette.yellow, Palette.orange]

    /// Plain Q* and soft Q_α against the continuous action, as step curves; `learned` adds curves
    /// of trained critics on the same axes.
    public func figure(learned: [ChartLayer] = []) -> ReportFigure {
        var layers = [ChartLayer(.steps(plainSteps), name: "exact Q*", color: Palette.black)]
        for (index, alpha) in alphas.enumerated() {
            layers.append(ChartLayer(.steps(softSteps(index)), name: "exact Q_α, α = \(alpha)",
                                     color: Self.exactColors[index % Self.exactColors.count], dashed: true))
        }
        layers += learned
        let chart = LineChart(
            title: "Q-landscape at \(stateName)", xLabel: "action a", yLabel: "Q(\(stateName), a)", xDomain: -1...1,
            layers: layers, plotHeight: 260)
        let description = pieces.map { piece in
            let interval = piece.piece.interval.description
            return "a ∈ \(interval) → \(piece.piece.action)"
        }
        var caption = "The exact plain Q* (solid) and soft Q_α (dashed) at \(stateName) as functions of the continuous action: "
            + "piecewise constant, because \(description.joined(separator: "; ")). "
            + "Filled dots mark the end a piece includes, hollow dots the end it excludes. "
            + "A soft Q per unit of action measure is Q_α of the piece's discrete action, since the tabular twin "
            + "gives each discrete action the length of its piece as measure μ. Values are certified enclosures "
            + "(exact rationals for Q*), listed with their digits in the table below."
        if pieces.allSatisfy({ piece in piece.softQ.allSatisfy { $0.contains(piece.plainQ) } }) {
            caption += " Here the soft and plain Q coincide: every action of \(stateName) ends the episode, so no future entropy enters its Q."
        }
        if !learned.isEmpty {
            caption += " Smooth curves: the trained critics' min(Q₁, Q₂)(\(stateName), a) on the same axes (solid: soft critics, "
                + "dashed: SAC-AdaEnt's plain critics; mean over seeds with a 95% band); ticks on the bottom edge: actions "
                + "sampled from the trained policies at \(stateName). Learned soft Q includes the entropy the critic was trained "
                + "with, so it is comparable with the exact Q_α at the same α."
        }
        return ReportFigure(svg: chart.svg, caption: caption)
    }
}
