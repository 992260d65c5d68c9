import Analysis
import Arithmetic
import FiniteMDP
import Foundation
import Plotting
import Solvers
import Twins

/// Runs on deep twins (`mdp:FILE…`), each set beside its own twin's exact counterpart: the
/// certified curve of π_α(Opt|s) with the learned points, the learned probability of Opt at the
/// twin's initial state against the certified π_α and the optimum of SAC's squashed-Gaussian
/// class, and every state's action probabilities with their total-variation distances.
enum TwinSection {
    static func add(_ runs: [RunRecord], tolerance: Rational, colors: (String) -> String, to page: inout HTMLPage) throws(ReportError) {
        let byTwin = Dictionary(grouping: runs.filter { $0.environment.hasPrefix(DeepTwin.scheme + ":") }, by: \.environment)
        for (environment, members) in byTwin.sorted(by: { $0.key < $1.key }) {
            page.heading("Deep twin \(environment): learned against its exact counterpart")
            let twin: DeepTwin
            do { twin = try TwinName(argument: String(environment.dropFirst(DeepTwin.scheme.count + 1))).load() } catch {
                page.note("The twin's files cannot be read from here (\(error)); its runs appear in the deep sections only.")
                continue
            }
            try add(twin, environment: environment, runs: members, tolerance: tolerance, colors: colors, to: &page)
        }
    }

    private static func add(
        _ twin: DeepTwin, environment: String, runs: [RunRecord], tolerance: Rational, colors: (String) -> String,
        to page: inout HTMLPage
    ) throws(ReportError) {
        let counterpart = twin.counterpart, s = twin.mdp.initialState
        let state = twin.mdp.states[s]
        let optimal: [Int]
        do { optimal = try StandardSolver.solve(counterpart).optimalActions[s] } catch { throw ReportError("\(environment): \(error)") }
        var agents: [(run: RunRecord, alpha: Double?, learned: [[Double]])] = []
        var skipped: [String] = []
        for run in runs.sorted(by: { ($0.algorithmLabel, $0.seedOrder) < ($1.algorithmLabel, $1.seedOrder) }) {
            guard run.hasCheckpoint else {
                skipped.append(run.directory)
                continue
            }
            let agent = try run.agent()
            let learned = twin.mdp.states.indices.map { twin.mdp.states[$0].isTerminal ? [] : agent.twinActionProbabilities(twin, state: $0) }
            agents.append((run, run.fixedAlpha ?? agent.alpha, learned))
        }
        func probability(_ distribution: [Double]) -> Double { optimal.map { distribution[$0] }.reduce(0, +) }

        let sweep: TemperatureSweep
        do {
            sweep = try TemperatureSweep.compute(counterpart, state: s, range: Rational(1, 100)...Rational(100), tolerance: tolerance)
        } catch {
            throw ReportError("\(environment): \(error)")
        }
        let learnedPoints = agents.compactMap { agent in
            agent.alpha.map { LearnedProbability(label: agent.run.algorithmLabel, alpha: $0, probability: probability(agent.learned[s])) }
        }
        page.paragraph("The twin's counterpart is the finite MDP with the same soft objective (each action's measure is the length "
            + "of the set of [-1, 1] it owns; see maxent twin --help). Its standard optimum is exact and its MaxEnt optimum π_α certified; "
            + "the learned probabilities are read from each run's final Gaussian in closed form (floating point), and the best "
            + "squashed Gaussian — SAC's policy class — comes from numerical soft policy iteration (uncertified).")
        page.figure(sweep.figure(learned: learnedPoints, color: colors))

        var exactByAlpha: [Double: [[Ball]]] = [:], familyByAlpha: [Double: SquashedGaussianOptimum] = [:]
        for alpha in Set(agents.compactMap(\.alpha)) where alpha > 0 && alpha.isFinite {
            let rational = (try? Rational(parsing: "\(alpha)")) ?? Rational(exactly: alpha)
            do {
                exactByAlpha[alpha] = try SoftSolver.solve(counterpart, alpha: rational, tolerance: tolerance).policy
                familyByAlpha[alpha] = try SquashedGaussianOptimum.solve(twin, alpha: alpha)
            } catch {
                throw ReportError("\(environment) at α = \(alpha): \(error)")
            }
        }
        let digits = CertifiedText.digits(for: tolerance)
        page.table(
            caption: "Probability of Opt(\(state.name)) = {\(optimal.map { state.actions[$0].name }.joined(separator: ", "))} at the twin's initial state.",
            header: ["run", "algorithm", "seed", "α", "learned (float)", "exact π_α (certified)", "best squashed Gaussian (uncertified)", "last test return"],
            rows: agents.map { agent in
                let exact = agent.alpha.flatMap { exactByAlpha[$0] }.map { policy in
                    optimal.map { policy[s][$0] }.reduce(Ball(0, precision: policy[s][0].precision), +).certifiedDigits(min(digits, 15))
                } ?? "–"
                let family = agent.alpha.flatMap { familyByAlpha[$0] }.map { String(format: "%.4f", probability($0.actionProbabilities[s])) } ?? "–"
                let returns = agent.run.progress.column("test/reward")?.compactMap { $0 } ?? []
                return [agent.run.directory, agent.run.algorithmLabel, agent.run.seed, agent.alpha.map(TickLabel.text) ?? "–",
                        String(format: "%.4f", probability(agent.learned[s])), exact, family, returns.last.map { String(format: "%.2f", $0) } ?? "–"]
            },
            numericColumns: [2, 3, 4, 5, 6, 7])
        for agent in agents {
            guard let alpha = agent.alpha, let exact = exactByAlpha[alpha], let family = familyByAlpha[alpha] else { continue }
            page.collapsible(summary: "Every state of \(agent.run.directory) (\(agent.run.algorithmLabel), seed \(agent.run.seed))") { page in
                var rows: [[String]] = []
                for (index, twinState) in twin.mdp.states.enumerated() where !twinState.isTerminal {
                    for (action, twinAction) in twinState.actions.enumerated() {
                        rows.append([twinState.name, twinAction.name, String(format: "%.4f", agent.learned[index][action]),
                                     exact[index][action].certifiedDigits(8), String(format: "%.4f", family.actionProbabilities[index][action])])
                    }
                    let exactDouble = exact[index].map(\.midpointDouble)
                    rows.append([twinState.name, "TV to π_α", String(format: "%.4f", totalVariation(agent.learned[index], exactDouble)), "0",
                                 String(format: "%.4f", totalVariation(family.actionProbabilities[index], exactDouble))])
                }
                page.table(header: ["state", "action", "learned (float)", "exact π_α (certified)", "best squashed Gaussian"],
                           rows: rows, numericColumns: [2, 3, 4])
            }
        }
        if agents.contains(where: { $0.alpha == nil }) {
            page.note("PPO has no temperature: its rows have no π_α to compare with (the standard optimum puts probability 1 on Opt).")
        }
        if !skipped.isEmpty { page.note("Left out, no checkpoint yet: \(skipped.joined(separator: ", ")).") }
    }
}
