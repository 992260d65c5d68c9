@testable import Analysis
import Foundation
import Learning
@testable import Plotting
@testable import Reports
import Testing

@Test func progressTablesKeepEmptyFieldsAsMissing() throws {
    let table = try ProgressTable(csv: FakeRuns.sacProgress(returns: [-20, -1, 0.9]), path: "p.csv")
    #expect(table.rows.count == 3)
    #expect(table.column("test/reward")! == [-20, -1, 0.9])
    #expect(table.column("train/reward")! == [nil, -1.5, -1.5])
    #expect(table.column("nonexistent") == nil)
    #expect(table.points(x: "env_step", y: "train/reward") == [PlotPoint(x: 1000, y: -1.5), PlotPoint(x: 2000, y: -1.5)])
}

@Test func malformedProgressLogsAreRefusedWithTheLine() {
    let cases: [(String, String)] = [
        ("", "p.csv: empty file, expected a header line"),
        ("epoch,env_step,test/reward\n", "p.csv: no data rows after the header"),
        ("epoch,test/reward\n0,1\n", "p.csv:1: no \"env_step\" column (header: epoch,test/reward)"),
        ("env_step,test/reward\n0,1\n1000,1,5\n", "p.csv:3: 3 fields, but the header has 2 columns"),
        ("env_step,test/reward\n0,abc\n", "p.csv:2: test/reward = \"abc\" is not a finite number"),
        ("env_step,test/reward\n0,nan\n", "p.csv:2: test/reward = \"nan\" is not a finite number"),
        ("env_step,test/reward\n1000,1\n0,1\n", "p.csv:3: env_step goes back from 1000 to 0"),
        ("env_step,test/reward,env_step\n0,1,0\n", "p.csv:1: column \"env_step\" appears twice"),
        ("env_step,test/reward\n,1\n", "p.csv:2: env_step is empty"),
    ]
    for (text, message) in cases {
        #expect { try ProgressTable(csv: text, path: "p.csv") } throws: { ($0 as? RunDirectoryError)?.description == message }
    }
    #expect((try? ProgressTable(csv: "env_step,test/reward\r\n0,1\r\n", path: "p.csv"))?.rows == [[0, 1]])
}

@Test func runRecordsReadTheirConfiguration() throws {
    let runs = try FakeRuns()
    defer { runs.remove() }
    let sac = try RunRecord(directory: runs.run("a", algorithm: "sac", seed: 7, alpha: 0.2, progress: FakeRuns.sacProgress(returns: [0])))
    #expect(sac.environment == "toy" && sac.algorithm == "sac" && sac.seed == "7" && sac.fixedAlpha == 0.2)
    #expect(sac.algorithmLabel == "SAC (α = 0.2)")
    let auto = try RunRecord(directory: runs.run("b", algorithm: "sac-auto", autoAlpha: true, progress: FakeRuns.sacProgress(returns: [0])))
    #expect(auto.fixedAlpha == nil && auto.algorithmLabel == "SAC auto-α")
    let ppo = try RunRecord(directory: runs.run("c", algorithm: "ppo", alpha: nil, progress: FakeRuns.sacProgress(returns: [0])))
    #expect(ppo.algorithmLabel == "PPO")
    let missing = URL(fileURLWithPath: try runs.run("d", progress: ""))
    try FileManager.default.removeItem(at: missing.appendingPathComponent("progress.csv"))
    #expect { try RunRecord(directory: missing.path) } throws: { ($0 as? ReportError)?.description.contains("progress.csv: cannot read") == true }
    try Data("[1, 2]".utf8).write(to: missing.appendingPathComponent("config.json"))
    #expect { try RunRecord(directory: missing.path) } throws: { ($0 as? ReportError)?.description.hasSuffix("config.json: not a JSON object") == true }
}

@Test func runDirectoriesAreFoundBelowAStudyFolder() throws {
    let runs = try FakeRuns()
    defer { runs.remove() }
    let b = try runs.run("study/toy-sac-seed2", progress: FakeRuns.sacProgress(returns: [0]))
    let a = try runs.run("study/toy-sac-seed1", progress: FakeRuns.sacProgress(returns: [0]))
    #expect(try RunDiscovery.runDirectories([runs.root.path + "/study/"]) == [a, b])
    #expect(try RunDiscovery.runDirectories([a, runs.root.path]) == [a, b])
    #expect { try RunDiscovery.runDirectories([runs.root.path + "/nope"]) } throws: {
        ($0 as? ReportError)?.description == runs.root.path + "/nope: no such run directory"
    }
    let empty = runs.root.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    #expect { try RunDiscovery.runDirectories([empty.path]) } throws: {
        ($0 as? ReportError)?.description.hasSuffix("not a run directory (no config.json), and none below it") == true
    }
}

