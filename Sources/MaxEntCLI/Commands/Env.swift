import ArgumentParser
import Environments
import FiniteMDP
import Foundation
import GymnasiumBridge
import Randomness
import JSON

/// `maxent env`: the paper's continuous-control environments.
struct Env: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "env",
        abstract: "Run the paper's continuous-control environments (docs/environments.md).",
        subcommands: [Rollout.self]
    )
}

extension Env {
    /// `maxent env rollout`: one episode under a fixed policy or a file of actions, printed step by step.
    struct Rollout: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print one episode: observations, actions, rewards, terminated/truncated flags.",
            discussion: discussion
        )

        enum Policy: String, ExpressibleByArgument, CaseIterable {
            case zero, random, hover
        }

        @Option(help: "Environment: \(EnvironmentRegistry.names.joined(separator: ", ")), \(twinEnvironmentSyntax), or gym:ID for a Gymnasium environment hosted by Python (python3, or $MAXENT_PYTHON).")
        var env: String

        @Option(help: ArgumentHelp("gym:ID only: keyword arguments of gymnasium.make, as a JSON object.", valueName: "json"))
        var gymKwargs: String?

        @Option(help: "Seed of the episode's initial-state noise and of the random policy.")
        var seed: UInt64

        @Option(help: "zero: all components 0; random: uniform in the action box; hover: the quadrotors' hover action.")
        var policy: Policy?

        @Option(help: ArgumentHelp("One action per line, comma-separated components in the environment's own units; - reads standard input.", valueName: "file"))
        var actions: String?

        @Option(parsing: .unconditional, help: ArgumentHelp("Comma-separated state overriding the one drawn at reset, in the order listed below.", valueName: "v1,v2,…"))
        var initialState: String?

        @Option(help: "Stop after at most this many steps (default: the end of the episode or of the actions file).")
        var steps: Int?

        @Flag(help: "Print JSON instead of a tab-separated table.")
        var json = false

        @Flag(help: "Ignore --seed for the initial-state noise, as the reference code does (docs/environments.md §0.3).")
        var referenceSeeding = false

        @Flag(help: "Report the quadrotor's and the vehicle's time limit as truncation instead of termination.")
        var timeLimitAsTruncation = false

        static var discussion: String {
            let entries = EnvironmentRegistry.all.map { descriptor in
                let spaces = descriptor.spaces
                let bounds = zip(spaces.actionLow, spaces.actionHigh).map { "[\(number($0)), \(number($1))]" }
                let box = Set(bounds).count == 1 && bounds.count > 1 ? "\(bounds[0])^\(bounds.count)" : bounds.joined(separator: " × ")
                return """
                    \(descriptor.name)
                      state   \(descriptor.stateComponents.joined(separator: ","))
                      action  \(box)
                    """
            }
            return """
                The environments, their --initial-state order and their action box:

                \(entries.joined(separator: "\n"))

                The state is overridden right after reset (simulated time and counters stay at 0); for \
                toy it is the discrete state 0…5, for the quadrotors the set_state order of §4.8, for \
                an mdp: twin the state's index in the file. \
                A gym:ID environment is stepped as Gymnasium steps it (its TimeLimit reports truncation; \
                --seed goes to env.reset(seed=…)), so --initial-state, --reference-seeding and \
                --time-limit-as-truncation do not apply to it. \
                Actions outside the box are clipped by every environment except toy, as in the \
                reference. --seed is honoured per environment unless --reference-seeding is given; the \
                random policy draws from its own generator derived from --seed. Non-finite numbers \
                print as nan/inf in the table and as null in JSON.
                """
        }

        func run() throws {
            let descriptor = try environmentDescriptor()
            if let steps, steps < 0 { throw InputError("--steps must be at least 0, got \(steps)") }
            let source = try actionSource(for: descriptor)
            // A debugging tool needs reproducible episodes, so the seed is honoured unless the
            // reference's behaviour is asked for.
            let options = EnvironmentOptions(
                seeding: referenceSeeding ? .reference : .perEnvironment,
                timeLimit: timeLimitAsTruncation ? .asTruncation : .asTermination
            )
            var environment = descriptor.make(options: options)
            var initialObservation = environment.reset(seed: seed)
            if let initialState {
                let values = try parseNumbers(initialState, what: "--initial-state")
                do {
                    initialObservation = try environment.setState(values)
                } catch {
                    throw InputError("--initial-state for \(env): \(error) (order: \(descriptor.stateComponents.joined(separator: ",")))")
                }
            }

            var records = [StepRecord]()
            var generator = RandomSource(seed: seed ^ ActionSource.randomPolicySeedMask)
            let limit = min(steps ?? Int.max, source.count ?? Int.max)
            while records.count < limit {
                let action = source.action(at: records.count, spaces: descriptor.spaces, generator: &generator)
                let transition: Transition
                do {
                    transition = try environment.step(action)
                } catch {
                    if case .simulator = error.reason { throw Failure("\(env): \(error)") }
                    throw InputError(source.describe(error, at: records.count))
                }
                records.append(StepRecord(action: action, transition: transition))
                if transition.terminated || transition.truncated { break }
            }
            let header = RolloutHeader(
                env: env, seed: seed, source: source.label,
                seeding: isGymnasium ? "gymnasium" : referenceSeeding ? "reference" : "per-environment",
                timeLimit: isGymnasium ? "gymnasium" : timeLimitAsTruncation ? "truncation" : "termination"
            )
            print(json ? jsonText(header, initialObservation, records) : tableText(header, initialObservation, records))
        }

        private var isGymnasium: Bool { Gymnasium.identifier(inEnvironmentName: env) != nil }

        /// A registered environment or twin, or a Gymnasium one (which starts Python to read its spaces).
        private func environmentDescriptor() throws -> EnvironmentDescriptor {
            guard let identifier = Gymnasium.identifier(inEnvironmentName: env) else {
                if gymKwargs != nil { throw InputError("--gym-kwargs applies only to gym:ID environments") }
                do { return try EnvironmentRegistry.resolve(env) } catch { throw InputError("--env \(error)") }
            }
            for (given, flag) in [(initialState != nil, "--initial-state"), (referenceSeeding, "--reference-seeding"), (timeLimitAsTruncation, "--time-limit-as-truncation")] where given {
                throw InputError("\(flag) does not apply to \(env): Gymnasium environments keep Gymnasium's own reset and time limit")
            }
            do {
                return try Gymnasium.descriptor(identifier: identifier, kwargs: gymKwargs)
            } catch {
                if error.isInputError { throw InputError(error.description) }
                throw Failure("\(env): \(error)")
            }
        }

        private func actionSource(for descriptor: EnvironmentDescriptor) throws -> ActionSource {
            switch (policy, actions) {
            case (nil, nil), (.some, .some):
                throw InputError("give exactly one of --policy and --actions")
            case let (.some(policy), nil):
                return try ActionSource(policy: policy, descriptor: descriptor)
            case let (nil, .some(path)):
                return try ActionSource(file: path, descriptor: descriptor)
            }
        }
    }
}

