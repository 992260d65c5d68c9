import Analysis
import Arithmetic
import FiniteMDP
import Foundation
import Plotting
import Reports
import Twins

/// The study's HTML page: the certified curve α ↦ π_α(Opt(S)|S) with the certified α*, the optimum
/// of SAC's policy class on the same axes with its own critical temperature, and what each
/// algorithm learned at each α (mean and 95% band over seeds); PPO, which has no α, as a
/// horizontal band. Then the numbers, and every state's action probabilities.
public enum TemperatureStudyReport {
    static let colors = ["sac": Palette.blue, "sac-adaent": Palette.vermillion, "ppo": Palette.green, "sac-auto": Palette.purple]
    static let labels = ["sac": "SAC", "sac-adaent": "SAC-AdaEnt", "ppo": "PPO", "sac-auto": "SAC auto-α"]

    public static func html(_ results: TemperatureStudyResults) throws(TwinError) -> String {
        let study = results.study, twin = results.twin, s = results.stateIndex
        let state = twin.mdp.states[s]
        let optimal = results.optimalActions.map { state.actions[$0].name }
        let label = "π_α(\(optimal.count == 1 ? optimal[0] : "{" + optimal.joined(separator: ", ") + "}") | \(state.name))"
        let low = study.alphas.first!.nearestDouble / 2, high = study.alphas.last!.nearestDouble * 2
        let range = Rational(exactly: low)...Rational(exactly: high)
        let sweep: TemperatureSweep
        do {
            sweep = try TemperatureSweep.compute(
                twin.counterpart, state: s, range: range, perDecade: 12, extraAlphas: study.alphas, tolerance: results.tolerance)
        } catch {
            throw TwinError("\(study.environment.mdpPath): \(error)")
        }
        let familyGrid = (0...15).map { low * pow(high / low, Double($0) / 15) }
        var familyCurve: [PlotPoint] = []
        for alpha in (familyGrid + study.alphas.map(\.nearestDouble)).sorted() {
            let probabilities = try SquashedGaussianOptimum.solve(twin, alpha: alpha).actionProbabilities[s]
            familyCurve.append(PlotPoint(x: alpha, y: results.optimalActions.map { probabilities[$0] }.reduce(0, +)))
        }
        let familyCrossings = try SquashedGaussianOptimum.criticalTemperatures(
            twin, state: s, actions: results.optimalActions, range: low...high)

        var page = HTMLPage(title: "Temperature study: \(study.environment.environmentName)")
        page.paragraph([
            .text("Deep agents trained on the deep twin "), .code(study.environment.environmentName),
            .text(" at \(study.alphas.count) temperatures × \(study.seeds) seed\(study.seeds == 1 ? "" : "s"), beside the exact answer of "
                + "the twin's counterpart (the finite MDP with the same soft objective): the probability \(label) of the standard-optimal "
                + "action\(optimal.count == 1 ? "" : "s") at \(state.name). \(results.rows.count) run(s) read"
                + (results.missing.isEmpty ? "." : "; \(results.missing.count) not finished (left out)."))
        ])
        var layers = [
            ChartLayer(.horizontalLine(0.5), name: nil, color: Palette.muted, dashed: true),
            ChartLayer(.line(sweep.points.map { PlotPoint(x: $0.alpha.doubleValue, y: $0.probability.midpointDouble) }),
                       name: "exact Boltzmann optimum (certified)", color: Palette.black),
            ChartLayer(.line(familyCurve), name: "best squashed Gaussian (SAC's class; uncertified)", color: Palette.axis, dashed: true),
        ]
        for (index, crossing) in sweep.crossings.enumerated() {
            layers.append(ChartLayer(.verticalSpan(crossing.lower.doubleValue...crossing.upper.doubleValue),
                                     name: index == 0 ? "certified α* bracket" : nil, color: Palette.axis, opacity: 0.8))
        }
        for (index, crossing) in familyCrossings.enumerated() {
            layers.append(ChartLayer(.verticalLine(crossing.lowerBound), name: index == 0 ? "SAC's class crosses 1/2" : nil,
                                     color: Palette.axis, dashed: true))
        }
        for algorithm in study.algorithms {
            let members = results.rows.filter { $0.run.algorithm == algorithm }
            guard !members.isEmpty, let color = colors[algorithm], let name = labels[algorithm] else { continue }
            if algorithm == "ppo" || algorithm == "sac-auto" {
                let estimate = MeanEstimate(members.map(\.learnedProbability))
                if let band = Self.probabilityBand(estimate) {
                    layers.append(ChartLayer(.band(lower: [PlotPoint(x: low, y: band.lowerBound), PlotPoint(x: high, y: band.lowerBound)],
                                                   upper: [PlotPoint(x: low, y: band.upperBound), PlotPoint(x: high, y: band.upperBound)]),
                                             name: nil, color: color, opacity: 0.15))
                }
                layers.append(ChartLayer(.line([PlotPoint(x: low, y: estimate.mean), PlotPoint(x: high, y: estimate.mean)]),
                                         name: "\(name), no fixed α: mean over \(members.count) seed(s) and 95% band", color: color))
                continue
            }
            var means: [PlotPoint] = [], lowers: [PlotPoint] = [], uppers: [PlotPoint] = []
            for alpha in study.alphas {
                let samples = members.filter { $0.run.alpha == alpha }.map(\.learnedProbability)
                guard !samples.isEmpty else { continue }
                let estimate = MeanEstimate(samples)
                means.append(PlotPoint(x: alpha.nearestDouble, y: estimate.mean))
                if let band = Self.probabilityBand(estimate) {
                    lowers.append(PlotPoint(x: alpha.nearestDouble, y: band.lowerBound))
                    uppers.append(PlotPoint(x: alpha.nearestDouble, y: band.upperBound))
                }
            }
            if lowers.count >= 2 { layers.append(ChartLayer(.band(lower: lowers, upper: uppers), name: nil, color: color, opacity: 0.15)) }
            layers.append(ChartLayer(.line(means), name: "\(name): mean over seeds and 95% band", color: color))
            layers.append(ChartLayer(.scatter(members.map { PlotPoint(x: $0.run.alpha!.nearestDouble, y: $0.learnedProbability) }),
                                     name: nil, color: color, opacity: 0.5))
        }
        let chart = LineChart(
            title: "\(label) against the temperature: exact, SAC's class, learned", xLabel: "temperature α (log scale)",
            yLabel: label, xAxis: .logarithmic, xDomain: low...high, yDomain: 0...1, layers: layers)
        let alphaStar = sweep.crossings.map { "α* ∈ [\($0.lower.decimalString(digits: 12)), \($0.upper.decimalString(digits: 12))]" }
        page.figure(ReportFigure(svg: chart.svg, caption: "Black: the certified Boltzmann optimum \(label) of the counterpart "
            + "(enclosures of width ≤ \(CertifiedText.short(results.tolerance)), joined through their midpoints), crossing 1/2 in the grey "
            + "certified bracket\(sweep.crossings.count == 1 ? "" : "s") (\(alphaStar.isEmpty ? "none in this range" : alphaStar.joined(separator: "; "))). "
            + "Grey dashed: the best policy within SAC's tanh-squashed Gaussian family (numerical soft policy iteration, not certified); "
            + "its own critical temperature\(familyCrossings.count == 1 ? "" : "s") dashed vertically. Colours: each algorithm's learned "
            + "probability (closed form from the final checkpoint's Gaussian), mean over seeds with a Student-t 95% band; dots are single seeds. "
            + "PPO (and auto-α) have no fixed α and are drawn as horizontal bands. The gap between grey and black is the policy class; "
            + "the gap between a colour and grey is optimisation."))

        page.heading("Critical temperatures")
        page.table(
            header: ["where π(Opt | \(state.name)) crosses 1/2", "value", "status"],
            rows: sweep.crossings.map { ["Boltzmann optimum α*", "[\($0.lower.decimalString(digits: 15)), \($0.upper.decimalString(digits: 15))]", "certified bracket"] }
                + familyCrossings.map { ["squashed-Gaussian family", String(format: "%.5g", ($0.lowerBound * $0.upperBound).squareRoot()), "numerical, uncertified (relative width 1e-4)"] },
            numericColumns: [1])

        page.heading("At each temperature")
        var rows: [[String]] = []
        for temperature in results.temperatures {
            var row = [temperature.alpha.description, temperature.exactProbability.certifiedDigits(12), String(format: "%.4f", temperature.familyProbability)]
            for algorithm in study.algorithms where algorithm != "ppo" && algorithm != "sac-auto" {
                let samples = results.rows.filter { $0.run.algorithm == algorithm && $0.run.alpha == temperature.alpha }.map(\.learnedProbability)
                row.append(samples.isEmpty ? "–" : Self.estimateText(MeanEstimate(samples)))
            }
            rows.append(row)
        }
        let fixed = study.algorithms.filter { $0 != "ppo" && $0 != "sac-auto" }
        page.table(
            caption: "π(Opt | \(state.name)): exact (certified digits), SAC's class (uncertified), learned (mean ± 95% half-width over seeds).",
            header: ["α", "exact π_α (certified)", "best squashed Gaussian"] + fixed.map { labels[$0]! + " learned" },
            rows: rows, numericColumns: Set(0..<(3 + fixed.count)))
        for algorithm in study.algorithms where algorithm == "ppo" || algorithm == "sac-auto" {
            let samples = results.rows.filter { $0.run.algorithm == algorithm }.map(\.learnedProbability)
            if !samples.isEmpty { page.note("\(labels[algorithm]!): \(Self.estimateText(MeanEstimate(samples))) over \(samples.count) seed(s), no fixed α.") }
        }

        page.heading("Every state: learned, exact and SAC's class")
        page.paragraph("For each non-terminal state, the probability each policy gives every action's set of the action interval: learned "
            + "(mean over seeds), the exact Boltzmann optimum π_α (certified digits) and the best squashed Gaussian (uncertified), with the "
            + "total-variation distance ½ Σ|p − q| of the learned and of the family's distribution to π_α.")
        for temperature in results.temperatures {
            page.collapsible(summary: "α = \(temperature.alpha)") { page in
                var rows: [[String]] = []
                for (index, twinState) in twin.mdp.states.enumerated() where !twinState.isTerminal {
                    let exact = temperature.exact[index].map(\.midpointDouble)
                    let family = temperature.family.actionProbabilities[index]
                    let learnedByAlgorithm = fixed.map { algorithm -> [Double]? in
                        let members = results.rows.filter { $0.run.algorithm == algorithm && $0.run.alpha == temperature.alpha }
                        guard !members.isEmpty else { return nil }
                        return twinState.actions.indices.map { action in members.map { $0.learned[index][action] }.reduce(0, +) / Double(members.count) }
                    }
                    for (action, twinAction) in twinState.actions.enumerated() {
                        rows.append([twinState.name, twinAction.name, temperature.exact[index][action].certifiedDigits(8), String(format: "%.4f", family[action])]
                            + learnedByAlgorithm.map { $0.map { String(format: "%.4f", $0[action]) } ?? "–" })
                    }
                    rows.append([twinState.name, "TV to π_α", "0", String(format: "%.4f", totalVariation(family, exact))]
                        + learnedByAlgorithm.map { $0.map { String(format: "%.4f", totalVariation($0, exact)) } ?? "–" })
                }
                page.table(header: ["state", "action", "exact π_α (certified)", "best squashed Gaussian"] + fixed.map { labels[$0]! + " learned" },
                           rows: rows, numericColumns: Set(2..<(4 + fixed.count)))
            }
        }
        if !results.missing.isEmpty {
            page.note("Not finished, left out: \(results.missing.map(\.directoryName).joined(separator: ", ")). Rerun the study to train them.")
        }
        return page.html
    }

    /// The 95% band of a mean probability, cut to [0, 1]: the mean lies there even where its
    /// t-interval does not (and an interval past 0 would stretch the probability axis below 0).
    static func probabilityBand(_ estimate: MeanEstimate) -> ClosedRange<Double>? {
        guard let lower = estimate.lower, let upper = estimate.upper else { return nil }
        return max(0, lower)...min(1, upper)
    }

    static func estimateText(_ estimate: MeanEstimate) -> String {
        String(format: "%.4f", estimate.mean) + (estimate.halfWidth.map { String(format: " ± %.4f", $0) } ?? "")
    }
}
