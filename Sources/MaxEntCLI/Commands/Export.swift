import ArgumentParser
import FiniteMDP

/// `maxent export`: an MDP file as a model for the probabilistic model checkers PRISM and Storm,
/// so that our exact values can be compared with theirs.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export an MDP for PRISM or Storm; Rmax=? [F \"done\"] at the initial state equals V*.",
        discussion: """
            Give exactly one of --prism and --drn. For gamma < 1 the discount becomes a stop probability of 1 - gamma per step, so the maximal \
            expected total reward until "done" equals the optimal discounted value. Numbers stay exact rationals.
            """
    )

    enum Format: String, EnumerableFlag {
        case prism
        case drn

        static func help(for value: Format) -> ArgumentHelp? {
            switch value {
            case .prism: "Write a PRISM mdp model."
            case .drn: "Write Storm's explicit DRN format."
            }
        }
    }

    @Flag var format: Format

    @Argument(help: "The MDP file (maxent-mdp/1).")
    var file: String

    @Argument(help: "The output file, written atomically.")
    var out: String

    func run() throws {
        let mdp: MDP
        do {
            mdp = try MDP(contentsOfFile: file)
        } catch {
            throw InputError("\(file): \(error)")
        }
        let text = switch format {
        case .prism: mdp.prismText()
        case .drn: mdp.drnText()
        }
        do {
            try writeFileAtomically(text, to: out)
        } catch {
            throw Failure(error.description)
        }
    }
}
