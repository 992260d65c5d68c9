import Analysis
import Arithmetic
import FiniteMDP
import Foundation
import Plotting
import Solvers

/// The tabular answer beside what each deep agent learned on the toy task.
enum DeepToySection {
    static func add(
        _ comparison: ToyDeepComparison, request: ReportRequest, sweep: TemperatureSweep, to page: inout HTMLPage
    ) throws(ReportError) {
        guard !comparison.agents.isEmpty || !comparison.skipped.isEmpty else { return }
        let stateName = request.mdp.states[request.state].name
        page.heading("Tabular against deep on the toy task")
        page.paragraph("Each deep agent's probability \(sweep.probabilityLabel.replacingOccurrences(of: "π_α", with: "π")) of the "
            + "standard-optimal action at \(stateName), read off its final policy (the Gaussian of its last checkpoint, in closed "
            + "form: a floating-point estimate, not a certified number), beside the exact MaxEnt optimum at the temperature it "
            + "trained with (certified). A SAC agent that has converged should sit on the exact curve of the first figure; "
            + "the standard optimum puts probability 1 on it. PPO optimises the standard objective (no α).")
        var rows: [[String]] = []
        for agent in comparison.agents.sorted(by: { ($0.run.algorithmLabel, $0.run.seedOrder) < ($1.run.algorithmLabel, $1.run.seedOrder) }) {
            var exact = "–"
            if let alpha = agent.alpha, alpha > 0 {
                let rational = (try? Rational(parsing: "\(alpha)")) ?? Rational(exactly: alpha)
                do {
                    let solution = try SoftSolver.solve(request.mdp, alpha: rational, tolerance: request.tolerance)
                    let optimal = sweep.optimalActionNames.compactMap { name in request.mdp.states[request.state].actions.firstIndex { $0.name == name } }
                    exact = solution.probability(of: optimal, at: request.state).certifiedDigits(10)
                } catch {
                    throw ReportError("\(request.mdpSource): \(error)")
                }
            }
            let returns = agent.run.progress.column("test/reward")?.compactMap { $0 } ?? []
            rows.append([agent.run.directory, agent.run.algorithmLabel, agent.run.seed, agent.alpha.map(TickLabel.text) ?? "–",
                         String(format: "%.4f", agent.optimalProbability), exact, returns.last.map { String(format: "%.2f", $0) } ?? "–"])
        }
        page.table(
            caption: "Learned against exact probability of the standard-optimal action at \(stateName).",
            header: ["run", "algorithm", "seed", "α at the end", "learned (float estimate)", "exact MaxEnt optimum at that α (certified)",
                     "last test return"],
            rows: rows, numericColumns: [2, 3, 4, 5, 6])
        if !comparison.skipped.isEmpty {
            page.note("Left out, no checkpoint yet: \(comparison.skipped.joined(separator: ", ")).")
        }
    }
}
