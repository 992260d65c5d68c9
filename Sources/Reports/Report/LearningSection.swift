import Plotting

/// Learning curves of the deep runs: test return across seeds, and SAC-AdaEnt's diagnostics.
enum LearningSection {
    static func add(_ curves: LearningCurves, to page: inout HTMLPage) {
        guard !curves.groups.isEmpty else { return }
        page.heading("Deep runs: learning curves")
        page.paragraph("Test return is the mean undiscounted return of the test episodes run after every epoch (docs/experiments.md "
            + "§2.4: SAC variants act deterministically, PPO samples its actions). Each curve is the mean over the seeds of one "
            + "algorithm; the band is a 95% confidence interval for that mean, mean ± t·s/√n with Student's t at n − 1 degrees "
            + "of freedom (no band where only one seed covers a point).")
        page.figureRow(curves.returnFigures)
        let diagnostics = curves.diagnosticFigures
        if !diagnostics.isEmpty {
            page.heading("SAC-AdaEnt's surrogate rate and α over training", level: 3)
            page.figureRow(diagnostics)
        }
    }
}
