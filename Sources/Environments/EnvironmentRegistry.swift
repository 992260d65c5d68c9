import Synchronization

/// How a learning algorithm connects to an environment (docs/environments.md §0.2; docs/experiments.md §2.1, §5.1).
public struct LearnerScaling: Sendable, Equatable {
    /// How a policy action becomes an environment action.
    public enum ActionMapping: Sendable, Equatable {
        /// SAC: the squashed sample ã = tanh(u) ∈ (−1, 1)ᵈ, clipped to [−1, 1] (a no-op), is mapped
        /// affinely onto the action box: `low + (high − low)(ã + 1)/2`. The replay buffer and the
        /// critics keep ã.
        case squashedToBox
        /// PPO: the raw Gaussian sample goes to the environment unchanged (no tanh, no clip, no
        /// scaling); any bounding is the environment's own clip.
        case unchanged

        /// The environment's value for one action component: ã for ``squashedToBox``, the raw
        /// sample for ``unchanged``.
        public func environmentValue(_ policyValue: Double, low: Double, high: Double) -> Double {
            switch self {
            case .squashedToBox: low + (high - low) * (min(max(policyValue, -1), 1) + 1) / 2
            case .unchanged: policyValue
            }
        }
    }

    /// How policy actions reach the environment.
    public let actionMapping: ActionMapping
    /// Whether observations pass through running mean/variance normalisation. In the reference
    /// only PPO on OpenCat does; none of the registered environments.
    public let normalizesObservations: Bool

    public init(actionMapping: ActionMapping, normalizesObservations: Bool) {
        self.actionMapping = actionMapping
        self.normalizesObservations = normalizesObservations
    }

    /// SAC, SAC with automatic α and SAC-AdaEnt on every registered environment.
    public static let sac = LearnerScaling(actionMapping: .squashedToBox, normalizesObservations: false)
    /// PPO on every registered environment.
    public static let ppo = LearnerScaling(actionMapping: .unchanged, normalizesObservations: false)
}

/// One registered environment: its metadata and how to build it.
public struct EnvironmentDescriptor: Sendable {
    /// The registry name (`toy`, `quadrotor`, …).
    public let name: String
    /// One line for listings and help.
    public let summary: String
    /// Dimensions and bounds, as the environment reports them.
    public let spaces: EnvironmentSpaces
    /// The `setState` / `--initial-state` order.
    public let stateComponents: [String]
    /// Steps per episode: exact for every environment except Obstacle2D, where it is the maximum.
    public let episodeLength: Int
    /// How SAC, SAC with automatic α and SAC-AdaEnt connect to it.
    public let sac: LearnerScaling
    /// How PPO connects to it.
    public let ppo: LearnerScaling
    /// The action that holds the system still, where the notion exists (the quadrotors).
    public let hoverAction: [Double]?
    /// The task's own discount factor, where it defines one (the γ of an MDP's deep twin); learners
    /// then train with it unless told otherwise.
    public let discount: Double?
    private let makeEnvironment: @Sendable (EnvironmentOptions) -> any Environment
    private let makeBatchOfCopies: @Sendable (Int, EnvironmentOptions) -> any BatchedEnvironment

    /// A descriptor for environments of type `Copy` made by `make`.
    public init<Copy: Environment>(
        name: String, summary: String, episodeLength: Int, hoverAction: [Double]? = nil, discount: Double? = nil,
        make: @escaping @Sendable (EnvironmentOptions) -> Copy
    ) {
        let sample = make(.reference)
        self.name = name
        self.summary = summary
        spaces = sample.spaces
        stateComponents = sample.stateComponents
        self.episodeLength = episodeLength
        sac = .sac
        ppo = .ppo
        self.hoverAction = hoverAction
        self.discount = discount
        makeEnvironment = { make($0) }
        makeBatchOfCopies = { count, options in EnvironmentBatch(count: count) { make(options) } }
    }

    /// A descriptor for an environment outside the registry (a Gymnasium environment hosted by
    /// Python), with its metadata given rather than read from a sample copy. SAC and PPO connect to
    /// it as to the registered ones.
    public init<Copy: Environment>(
        name: String, summary: String, spaces: EnvironmentSpaces, stateComponents: [String], episodeLength: Int,
        make: @escaping @Sendable (EnvironmentOptions) -> Copy
    ) {
        self.name = name
        self.summary = summary
        self.spaces = spaces
        self.stateComponents = stateComponents
        self.episodeLength = episodeLength
        sac = .sac
        ppo = .ppo
        hoverAction = nil
        discount = nil
        makeEnvironment = { make($0) }
        makeBatchOfCopies = { count, options in EnvironmentBatch(count: count) { make(options) } }
    }

