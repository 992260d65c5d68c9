import FiniteMDP
import Foundation
import Testing
import Twins
@testable import Reports

/// Reports show the tabular analysis of an MDP only beside runs it is the counterpart of.
@Suite struct ReportScopeTests {
    static let examples = String(#filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")) + "/examples"
    static let toySections = ["The exact answer: MaxEnt against the standard optimum at s0", "Entropic bifurcation at s0"]

    @Test func runsWithoutACounterpartGetTheDeepSectionsOnly() throws {
        let runs = try FakeRuns()
        defer { runs.remove() }
        let directory = try runs.run("quad", environment: "quadrotor", progress: FakeRuns.sacProgress(returns: [-900, -500]))
        let report = try ReportBuilder.build(ReportRequest(mdp: .paperToy, mdpSource: "built-in toy twin", runDirectories: [directory]))
        let html = report.html
        #expect(!report.analysesMDP)
        for section in Self.toySections { #expect(!html.contains("<h2>\(section)</h2>")) }
        #expect(html.contains("<h2>Deep runs: learning curves</h2>"))
        // Naming the MDP asks for its analysis.
        var request = ReportRequest(mdp: .paperToy, mdpSource: "examples/toy.json", runDirectories: [directory])
        request.mdpIsExplicit = true
        let explicitReport = try ReportBuilder.build(request)
        #expect(explicitReport.analysesMDP)
        for section in Self.toySections { #expect(explicitReport.html.contains("<h2>\(section)</h2>")) }
    }

    @Test func twinRunsAreSetBesideTheirOwnCounterpart() throws {
        TwinEnvironments.install()
        let runs = try FakeRuns()
        defer { runs.remove() }
        let environment = "mdp:\(Self.examples)/chain.json,steps=20"
        let directory = try runs.run("chain", environment: environment, progress: FakeRuns.sacProgress(returns: [0, 3]))
        let html = try ReportBuilder.html(ReportRequest(mdp: .paperToy, mdpSource: "built-in toy twin", runDirectories: [directory]))
        for section in Self.toySections { #expect(!html.contains("<h2>\(section)</h2>")) }
        #expect(html.contains("<h2>Deep twin \(environment): learned against its exact counterpart</h2>"))
        // The chain's own curve: π_α(right | c0) (its standard-optimal action), not the toy's π_α(left | s0).
        #expect(html.contains("π_α(right | c0)") && !html.contains("π_α(left | s0)"))
        #expect(html.contains("no checkpoint yet"))
    }
}
