import Analysis
import Environments
import Foundation
import Plotting

/// Trained critics over the action space for the runs on environments other than the toy (whose
/// critics are drawn over the exact landscapes instead).
enum CriticLandscapeSection {
    static func add(_ runs: [RunRecord], colors: (String) -> String, to page: inout HTMLPage) throws(ReportError) {
        let groups = Dictionary(grouping: runs) { "\($0.environment)\u{0}\($0.algorithmLabel)" }.values
            .map { $0.sorted { $0.seedOrder < $1.seedOrder } }
            .filter { $0[0].algorithm != "ppo" }
            .sorted { ($0[0].environment, $0[0].algorithmLabel) < ($1[0].environment, $1[0].algorithmLabel) }
        var figures: [ReportFigure] = []
        var undrawn: [String] = []
        for group in groups {
            guard let run = group.first(where: \.hasCheckpoint) else { continue }
            // A gym: run needs its Python environment for the initial observation; without it the
            // report still has the curves, and says why these critics are missing.
            let descriptor: EnvironmentDescriptor
            do { descriptor = try run.environmentDescriptor() } catch {
                undrawn.append("\(run.algorithmLabel) on \(run.environment): \(error)")
                continue
            }
            let agent = try run.agent(spaces: descriptor.spaces)
            var environment = descriptor.make(options: .corrected)
            let observation = environment.reset(seed: 0)
            let landscape = CriticLandscape(run: run, agent: agent, observation: observation, stateDescription: "initial state (reset seed 0)")
            figures += landscape.figures(color: colors(run.algorithmLabel))
        }
        guard !figures.isEmpty || !undrawn.isEmpty else { return }
        page.heading("Q-landscapes of trained critics")
        for reason in undrawn { page.paragraph("Not drawn: \(reason)") }
        page.paragraph("The critics the SAC variants learned, over the action space at the environments' initial state, from "
            + "one seed per algorithm (the lowest with a checkpoint). SAC-AdaEnt trains a soft and a plain critic pair and "
            + "switches its actor between them where they disagree; SAC trains only the soft pair.")
        page.figureRow(figures)
    }
}