/// Where a rollout's actions come from: a fixed policy or the lines of a file.
private enum ActionSource {
    case zero
    case random
    case hover([Double])
    case file(path: String, actions: [[Double]], lineNumbers: [Int])

    /// The random policy's generator is seeded with `--seed` XOR this constant, so that its stream
    /// differs from the one the environment draws its initial state from.
    static let randomPolicySeedMask: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(policy: Env.Rollout.Policy, descriptor: EnvironmentDescriptor) throws {
        switch policy {
        case .zero: self = .zero
        case .random: self = .random
        case .hover:
            guard let hover = descriptor.hoverAction else {
                let hovering = EnvironmentRegistry.all.filter { $0.hoverAction != nil }.map(\.name)
                throw InputError("--policy hover exists only for \(hovering.joined(separator: " and "))")
            }
            self = .hover(hover)
        }
    }

    init(file path: String, descriptor: EnvironmentDescriptor) throws {
        let bytes: [UInt8]
        do { bytes = try InputFile.contents(atPath: path, allowsStandardInput: true) } catch {
            throw InputError("actions file \(path): \(error)")
        }
        do {
            let file = try ActionFile(bytes: bytes, actionDimension: descriptor.spaces.actionDimension, environmentName: descriptor.name)
            self = .file(path: path, actions: file.actions, lineNumbers: file.lineNumbers)
        } catch {
            throw InputError(error.line == nil ? "actions file \(path) \(error.reason)" : "\(path) \(error)")
        }
    }

