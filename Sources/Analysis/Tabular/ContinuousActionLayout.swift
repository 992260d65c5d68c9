import Arithmetic
import FiniteMDP

/// How the continuous actions a ∈ [−1, 1] of a deep-RL environment map onto the discrete actions
/// of its tabular twin, state by state (docs/theory.md §5).
///
/// The tabular twin gives each discrete action the measure μ(s, a) = the length of the set of
/// continuous actions that take it, so that α log Σ_a μ(s,a) e^{Q_α(s,a)/α} = α log ∫ e^{Q_α(s,a)/α} da:
/// the tabular soft value is the continuous one with entropy measured against Lebesgue measure
/// on [−1, 1], and the soft Q of a continuous action is Q_α(s, a) of the piece it falls in.
public struct ContinuousActionLayout: Sendable {
    /// A piece of the action interval that behaves like one discrete action.
    public struct Piece: Sendable, Equatable {
        public var action: String
        public var lower: Rational
        public var upper: Rational
        public var includesLower: Bool
        public var includesUpper: Bool

        public init(action: String, lower: Rational, upper: Rational, includesLower: Bool, includesUpper: Bool) {
            self.action = action
            self.lower = lower
            self.upper = upper
            self.includesLower = includesLower
            self.includesUpper = includesUpper
        }

        public var length: Rational { upper - lower }

        /// Whether the piece holds `a`, compared exactly (the double 0.1 lies above 1/10, as in the
        /// environment's own test `a < 0.1`).
        public func contains(_ a: Double) -> Bool {
            guard a.isFinite else { return false }
            let value = Rational(exactly: a)
            return (includesLower ? value >= lower : value > lower) && (includesUpper ? value <= upper : value < upper)
        }
    }

    /// The pieces of each state's action interval, by state name, in increasing order.
    public let pieces: [String: [Piece]]

    public init(pieces: [String: [Piece]]) {
        self.pieces = pieces.mapValues { $0.sorted { $0.lower < $1.lower } }
    }

    /// The paper's toy task: at s0, a ≤ 0 goes left (to s1) and a > 0 right (to s2); at s1,
    /// |a| < 0.1 is the precise action and everything else imprecise; at s2 every action is "any".
    public static let paperToy: ContinuousActionLayout = {
        let tenth = Rational(1, 10), one = Rational.one
        return ContinuousActionLayout(pieces: [
            "s0": [
                Piece(action: "left", lower: -one, upper: .zero, includesLower: true, includesUpper: true),
                Piece(action: "right", lower: .zero, upper: one, includesLower: false, includesUpper: true),
            ],
            "s1": [
                Piece(action: "imprecise", lower: -one, upper: -tenth, includesLower: true, includesUpper: true),
                Piece(action: "precise", lower: -tenth, upper: tenth, includesLower: false, includesUpper: false),
                Piece(action: "imprecise", lower: tenth, upper: one, includesLower: true, includesUpper: true),
            ],
            "s2": [Piece(action: "any", lower: -one, upper: one, includesLower: true, includesUpper: true)],
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
