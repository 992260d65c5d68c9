import FiniteMDP
import Foundation
@testable import Sweeps
import Testing
import JSON

/// A stand-in for `maxent train`'s interface: a few options, and a check that refuses `--alpha`
/// with PPO the way train does.
let fakeTrain = TrainInterface(
    options: ["env": .value, "algo": .value, "seed": .value, "alpha": .value, "steps": .value, "workers": .value,
              "analysis-plain-critics": .flag, "out": .value],
    reserved: ["out": "set by the sweep"],
    check: { arguments in
        arguments.contains("ppo") && arguments.contains("--alpha") ? "--alpha does not apply to PPO" : nil
    })

func sweepFile(_ text: String) throws -> SweepFile {
    try SweepFile(document: JSONValue(parsing: Array(text.utf8)))
}

func planningError(_ text: String, train: TrainInterface = fakeTrain) -> String? {
    do {
        _ = try SweepPlan(file: sweepFile(text), train: train)
        return nil
    } catch {
        return "\(error)"
    }
}

@Suite("Sweep files and plans")
struct SweepPlanTests {
    @Test("the runs are the grid's Cartesian product in file order, last option fastest, less the exclusions")
    func cartesianProduct() throws {
        let plan = try SweepPlan(file: sweepFile("""
            {"name": "t", "grid": {"env": ["quadrotor", "vehicle"], "algo": ["sac", "ppo"], "seed": [1, 2]},
             "fixed": {"steps": 1e3, "analysis-plain-critics": false},
             "exclude": [{"env": "vehicle", "algo": ["ppo"]}]}
            """), train: fakeTrain)
        #expect(plan.runs.map(\.name) == [
            "quadrotor-sac-seed1", "quadrotor-sac-seed2", "quadrotor-ppo-seed1", "quadrotor-ppo-seed2",
            "vehicle-sac-seed1", "vehicle-sac-seed2",
        ])
        #expect(plan.runs.map(\.index) == Array(0..<6))
        // Numbers reach train as written; a false flag is left out.
        #expect(plan.runs[3].arguments == ["--env", "quadrotor", "--algo", "ppo", "--seed", "2", "--steps", "1e3"])
        #expect(plan.runs.allSatisfy { !$0.setsWorkers })
    }

    @Test("a flag in the grid names runs by its setting; workers in the sweep stops the core share")
    func flagsAndWorkers() throws {
        let plan = try SweepPlan(file: sweepFile("""
            {"name": "t", "grid": {"analysis-plain-critics": [true, false], "alpha": ["0.2"]}, "fixed": {"workers": 3}}
            """), train: fakeTrain)
        #expect(plan.runs.map(\.name) == ["analysis-plain-critics-alpha0.2", "no-analysis-plain-critics-alpha0.2"])
        #expect(plan.runs[0].arguments == ["--analysis-plain-critics", "--alpha", "0.2", "--workers", "3"])
        #expect(plan.runs.allSatisfy { $0.setsWorkers })
    }

    @Test("structural mistakes are refused with the JSON path", arguments: [
        (#"{"name": "t", "grid": {}}"#, "grid: empty"),
        (#"{"name": "t", "grid": {"seed": []}}"#, "grid.seed: empty list"),
        (#"{"name": "t", "grid": {"seed": [1, 1]}}"#, "grid.seed[1]: 1 is listed twice"),
        (#"{"name": "t", "grid": {"seed": 1}}"#, "grid.seed: expected a list of values, found a number"),
        (#"{"name": "t", "grid": {"seed": [null]}}"#, "grid.seed[0]: expected a number, a string or a boolean, found null"),
        (#"{"name": "a b", "grid": {"seed": [1]}}"#, "name: expected 1 to 64 letters"),
        (#"{"grid": {"seed": [1]}}"#, "missing key \"name\""),
        (#"{"name": "t", "grid": {"seed": [1]}, "fixd": {}}"#, "unknown key \"fixd\""),
        (#"{"name": "t", "grid": {"seed": [1]}, "fixed": {"seed": 2}}"#, "fixed.seed: also in grid"),
        (#"{"name": "t", "grid": {"seed": [1]}, "exclude": [{"env": "toy"}]}"#, "exclude[0].env: \"env\" is not a grid option"),
        (#"{"name": "t", "grid": {"seed": [1]}, "exclude": [{"seed": 3}]}"#, "exclude[0].seed: 3 is not among grid.seed's values"),
        (#"{"name": "t", "grid": {"seed": [1]}, "exclude": [{}]}"#, "exclude[0]: empty rule"),
        (#"{"name": "t", "grid": {"seed": [1]}, "slurm": {"time": "4h"}}"#, "slurm.time: expected Slurm's"),
        (#"{"name": "t", "grid": {"seed": [1]}, "slurm": {"cpus-per-task": 0}}"#, "slurm.cpus-per-task: must be at least 1"),
        (#"{"name": "t", "grid": {"seed": [1]}, "slurm": {"gpus": 1}}"#, "slurm.gpus: unknown key"),
    ])
    func structuralErrors(text: String, expected: String) {
        let message = planningError(text)
        #expect(message?.contains(expected) == true, "\(message ?? "accepted")")
    }

    @Test("options are checked against train: unknown, reserved, wrong kind, refused combination, all excluded", arguments: [
        (#"{"name": "t", "grid": {"stepz": [1]}}"#, "grid.stepz: \"stepz\" is not a maxent train option; known: algo, alpha"),
        (#"{"name": "t", "grid": {"--seed": [1]}}"#, "write option names without dashes"),
        (#"{"name": "t", "grid": {"seed": [1]}, "fixed": {"out": "x"}}"#, "fixed.out: set by the sweep"),
        (#"{"name": "t", "grid": {"seed": [1]}, "fixed": {"analysis-plain-critics": "yes"}}"#, "is a flag; give true or false"),
        (#"{"name": "t", "grid": {"seed": [true]}}"#, "grid.seed[0]: --seed takes a value"),
        (#"{"name": "t", "grid": {"algo": ["sac", "ppo"]}, "fixed": {"alpha": 0.2}}"#,
         "run ppo (grid.algo[1]): maxent train refuses it: --alpha does not apply to PPO"),
        (#"{"name": "t", "grid": {"seed": [1]}, "exclude": [{"seed": 1}]}"#, "every combination of the grid is excluded"),
        (#"{"name": "t", "grid": {"alpha": ["a/b", "a_b"]}}"#, "both name their run 'alphaa_b'"),
    ])
    func optionErrors(text: String, expected: String) {
        let message = planningError(text)
        #expect(message?.contains(expected) == true, "\(message ?? "accepted")")
    }

    @Test("Slurm's array list is the compact form of the indices")
    func arraySpecification() {
        #expect(SlurmBackend.arraySpecification([0, 1, 2, 3]) == "0-3")
        #expect(SlurmBackend.arraySpecification([9, 0, 1, 2, 5, 7, 8]) == "0-2,5,7-9")
        #expect(SlurmBackend.arraySpecification([4]) == "4")
    }

    @Test("the job-array script asks for what the file and flags say and runs the same maxent per task")
    func script() throws {
        var plan = try SweepPlan(file: sweepFile("""
            {"name": "paper", "grid": {"env": ["quadrotor"], "seed": [1, 2, 3]},
             "slurm": {"cpus-per-task": 2, "mem": "4G", "time": "04:00:00", "array-limit": 2}}
            """), train: fakeTrain)
        let directory = SweepDirectory(path: "/scratch/my sweep")
        var settings = plan.file.slurm
        settings = settings.overridden(by: { var flags = SlurmSettings(); flags.partition = "short"; return flags }())
        let backend = SlurmBackend(settings: settings, executable: "/opt/maxent/bin/maxent")
        let text = backend.script(plan: plan, runs: [plan.runs[0], plan.runs[2]], directory: directory)
        let lines = text.split(separator: "\n").map(String.init)
        for expected in [
            "#!/bin/bash", "#SBATCH --job-name=maxent-paper", "#SBATCH --array=0,2%2", "#SBATCH --cpus-per-task=2",
            "#SBATCH --mem=4G", "#SBATCH --time=04:00:00", "#SBATCH --partition=short",
            "#SBATCH --output=/scratch/my sweep/logs/%a.out", "#SBATCH --error=/scratch/my sweep/logs/%a.err",
            "#SBATCH --open-mode=append", "#SBATCH --requeue",
            "exec /opt/maxent/bin/maxent sweep task '/scratch/my sweep' \"$SLURM_ARRAY_TASK_ID\" --workers \"${SLURM_CPUS_PER_TASK:-1}\"",
        ] {
            #expect(lines.contains(expected), "missing: \(expected)")
        }
        #expect(!text.contains("--account"))
        #expect(text.contains("quadrotor-seed3: --env quadrotor --seed 3"))
        #expect(!text.contains("quadrotor-seed2"))
        plan = try SweepPlan(file: sweepFile(#"{"name": "p", "grid": {"seed": [1]}}"#), train: fakeTrain)
        #expect(SlurmBackend(settings: SlurmSettings(), executable: "/m").script(plan: plan, runs: plan.runs, directory: directory)
            .contains("#SBATCH --array=0\n#SBATCH --cpus-per-task=1\n#SBATCH --output"))
    }
}
