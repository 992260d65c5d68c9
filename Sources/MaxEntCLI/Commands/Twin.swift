import ArgumentParser
import Arithmetic
import FiniteMDP
import Twins

/// How `--env` names the deep twin of an MDP file, for help texts.
let twinEnvironmentSyntax = "mdp:FILE[,layout=LAYOUT][,steps=N] (the deep twin of an MDP file; see maxent twin --help)"

/// `maxent twin`: the deep twin of an MDP file, its action layout and its exact counterpart.
struct Twin: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the deep twin of an MDP file (--env mdp:FILE) and write its exact counterpart MDP.",
        discussion: """
            The deep twin of a maxent-mdp/1 file is a continuous-control task: the observation is the one-hot \
            of the state index (file order), the action is one number, clipped to [-1, 1]. At each non-terminal \
            state every action owns part of [-1, 1]; by default the actions, in file order, own consecutive \
            intervals from -1 upward of length 2·μ(a)/Σ_b μ(b), each closed at its lower end and open at its \
            upper end except the last, which includes 1. A step pays the owning action's reward, samples the \
            successor from its distribution with the twin's seeded generator, and terminates on entering a \
            terminal state; steps=N truncates longer episodes (default: none when every path ends, 1000 when \
            a cycle is reachable). Learners train with the file's γ unless --gamma says otherwise.

            --layout FILE gives some states explicit intervals (maxent-twin-layout/1), e.g. the toy's window: \
            {"format": "maxent-twin-layout/1", "states": {"s1": {"precise": "(-1/10, 1/10)", \
            "imprecise": ["[-1, -1/10]", "[1/10, 1]"]}}}. Each listed state must give every action at least one \
            interval, and together they must cover [-1, 1] without overlap (exact rational ends; [ ] include an \
            end, ( ) exclude it). With examples/toy-layout.json the twin of examples/toy.json steps exactly as \
            the toy environment.

            The counterpart is the finite MDP whose soft objective equals the twin's continuous one: each \
            action's measure becomes the length of the set it owns. A continuous policy's entropy is \
            measured against Lebesgue measure on the fixed box [-1, 1], whose total is 2 at every state, so \
            the twin of a file whose measures at a state sum to c ≠ 2 is a different soft problem: there \
            V_α(s) = α log Σ μ e^{Q/α} carries an extra α log(c/2) that the twin does not have (see \
            docs/theory.md §1, §3). The counterpart equals the file exactly when every non-terminal state's \
            measures sum to 2 and, under an explicit layout, each action owns a set of length μ(a). Compare a \
            deep run on the twin with the counterpart, never with the file.
            """)

    @Argument(help: ArgumentHelp("An MDP file in maxent-mdp/1 format.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("Explicit intervals for some states (maxent-twin-layout/1).", valueName: "file"))
    var layout: String?

    @Option(help: "Truncate episodes after this many steps.")
    var steps: Int?

    @Option(help: ArgumentHelp("Write the exact counterpart MDP here (maxent-mdp/1, atomically).", valueName: "file"))
    var counterpart: String?

    func run() throws {
        let mdp = try loadMDP(file)
        let name = TwinName(mdpPath: file, layoutPath: layout, stepLimit: steps)
        let twin: DeepTwin
        do { twin = try name.load() } catch { throw InputError(error.description) }
        let exact = twin.counterpart
        print("Deep twin of \(file): \(mdp.states.count) states, γ = \(mdp.gamma), one action in [-1, 1]")
        print("  --env \(name.environmentName)")
        print("  episodes: at most \(twin.longestEpisode) steps" + (twin.stepLimit.map { ", truncated after \($0)" } ?? ", every path ends"))
        print("")
        print("state\taction\towns\tlength = counterpart measure\tfile measure")
        for (index, state) in mdp.states.enumerated() where !state.isTerminal {
            for (actionIndex, action) in state.actions.enumerated() {
                let owned = twin.layout.intervals[index][actionIndex].map(\.description).joined(separator: " ∪ ")
                print("\(state.name)\t\(action.name)\t\(owned)\t\(twin.layout.length(state: index, action: actionIndex))\t\(action.measure)")
            }
        }
        print("")
        let differing = mdp.states.indices.filter { index in
            zip(mdp.states[index].actions, exact.states[index].actions).contains { $0.measure != $1.measure }
        }
        if differing.isEmpty {
            print("The counterpart is the file itself: every action owns a set of length μ(a).")
        } else {
            let names = differing.prefix(5).map { mdp.states[$0].name }.joined(separator: ", ")
            print("The counterpart differs from the file at \(differing.count) state(s) (\(names)\(differing.count > 5 ? ", …" : "")): "
                + "the twin's soft objective is the counterpart's, not the file's.")
        }
        if let counterpart {
            do { try writeFileAtomically(exact.jsonText(), to: counterpart) } catch { throw Failure("--counterpart: \(error)") }
            print("wrote \(counterpart)")
        }
    }
}
