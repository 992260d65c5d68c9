import ArgumentParser
import Arithmetic
import FiniteMDP
import Foundation
import Studies
import Twins

/// `maxent study`: many training runs set beside the exact answer.
struct Study: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run studies of many training runs beside the exact answer.",
        subcommands: [Temperature.self])
}

extension Study {
    /// `maxent study temperature`: (algorithm, α, seed) on a deep twin, against the certified curve.
    struct Temperature: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train every (algorithm, α, seed) on an MDP's deep twin and compare with the certified π_α(Opt|S).",
            discussion: """
                Trains each algorithm at each temperature (PPO and sac-auto once per seed: they have no fixed α) on the \
                deep twin mdp:FILE (see maxent twin --help), as separate `maxent train` processes, --jobs at a time, each \
                with one BLAS thread, into DIR/runs/<algo>-alpha<α>-seed<n> (output in DIR/runs/<name>.log). The study is \
                resumable: rerunning the same command skips finished runs and resumes stopped ones from their checkpoints.

                Then writes DIR/summary.csv (algo,alpha,seed,learned_probability,exact_probability,family_probability,\
                final_test_return,run: the learned policy's probability of the standard-optimal actions Opt(S) at S, \
                read in closed form from the final checkpoint's Gaussian; the certified π_α(Opt(S)|S) of the twin's exact \
                counterpart to 15 significant digits; the optimum of SAC's squashed-Gaussian class, numerical and \
                uncertified) and DIR/report.html (the certified curve with the certified α* bracket, SAC's class with its \
                own critical temperature, and each algorithm's learned probability: mean and 95% band over seeds).
                """)

        @Option(help: ArgumentHelp("The MDP file whose deep twin is trained.", valueName: "file"))
        var mdp: String

        @Option(help: ArgumentHelp("Explicit action intervals (maxent-twin-layout/1; see maxent twin --help).", valueName: "file"))
        var layout: String?

        @Option(help: "Truncate the twin's episodes after this many steps.")
        var episodeSteps: Int?

        @Option(help: "The state S whose policy is examined (default: the initial state).")
        var state: String?

        @Option(help: ArgumentHelp("Temperatures, exact numbers separated by commas.", valueName: "α1,α2,…"))
        var alphas: String

        @Option(help: ArgumentHelp("Algorithms: sac, sac-auto, sac-adaent, ppo, separated by commas.", valueName: "a1,a2,…"))
        var algos: String = "sac,sac-adaent,ppo"

        @Option(help: "Seeds per (algorithm, α): 1…N.")
        var seeds: Int

        @Option(help: "Training steps of every run (default: the preset's).")
        var steps: Int?

        @Option(help: "SAC-AdaEnt's N (actions sampled per state for the similarity test).")
        var entropyNSample: Int?

        @Option(help: "Training processes at a time (default: the number of cores).")
        var jobs: Int?

        @Flag(help: "Only read the finished runs and write summary.csv and report.html; train nothing.")
        var reportOnly = false

        @Option(help: ArgumentHelp("The study directory.", valueName: "dir"))
        var out: String

        func run() throws {
            let name = TwinName(mdpPath: mdp, layoutPath: layout, stepLimit: episodeSteps)
            let twin: DeepTwin
            do { twin = try name.load() } catch { throw InputError(error.description) }
            let stateName = twin.mdp.states[try resolveState(state, in: twin.mdp)].name
            if twin.mdp.stateIndex(named: stateName).map({ twin.mdp.states[$0].isTerminal }) == true {
                throw InputError("--state: \"\(stateName)\" is terminal, it has no policy")
            }
            let temperatures = try alphas.split(separator: ",", omittingEmptySubsequences: false).map { text throws(InputError) -> Rational in
                guard let value = Rational(argument: text.trimmingCharacters(in: .whitespaces)), value.signum > 0 else {
                    throw InputError("--alphas: '\(text)' is not a positive exact number (e.g. 1/5, 0.8, 2)")
                }
                return value
            }
            if let jobs, jobs < 1 { throw InputError("--jobs must be at least 1, got \(jobs)") }
            if let entropyNSample, entropyNSample < 1 { throw InputError("--entropy-n-sample must be at least 1, got \(entropyNSample)") }
            let study: TemperatureStudy
            do {
                study = try TemperatureStudy(
                    environment: name, state: stateName, alphas: temperatures,
                    algorithms: algos.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) },
                    seeds: seeds, steps: steps,
                    trainArguments: entropyNSample.map { ["sac-adaent": ["--entropy-n-sample", "\($0)"]] } ?? [:],
                    directory: URL(fileURLWithPath: out))
            } catch {
                throw InputError(error.description)
            }
            if entropyNSample != nil, !study.algorithms.contains("sac-adaent") {
                throw InputError("--entropy-n-sample needs sac-adaent among --algos")
            }
            if !reportOnly {
                let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
                let started = Date()
                let failures: [(run: TemperatureStudy.Run, status: Int32)]
                do {
                    failures = try study.execute(
                        jobs: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
                        launch: { arguments, log in Self.launch(executable, arguments, log: log) },
                        progress: { line in
                            print(line)
                            fflush(nil)
                        })
                } catch {
                    throw Failure(error.description)
                }
                print(String(format: "training took %.0f s of wall time", Date().timeIntervalSince(started)))
                if !failures.isEmpty {
                    print("\(failures.count) run(s) failed; the report covers the others (rerun to retry)")
                }
            }
            let results: TemperatureStudyResults
            do { results = try TemperatureStudyResults(study) } catch { throw Failure(error.description) }
            do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                throw Failure("--out \(out): cannot create it (\(error.localizedDescription))")
            }
            let summary = URL(fileURLWithPath: out).appendingPathComponent("summary.csv").path
            let report = URL(fileURLWithPath: out).appendingPathComponent("report.html").path
            do {
                try writeFileAtomically(results.summaryCSV, to: summary)
                try writeFileAtomically(try TemperatureStudyReport.html(results), to: report)
            } catch {
                throw Failure("\(error)")
            }
            print("wrote \(summary) (\(results.rows.count) runs) and \(report)")
        }

        /// Runs `maxent` with `arguments` to its end, its output appended to `log`.
        static func launch(_ executable: URL, _ arguments: [String], log: URL) -> Int32 {
            guard FileManager.default.createFile(atPath: log.path, contents: nil),
                  let handle = try? FileHandle(forWritingTo: log) else { return 1 }
            defer { try? handle.close() }
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.standardOutput = handle
            process.standardError = handle
            do { try process.run() } catch { return 1 }
            process.waitUntilExit()
            return process.terminationStatus
        }
    }
}
