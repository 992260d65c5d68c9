import Arithmetic
import FiniteMDP
import PropertyBased

/// Random MDPs whose numbers come from the extreme ends of what a valid file may hold: rewards
/// up to ±10¹², measures 10^±300, probabilities 10⁻⁵⁰ and 1 − 10⁻⁵⁰, temperatures 10⁻⁹ … 10⁹,
/// and γ ∈ {9/10, 1 − 10⁻⁹, 1} with rare termination. Small (2–4 states) so that a few hundred
/// cases cost a few seconds.
struct ExtremeCase: CustomStringConvertible {
    let mdp: MDP
    let alpha: Rational
    /// True when every transition goes to the same state or a later one (self-loops allowed).
    let isForward: Bool

    var description: String {
        "α = \(alpha), γ = \(mdp.gamma), forward = \(isForward), MDP = \(mdp.jsonText())"
    }
}

/// SplitMix64, so that one generated seed fixes a whole case.
private struct CaseRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

private func power10(_ exponent: Int) -> Rational {
    exponent >= 0 ? Rational(10).power(exponent) : Rational.one / Rational(10).power(-exponent)
}

private let tinyProbability = power10(-50)

extension ExtremeCase {
    /// Forward MDPs (acyclic apart from self-loops) at any γ, including γ = 1 with a self-loop
    /// that terminates with probability 10⁻¹² or 10⁻⁵⁰.
    static let forward = Gen.int(in: 0...Int(Int32.max)).map { seed in make(seed: UInt64(seed), forward: true) }
    /// Cyclic MDPs (any successor) with γ ∈ {9/10, 1 − 10⁻⁹}.
    static let cyclic = Gen.int(in: 0...Int(Int32.max)).map { seed in make(seed: UInt64(seed), forward: false) }

    static func make(seed: UInt64, forward: Bool) -> ExtremeCase {
        var random = CaseRandom(state: seed)
        let stateCount = 2 + random.below(3)
        let gamma = forward
            ? random.pick([Rational(9, 10), Rational.one - power10(-9), Rational.one])
            : random.pick([Rational(9, 10), Rational.one - power10(-9)])
        func reward() -> Rational {
            let magnitude = Rational(1 + random.below(9)) * power10(random.below(13))
            return random.pick([magnitude, -magnitude, .zero, Rational(1, 3)])
        }
        func measure() -> Rational {
            random.pick([Rational.one, power10(random.below(601) - 300), power10(-300), power10(300)])
        }
        var states: [MDP.State] = []
        for index in 0..<stateCount - 1 {
            var actions: [MDP.Action] = []
            for actionIndex in 0..<(1 + random.below(3)) {
                // Successors: for forward cases this state (a self-loop) and later ones, else any state.
                let pool = forward ? Array(index..<stateCount) : Array(0..<stateCount)
                let first = random.pick(pool)
                var second = random.pick(pool)
                if second == first { second = stateCount - 1 == first ? index : stateCount - 1 }
                // The split between two successors: even, extreme either way, or rare termination.
                let split = random.pick([Rational(1, 2), tinyProbability, Rational.one - tinyProbability,
                                         Rational.one - power10(-12), Rational.one])
                var transitions = [MDP.Transition(target: first, probability: split)]
                if split != .one { transitions.append(MDP.Transition(target: second, probability: Rational.one - split)) }
                // γ = 1 needs every policy to terminate: no certain self-loop, and in forward cases
                // the last transition of a self-looping action leaves the state.
                if forward, transitions.allSatisfy({ $0.target == index }) {
                    transitions = [MDP.Transition(target: stateCount - 1, probability: .one)]
                }
                actions.append(MDP.Action(name: "a\(actionIndex)", measure: measure(), reward: reward(), transitions: transitions))
            }
            states.append(MDP.State(name: "s\(index)", actions: actions))
        }
        states.append(MDP.State(name: "end"))
        let alpha = random.pick([power10(random.below(19) - 9), power10(-9), power10(9), Rational(1, 1000)])
        return ExtremeCase(mdp: MDP(gamma: gamma, states: states), alpha: alpha, isForward: forward)
    }
}
