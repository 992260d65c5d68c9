import Arithmetic
import FiniteMDP
import Plotting
import Solvers

/// The exact plain Q* and soft Q_α of one state as functions of the continuous action: piecewise
/// constant, each piece carrying the value of the discrete action it maps to (docs/theory.md §5).
public struct ExactActionLandscape: Sendable {
    /// One piece of the action interval with its exact values.
    public struct Piece: Sendable {
        public let piece: ContinuousActionLayout.Piece
        /// Q*(s, a), exact.
        public let plainQ: Rational
        /// Enclosures of Q_α(s, a), one per temperature of `alphas`.
        public let softQ: [Ball]
    }

    public let stateName: String
    public let alphas: [Rational]
    public let pieces: [Piece]

    /// The landscape of `state` from the standard solution and one soft solution per α.
    public init(
        mdp: MDP, layout: ContinuousActionLayout, state stateName: String, standard: StandardSolution, soft: [SoftSolution]
    ) throws(ReportError) {
        guard let state = mdp.stateIndex(named: stateName), let layoutPieces = layout.pieces[stateName] else {
            throw ReportError("no continuous-action layout for state \"\(stateName)\"")
        }
        let actions = mdp.states[state].actions
        self.stateName = stateName
        alphas = soft.map(\.alpha)
        pieces = try layoutPieces.map { piece throws(ReportError) in
            guard let action = actions.firstIndex(where: { $0.name == piece.action }) else {
                throw ReportError("state \"\(stateName)\" has no action \"\(piece.action)\"")
            }
            return Piece(piece: piece, plainQ: standard.qValues[state][action], softQ: soft.map { $0.qValues[state][action] })
        }
    }

    /// The plain Q* as a step function.
    public var plainSteps: [StepSegment] {
        pieces.map { segment($0.piece, value: $0.plainQ.doubleValue) }
    }

    /// The soft Q_α at the `index`-th temperature as a step function (ball midpoints: the
    /// enclosures are far narrower than a pixel).
    public func softSteps(_ index: Int) -> [StepSegment] {
        pieces.map { segment($0.piece, value: $0.softQ[index].midpointDouble) }
    }

    private func segment(_ piece: ContinuousActionLayout.Piece, value: Double) -> StepSegment {
        let interval = piece.interval
        return StepSegment(lower: interval.lower.nearestDouble, upper: interval.upper.nearestDouble, value: value,
                           includesLower: interval.includesLower, includesUpper: interval.includesUpper)
    }
}