@Test func learningCurvesGroupByEnvironmentAndAlgorithm() throws {
    let runs = try FakeRuns()
    defer { runs.remove() }
    let records = try [
        runs.run("s1", seed: 1, progress: FakeRuns.sacProgress(returns: [-20, -1, 1])),
        runs.run("s2", seed: 2, progress: FakeRuns.sacProgress(returns: [-20, 1, 1])),
        runs.run("s3", seed: 3, progress: FakeRuns.sacProgress(returns: [-20, -1, -1])),
        runs.run("p1", algorithm: "ppo", alpha: nil, progress: FakeRuns.sacProgress(returns: [-20, -1], stepsPerEpoch: 2048)),
        runs.run("a1", environment: "acrobot", algorithm: "sac-adaent", progress: FakeRuns.adaEntProgress(returns: [0, 5, 9], rates: [0, 0.5, 0.25])),
        runs.run("a2", environment: "acrobot", algorithm: "sac-adaent", seed: 2, progress: FakeRuns.adaEntProgress(returns: [0, 7, 11], rates: [0, 0.3, 0.15])),
        runs.run("auto", environment: "acrobot", algorithm: "sac-auto", autoAlpha: true,
                 progress: FakeRuns.sacProgress(returns: [0, 1, 2], alphas: [1, 0.5, 0.25])),
    ].map { path throws(ReportError) in try RunRecord(directory: path) }
    let curves = LearningCurves(runs: records)
    #expect(curves.environments == ["acrobot", "toy"])
    #expect(curves.groups.map(\.algorithm) == ["SAC auto-α", "SAC-AdaEnt (α = 1)", "PPO", "SAC (α = 1)"])
    let sac = try #require(curves.groups.first { $0.algorithm == "SAC (α = 1)" })
    let aggregate = sac.aggregate("test/reward")
    #expect(aggregate.grid == [0, 1000, 2000])
    let third: Double = 1.0 / 3
    #expect(aggregate.estimates.map(\.mean) == [-20, -third, third])
    // Returns −1, 1, −1 at step 1000: s = √(4/3), half-width t_{0.975,2}·s/√3 = 4.302653 × 2/3.
    #expect(abs(aggregate.estimates[1].halfWidth! - 4.302653 * 2 / 3) < 1e-6)

    let figures = curves.returnFigures
    #expect(figures.count == 2)
    let toy = try #require(MarkupTree.parse(figures[1].svg))
    #expect(toy.all("text", class: "chart-title").first?.allText == "Test return on toy")
    #expect(toy.all("g", class: "layer-line").map { $0.attributes["data-name"] } == ["PPO", "SAC (α = 1)"])
    #expect(toy.all("g", class: "layer-band").count == 1)
    #expect(toy.all("g", class: "legend-entry").map { $0.attributes["data-name"] } == ["PPO", "SAC (α = 1)"])
    #expect(toy.all("text", class: "x-axis-label").first?.allText == "environment steps")
    #expect(toy.all("text", class: "y-axis-label").first?.allText == "test return")
    #expect(figures[1].caption.contains("PPO: 1; SAC (α = 1): 3"))
    // One colour per algorithm, the same in every panel.
    let acrobot = try #require(MarkupTree.parse(figures[0].svg))
    let adaEntColour = acrobot.all("g", class: "layer-line").first { $0.attributes["data-name"] == "SAC-AdaEnt (α = 1)" }?
        .all("polyline").first?.attributes["stroke"]
    #expect(adaEntColour == curves.color(of: "SAC-AdaEnt (α = 1)"))
    #expect(Set(curves.algorithms.map(curves.color)).count == 4)

    let diagnostics = curves.diagnosticFigures
    let titles = try diagnostics.map { try #require(MarkupTree.parse($0.svg)).all("text", class: "chart-title").first?.allText }
    #expect(titles == ["SAC-AdaEnt surrogate rate on acrobot", "Learned temperature α on acrobot"])
    let rate = try #require(MarkupTree.parse(diagnostics[0].svg))
    #expect(rate.all("g", class: "layer-line").map { $0.attributes["data-name"] } == ["SAC-AdaEnt (α = 1)"])
    let adaEnt = try #require(curves.groups.first { $0.algorithm == "SAC-AdaEnt (α = 1)" })
    #expect(adaEnt.aggregate("loss/surrogate_rate").meanCurve == [PlotPoint(x: 1000, y: 0.4), PlotPoint(x: 2000, y: 0.2)])
    let alpha = try #require(MarkupTree.parse(diagnostics[1].svg))
    #expect(alpha.all("g", class: "layer-line").map { $0.attributes["data-name"] } == ["SAC auto-α"])
}
