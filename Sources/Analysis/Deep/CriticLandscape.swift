import Foundation
import Learning
import Plotting

/// A trained agent's critics over its action space at one state: a curve for one action
/// coordinate, otherwise heat maps over two coordinates with the others at the policy's mean
/// action, and the policy's sampled actions on the same axes.
public struct CriticLandscape {
    public let run: RunRecord
    public let agent: TrainedAgent
    public let observation: [Double]
    /// A description of the state, for titles ("initial state, reset seed 0").
    public let stateDescription: String
    public let slice: ActionSlice
    /// min(Q₁, Q₂) over the slice, per critic kind the agent has.
    public let values: [(kind: TrainedAgent.CriticKind, values: [Double])]
    /// Actions sampled from the policy at the state.
    public let samples: [[Double]]

    /// Evaluates the agent's critics at `observation` over the slice through coordinates
    /// `coordinates` (the first one or two by default), the other coordinates at tanh μ(s).
    public init(
        run: RunRecord, agent: TrainedAgent, observation: [Double], stateDescription: String, coordinates: [Int]? = nil,
        resolution: Int? = nil, sampleCount: Int = 200
    ) {
        let dimension = agent.actionDimension
        let chosen = coordinates ?? Array(0..<min(2, dimension))
        let meanAction = agent.gaussian(at: observation).mean.map { agent.squashesActions ? tanh($0) : $0 }
        let slice = ActionSlice(coordinates: chosen, base: meanAction, resolution: resolution ?? (chosen.count == 1 ? 201 : 41))
        self.run = run
        self.agent = agent
        self.observation = observation
        self.stateDescription = stateDescription
        self.slice = slice
        values = agent.criticKinds.map { kind in (kind, agent.criticValues(kind, observation: observation, actions: slice.actions)) }
        samples = agent.sampleActions(observation: observation, count: sampleCount, seed: 1)
    }

    /// One figure per critic kind for heat maps; one figure with every kind for a curve.
    public func figures(color: String) -> [ReportFigure] {
        let heading = "\(run.algorithmLabel) on \(run.environment), seed \(run.seed)"
        let axisName = { (coordinate: Int) in "action a\(subscriptDigits(coordinate + 1))" }
        if slice.coordinates.count == 1 {
            let grid = slice.axes[0], coordinate = slice.coordinates[0]
            var layers = values.map { kind, values in
                ChartLayer(.line(zip(grid, values).map { PlotPoint(x: $0, y: $1) }), name: "learned \(kind.rawValue) Q",
                           color: color, dashed: kind == .plain)
            }
            layers.append(ChartLayer(.rug(samples.map { $0[coordinate] }), name: "policy samples", color: Palette.black))
            let chart = LineChart(title: "Critics of \(heading)", xLabel: axisName(coordinate) + " (learner units)",
                                  yLabel: "min(Q₁, Q₂)", xDomain: -1...1, layers: layers, width: 520, plotHeight: 240)
            return [ReportFigure(svg: chart.svg, caption: caption(heading) + " Solid: soft critics; dashed: plain critics; ticks: "
                + "\(samples.count) actions sampled from the policy.")]
        }
        let (x, y) = (slice.coordinates[0], slice.coordinates[1])
        return values.map { kind, values in
            let map = HeatMap(
                title: "\(kind == .soft ? "Soft" : "Plain") Q of \(heading)", xLabel: axisName(x), yLabel: axisName(y),
                valueLabel: "Q", xValues: slice.axes[0], yValues: slice.axes[1], values: slice.rows(of: values),
                overlay: samples.map { PlotPoint(x: $0[x], y: $0[y]) }, overlayName: "policy samples (projected)", width: 520, plotHeight: 300)
            let others = agent.actionDimension > 2 ? " The other \(agent.actionDimension - 2) action coordinates are held at the "
                + "policy's mean action tanh μ(s)." : ""
            return ReportFigure(svg: map.svg, caption: caption(heading) + " \(kind == .soft ? "Soft" : "Plain") critics over "
                + "\(axisName(x)) and \(axisName(y)).\(others) White dots: \(samples.count) actions sampled from the policy, "
                + "projected onto the two coordinates.")
        }
    }

    private func caption(_ heading: String) -> String {
        "The trained critics' min(Q₁, Q₂)(s, a) of \(heading) at the \(stateDescription), over actions in the learner's "
            + "units [−1, 1] (mapped affinely onto the environment's action box), from the run's last checkpoint."
    }

    private func subscriptDigits(_ value: Int) -> String {
        let digits = Array("₀₁₂₃₄₅₆₇₈₉")
        return String(String(value).map { digits[Int(String($0))!] })
    }
}
