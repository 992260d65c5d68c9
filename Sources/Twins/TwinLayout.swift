import Arithmetic
import FiniteMDP

/// Which part of the action interval [−1, 1] each action owns, state by state: the layout of an
/// MDP's deep twin.
///
/// At every non-terminal state the intervals of the state's actions partition [−1, 1] exactly
/// (no overlap, no gap, ends compared as exact rationals). The soft objective of the twin, with
/// entropy measured against Lebesgue measure on [−1, 1], is then the soft objective of the finite
/// MDP whose action measures are the lengths of the owned sets (``counterpart(of:)``): an optimal
/// density is constant on each owned set, and `α log ∫ e^{Q(s,a)/α} da = α log Σ_a ℓ(s,a) e^{Q(s,a)/α}`
/// (docs/theory.md §1, §3).
public struct TwinLayout: Sendable, Equatable {
    /// An interval with exact rational ends, each included or not.
    public struct Interval: Sendable, Equatable, CustomStringConvertible {
        public var lower: Rational
        public var upper: Rational
        public var includesLower: Bool
        public var includesUpper: Bool

        public init(lower: Rational, upper: Rational, includesLower: Bool, includesUpper: Bool) {
            self.lower = lower
            self.upper = upper
            self.includesLower = includesLower
            self.includesUpper = includesUpper
        }

        /// upper − lower.
        public var length: Rational { upper - lower }

        /// Whether the interval holds `value`, compared exactly.
        public func contains(_ value: Rational) -> Bool {
            (includesLower ? value >= lower : value > lower) && (includesUpper ? value <= upper : value < upper)
        }

        /// `[-1, 1/10)` and the like.
        public var description: String {
            "\(includesLower ? "[" : "(")\(lower), \(upper)\(includesUpper ? "]" : ")")"
        }
    }

    /// `intervals[s][a]`: the intervals action a of state s owns (empty lists for terminal states).
    public let intervals: [[[Interval]]]

    /// A layout from explicit intervals; ``validate(for:)`` checks it against an MDP.
    public init(intervals: [[[Interval]]]) {
        self.intervals = intervals
    }

    /// The default layout: at each non-terminal state the actions, in file order, own consecutive
    /// intervals from −1 upward of lengths 2·μ(a)/Σ_b μ(b), each closed at its lower end and open at
    /// its upper end except the last, which includes 1.
    public static func standard(for mdp: MDP) -> TwinLayout {
        TwinLayout(intervals: mdp.states.map { state in
            let total = state.actions.map(\.measure).sum()
            var lower = Rational(-1)
            return state.actions.enumerated().map { index, action in
                let isLast = index == state.actions.count - 1
                let upper = isLast ? Rational(1) : lower + Rational(2) * action.measure / total
                defer { lower = upper }
                return [Interval(lower: lower, upper: upper, includesLower: true, includesUpper: isLast)]
            }
        })
    }

    /// The intervals of one state sorted by position, each with the index of the action owning it.
    public func cells(ofState state: Int) -> [(interval: Interval, action: Int)] {
        intervals[state].enumerated()
            .flatMap { action, owned in owned.map { (interval: $0, action: action) } }
            .sorted { ($0.interval.lower, $0.interval.includesLower ? 0 : 1) < ($1.interval.lower, $1.interval.includesLower ? 0 : 1) }
    }

    /// The total length of the intervals action `action` of `state` owns: its measure in the counterpart.
    public func length(state: Int, action: Int) -> Rational {
        intervals[state][action].map(\.length).sum()
    }

    /// Why the layout is not a partition of [−1, 1] at some state of `mdp`, in one line naming the
    /// state; nil when it is valid.
    public func problem(for mdp: MDP) -> String? {
        guard intervals.count == mdp.states.count else {
            return "the layout covers \(intervals.count) states, the MDP has \(mdp.states.count)"
        }
        for (index, state) in mdp.states.enumerated() {
            guard intervals[index].count == state.actions.count else {
                return "state \"\(state.name)\": the layout has \(intervals[index].count) actions, the MDP \(state.actions.count)"
            }
            if let problem = partitionProblem(state: index, actionNames: state.actions.map(\.name)) {
                return "state \"\(state.name)\": \(problem)"
            }
        }
        return nil
    }

    /// Why the intervals of `state` do not partition [−1, 1] exactly; nil when they do.
    func partitionProblem(state: Int, actionNames: [String]) -> String? {
        for (action, owned) in intervals[state].enumerated() {
            if owned.isEmpty { return "action \"\(actionNames[action])\" owns no interval" }
            for interval in owned {
                guard interval.lower < interval.upper else {
                    return "interval \(interval) of \"\(actionNames[action])\" is empty or a point"
                }
                guard interval.lower >= -1, interval.upper <= 1 else {
                    return "interval \(interval) of \"\(actionNames[action])\" reaches outside [-1, 1]"
                }
            }
        }
        let cells = cells(ofState: state)
        guard let first = cells.first else { return nil }
        func label(_ cell: (interval: Interval, action: Int)) -> String { "\(cell.interval) (\(actionNames[cell.action]))" }
        if first.interval.lower != -1 || !first.interval.includesLower {
            return "the intervals leave a gap at -1: the first one is \(label(first))"
        }
        for (previous, next) in zip(cells, cells.dropFirst()) {
            let meeting = next.interval.lower
            if meeting < previous.interval.upper || (meeting == previous.interval.upper && previous.interval.includesUpper && next.interval.includesLower) {
                return "intervals \(label(previous)) and \(label(next)) overlap"
            }
            if meeting > previous.interval.upper || (!previous.interval.includesUpper && !next.interval.includesLower) {
                return "intervals \(label(previous)) and \(label(next)) leave a gap between them"
            }
        }
        let last = cells[cells.count - 1]
        if last.interval.upper != 1 || !last.interval.includesUpper {
            return "the intervals leave a gap at 1: the last one is \(label(last))"
        }
        return nil
    }

    /// The finite MDP whose soft objective equals the twin's continuous one: `mdp` with every
    /// action's measure replaced by the length of the intervals it owns. Under the default layout
    /// that is 2·μ(a)/Σ_b μ(b), so the counterpart is `mdp` itself exactly when the measures of
    /// every non-terminal state sum to 2.
    public func counterpart(of mdp: MDP) -> MDP {
        var result = mdp
        for state in result.states.indices {
            for action in result.states[state].actions.indices {
                result.states[state].actions[action].measure = length(state: state, action: action)
            }
        }
        return result
    }
}
