import Arithmetic
import FiniteMDP
import Twins

/// How the continuous actions a ∈ [−1, 1] of a deep-RL environment map onto the discrete actions
/// of its tabular twin, state by state (docs/theory.md §5).
///
/// The tabular twin gives each discrete action the measure μ(s, a) = the length of the set of
/// continuous actions that take it, so that α log Σ_a μ(s,a) e^{Q_α(s,a)/α} = α log ∫ e^{Q_α(s,a)/α} da:
/// the tabular soft value is the continuous one with entropy measured against Lebesgue measure
/// on [−1, 1], and the soft Q of a continuous action is Q_α(s, a) of the piece it falls in.
public struct ContinuousActionLayout: Sendable {
    /// A piece of the action interval that behaves like one discrete action: an interval with the
    /// exact end rules of a twin's layout (``TwinLayout/Interval``).
    public struct Piece: Sendable, Equatable {
        public var action: String
        public var interval: TwinLayout.Interval

        public init(action: String, interval: TwinLayout.Interval) {
            self.action = action
            self.interval = interval
        }

        public var length: Rational { interval.length }

        /// Whether the piece holds `a`, compared exactly (the double 0.1 lies above 1/10, as in the
        /// environment's own test `a < 0.1`).
        public func contains(_ a: Double) -> Bool {
            a.isFinite && interval.contains(Rational(exactly: a))
        }
    }

    /// The pieces of each state's action interval, by state name, in increasing order.
    public let pieces: [String: [Piece]]

    public init(pieces: [String: [Piece]]) {
        self.pieces = pieces.mapValues { $0.sorted { $0.interval.lower < $1.interval.lower } }
    }

    /// The paper's toy task: at s0, a ≤ 0 goes left (to s1) and a > 0 right (to s2); at s1,
    /// |a| < 0.1 is the precise action and everything else imprecise; at s2 every action is "any".
    public static let paperToy: ContinuousActionLayout = {
        let tenth = Rational(1, 10), one = Rational.one
        func piece(_ action: String, _ lower: Rational, _ upper: Rational, _ includesLower: Bool, _ includesUpper: Bool) -> Piece {
            Piece(action: action, interval: .init(lower: lower, upper: upper, includesLower: includesLower, includesUpper: includesUpper))
        }
        return ContinuousActionLayout(pieces: [
            "s0": [piece("left", -one, .zero, true, true), piece("right", .zero, one, false, true)],
            "s1": [piece("imprecise", -one, -tenth, true, true), piece("precise", -tenth, tenth, false, false),
                   piece("imprecise", tenth, one, true, true)],
            "s2": [piece("any", -one, one, true, true)],
        ])
    }()

    /// The discrete action a continuous action takes at `state`, if the layout covers it.
    public func action(at a: Double, state: String) -> String? {
        pieces[state]?.first { $0.contains(a) }?.action
    }

    /// Why the layout does not fit `mdp` (a missing state or action, or an action whose pieces'
    /// total length differs from its measure μ); empty when it fits exactly.
    public func mismatches(with mdp: MDP) -> [String] {
        var problems: [String] = []
        for (stateName, statePieces) in pieces.sorted(by: { $0.key < $1.key }) {
            guard let index = mdp.stateIndex(named: stateName) else {
                problems.append("the MDP has no state \"\(stateName)\"")
                continue
            }
            let actions = mdp.states[index].actions
            for action in actions {
                let length = statePieces.filter { $0.action == action.name }.map(\.length).sum()
                if length != action.measure {
                    problems.append("\(stateName)/\(action.name): continuous actions of total length \(length), but measure \(action.measure)")
                }
            }
            for piece in statePieces where !actions.contains(where: { $0.name == piece.action }) {
                problems.append("the MDP's state \"\(stateName)\" has no action \"\(piece.action)\"")
            }
        }
        return problems
    }
}
