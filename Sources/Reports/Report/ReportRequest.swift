import Analysis
import Arithmetic
import FiniteMDP

/// What a report covers: a finite MDP for the exact analyses, and training runs for the deep side.
public struct ReportRequest: Sendable {
    public var title = "MaxEnt workbench report"
    public var mdp: MDP
    /// Where the MDP came from, as the report should name it (a file path, or the built-in toy twin).
    public var mdpSource: String
    /// The state whose policy the report examines (the MDP's initial state by default).
    public var state: Int
    /// Run directories of `maxent train` (already found; see `RunDiscovery`).
    public var runDirectories: [String]
    /// Published learning curves drawn beside the runs of their environment.
    public var referenceCurves = ReferenceCurves()
    /// The temperatures swept for the probability curve and searched for critical temperatures.
    public var temperatureRange = Rational(1, 100)...Rational(100)
    /// Temperatures of the exact soft-Q landscapes (the fixed α of toy runs are added to these).
    public var landscapeAlphas = [Rational(1, 5), Rational(1)]
    /// The temperature of the bifurcation example.
    public var bifurcationAlpha = Rational(1, 5)
    /// The bifurcation target at `state`; nil for 1/5 on the standard-optimal actions and 4/5 on
    /// the rest (the README's example: left 1/5, right 4/5 on the toy). A given target that the
    /// construction refuses makes the report fail; a refused default only adds a note.
    public var bifurcationTarget: [Rational]?
    /// Whether the user named the MDP (`--mdp`); otherwise `mdp` is the default toy twin, whose
    /// tabular sections appear only beside toy runs (or when there are no runs).
    public var mdpIsExplicit = false
    /// The width bound of every enclosure.
    public var tolerance = Rational(1) / Rational(10).power(30)
    /// How continuous actions map onto the MDP's actions, for the Q-landscapes; used only when it
    /// fits the MDP exactly.
    public var layout = ContinuousActionLayout.paperToy

    public init(mdp: MDP, mdpSource: String, state: Int? = nil, runDirectories: [String] = []) {
        self.mdp = mdp
        self.mdpSource = mdpSource
        self.state = state ?? mdp.initialState
        self.runDirectories = runDirectories
    }
}
