import Analysis
import Arithmetic
import Plotting

extension TemperatureSweep {
    /// The exact probability against log α (black: exact quantities are black or grey in every
    /// figure, learned ones coloured), the certified α* brackets, the level 1/2, and any learned
    /// probabilities as points in the colour `color` gives their algorithm.
    public func figure(learned: [LearnedProbability] = [], color: (String) -> String = { _ in Palette.green }) -> ReportFigure {
        var layers = [
            ChartLayer(.horizontalLine(0.5), name: nil, color: Palette.muted, dashed: true),
            ChartLayer(.line(points.map { PlotPoint(x: $0.alpha.doubleValue, y: $0.probability.midpointDouble) }),
                       name: "exact \(probabilityLabel) (certified)", color: Palette.black),
        ]
        for (index, crossing) in crossings.enumerated() {
            layers.append(ChartLayer(.verticalSpan(crossing.lower.doubleValue...crossing.upper.doubleValue),
                                     name: index == 0 ? "certified α* bracket" : nil, color: Palette.axis, opacity: 0.8))
        }
        for (label, group) in Dictionary(grouping: learned, by: \.label).sorted(by: { $0.key < $1.key }) {
            layers.append(ChartLayer(.scatter(group.map { PlotPoint(x: $0.alpha, y: $0.probability) }),
                                     name: "\(label) (learned)", color: color(label)))
        }
        let annotations = crossings.map { crossing in
            ChartAnnotation("α* = \(CertifiedText.commonPrefix(crossing.lower, crossing.upper, digits: 8))",
                            at: PlotPoint(x: crossing.upper.doubleValue * 1.15, y: 0.56))
        }
        let chart = LineChart(
            title: "MaxEnt-optimal \(probabilityLabel) against the temperature", xLabel: "temperature α (log scale)",
            yLabel: probabilityLabel, xAxis: .logarithmic,
            xDomain: range.lowerBound.doubleValue...range.upperBound.doubleValue, yDomain: 0...1,
            layers: layers, annotations: annotations)
        var caption = "The exact MaxEnt-optimal probability \(probabilityLabel) of the standard-optimal "
            + "action\(optimalActionNames.count == 1 ? "" : "s") at \(stateName), at \(points.count) temperatures from "
            + "\(range.lowerBound) to \(range.upperBound): every value is a certified enclosure of width ≤ "
            + "\(CertifiedText.short(tolerance)) (the line joins their midpoints; no enclosure is visible at this scale). "
        switch crossings.count {
        case 0:
            caption += "The probability stays on one side of 1/2 (dashed) over the whole range: no critical temperature here."
        default:
            caption += "It crosses 1/2 (dashed) inside the certified bracket\(crossings.count == 1 ? "" : "s") shaded grey, "
                + crossings.map { "α* = \(CertifiedText.commonPrefix($0.lower, $0.upper, digits: 16))" }.joined(separator: " and ")
                + " (the digits both ends of the bracket share; the table gives the bracket itself). "
            if crossings.first?.isFalling == true {
                caption += "Above α* the MaxEnt-optimal policy prefers the action the standard objective rejects."
            }
        }
        if !learned.isEmpty {
            caption += " Points: each deep agent's probability of the same action set, estimated from its policy, "
                + "at the α it trained with (one point per seed)."
        }
        return ReportFigure(svg: chart.svg, caption: caption)
    }
}
