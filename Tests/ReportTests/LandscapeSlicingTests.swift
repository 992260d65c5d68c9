@testable import Analysis
import FiniteMDP
import Foundation
import Learning
@testable import Plotting
@testable import Reports
import Testing

@Test func oneCoordinateSlicesVaryOnlyThatCoordinate() {
    let slice = ActionSlice(coordinates: [1], base: [0.3, 0, -0.7], resolution: 5)
    #expect(slice.axes == [[-1, -0.5, 0, 0.5, 1]])
    #expect(slice.actions == [[0.3, -1, -0.7], [0.3, -0.5, -0.7], [0.3, 0, -0.7], [0.3, 0.5, -0.7], [0.3, 1, -0.7]])
    #expect(slice.rows(of: [1, 2, 3, 4, 5]) == [[1, 2, 3, 4, 5]])
}

@Test func twoCoordinateSlicesAreRowsOfTheSecondCoordinate() throws {
    // Q(a) = a₀ + 10·a₂ + 100·a₁ on a slice over (a₂, a₀) with a₁ held at 0.5: the heat map's
    // cell (i, j) must hold Q at a₂ = x_i, a₀ = y_j.
    let slice = ActionSlice(coordinates: [2, 0], base: [0, 0.5, 0], range: -1...1, resolution: 3)
    let values = slice.actions.map { $0[0] + 10 * $0[2] + 100 * $0[1] }
    let rows = slice.rows(of: values)
    #expect(rows.count == 3 && rows.allSatisfy { $0.count == 3 })
    for (j, y) in slice.axes[1].enumerated() {
        for (i, x) in slice.axes[0].enumerated() {
            #expect(rows[j][i] == y + 10 * x + 50)
        }
    }
    let map = HeatMap(title: "Q", xLabel: "a₃", yLabel: "a₁", valueLabel: "Q", xValues: slice.axes[0], yValues: slice.axes[1], values: rows)
    let cells = try #require(MarkupTree.parse(map.svg)).all("rect", class: "cell")
    // The lowest value (a₂ = −1, a₀ = −1) is the bottom-left cell, the highest the top-right one.
    let lowest = try #require(cells.first { $0.attributes["fill"] == ColorMap.viridis(0) })
    let highest = try #require(cells.first { $0.attributes["fill"] == ColorMap.viridis(1) })
    #expect(Double(lowest.attributes["x"]!)! < Double(highest.attributes["x"]!)!)
    #expect(Double(lowest.attributes["y"]!)! > Double(highest.attributes["y"]!)!)
}

/// A short run of `algorithm` in a fresh directory (a few hundred steps: enough for a checkpoint).
func trainTinyToyRun(_ algorithm: Algorithm, in root: URL, seed: UInt64, environment: String = "toy") throws -> RunRecord {
    var configuration = try TrainingConfiguration.preset(.cpu, environment: environment, algorithm: algorithm)
    configuration.seed = seed
    configuration.epochs = 1
    configuration.warmupSteps = 0
    configuration.sac?.hidden = [16, 16]
    configuration.stepPerEpoch = algorithm == .ppo ? 256 : 200
    configuration.testEpisodes = 2
    configuration.adaEnt?.entropySamples = 4
    configuration.sac?.batchSize = 16
    configuration.ppo?.stepPerCollect = 256
    configuration.ppo?.minibatchSize = 64
    configuration.ppo?.repeatPerCollect = 1
    let directory = root.appendingPathComponent("\(environment)-\(algorithm.rawValue)-\(seed)")
    try TrainingRun(configuration: configuration, directory: directory).train()
    return try RunRecord(directory: directory.path)
}

@Test func trainedAgentsLoadTheirCheckpointAndAgreeWithTheirOwnSamples() throws {
    let runs = try FakeRuns()
    defer { runs.remove() }
    let sac = try trainTinyToyRun(.sac, in: runs.root, seed: 1).agent()
    let adaEnt = try trainTinyToyRun(.sacAdaEnt, in: runs.root, seed: 1).agent()
    let ppo = try trainTinyToyRun(.ppo, in: runs.root, seed: 1).agent()
    #expect(sac.criticKinds == [.soft] && adaEnt.criticKinds == [.soft, .plain] && ppo.criticKinds.isEmpty)
    #expect(sac.squashesActions && !ppo.squashesActions)
    #expect(sac.alpha == 1 && ppo.alpha == nil)
    let s0 = try ToyDeepComparison.observation(of: "s0", in: .paperToy)
    #expect(s0 == [1, 0, 0, 0, 0, 0])
    for agent in [sac, adaEnt, ppo] {
        // The closed-form probability of a ≤ 0 agrees with the frequency among 4000 samples (4σ ≈ 0.032).
        let samples = agent.sampleActions(observation: s0, count: 4000, seed: 7)
        let frequency = Double(samples.filter { $0[0] <= 0 }.count) / 4000
        #expect(abs(agent.cumulativeProbability(0, observation: s0) - frequency) < 0.032)
        #expect(agent.cumulativeProbability(2, observation: s0) >= agent.cumulativeProbability(0.5, observation: s0))
    }
    #expect(sac.cumulativeProbability(1, observation: s0) == 1 && sac.cumulativeProbability(-1, observation: s0) == 0)
    // Critic values in chunks larger than a critic's batch capacity equal those computed one at a time.
    let actions = (0..<300).map { [Double($0) / 150 - 1] }
    let together = adaEnt.criticValues(.plain, observation: s0, actions: actions)
    #expect(together.count == 300)
    let single = [0, 17, 299].flatMap { adaEnt.criticValues(.plain, observation: s0, actions: [actions[$0]]) }
    #expect(zip([together[0], together[17], together[299]], single).allSatisfy { abs($0 - $1) < 1e-5 })
    #expect(ppo.criticValues(.soft, observation: s0, actions: actions).isEmpty)
}

