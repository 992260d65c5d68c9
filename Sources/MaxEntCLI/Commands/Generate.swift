import ArgumentParser
import Arithmetic
import FiniteMDP

/// `maxent generate`: a random sparse MDP for tests and benchmarks, reproducible from its seed.
struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a random sparse MDP (maxent-mdp/1), reproducible from its seed.",
        discussion: """
            The last tenth of the states are terminal; every other state gets exactly --actions actions, \
            each with --successors random successors. With --gamma 1 the last state is the terminal state \
            "done", which every action reaches with probability 1/10, so every policy terminates.
            """
    )

    @Option(help: "Number of states (at least 1).")
    var states: Int

    @Option(help: "Actions of every non-terminal state (at least 1).")
    var actions: Int

    @Option(help: "Distinct random successors of every action (at least 1; capped at the number of states).")
    var successors: Int

    @Option(help: "Discount factor in [0, 1], an exact rational such as 9/10 or 0.99.")
    var gamma: String

    @Option(help: "Random seed (0 to 2^64 - 1); the same seed gives the same MDP on every platform.")
    var seed: UInt64

    @Option(help: "Output file, written atomically (default: standard output).")
    var output: String?

    func run() throws {
        for (flag, value) in [("--states", states), ("--actions", actions), ("--successors", successors)] where value < 1 {
            throw InputError("\(flag) must be at least 1, got \(value)")
        }
        let discount: Rational
        do {
            discount = try Rational(parsing: gamma)
        } catch {
            throw InputError("--gamma: \(error)")
        }
        guard discount.signum >= 0, discount <= .one else {
            throw InputError("--gamma must be in [0, 1], got \(discount)")
        }
        let text = MDPGenerator.random(states: states, actions: actions, successors: successors, gamma: discount, seed: seed).jsonText()
        guard let output else {
            print(text, terminator: "")
            return
        }
        do {
            try writeFileAtomically(text, to: output)
        } catch {
            throw Failure(error.description)
        }
    }
}
