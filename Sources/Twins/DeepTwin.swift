import Arithmetic
import Environments
import FiniteMDP

/// The deep twin of a finite MDP: the MDP, the layout of its actions on [−1, 1] and an optional
/// step limit, turned into a continuous-control environment (``TabularTwin``) and into the exact
/// finite MDP with the same soft objective (``counterpart``).
public struct DeepTwin: Sendable {
    /// The environment-name scheme of twins: `mdp:FILE[,layout=LAYOUT][,steps=N]`.
    public static let scheme = "mdp"
    /// The step limit of twins whose MDP can run forever (a cycle among non-terminal states is
    /// reachable) and whose name sets none.
    public static let defaultStepLimitForCycles = 1000

    public let mdp: MDP
    public let layout: TwinLayout
    /// The limit after which episodes are truncated; nil when every episode ends by itself within
    /// ``longestEpisode`` steps.
    public let stepLimit: Int?
    /// The most steps an episode can take: the longest path from the initial state when the MDP is
    /// acyclic, the step limit otherwise.
    public let longestEpisode: Int

    /// The twin of `mdp` under `layout` (the default layout when nil). Without a `stepLimit`, an MDP
    /// in which the initial state reaches a cycle gets ``defaultStepLimitForCycles``.
    public init(mdp: MDP, layout: TwinLayout? = nil, stepLimit: Int? = nil) throws(TwinError) {
        guard !mdp.states[mdp.initialState].isTerminal else {
            throw TwinError("the initial state \"\(mdp.states[mdp.initialState].name)\" is terminal: the twin has no step to take")
        }
        if let stepLimit, stepLimit < 1 { throw TwinError("the step limit must be at least 1, got \(stepLimit)") }
        let layout = layout ?? .standard(for: mdp)
        if let problem = layout.problem(for: mdp) { throw TwinError("layout: \(problem)") }
        self.mdp = mdp
        self.layout = layout
        let longestPath = Self.longestPath(in: mdp)
        self.stepLimit = stepLimit ?? (longestPath == nil ? Self.defaultStepLimitForCycles : nil)
        longestEpisode = min(longestPath ?? .max, self.stepLimit ?? .max)
    }

    /// The finite MDP whose soft objective equals the twin's (``TwinLayout/counterpart(of:)``).
    public var counterpart: MDP { layout.counterpart(of: mdp) }

    /// The plain floating-point form the environment steps.
    public var description: TwinDescription {
        let states = mdp.states.enumerated().map { index, state in
            let actions = state.actions.map { action in
                var running = Rational.zero
                let cumulative = action.transitions.enumerated().map { position, transition -> Double in
                    running = running + transition.probability
                    return position == action.transitions.count - 1 ? 1 : running.nearestDouble
                }
                return TwinDescription.Action(
                    name: action.name, reward: action.reward.nearestDouble,
                    successors: action.transitions.map(\.target), cumulativeProbabilities: cumulative)
            }
            let cells = layout.cells(ofState: index).map { cell in
                let end = cell.interval.upper
                // a ≤ r ⇔ a ≤ (largest double ≤ r);  a < r ⇔ a < (smallest double ≥ r).
                return TwinDescription.Cell(
                    upper: cell.interval.includesUpper ? end.largestDoubleNotAbove : end.smallestDoubleNotBelow,
                    includesUpper: cell.interval.includesUpper, action: cell.action)
            }
            return TwinDescription.State(name: state.name, actions: actions, cells: cells)
        }
        return TwinDescription(states: states, initialState: mdp.initialState, stepLimit: stepLimit, discount: mdp.gamma.nearestDouble)
    }

    /// The registry entry of the twin, named `name`.
    public func descriptor(name: String) -> EnvironmentDescriptor {
        let description = self.description
        let limit = stepLimit.map { ", truncated after \($0) steps" } ?? ""
        return EnvironmentDescriptor(
            name: name,
            summary: "deep twin of a \(mdp.states.count)-state MDP, at most \(longestEpisode) steps\(limit)",
            episodeLength: longestEpisode, discount: description.discount
        ) { _ in TabularTwin(description) }
    }

