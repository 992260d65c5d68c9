import Analysis
import ArgumentParser
import Arithmetic
import FiniteMDP
import Reports

/// `maxent report`: one self-contained HTML page setting the exact tabular answers beside deep runs.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an HTML report: exact MaxEnt analysis of an MDP beside the learning curves of training runs.",
        discussion: """
            The report holds, for the MDP (default: the built-in toy twin, examples/toy.json) at --state: the \
            certified MaxEnt-optimal probability of the standard-optimal actions against α and the certified \
            critical temperatures α*; the exact plain and soft Q over the continuous action (toy layout); the \
            entropic bifurcation extension with its before/after policies; and, for the run directories given \
            (a directory holding runs is searched for them), the test-return curves across seeds with 95% \
            confidence bands and SAC-AdaEnt's surrogate rate and α. Toy runs with a checkpoint are set beside the \
            exact answer (their learned probability of the standard-optimal action at their α, their critics over \
            the exact Q-landscapes); runs on deep twins (--env mdp:FILE) are set beside their own twin's exact \
            counterpart, state by state with total-variation distances, and beside the best policy of SAC's \
            squashed-Gaussian class. The MDP's own analysis appears with toy runs, with --mdp, or when no runs are \
            given; runs on other tasks get the deep sections only, their critics drawn over their action space. \
            Runs are read from their files: config.json, progress.csv and the latest checkpoint.bin. The page is one \
            file with inline SVG and CSS: no scripts, no network.
            """)

    @Argument(help: ArgumentHelp("Run directories of maxent train, or directories holding them.", valueName: "run-dir"))
    var runs: [String] = []

    @Option(help: ArgumentHelp("An MDP file in maxent-mdp/1 format (default: the built-in toy twin).", valueName: "file"))
    var mdp: String?

    @Option(help: "The state to examine (default: the initial state).")
    var state: String?

    @Option(help: ArgumentHelp("Temperature range of the α sweep, as 'lo,hi' (exact rationals).", valueName: "lo,hi"))
    var alphaRange: String = "1/100,100"

    @Option(help: ArgumentHelp("Temperature of the bifurcation example.", valueName: "α"))
    var bifurcationAlpha: Rational = Rational(1, 5)

    @Option(help: ArgumentHelp("Bifurcation target at --state, one probability per action (default: 1/5 on the standard-optimal actions, 4/5 on the rest).", valueName: "p1,p2,…"))
    var target: String?

    @Option(help: "Largest allowed width of every certified enclosure.")
    var tolerance: Rational = Rational(1) / Rational(10).power(30)

    @Option(help: ArgumentHelp("Published learning curves to draw, dashed, beside the runs of the same environment: CSV with the header 'environment,algorithm,label,env_step,mean_return', drawn where runs of that environment and algorithm are ('#' lines are comments).", valueName: "file"))
    var referenceCurves: String?

    @Option(help: ArgumentHelp("The HTML file to write (atomically).", valueName: "file"))
    var out: String

    func validate() throws {
        _ = try parsedRange()
        if bifurcationAlpha.signum <= 0 { throw ValidationError("--bifurcation-alpha must be positive") }
        if tolerance.signum <= 0 { throw ValidationError("--tolerance must be positive") }
        if out.isEmpty { throw ValidationError("--out must name a file") }
    }

    func parsedRange() throws(ValidationError) -> ClosedRange<Rational> {
        let parts = alphaRange.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let low = Rational(argument: parts[0]), let high = Rational(argument: parts[1]),
              low.signum > 0, low < high else {
            throw ValidationError("--alpha-range must be 'lo,hi' with exact rationals 0 < lo < hi, got '\(alphaRange)'")
        }
        return low...high
    }

    func run() throws {
        let model = try mdp.map(loadMDP) ?? MDP.paperToy
        let source = mdp ?? "built-in toy twin (examples/toy.json)"
        let index = try resolveState(state, in: model)
        guard !model.states[index].isTerminal else {
            throw InputError("--state: \"\(model.states[index].name)\" is terminal, so it has no policy to report on")
        }
        var request = ReportRequest(mdp: model, mdpSource: source, state: index)
        request.mdpIsExplicit = mdp != nil
        request.temperatureRange = try parsedRange()
        request.bifurcationAlpha = bifurcationAlpha
        request.tolerance = tolerance
        if let target {
            let values = target.split(separator: ",", omittingEmptySubsequences: false).map { Rational(argument: String($0)) }
            guard values.allSatisfy({ $0 != nil }) else { throw InputError("--target must be exact rationals separated by commas, got '\(target)'") }
            request.bifurcationTarget = values.map { $0! }
        }
        let report: ReportBuilder.Report
        do {
            request.runDirectories = try RunDiscovery.runDirectories(runs)
            if let referenceCurves { request.referenceCurves = try ReferenceCurves(contentsOfFile: referenceCurves) }
            report = try ReportBuilder.build(request)
        } catch {
            throw InputError(error.description)
        }
        do {
            try writeFileAtomically(report.html, to: out)
        } catch {
            throw InputError("--out: \(error)")
        }
        print("wrote \(out): \(request.runDirectories.count) run(s)" + (report.analysesMDP ? ", MDP \(source)" : "; the MDP's own analysis is left out (no toy runs, no --mdp)"))
    }
}
