import Environments
import FiniteMDP
import Foundation
import Learning
import Plotting

/// Deep agents trained on the toy task, set beside its exact tabular twin: each agent's
/// probability of the standard-optimal actions at the examined state, and its critics over the
/// continuous action at the states of the layout.
public struct ToyDeepComparison {
    /// One trained agent and what it learned at the examined state.
    public struct Agent {
        public let agent: TrainedAgent
        public let run: RunRecord
        /// The temperature the agent trained with: the fixed α, or where a learned α ended; nil for PPO.
        public let alpha: Double?
        /// The learned policy's probability of the standard-optimal actions (a float estimate
        /// from the network's Gaussian, not a certified number).
        public let optimalProbability: Double
    }

    public let agents: [Agent]
    /// Toy runs left out because they have no checkpoint yet.
    public let skipped: [String]
    let observations: [String: [Double]]
    let layout: ContinuousActionLayout

    /// The toy runs among `runs` whose checkpoints load; `optimalActions` are the tabular names of
    /// the standard-optimal actions at `state`.
    public init(
        runs: [RunRecord], mdp: MDP, layout: ContinuousActionLayout, state: String, optimalActions: [String]
    ) throws(ReportError) {
        let toyRuns = runs.filter { $0.environment == "toy" }
        var observations: [String: [Double]] = [:]
        for name in Set(layout.pieces.keys).union([state]) {
            observations[name] = try Self.observation(of: name, in: mdp)
        }
        var agents: [Agent] = [], skipped: [String] = []
        for run in toyRuns {
            guard run.hasCheckpoint else {
                skipped.append(run.directory)
                continue
            }
            let agent = try run.agent()
            let pieces = layout.pieces[state] ?? []
            let observation = observations[state]!
            let probability = pieces.filter { optimalActions.contains($0.action) }.map { piece -> Double in
                // The outermost pieces reach to ±∞: the environment compares raw actions, and PPO's are unbounded.
                let (end, start) = (piece.interval.upper, piece.interval.lower)
                let upper = end == pieces.map(\.interval.upper).max()! ? 1.0 : agent.cumulativeProbability(end.nearestDouble, observation: observation)
                let lower = start == pieces.map(\.interval.lower).min()! ? 0.0 : agent.cumulativeProbability(start.nearestDouble, observation: observation)
                return upper - lower
            }.reduce(0, +)
            agents.append(Agent(agent: agent, run: run, alpha: run.fixedAlpha ?? agent.alpha, optimalProbability: probability))
        }
        self.agents = agents
        self.skipped = skipped
        self.observations = observations
        self.layout = layout
    }

    /// The environment's observation of the tabular state `name`: the toy's states are the
    /// twin's states in the same order (s0, s1, s2, win, lose, safe).
    static func observation(of name: String, in mdp: MDP) throws(ReportError) -> [Double] {
        guard let index = mdp.stateIndex(named: name), var environment = EnvironmentRegistry.descriptor(named: "toy")?.make() else {
            throw ReportError("the toy twin has no state \"\(name)\"")
        }
        _ = environment.reset(seed: 0)
        do { return try environment.setState([Double(index)]) } catch {
            throw ReportError("the toy environment has no state \(index) (\(name)): \(error)")
        }
    }

    /// One point per SAC-family agent for the α-sweep figure.
    public var learnedProbabilities: [LearnedProbability] {
        agents.compactMap { agent in
            agent.alpha.map { LearnedProbability(label: agent.run.algorithmLabel, alpha: $0, probability: agent.optimalProbability) }
        }
    }

    /// The learned critics at `state` over a = −1…1 (mean over seeds per algorithm and critic kind,
    /// with a 95% band), and the agents' sampled actions there as rugs; `color` gives each
    /// algorithm its colour.
    public func landscapeLayers(state: String, color: (String) -> String, resolution: Int = 201, samplesPerAgent: Int = 25) -> [ChartLayer] {
        guard let observation = observations[state] else { return [] }
        let slice = ActionSlice(coordinates: [0], base: [0], resolution: resolution)
        let grid = slice.axes[0]
        var layers: [ChartLayer] = []
        let byAlgorithm = Dictionary(grouping: agents, by: \.run.algorithmLabel).sorted { $0.key < $1.key }
        for (label, members) in byAlgorithm {
            for kind in TrainedAgent.CriticKind.allCases {
                let curves = members.map { member in
                    zip(grid, member.agent.criticValues(kind, observation: observation, actions: slice.actions)).map { PlotPoint(x: $0, y: $1) }
                }.filter { !$0.isEmpty }
                guard !curves.isEmpty else { continue }
                let aggregate = SeedAggregate(curves)
                let band = aggregate.band
                if band.lower.count >= 2 {
                    layers.append(ChartLayer(.band(lower: band.lower, upper: band.upper), name: nil, color: color(label), opacity: 0.12))
                }
                layers.append(ChartLayer(.line(aggregate.meanCurve), name: "\(label): learned \(kind.rawValue) Q (n = \(curves.count))",
                                         color: color(label), dashed: kind == .plain))
            }
            let samples = members.enumerated().flatMap { index, member in
                member.agent.sampleActions(observation: observation, count: samplesPerAgent, seed: UInt64(index + 1)).map { $0[0] }
            }
            if members.contains(where: { !$0.agent.criticKinds.isEmpty }) {
                layers.append(ChartLayer(.rug(samples), name: "\(label): policy samples", color: color(label)))
            }
        }
        return layers
    }
}