    /// The number of steps of the longest path from the initial state to a terminal state, or nil
    /// when a cycle among non-terminal states is reachable.
    static func longestPath(in mdp: MDP) -> Int? {
        enum Mark { case unvisited, active, done }
        var marks = [Mark](repeating: .unvisited, count: mdp.states.count)
        var depth = [Int](repeating: 0, count: mdp.states.count)
        // Iterative depth-first search: (state, next transition to look at).
        var stack: [(state: Int, next: Int)] = [(mdp.initialState, 0)]
        marks[mdp.initialState] = .active
        while let top = stack.last {
            let targets = mdp.states[top.state].actions.flatMap { $0.transitions.map(\.target) }
            if top.next < targets.count {
                stack[stack.count - 1].next += 1
                let target = targets[top.next]
                switch marks[target] {
                case .active: return nil
                case .unvisited:
                    marks[target] = .active
                    stack.append((target, 0))
                case .done: break
                }
            } else {
                depth[top.state] = targets.map { depth[$0] + 1 }.max() ?? 0
                marks[top.state] = .done
                stack.removeLast()
            }
        }
        return depth[mdp.initialState]
    }
}

/// A parsed twin environment name `mdp:FILE[,layout=LAYOUT][,steps=N]`.
public struct TwinName: Sendable, Equatable {
    public var mdpPath: String
    public var layoutPath: String?
    public var stepLimit: Int?

    public init(mdpPath: String, layoutPath: String? = nil, stepLimit: Int? = nil) {
        self.mdpPath = mdpPath
        self.layoutPath = layoutPath
        self.stepLimit = stepLimit
    }

    /// Reads the part after `mdp:`. File names must not contain commas.
    public init(argument: String) throws(TwinError) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let path = parts.first, !path.isEmpty else {
            throw TwinError("give the MDP file: mdp:FILE[,layout=LAYOUT][,steps=N]")
        }
        mdpPath = path
        for option in parts.dropFirst() {
            if option.hasPrefix("layout="), option.count > 7 {
                layoutPath = String(option.dropFirst(7))
            } else if option.hasPrefix("steps=") {
                guard let limit = Int(option.dropFirst(6)), limit >= 1 else {
                    throw TwinError("steps= must be a positive integer, got '\(option.dropFirst(6))'")
                }
                stepLimit = limit
            } else {
                throw TwinError("unknown option '\(option)'; expected layout=FILE or steps=N")
            }
        }
    }

    /// The full environment name.
    public var environmentName: String {
        DeepTwin.scheme + ":" + mdpPath + (layoutPath.map { ",layout=" + $0 } ?? "") + (stepLimit.map { ",steps=\($0)" } ?? "")
    }

    /// Reads the files and builds the twin; errors name the file.
    public func load() throws(TwinError) -> DeepTwin {
        let mdp: MDP
        do { mdp = try MDP(contentsOfFile: mdpPath) } catch { throw TwinError("\(mdpPath): \(error)") }
        let layout = try layoutPath.map { path throws(TwinError) in try TwinLayout(contentsOfFile: path, for: mdp) }
        do { return try DeepTwin(mdp: mdp, layout: layout, stepLimit: stepLimit) } catch {
            throw TwinError("\(mdpPath): \(error)")
        }
    }
}

/// Installs the `mdp:` scheme in the environment registry.
public enum TwinEnvironments {
    /// Makes `mdp:FILE[,layout=LAYOUT][,steps=N]` resolve everywhere environments are named
    /// (training, evaluation, rollouts, reports). Idempotent.
    public static func install() {
        EnvironmentRegistry.install(scheme: DeepTwin.scheme) { argument in
            let name = try TwinName(argument: argument)
            return try name.load().descriptor(name: name.environmentName)
        }
    }
}

extension Rational {
    /// The double nearest to the value: GMP's truncation toward zero, moved one step outward when
    /// the next double is nearer.
    var nearestDouble: Double {
        let truncated = doubleValue
        let exact = Rational(exactly: truncated)
        if exact == self || !truncated.isFinite { return truncated }
        let neighbour = self > exact ? truncated.nextUp : truncated.nextDown
        let distanceToTruncated = (self - exact).magnitude, distanceToNeighbour = (Rational(exactly: neighbour) - self).magnitude
        return distanceToNeighbour < distanceToTruncated ? neighbour : truncated
    }

    /// The largest double ≤ the value.
    var largestDoubleNotAbove: Double {
        let candidate = doubleValue
        return Rational(exactly: candidate) > self ? candidate.nextDown : candidate
    }

    /// The smallest double ≥ the value.
    var smallestDoubleNotBelow: Double {
        let candidate = doubleValue
        return Rational(exactly: candidate) < self ? candidate.nextUp : candidate
    }
}
