import Analysis
import Foundation
import Plotting

/// The table of every run the report read.
enum RunsSection {
    static func add(_ runs: [RunRecord], to page: inout HTMLPage) {
        guard !runs.isEmpty else { return }
        page.heading("Runs")
        page.table(
            header: ["run directory", "environment", "algorithm", "seed", "tests logged", "last env step", "last test return", "best test return"],
            rows: runs.map { run in
                let returns = run.progress.column("test/reward")?.compactMap { $0 } ?? []
                let steps = run.progress.column("env_step")?.compactMap { $0 } ?? []
                return [run.directory, run.environment, run.algorithmLabel, run.seed, "\(run.progress.rows.count)",
                        steps.last.map { "\(Int($0))" } ?? "–", returns.last.map(format) ?? "–", returns.max().map(format) ?? "–"]
            },
            numericColumns: [3, 4, 5, 6, 7])
    }

    private static func format(_ value: Double) -> String { String(format: "%.2f", value) }
}