    var label: String {
        switch self {
        case .zero: "policy zero"
        case .random: "policy random"
        case .hover: "policy hover"
        case let .file(path, _, _): "actions \(path)"
        }
    }

    /// How many actions there are, if finitely many.
    var count: Int? {
        switch self {
        case .zero, .random, .hover: nil
        case let .file(_, actions, _): actions.count
        }
    }

    func action(at index: Int, spaces: EnvironmentSpaces, generator: inout RandomSource) -> [Double] {
        switch self {
        case .zero:
            Array(repeating: 0, count: spaces.actionDimension)
        case .random:
            (0..<spaces.actionDimension).map { generator.uniform(spaces.actionLow[$0], spaces.actionHigh[$0]) }
        case let .hover(action):
            action
        case let .file(_, actions, _):
            actions[index]
        }
    }

    /// Prefixes an environment error with the file line that caused it.
    func describe(_ error: Error, at index: Int) -> String {
        switch self {
        case .zero, .random, .hover: "\(error)"
        case let .file(path, _, lineNumbers): "\(path) line \(lineNumbers[index]): \(error)"
        }
    }
}

private struct StepRecord {
    let action: [Double]
    let transition: Transition
}

private struct RolloutHeader {
    let env: String
    let seed: UInt64
    let source: String
    let seeding: String
    let timeLimit: String
}

/// Comma-separated numbers; anything else is an input error naming `what`.
private func parseNumbers(_ text: String, what: String) throws -> [Double] {
    try text.split(separator: ",", omittingEmptySubsequences: false).map { field in
        let trimmed = field.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed) else { throw InputError("\(what): '\(trimmed)' is not a number") }
        return value
    }
}

/// The shortest text that reads back as `value`, without a trailing ".0" on integers.
private func number(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
}

private func tableText(_ header: RolloutHeader, _ initialObservation: [Double], _ records: [StepRecord]) -> String {
    func list(_ values: [Double]) -> String { values.map(number).joined(separator: ",") }
    var lines = [
        "# env \(header.env), seed \(header.seed), \(header.source), "
            + (header.seeding == "gymnasium" ? "Gymnasium's seeding and time limit" : "seeding \(header.seeding), time limit as \(header.timeLimit)"),
        "step\treward\tterminated\ttruncated\taction\tobservation",
        "0\t\t\t\t\t\(list(initialObservation))",
    ]
    for (index, record) in records.enumerated() {
        let transition = record.transition
        lines.append("\(index + 1)\t\(number(transition.reward))\t\(transition.terminated)\t\(transition.truncated)\t\(list(record.action))\t\(list(transition.observation))")
    }
    let episodeReturn = records.reduce(0) { $0 + $1.transition.reward }
    lines.append("# \(records.count) step\(records.count == 1 ? "" : "s"), return \(number(episodeReturn))")
    return lines.joined(separator: "\n")
}

private func jsonText(_ header: RolloutHeader, _ initialObservation: [Double], _ records: [StepRecord]) -> String {
    func json(_ value: Double) -> JSONValue { .number(value, text: number) }
    func json(_ values: [Double]) -> JSONValue { .array(values.map(json)) }
    let steps: [JSONValue] = records.enumerated().map { index, record in
        let transition = record.transition
        return .object([
            ("step", .number("\(index + 1)")), ("action", json(record.action)), ("observation", json(transition.observation)),
            ("reward", json(transition.reward)), ("terminated", .bool(transition.terminated)), ("truncated", .bool(transition.truncated)),
        ])
    }
    let episodeReturn = records.reduce(0) { $0 + $1.transition.reward }
    return JSONValue.object([
        ("env", .string(header.env)), ("seed", .number("\(header.seed)")), ("source", .string(header.source)),
        ("seeding", .string(header.seeding)), ("timeLimitAs", .string(header.timeLimit)),
        ("initialObservation", json(initialObservation)), ("steps", .array(steps)), ("return", json(episodeReturn)),
    ]).compactJSONText()
}
