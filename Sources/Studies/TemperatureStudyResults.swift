import Analysis
import Arithmetic
import FiniteMDP
import Foundation
import Plotting
import Reports
import Solvers
import Twins

/// What a temperature study found: for every finished run its learned probabilities, beside the
/// certified Boltzmann optimum π_α and the (uncertified) optimum of SAC's squashed-Gaussian family
/// on the twin's exact counterpart.
public struct TemperatureStudyResults {
    /// One finished run, read from its last checkpoint.
    public struct Row {
        public let run: TemperatureStudy.Run
        /// The learned policy's probability of each action's set, per state (empty at terminal states).
        public let learned: [[Double]]
        /// The learned probability of Opt(S) at S.
        public let learnedProbability: Double
        public let finalTestReturn: Double?
    }

    /// The exact and the family answer at one temperature.
    public struct Temperature {
        public let alpha: Rational
        /// π_α(a|s), certified, per state.
        public let exact: [[Ball]]
        /// π_α(Opt(S)|S), certified.
        public let exactProbability: Ball
        public let family: SquashedGaussianOptimum
        public let familyProbability: Double
    }

    public let study: TemperatureStudy
    public let twin: DeepTwin
    public let stateIndex: Int
    /// Opt(S): the standard-optimal actions at S (exact).
    public let optimalActions: [Int]
    public let temperatures: [Temperature]
    public let rows: [Row]
    /// Runs not finished (failed or not yet trained).
    public let missing: [TemperatureStudy.Run]
    /// The width bound of every certified enclosure.
    public let tolerance: Rational

    /// Reads every finished run of `study` and solves the counterpart at every α of the study. Runs
    /// name their environment `mdp:…`, so ``TwinEnvironments/install()`` must have run (the CLI does).
    public init(_ study: TemperatureStudy, tolerance: Rational = Rational(1) / Rational(10).power(20)) throws(TwinError) {
        self.study = study
        self.tolerance = tolerance
        let twin = try study.environment.load()
        self.twin = twin
        guard let state = twin.mdp.stateIndex(named: study.state) else {
            throw TwinError("--state: no state named \"\(study.state)\" in \(study.environment.mdpPath)")
        }
        guard !twin.mdp.states[state].isTerminal else { throw TwinError("--state: \"\(study.state)\" is terminal, it has no policy") }
        stateIndex = state
        let optimalActions: [Int]
        let counterpart = twin.counterpart
        do { optimalActions = try StandardSolver.solve(counterpart).optimalActions[state] } catch {
            throw TwinError("\(study.environment.mdpPath): \(error)")
        }
        self.optimalActions = optimalActions
        var temperatures: [Temperature] = []
        for alpha in study.alphas {
            let solution: SoftSolution
            do { solution = try SoftSolver.solve(counterpart, alpha: alpha, tolerance: tolerance) } catch {
                throw TwinError("\(study.environment.mdpPath) at α = \(alpha): \(error)")
            }
            let policy = solution.policy[state]
            let exact = optimalActions.map { policy[$0] }.reduce(Ball(0, precision: policy[0].precision), +)
            let family = try SquashedGaussianOptimum.solve(twin, alpha: alpha.nearestDouble)
            temperatures.append(Temperature(
                alpha: alpha, exact: solution.policy, exactProbability: exact, family: family,
                familyProbability: optimalActions.map { family.actionProbabilities[state][$0] }.reduce(0, +)))
        }
        self.temperatures = temperatures
        var rows: [Row] = [], missing: [TemperatureStudy.Run] = []
        for run in study.runs {
            guard study.isFinished(run) else {
                missing.append(run)
                continue
            }
            let directory = study.runDirectory(run).path
            do {
                let record = try RunRecord(directory: directory)
                let agent = try record.agent()
                let learned = twin.mdp.states.indices.map { index in
                    twin.mdp.states[index].isTerminal ? [] : agent.twinActionProbabilities(twin, state: index)
                }
                rows.append(Row(
                    run: run, learned: learned, learnedProbability: optimalActions.map { learned[state][$0] }.reduce(0, +),
                    finalTestReturn: record.progress.column("test/reward")?.compactMap { $0 }.last))
            } catch {
                throw TwinError("\(directory): \(error)")
            }
        }
        self.rows = rows
        self.missing = missing
    }

    /// The results at `alpha`, if it is one of the study's temperatures.
    public func temperature(_ alpha: Rational?) -> Temperature? {
        alpha.flatMap { alpha in temperatures.first { $0.alpha == alpha } }
    }

    /// `summary.csv`: one line per finished run. `exact_probability` is the certified π_α(Opt(S)|S)
    /// with 15 correct significant digits (empty for PPO and auto-α, which have no fixed α);
    /// `family_probability` the squashed-Gaussian family's optimum (uncertified).
    public var summaryCSV: String {
        var lines = ["algo,alpha,seed,learned_probability,exact_probability,family_probability,final_test_return,run"]
        for row in rows {
            let temperature = temperature(row.run.alpha)
            lines.append([
                row.run.algorithm, row.run.alpha?.description ?? "", "\(row.run.seed)",
                String(format: "%.6f", row.learnedProbability),
                temperature?.exactProbability.certifiedDigits(15) ?? "",
                temperature.map { String(format: "%.6f", $0.familyProbability) } ?? "",
                row.finalTestReturn.map { String(format: "%.4f", $0) } ?? "",
                "runs/" + row.run.directoryName,
            ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
