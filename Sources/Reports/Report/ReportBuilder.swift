import Analysis
import Arithmetic
import FiniteMDP
import Plotting
import Solvers

/// Builds the report: the exact tabular analyses of the MDP, then the deep runs beside them.
public enum ReportBuilder {
    /// A written report: the page, and whether it holds the request's MDP analysis.
    public struct Report: Sendable {
        public let html: String
        /// Whether the MDP's tabular sections are in the page (see ``showsTabularAnalysis``).
        public let analysesMDP: Bool
    }

    /// The complete HTML page for `request`.
    public static func html(_ request: ReportRequest) throws(ReportError) -> String {
        try build(request).html
    }

    /// The page for `request`, and what it covers.
    public static func build(_ request: ReportRequest) throws(ReportError) -> Report {
        let mdp = request.mdp, state = request.state
        guard mdp.states.indices.contains(state) else { throw ReportError("state index \(state) is out of range") }
        guard !mdp.states[state].isTerminal else {
            throw ReportError("state \"\(mdp.states[state].name)\" is terminal: it has no policy to report on")
        }
        let runs = try request.runDirectories.map { directory throws(ReportError) in try RunRecord(directory: directory) }
        var page = HTMLPage(title: request.title)
        introduction(request, runs: runs, on: &page)
        let standard: StandardSolution
        do { standard = try StandardSolver.solve(mdp) } catch { throw ReportError("\(request.mdpSource): \(error)") }
        let curves = LearningCurves(runs: runs, references: request.referenceCurves)
        let analysesMDP = showsTabularAnalysis(request, runs: runs)
        if analysesMDP {
            let deep = try toyComparison(request, runs: runs, standard: standard)
            let sweep = try TemperatureSection.add(
                request, standard: standard, learned: deep?.learnedProbabilities ?? [], colors: curves.color(of:), to: &page)
            try LandscapeSection.add(request, standard: standard, runs: runs, deep: deep, colors: curves.color(of:), to: &page)
            if let deep { try DeepToySection.add(deep, request: request, sweep: sweep, to: &page) }
            try BifurcationSection.add(request, standard: standard, to: &page)
        }
        try TwinSection.add(runs, tolerance: request.tolerance, colors: curves.color(of:), to: &page)
        LearningSection.add(curves, to: &page)
        try CriticLandscapeSection.add(runs.filter { $0.environment != "toy" }, colors: curves.color(of:), to: &page)
        RunsSection.add(runs, to: &page)
        return Report(html: page.html, analysesMDP: analysesMDP)
    }

    /// The deep agents of the toy runs, when the MDP is the toy's twin (the layout fits it) and
    /// there are toy runs.
    private static func toyComparison(
        _ request: ReportRequest, runs: [RunRecord], standard: StandardSolution
    ) throws(ReportError) -> ToyDeepComparison? {
        guard runs.contains(where: { $0.environment == "toy" }), request.layout.mismatches(with: request.mdp).isEmpty,
              request.layout.pieces[request.mdp.states[request.state].name] != nil else { return nil }
        let state = request.mdp.states[request.state]
        return try ToyDeepComparison(
            runs: runs, mdp: request.mdp, layout: request.layout, state: state.name,
            optimalActions: standard.optimalActions[request.state].map { state.actions[$0].name })
    }

    /// Whether the MDP's tabular sections belong in the report: they belong to the runs it is the
    /// counterpart of, so to an MDP the user named, or to the default toy twin when there are toy runs
    /// (or no runs at all). Runs on deep twins bring their own counterpart (``TwinSection``).
    private static func showsTabularAnalysis(_ request: ReportRequest, runs: [RunRecord]) -> Bool {
        request.mdpIsExplicit || runs.isEmpty || runs.contains { $0.environment == "toy" }
    }

    private static func introduction(_ request: ReportRequest, runs: [RunRecord], on page: inout HTMLPage) {
        guard showsTabularAnalysis(request, runs: runs) else {
            page.paragraph("This report shows what deep agents learned in \(runs.count) training run\(runs.count == 1 ? "" : "s"). "
                + "Runs on a deep twin of an MDP file (mdp:FILE) are set beside that twin's exact counterpart; runs on "
                + "tasks without a finite counterpart get the deep sections only (give --mdp FILE to add an MDP's exact analysis).")
            return
        }
        let stateName = request.mdp.states[request.state].name
        page.paragraph([
            .text("When does maximum-entropy RL mislead policy optimization? This report sets the exact tabular answer for "),
            .code(request.mdpSource), .text(" (state "), .code(stateName), .text(", γ = "), .code(request.mdp.gamma.description),
            .text(") beside what deep agents learn"),
            .text(runs.isEmpty ? " (no training runs were given)." : " in \(runs.count) training run\(runs.count == 1 ? "" : "s")."),
        ])
        page.paragraph("Every tabular number printed with its digits is either an exact rational or a certified enclosure "
            + "(Arb ball arithmetic): each printed digit is correct. Curves of certified quantities are drawn through the "
            + "midpoints of enclosures of width ≤ \(CertifiedText.short(request.tolerance)), far below a pixel. "
            + "Deep-RL curves are statistics of logged test returns and carry ordinary sampling error, shown as confidence bands.")
    }
}
