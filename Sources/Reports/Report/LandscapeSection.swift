import Analysis
import Arithmetic
import FiniteMDP
import Plotting
import Solvers

/// The exact plain and soft Q over the continuous action, at the states where the action matters.
enum LandscapeSection {
    static func add(
        _ request: ReportRequest, standard: StandardSolution, runs: [RunRecord], deep: ToyDeepComparison?,
        colors: (String) -> String, to page: inout HTMLPage
    ) throws(ReportError) {
        let mdp = request.mdp
        page.heading("Q-landscapes over the continuous action")
        let mismatches = request.layout.mismatches(with: mdp)
        guard mismatches.isEmpty else {
            page.note("No landscape: the continuous-action layout of the paper's toy task does not fit \(request.mdpSource) "
                + "(\(mismatches.prefix(2).joined(separator: "; "))).")
            return
        }
        let alphas = landscapeAlphas(request, runs: runs)
        let soft: [SoftSolution]
        do {
            soft = try alphas.map { alpha throws(SolverError) in try SoftSolver.solve(mdp, alpha: alpha, tolerance: request.tolerance) }
        } catch {
            throw ReportError("\(request.mdpSource): \(error)")
        }
        let states = request.layout.pieces.filter { $0.value.count > 1 }.keys.sorted()
        page.paragraph("The deep agents act in [−1, 1]; the tabular twin lumps the actions into pieces, each with measure "
            + "equal to its length. These are the exact critics a perfect learner would have, at α ∈ {"
            + alphas.map(\.description).joined(separator: ", ") + "}"
            + (runs.contains { $0.environment == "toy" && $0.fixedAlpha != nil } ? " (including the α the toy runs trained with)." : "."))
        let landscapes = try states.map { state throws(ReportError) in
            try ExactActionLandscape(mdp: mdp, layout: request.layout, state: state, standard: standard, soft: soft)
        }
        for landscape in landscapes {
            page.figure(landscape.figure(learned: deep?.landscapeLayers(state: landscape.stateName, color: colors) ?? []))
        }
        let digits = min(CertifiedText.digits(for: request.tolerance), 20)
        var rows: [[String]] = []
        for landscape in landscapes {
            for piece in landscape.pieces {
                let interval = piece.piece.interval.description
                rows.append([landscape.stateName, interval, piece.piece.action, piece.plainQ.description]
                    + piece.softQ.map { $0.certifiedDigits(digits) })
            }
        }
        page.table(
            caption: "Exact Q* (rationals) and certified Q_α (digits) of each piece of the action interval.",
            header: ["state", "actions a", "tabular action", "Q*"] + alphas.map { "Q_α, α = \($0)" }, rows: rows,
            numericColumns: Set(3..<(4 + alphas.count)))
    }

    /// The requested temperatures and the fixed α of every toy run, each once, in increasing order.
    static func landscapeAlphas(_ request: ReportRequest, runs: [RunRecord]) -> [Rational] {
        let fromRuns = runs.filter { $0.environment == "toy" }.compactMap(\.fixedAlpha).compactMap { alpha in
            try? Rational(parsing: "\(alpha)")
        }
        return Array(Set(request.landscapeAlphas + fromRuns.filter { $0.signum > 0 })).sorted()
    }
}
