import ArgumentParser
import Arithmetic
import Bifurcation
import FiniteMDP
import Foundation
import Solvers

/// `bifurcate` (also `maxent bifurcate`): steer the MaxEnt-optimal policy at a state to a target
/// while the standard optimal policy stays exactly as it was.
public struct BifurcateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "bifurcate",
        abstract: "Build the entropic bifurcation extension M̂ = Bif(M, s, p) and verify it.",
        discussion: """
            Every action a of s is routed through a new 'mediocre' state m_a that can continue as a did \
            (measure n1) or bail to a terminal failure state (measure n2, reward r_T). The standard optimum \
            of M is kept exactly — r_T(a) ≤ W_a for standard-optimal a, r_T(a) < (V*(s) − r(s,a))/γ for \
            the others (the exact condition; --conservative demands r_T(a) < W_a for every a) — while the \
            MaxEnt-optimal policy at s becomes the target p (docs/theory.md §4). The default n2 are the \
            smallest integers the rule admits for any boundary value K. Both claims are then verified from \
            the stored M̂ alone: (i) exactly, in rationals; (ii) with certified enclosures of width below ε.
            """)

    @Option(help: "Target distribution p over the actions of the state, comma-separated exact rationals summing to 1.")
    var target: String

    @Option(help: "The MDP file (default: the built-in toy twin, examples/toy.json).")
    var mdp: String?

    @Option(help: "The state whose MaxEnt policy is steered (default: the MDP's initial state).")
    var state: String?

    @Option(help: "Temperature α > 0.")
    var alpha: Rational = Rational(1, 5)

    @Option(name: .customLong("tolerance"), help: "ε: the verified bound on |π̂_α(a|s) − p(a)|.")
    var tolerance: Rational = Rational(1) / Rational(10).power(30)

    @Option(help: "Measures n1 of the 'continue' actions, comma-separated (default: 1 each).")
    var n1: String?

    @Option(help: "Measures n2 of the 'bail' actions, comma-separated (default: the smallest admissible integers).")
    var n2: String?

    @Option(name: .customLong("max-measure"), help: ArgumentHelp(
        "Refuse unless every added measure (n1, n2) is at most M; the refusal names the smallest achievable maximum.",
        valueName: "M"))
    var maxMeasure: Rational?

    @Flag(help: "Use the conservative rule r_T(a) < W_a for every a (continue stays standard-optimal at every m_a; larger n2).")
    var conservative = false

    @Option(help: "Write M̂ (maxent-mdp/1) to this file.")
    var output: String?

    @Option(help: "Write a JSON certificate (both MDPs, parameters, exact values, enclosures) to this file.")
    var certificate: String?

    @Option(help: "Write M̂ as a PRISM model (for Storm) to this file.")
    var prism: String?

    @Flag(help: "Print a machine-readable JSON summary.")
    var json = false

    public init() {}

    public func validate() throws {
        _ = try rationalList(target, option: "--target")
        if let n1 { _ = try rationalList(n1, option: "--n1") }
        if let n2 { _ = try rationalList(n2, option: "--n2") }
    }

    public func run() throws {
        let model = try mdp.map { path throws(InputError) in try loadMDP(path) } ?? MDP.paperToy
        let index = try resolveState(state, in: model)
        let request = BifurcationRequest(
            mdp: model, state: index, target: try rationalList(target, option: "--target"), alpha: alpha,
            tolerance: tolerance, continueMeasures: try n1.map { try rationalList($0, option: "--n1") },
            bailMeasures: try n2.map { try rationalList($0, option: "--n2") }, rule: conservative ? .conservative : .exact,
            maximumMeasure: maxMeasure)
        let construction: BifurcationConstruction
        do {
            construction = try EntropicBifurcation.construct(request)
        } catch {
            switch error {
            case .refused(let reason): throw InputError(reason)
            case .failed(let reason): throw Failure(reason)
            case .rejected: throw Failure("\(error)")
            }
        }
        do {
            if let output { try writeFileAtomically(construction.extended.jsonText(), to: output) }
            if let prism { try writeFileAtomically(construction.extended.prismText(), to: prism) }
            if let certificate {
                try writeFileAtomically(BifurcationCertificate.document(for: construction).jsonText() + "\n", to: certificate)
            }
        } catch {
            throw Failure("\(error)")
        }
        let report = BifurcationReport(construction: construction, source: mdp ?? "built-in toy twin (examples/toy.json)")
        print(json ? report.json().jsonText() : report.text())
        if !(construction.verification.standardPolicyUnchanged && construction.verification.policyWithinTolerance) {
            throw Failure("verification failed")
        }
    }
}

/// `maxent bifurcate`: the same command under the workbench's root.
struct BifurcateSubcommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bifurcate", abstract: BifurcateCommand.configuration.abstract,
        discussion: BifurcateCommand.configuration.discussion)

    @OptionGroup var command: BifurcateCommand

    func validate() throws { try command.validate() }
    func run() throws { try command.run() }
}

/// Comma-separated exact rationals.
func rationalList(_ text: String, option: String) throws(ValidationError) -> [Rational] {
    var values: [Rational] = []
    for (index, part) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
        let trimmed = part.trimmingCharacters(in: .whitespaces)
        do {
            values.append(try Rational(parsing: trimmed))
        } catch {
            throw ValidationError("\(option): entry \(index + 1) \(error)")
        }
    }
    return values
}
