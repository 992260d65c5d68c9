import Analysis
import Testing
@testable import Reports

/// Published curves beside a report's runs: the file format, its one-line errors, and where the
/// curves are drawn.
@Suite struct ReferenceCurvesTests {
    static let file = """
        # tianshou, examples/mujoco (a comment line)
        environment,algorithm,label,env_step,mean_return
        quadrotor,sac,published SAC,0,-1000
        quadrotor,sac,published SAC,1000,-700.5
        quadrotor,sac,published SAC,2000,-650
        quadrotor,sac,published SAC,5000,-100
        quadrotor,sac,published SAC,9000,-50
        quadrotor,ppo,published PPO on the quadrotor,0,-3000
        vehicle,ppo,published PPO,0,-5
        """

    static let header = ReferenceCurves.header

    @Test func readsOneCurvePerEnvironmentAndLabel() throws {
        let curves = try ReferenceCurves(csv: Self.file, path: "ref.csv").curves
        #expect(curves.map(\.label) == ["published SAC", "published PPO on the quadrotor", "published PPO"])
        #expect(curves.map(\.algorithm) == ["sac", "ppo", "ppo"])
        #expect(curves[0].environment == "quadrotor")
        #expect(curves[0].points.map(\.x) == [0, 1000, 2000, 5000, 9000])
        #expect(curves[0].points.map(\.y) == [-1000, -700.5, -650, -100, -50])
    }

    @Test(arguments: [
        ("environment,label,step,mean_return\n", "ref.csv:1: expected the header 'environment,algorithm,label,env_step,mean_return'"),
        ("\(Self.header)\nquadrotor,sac,a,1\n", "ref.csv:2: expected 5 comma-separated fields, got 4"),
        ("\(Self.header)\nquadrotor,sac,a,-1,3\n", "ref.csv:2: env_step must be a non-negative number, got '-1'"),
        ("\(Self.header)\nquadrotor,sac,a,1,nan\n", "ref.csv:2: mean_return must be a finite number, got 'nan'"),
        ("\(Self.header)\nquadrotor,sac,a,5,1\nquadrotor,sac,a,5,2\n",
         "ref.csv:3: env_step 5 does not increase along the curve 'a' (previous 5.0)"),
        ("\(Self.header)\nquadrotor,td3,a,5,1\n", "ref.csv:2: algorithm must be one of sac, sac-auto, sac-adaent, ppo, got 'td3'"),
        ("\(Self.header)\nquadrotor,sac,a,5,1\nquadrotor,ppo,a,6,1\n", "ref.csv:3: the curve 'a' is given for sac above, not ppo"),
        (",a,5,1\n", "ref.csv:1: expected the header 'environment,algorithm,label,env_step,mean_return'"),
        ("# only a comment\n", "ref.csv: empty; expected the header 'environment,algorithm,label,env_step,mean_return'"),
    ])
    func refusesBadFilesInOneLine(text: String, message: String) {
        #expect(throws: ReportError.self) { try ReferenceCurves(csv: text, path: "ref.csv") }
        do { _ = try ReferenceCurves(csv: text, path: "ref.csv") } catch { #expect(error.description == message) }
    }

    @Test func curvesAreDrawnDashedInTheirEnvironmentsPanelUpToTheRunsLastStep() throws {
        let runs = try FakeRuns()
        defer { runs.remove() }
        let directory = try runs.run("quad", environment: "quadrotor", progress: FakeRuns.sacProgress(returns: [-900, -500, -400]))
        var request = ReportRequest(mdp: .paperToy, mdpSource: "built-in toy twin", runDirectories: [directory])
        request.referenceCurves = try ReferenceCurves(csv: Self.file, path: "ref.csv")
        let html = try ReportBuilder.html(request)
        #expect(html.contains("published SAC"))
        #expect(!html.contains("published PPO"), "no PPO runs and no vehicle runs, so neither PPO curve")
        #expect(html.contains("Dashed: published mean test returns from the reference file (published SAC)"))
        #expect(html.contains("stroke-dasharray"))
        // The runs end at step 2000: the curve keeps 0, 1000, 2000 and the next point (5000) so that it
        // spans the runs' range, and nothing after.
        let curves = LearningCurves(runs: [try RunRecord(directory: directory)], references: request.referenceCurves)
        let drawn = curves.publishedCurves(in: "quadrotor", upTo: curves.groups)
        #expect(drawn.map(\.label) == ["published SAC"])
        #expect(drawn[0].points.map(\.x) == [0, 1000, 2000, 5000])
        #expect(curves.returnFigures.count == 1, "a reference curve alone opens no panel")
    }
}