    /// A fresh environment; call `reset` before stepping.
    public func make(options: EnvironmentOptions = .reference) -> any Environment {
        makeEnvironment(options)
    }

    /// `count` fresh copies stepped together; call `reset(seed:)` before stepping.
    public func makeBatch(count: Int, options: EnvironmentOptions = .reference) -> any BatchedEnvironment {
        makeBatchOfCopies(count, options)
    }
}

/// The environments by name: `toy`, `quadrotor`, `quadrotor-simplified`, `vehicle`, `acrobot`,
/// `obstacle2d`.
///
/// The paper's two other benchmarks are not here: OpenCat needs the PyBullet simulator with the
/// Petoi Bittle URDF and Hopper is Gymnasium's MuJoCo `Hopper-v4` (docs/environments.md §6, §7); both are external
/// simulators outside this pure-Swift library.
public enum EnvironmentRegistry {
    /// Every registered environment, in the order of the names above.
    public static let all: [EnvironmentDescriptor] = [
        EnvironmentDescriptor(
            name: "toy", summary: "six-state misleading-entropy MDP, 2 steps (docs/environments.md §1)", episodeLength: 2
        ) { _ in ToyExample() },
        EnvironmentDescriptor(
            name: "quadrotor", summary: "rotor-speed quadrotor tracking a line, 40 steps (docs/environments.md §4)", episodeLength: 40,
            hoverAction: Quadrotor(actuation: .rotorSpeeds).hoverAction
        ) { Quadrotor(actuation: .rotorSpeeds, options: $0) },
        EnvironmentDescriptor(
            name: "quadrotor-simplified", summary: "quadrotor with thrust and moment inputs, 40 steps (docs/environments.md §4.8)",
            episodeLength: 40, hoverAction: Quadrotor(actuation: .thrustAndMoments).hoverAction
        ) { Quadrotor(actuation: .thrustAndMoments, options: $0) },
        EnvironmentDescriptor(
            name: "vehicle", summary: "dynamic bicycle chasing a moving target, 200 steps (docs/environments.md §3)", episodeLength: 200
        ) { Vehicle(options: $0) },
        EnvironmentDescriptor(
            name: "acrobot", summary: "continuous-torque acrobot balancing upright, 400 steps (docs/environments.md §2)", episodeLength: 400
        ) { Acrobot(options: $0) },
        EnvironmentDescriptor(
            name: "obstacle2d", summary: "point mass going around a wall to a goal, at most 51 steps (docs/environments.md §5)",
            episodeLength: 51
        ) { _ in Obstacle2D() },
    ]

    /// The registered names, in registry order.
    public static var names: [String] { all.map(\.name) }

    /// The environment registered under `name`, or built from a parameterised name, if any.
    public static func descriptor(named name: String) -> EnvironmentDescriptor? {
        try? resolve(name)
    }

    /// The environment registered under `name`, or the one a parameterised name `scheme:argument`
    /// describes (e.g. `mdp:FILE`, the deep twin of an MDP file), built by the resolver installed
    /// for its scheme.
    public static func resolve(_ name: String) throws(EnvironmentLookupError) -> EnvironmentDescriptor {
        if let registered = all.first(where: { $0.name == name }) { return registered }
        if let colon = name.firstIndex(of: ":") {
            let scheme = String(name[..<colon])
            if let resolver = resolvers.withLock({ $0[scheme] }) {
                do { return try resolver(String(name[name.index(after: colon)...])) } catch {
                    throw EnvironmentLookupError("\(messageExcerpt(name)): \(error)")
                }
            }
        }
        let schemes = resolvers.withLock { $0.keys.sorted() }.map { "\($0):…" }
        throw EnvironmentLookupError(
            "unknown environment '\(messageExcerpt(name))'; expected one of \((names + schemes).joined(separator: ", "))", isUnknownName: true)
    }

    /// Makes names `scheme:argument` resolve to `resolver(argument)`. Layers above this module
    /// install their schemes (the `Twins` module installs `mdp`); installing a scheme again
    /// replaces its resolver.
    public static func install(
        scheme: String, resolver: @escaping @Sendable (String) throws -> EnvironmentDescriptor
    ) {
        resolvers.withLock { $0[scheme] = resolver }
    }

    private static let resolvers = Mutex<[String: @Sendable (String) throws -> EnvironmentDescriptor]>([:])
}

/// Why an environment name does not resolve, in one line.
public struct EnvironmentLookupError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// Whether no environment has the name (its message lists the known ones), rather than a
    /// parameterised name whose argument is wrong (a twin's missing file).
    public let isUnknownName: Bool
    public init(_ description: String, isUnknownName: Bool = false) {
        self.description = description
        self.isUnknownName = isUnknownName
    }
}
