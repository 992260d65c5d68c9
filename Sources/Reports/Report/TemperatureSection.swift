import Analysis
import Arithmetic
import FiniteMDP
import Plotting
import Solvers

/// The exact probability of the standard-optimal actions against α, and the certified α*.
enum TemperatureSection {
    static func add(
        _ request: ReportRequest, standard: StandardSolution, learned: [LearnedProbability], colors: (String) -> String,
        to page: inout HTMLPage
    ) throws(ReportError) -> TemperatureSweep {
        let mdp = request.mdp, s = request.state
        let stateName = mdp.states[s].name
        let sweep: TemperatureSweep
        do {
            sweep = try TemperatureSweep.compute(
                mdp, state: s, range: request.temperatureRange, extraAlphas: request.landscapeAlphas + [request.bifurcationAlpha]
                    + learned.compactMap { try? Rational(parsing: "\($0.alpha)") },
                tolerance: request.tolerance)
        } catch {
            throw ReportError("\(request.mdpSource): \(error)")
        }
        page.heading("The exact answer: MaxEnt against the standard optimum at \(stateName)")
        let optimal = sweep.optimalActionNames.joined(separator: ", ")
        page.paragraph([
            .text("Standard objective (exact rationals): V*(\(stateName)) = "), .code(standard.values[s].description),
            .text(", optimal action set Opt(\(stateName)) = {\(optimal)}. The MaxEnt objective at temperature α puts "
                + "probability \(sweep.probabilityLabel) on these actions:"),
        ])
        page.figure(sweep.figure(learned: learned, color: colors))
        let digits = CertifiedText.digits(for: request.tolerance)
        if sweep.crossings.isEmpty {
            page.note("No critical temperature in [\(request.temperatureRange.lowerBound), \(request.temperatureRange.upperBound)]: "
                + "\(sweep.probabilityLabel) stays on one side of 1/2 at every certified grid point.")
        } else {
            page.table(
                caption: "Certified critical temperatures: \(sweep.probabilityLabel) − 1/2 has a proved sign at both ends of each bracket.",
                header: ["α* (certified digits)", "bracket lower end", "bracket upper end", "direction as α grows"],
                rows: sweep.crossings.map { crossing in
                    [CertifiedText.commonPrefix(crossing.lower, crossing.upper, digits: digits),
                     crossing.lower.decimalString(digits: digits), crossing.upper.decimalString(digits: digits),
                     crossing.isFalling ? "falls below 1/2" : "rises above 1/2"]
                },
                numericColumns: [0, 1, 2])
        }
        page.collapsible(summary: "Certified values of \(sweep.probabilityLabel) at all \(sweep.points.count) temperatures") { page in
            page.table(header: ["α (exact)", sweep.probabilityLabel + " (certified digits)"],
                       rows: sweep.points.map { [$0.alpha.description, $0.probability.certifiedDigits(digits)] },
                       numericColumns: [0, 1])
        }
        return sweep
    }
}
