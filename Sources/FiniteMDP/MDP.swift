import Arithmetic
import JSON

/// A finite Markov decision process with exact rational data and action measures
/// (docs/theory.md §1).
///
/// `MDP` is a plain value: solvers take it and return results; it never knows how it is solved.
/// States are addressed by index; names are kept for files and printouts. A state with no actions
/// is terminal (absorbing, value 0). Validation of user input happens when an MDP is read from a
/// file (`MDP(json:)`); programmatic construction is checked by `validate()`.
public struct MDP: Sendable, Equatable {
    /// One transition `P(target | s, a) = probability`.
    public struct Transition: Sendable, Equatable {
        public var target: Int
        public var probability: Rational
        public init(target: Int, probability: Rational) {
            self.target = target
            self.probability = probability
        }
    }

    /// An action with its measure μ(s,a) > 0 (default 1), expected reward r(s,a) and
    /// transition distribution (probabilities > 0 summing to exactly 1).
    public struct Action: Sendable, Equatable {
        public var name: String
        public var measure: Rational
        public var reward: Rational
        public var transitions: [Transition]
        public init(name: String, measure: Rational = .one, reward: Rational, transitions: [Transition]) {
            self.name = name
            self.measure = measure
            self.reward = reward
            self.transitions = transitions
        }
    }

    /// A state; terminal when it has no actions.
    public struct State: Sendable, Equatable {
        public var name: String
        public var actions: [Action]
        public var isTerminal: Bool { actions.isEmpty }
        public init(name: String, actions: [Action] = []) {
            self.name = name
            self.actions = actions
        }
    }

    /// Discount factor γ ∈ [0, 1].
    public var gamma: Rational
    public var states: [State]
    /// Index of the initial state (the first state unless the file says otherwise).
    public var initialState: Int
    /// The file's top-level `"meta"` object, carried through untouched (generators and
    /// `bifurcate` record their parameters there).
    public var meta: JSONValue?

    public init(gamma: Rational, states: [State], initialState: Int = 0, meta: JSONValue? = nil) {
        self.gamma = gamma
        self.states = states
        self.initialState = initialState
        self.meta = meta
    }

    /// Index of the state called `name`, if any.
    public func stateIndex(named name: String) -> Int? {
        states.firstIndex { $0.name == name }
    }

    /// The largest number of actions of any state.
    public var maximumActionCount: Int { states.map(\.actions.count).max() ?? 0 }
}
