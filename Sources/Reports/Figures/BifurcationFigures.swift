import Analysis
import Arithmetic
import Bifurcation
import FiniteMDP
import Plotting

/// The figures of an entropic bifurcation extension M̂ = Bif(M, s, p) (docs/theory.md §4).
public enum BifurcationFigures {
    /// A drawing of M̂ around s: s, one mediocre state m_a and failure state t_a per action, the
    /// original successors, with the measures and rewards on the arrows.
    public static func diagram(_ construction: BifurcationConstruction) -> ReportFigure {
        let request = construction.request, parameters = construction.parameters
        let mdp = request.mdp, s = request.state
        let actions = mdp.states[s].actions
        let values = construction.originalStandard.values
        let rowHeight = 190.0, top = 44.0
        let height = top + rowHeight * Double(actions.count) + 10
        let sourceX = 80.0, mediocreX = 360.0, successorX = 700.0
        var nodes = [Diagram.Node(
            id: "s", lines: [mdp.states[s].name, "V* = \(CertifiedText.exactOrRounded(values[s]))"],
            center: PlotPoint(x: sourceX, y: top + rowHeight * Double(actions.count) / 2))]
        var edges: [Diagram.Edge] = []
        for (index, action) in actions.enumerated() {
            let rowTop = top + rowHeight * Double(index)
            let mediocre = "m\(index)", failure = "t\(index)"
            nodes.append(Diagram.Node(id: mediocre, lines: [parameters.mediocreStates[index], "mediocre"],
                                      center: PlotPoint(x: mediocreX, y: rowTop + 52), kind: .added))
            edges.append(Diagram.Edge(from: "s", to: mediocre, label: [
                "\(action.name): μ = \(CertifiedText.exactOrRounded(action.measure)), r = \(CertifiedText.exactOrRounded(action.reward))",
                "target p = \(CertifiedText.exactOrRounded(request.target[index]))",
            ], labelPosition: 0.55))
            let successors = action.transitions.prefix(3)
            for (successorIndex, transition) in successors.enumerated() {
                let id = "x\(index)-\(successorIndex)"
                let y = rowTop + 14 + Double(successorIndex) * 42
                let name = mdp.states[transition.target].name
                let kind: Diagram.Node.Kind = mdp.states[transition.target].isTerminal ? .terminal : .original
                nodes.append(Diagram.Node(id: id, lines: [name, "V* = \(CertifiedText.exactOrRounded(values[transition.target]))"],
                                          center: PlotPoint(x: successorX, y: y + 16), kind: kind))
                var label: [String] = []
                if successorIndex == 0 {
                    label = ["continue: n₁ = \(CertifiedText.exactOrRounded(parameters.continueMeasures[index])),",
                             "ρ = \(CertifiedText.exactOrRounded(parameters.continueRewards[index]))"]
                }
                if transition.probability != .one { label.append("P = \(CertifiedText.exactOrRounded(transition.probability))") }
                edges.append(Diagram.Edge(from: mediocre, to: id, label: label, labelPosition: 0.45))
            }
            if action.transitions.count > successors.count {
                let id = "x\(index)-more"
                nodes.append(Diagram.Node(id: id, lines: ["… \(action.transitions.count - successors.count) more"],
                                          center: PlotPoint(x: successorX, y: rowTop + 14 + 3 * 42 + 10)))
                edges.append(Diagram.Edge(from: mediocre, to: id))
            }
            nodes.append(Diagram.Node(id: failure, lines: [parameters.failureStates[index], "failure"],
                                      center: PlotPoint(x: mediocreX, y: rowTop + 152), kind: .addedTerminal))
            edges.append(Diagram.Edge(from: mediocre, to: failure, label: [
                "bail: n₂ = \(CertifiedText.exactOrRounded(parameters.bailMeasures[index])),",
                "r_T = \(CertifiedText.truncated(parameters.bailRewards[index], digits: 9))…",
            ], dashed: true, labelPosition: 0.5))
        }
        let diagram = Diagram(
            title: "The extension M̂ around \(mdp.states[s].name)", nodes: nodes, edges: edges, width: 860, height: height,
            key: [(.original, "state of M"), (.added, "added mediocre state"), (.addedTerminal, "added failure state (terminal)"),
                  (.terminal, "terminal state of M")])
        let caption = "The entropic bifurcation extension M̂ around \(mdp.states[s].name) (γ = \(mdp.gamma), α = \(request.alpha)). "
            + "Each action a of \(mdp.states[s].name) now leads to a mediocre state m_a, which either continues as a did "
            + "(measure n₁, reward ρ_a = (1 − γ)·W_a making up for the inserted step) or bails (dashed) to a terminal failure "
            + "state with reward r_T(a) < W_a and measure n₂. Bailing is never standard-optimal, so V̂* = V*; but its n₂ copies "
            + "carry entropy, which is what moves the MaxEnt policy. V* values are exact; r_T is the stored rational, "
            + "truncated here (its exact and certified values are in the table)."
        return ReportFigure(svg: diagram.svg, caption: caption)
    }

    /// The MaxEnt policy at s before (in M), the target, and after (in M̂), with certified digits.
    public static func policyBars(_ construction: BifurcationConstruction) -> ReportFigure {
        let request = construction.request, s = request.state
        let actions = request.mdp.states[s].actions.map(\.name)
        let before = construction.originalSoft.policy[s], after = construction.verification.achievedPolicy
        let chart = BarChart(
            title: "MaxEnt policy at \(request.mdp.states[s].name) before and after the extension", xLabel: "action",
            yLabel: "probability", categories: actions, series: [
                BarChart.Series(name: "π_α in M (before)", color: Palette.blue, values: before.map(\.midpointDouble),
                                labels: before.map { $0.certifiedDigits(4) }),
                BarChart.Series(name: "target p", color: Palette.muted, values: request.target.map(\.doubleValue),
                                labels: request.target.map { CertifiedText.exactOrRounded($0, maximumLength: 8, digits: 4) }),
                BarChart.Series(name: "π̂_α in M̂ (after)", color: Palette.vermillion, values: after.map(\.midpointDouble),
                                labels: after.map { $0.certifiedDigits(4) }),
            ], yDomain: 0...1.12)
        let verdict = construction.verification.standardPolicyUnchanged
            ? "while the standard-optimal actions stay exactly the same (verified in rationals)"
            : "but the standard optimal policy changed: \(construction.verification.standardDifference ?? "see the verification")"
        let caption = "The MaxEnt-optimal policy π_α(·|\(request.mdp.states[s].name)) at α = \(request.alpha) in M (blue), the "
            + "requested target p (grey), and the MaxEnt-optimal policy in M̂ (red), computed from the stored M̂ alone. "
            + "The entropy of the added bail actions moves the MaxEnt policy onto the target \(verdict). "
            + "Bar labels are certified digits (4 significant)."
        return ReportFigure(svg: chart.svg, caption: caption)
    }
}
