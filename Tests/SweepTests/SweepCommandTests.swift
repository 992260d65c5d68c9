import CommandLineTestSupport
import Foundation
import Sweeps
import Testing

@Suite("maxent sweep on this machine")
struct SweepCommandTests {
    @Test("bad input: one line naming what and where, exit 2, nothing written", arguments: [
        (#"{"name": "t", "grid": {"stepz": [1]}}"#, #"grid.stepz: "stepz" is not a maxent train option; known: "#),
        (#"{"name": "t", "grid": {}}"#, "grid: empty; give at least one option"),
        (#"{"name": "t", "grid": {"env": ["toy"], "algo": ["sac"], "alpha": [0.2, -1]}}"#,
         "run toy-sac-alpha-1 (grid.env[0], grid.algo[0], grid.alpha[1]): maxent train refuses it: alpha must be positive"),
        (#"{"name": "t", "grid": {"env": ["toy", "mars"]}, "fixed": {"algo": "sac"}}"#,
         "run mars (grid.env[1]): maxent train refuses it: unknown environment 'mars'"),
        (#"{"name": "t", "grid": {"env": ["toy"]}, "fixed": {"algo": "sac", "steps": "many"}}"#,
         "run toy (grid.env[0]): maxent train refuses it: The value 'many' is invalid for '--steps <steps>'"),
        (#"{"name": "t", "grid": {"env": ["toy"]}, "fixed": {"algo": "sac", "quiet": true}}"#, "fixed.quiet: set by the sweep"),
        (#"{"name": "t", "grid": {"env": ["toy"]}"#, "test.sweep.json: "),
    ])
    func badSweepFiles(text: String, message: String) throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeSweep(text, in: directory)
        let out = directory.appendingPathComponent("out").path
        expectInputError(try maxent(["sweep", "run", file, "--out", out]), mentioning: message)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("bad requests: unwritable DIR, sbatch not found, bad flags, a directory that holds something else")
    func badRequests() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeSweep(#"{"name": "t", "grid": {"seed": [1]}, "fixed": {\#(toyFixed), "algo": "sac", "steps": 30}}"#, in: directory)
        let blocker = directory.appendingPathComponent("a-file").path
        try "x".write(toFile: blocker, atomically: true, encoding: .utf8)
        expectInputError(try maxent(["sweep", "run", file, "--out", blocker + "/sweep"]), mentioning: "--out \(blocker)/sweep: cannot create the sweep directory")
        expectInputError(try maxent(["sweep", "run", file, "--out", blocker]), mentioning: "exists and is not a directory")
        let out = directory.appendingPathComponent("out").path
        expectInputError(try maxent(["sweep", "run", file, "--out", out, "--backend", "slurm"], environment: ["PATH": directory.path]),
                         mentioning: "--backend slurm: sbatch not found on PATH")
        #expect(!FileManager.default.fileExists(atPath: out))
        expectInputError(try maxent(["sweep", "run", file, "--out", out, "--jobs", "0"]), mentioning: "--jobs must be at least 1")
        expectInputError(try maxent(["sweep", "run", file, "--out", out, "--backend", "slurm", "--time", "4h", "--dry-run"]),
                         mentioning: "--time: expected Slurm's")
        expectInputError(try maxent(["sweep", "run", file, "--out", out, "--wait"]), mentioning: "need --backend slurm")
        expectInputError(try maxent(["sweep", "run", directory.path + "/missing.json", "--out", out]), mentioning: "missing.json: no such file")
        let occupied = directory.appendingPathComponent("occupied")
        try FileManager.default.createDirectory(at: occupied, withIntermediateDirectories: true)
        try "x".write(to: occupied.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        expectInputError(try maxent(["sweep", "run", file, "--out", occupied.path]), mentioning: "holds no sweep.json")
        expectInputError(try maxent(["sweep", "status", directory.path]), mentioning: "not a sweep directory (no sweep.json)")
        expectInputError(try maxent(["sweep", "task", directory.path, "0"]), mentioning: "not a sweep directory (no sweep.json)")
    }

    @Test("a sweep with a failing run: the others finish, status names the failure, exit 1")
    func failingRun() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // A critic learning rate of 1e38 makes the losses non-finite in the first update: train stops with an error.
        let file = try writeSweep(#"""
            {"name": "failing", "grid": {"critic-lr": ["1e38", "1e-3"], "seed": [1, 2]},
             "fixed": {\#(toyFixed), "algo": "sac", "steps": 60}}
            """#, in: directory)
        let out = directory.appendingPathComponent("sweep").path
        let result = try maxent(["sweep", "run", file, "--out", out, "--jobs", "2"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("failed critic-lr1e38-seed1: loss/"), "\(result.standardOutput)")
        #expect(result.standardOutput.hasSuffix("2 of 4 done, 2 failed\n"), "\(result.standardOutput)")
        for name in ["critic-lr1e-3-seed1", "critic-lr1e-3-seed2"] {
            #expect(try runFiles(out + "/runs/" + name).count == reproducibleRunFiles.count)
            #expect(lineCount(out + "/runs/\(name)/progress.csv") == 4)
        }
        let status = try maxent(["sweep", "status", out])
        #expect(status.status == 0)
        let lines = status.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("critic-lr1e38-seed1  failed   epoch 0/2  loss/"), "\(lines[0])")
        #expect(lines[2].hasPrefix("critic-lr1e-3-seed1  done     epoch 2/2"), "\(lines[2])")
        #expect(lines[4] == "2 of 4 done, 2 failed")
        let json = try maxent(["sweep", "status", out, "--json"])
        let totals = """
              "totals": {
                "runs": 4,
                "done": 2,
                "running": 0,
                "failed": 2,
                "pending": 0
              }
            """
        #expect(json.standardOutput.contains(totals), "\(json.standardOutput)")
        #expect(json.standardOutput.contains(#""error": "loss/"#))
    }

    @Test("interrupted sweep: SIGINT stops it, a rerun resumes the unfinished run byte-identically and skips finished ones")
    func interruptAndResume() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeSweep(#"""
            {"name": "resume", "grid": {"algo": ["sac", "ppo"]}, "fixed": {\#(toyFixed), "seed": 4, "steps": 900}}
            """#, in: directory)
        let out = directory.appendingPathComponent("sweep").path
        let first = Process()
        first.executableURL = URL(fileURLWithPath: maxentPath)
        first.arguments = ["sweep", "run", file, "--out", out, "--jobs", "1"]
        first.standardOutput = FileHandle.nullDevice
        first.standardError = FileHandle.nullDevice
        try first.run()
        let progress = out + "/runs/sac/progress.csv"
        // Header, the initial test and two epochs: a checkpoint exists and the run is mid-way.
        let midway = waitUntil(seconds: 120) { lineCount(progress) >= 4 }
        first.interrupt()
        first.waitUntilExit()
        #expect(midway)
        #expect(first.terminationStatus == 1)
        let stopped = lineCount(progress) - 2
        #expect(stopped < 30, "the run finished before the interrupt")

        let status = try maxent(["sweep", "status", out])
        #expect(status.standardOutput.contains("sac  pending  epoch \(stopped)/30"), "\(status.standardOutput)")
        #expect(status.standardOutput.hasSuffix("0 of 2 done, 2 pending\n"))

        let second = try maxent(["sweep", "run", file, "--out", out, "--jobs", "1"])
        #expect(second.status == 0, "\(second.standardError)")
        #expect(second.standardOutput.hasSuffix("2 of 2 done\n"))
        let log = try String(contentsOfFile: out + "/logs/0.out", encoding: .utf8)
        #expect(log.contains("maxent train --resume \(out)/runs/sac\n"))

        // The same run straight through, with the workers the sweep gave it.
        let straight = directory.appendingPathComponent("straight").path
        let workers = String(LocalBackend.coreShare(jobs: 1))
        let train = try maxent(["train", "--algo", "sac", "--env", "toy", "--step-per-epoch", "30", "--hidden", "16,16",
                                "--test-episodes", "3", "--seed", "4", "--steps", "900", "--workers", workers, "--out", straight, "--quiet"])
        #expect(train.status == 0)
        #expect(try runFiles(out + "/runs/sac") == runFiles(straight))

        let third = try maxent(["sweep", "run", file, "--out", out, "--jobs", "1"])
        #expect(third.status == 0)
        #expect(third.standardOutput.hasPrefix("sweep resume: 0 runs to go (2 finished, skipped)"), "\(third.standardOutput)")
        #expect(try String(contentsOfFile: out + "/logs/0.out", encoding: .utf8) == log)

        // maxent report takes the sweep directory and finds its runs.
        let report = try maxent(["report", out, "--out", directory.appendingPathComponent("report.html").path])
        #expect(report.status == 0, "\(report.standardError)")
        #expect(report.standardOutput.contains(": 2 run(s)"), "\(report.standardOutput)")
    }

    @Test("dry runs print the per-run commands or the sbatch script and write nothing")
    func dryRun() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeSweep(#"{"name": "dry", "grid": {"seed": [1, 2]}, "fixed": {\#(toyFixed), "algo": "ppo"}, "slurm": {"time": "00:10:00"}}"#, in: directory)
        let out = directory.appendingPathComponent("sweep").path
        let local = try maxent(["sweep", "run", file, "--out", out, "--dry-run", "--jobs", "2"])
        #expect(local.status == 0)
        #expect(local.standardOutput.hasPrefix("0 seed1: \(maxentPath) sweep task \(out) 0 --workers"), "\(local.standardOutput)")
        let slurm = try maxent(["sweep", "run", file, "--out", out, "--dry-run", "--backend", "slurm", "--array-limit", "1"])
        #expect(slurm.status == 0)
        #expect(slurm.standardOutput.contains("#SBATCH --array=0-1%1\n"))
        #expect(slurm.standardOutput.contains("#SBATCH --time=00:10:00\n"))
        #expect(slurm.standardOutput.contains("exec \(maxentPath) sweep task \(out) \"$SLURM_ARRAY_TASK_ID\""))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test("the example sweeps plan the paper's matrix against the real train command", arguments: [
        ("paper", "#SBATCH --array=0-99%20\n#SBATCH --cpus-per-task=2\n#SBATCH --mem=8G\n#SBATCH --time=4-00:00:00\n"),
        ("cpu", "#SBATCH --array=0-99\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=4G\n#SBATCH --time=01:00:00\n"),
    ])
    func exampleSweeps(name: String, resources: String) throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples")
        let result = try maxent(["sweep", "run", examples.appendingPathComponent("\(name).sweep.json").path, "--out", "/nonexistent/\(name)",
                                 "--backend", "slurm", "--dry-run"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains(resources))
        var runs: [String] = []
        // Run directories replace the ':' of a gym:ID with '_'.
        for env in ["quadrotor", "quadrotor-simplified", "vehicle", "gym:HalfCheetah-v5", "gym:Ant-v5"] {
            let directory = env.replacingOccurrences(of: ":", with: "_")
            for algo in ["sac", "sac-auto", "sac-adaent", "ppo"] {
                for seed in 1...5 { runs.append("\(directory)-\(algo)-seed\(seed): --env \(env) --algo \(algo) --seed \(seed) --preset \(name)") }
            }
        }
        let listed = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("# ") && $0.contains(": --env") }
            .map { String($0.dropFirst(8)) }
        #expect(listed == runs)
    }
}