@Test func toyComparisonDrawsCriticsAndSamplesPerAlgorithm() throws {
    let runs = try FakeRuns()
    defer { runs.remove() }
    let records = try [trainTinyToyRun(.sac, in: runs.root, seed: 1), trainTinyToyRun(.sac, in: runs.root, seed: 2),
                       trainTinyToyRun(.sacAdaEnt, in: runs.root, seed: 1), trainTinyToyRun(.ppo, in: runs.root, seed: 1)]
    let noCheckpoint = try runs.run("fresh", progress: FakeRuns.sacProgress(returns: [0]))
    let comparison = try ToyDeepComparison(
        runs: records + [RunRecord(directory: noCheckpoint)], mdp: .paperToy, layout: .paperToy, state: "s0", optimalActions: ["left"])
    #expect(comparison.agents.count == 4)
    #expect(comparison.skipped == [noCheckpoint])
    for agent in comparison.agents {
        #expect(abs(agent.optimalProbability - agent.agent.cumulativeProbability(0, observation: [1, 0, 0, 0, 0, 0])) < 1e-12)
    }
    #expect(comparison.learnedProbabilities.map(\.label).sorted() == ["SAC (α = 1)", "SAC (α = 1)", "SAC-AdaEnt (α = 1)"])
    let layers = comparison.landscapeLayers(state: "s1", color: { _ in Palette.blue }, resolution: 21, samplesPerAgent: 5)
    #expect(layers.compactMap(\.name) == [
        "SAC (α = 1): learned soft Q (n = 2)", "SAC (α = 1): policy samples",
        "SAC-AdaEnt (α = 1): learned soft Q (n = 1)", "SAC-AdaEnt (α = 1): learned plain Q (n = 1)", "SAC-AdaEnt (α = 1): policy samples",
    ])
    #expect(layers.filter { $0.className == "layer-band" }.count == 1)
    if case .rug(let samples) = layers[2].shape { #expect(samples.count == 10) } else { Issue.record("expected a rug") }
}

@Test func reportSetsTrainedAgentsBesideTheExactAnswer() throws {
    let runs = try FakeRuns()
    defer { runs.remove() }
    let records = try [trainTinyToyRun(.sac, in: runs.root, seed: 1), trainTinyToyRun(.sacAdaEnt, in: runs.root, seed: 1),
                       trainTinyToyRun(.sacAdaEnt, in: runs.root, seed: 1, environment: "obstacle2d")]
    let html = try ReportBuilder.html(ReportRequest(mdp: .paperToy, mdpSource: "toy", runDirectories: records.map(\.directory)))
    #expect(html.contains("<h2>Tabular against deep on the toy task</h2>"))
    #expect(html.contains("<h2>Q-landscapes of trained critics</h2>"))
    let svgs = html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    let trees = try svgs.map { try #require(MarkupTree.parse($0)) }
    let sweep = try #require(trees.first { $0.all("text", class: "chart-title").first?.allText.hasPrefix("MaxEnt-optimal") == true })
    #expect(sweep.all("g", class: "layer-scatter").compactMap { $0.attributes["data-name"] } == ["SAC (α = 1) (learned)", "SAC-AdaEnt (α = 1) (learned)"])
    // obstacle2d has two action coordinates: a soft and a plain heat map of SAC-AdaEnt's critics, with the policy's samples.
    let maps = trees.filter { $0.classes.contains("heat-map") }
    #expect(maps.map { $0.all("text", class: "chart-title").first?.allText } == [
        "Soft Q of SAC-AdaEnt (α = 0.2) on obstacle2d, seed 1", "Plain Q of SAC-AdaEnt (α = 0.2) on obstacle2d, seed 1",
    ])
    #expect(maps.allSatisfy { $0.all("rect", class: "cell").count == 41 * 41 && $0.all("circle", class: "mark").count == 200 })
    #expect(maps.allSatisfy { $0.all("text", class: "x-axis-label").first?.allText == "action a₁" })
}
