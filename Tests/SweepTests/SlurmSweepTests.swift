import CommandLineTestSupport
import Foundation
import Testing

/// The Slurm backend against a real single-node cluster brought up by each test. On a machine
/// without Slurm these tests are skipped, except under CI=true, where they must run.
@Suite("maxent sweep on a Slurm cluster", .serialized, .enabled(if: SlurmCluster.isAvailable || SlurmCluster.isRequired))
struct SlurmSweepTests {
    @Test("a 4-run toy sweep through sbatch --wait: every run's files, its state and sweep status")
    func toySweep() throws {
        let cluster = try SlurmCluster()
        defer { cluster.shutDown() }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeSweep(#"""
            {"name": "toy", "grid": {"algo": ["sac", "ppo"], "seed": [1, 2]}, "fixed": {\#(toyFixed), "steps": 60},
             "slurm": {"cpus-per-task": 1, "time": "00:10:00"}}
            """#, in: directory)
        let out = directory.appendingPathComponent("sweep").path
        let result = try maxent(["sweep", "run", file, "--out", out, "--backend", "slurm", "--wait"], environment: cluster.environment)
        #expect(result.status == 0, "\(result.standardOutput) \(result.standardError)")
        #expect(result.standardOutput.contains("Submitted batch job"))
        #expect(result.standardOutput.hasSuffix("4 of 4 done\n"), "\(result.standardOutput)")
        let script = try String(contentsOfFile: out + "/sweep.sbatch", encoding: .utf8)
        #expect(script.contains("#SBATCH --array=0-3\n"))
        for (index, name) in ["sac-seed1", "sac-seed2", "ppo-seed1", "ppo-seed2"].enumerated() {
            #expect(try runFiles(out + "/runs/" + name).count == reproducibleRunFiles.count, "\(name)")
            #expect(try String(contentsOfFile: out + "/state/\(name).json", encoding: .utf8).contains(#""state": "done""#))
            #expect(try String(contentsOfFile: out + "/logs/\(index).out", encoding: .utf8).contains("final policy: test return"))
        }
        // A run does not depend on its backend: the Slurm task's files equal a plain maxent train's.
        let straight = directory.appendingPathComponent("straight").path
        let train = try maxent(["train", "--algo", "ppo", "--seed", "2", "--env", "toy", "--step-per-epoch", "30", "--hidden", "16,16",
                                "--test-episodes", "3", "--steps", "60", "--workers", "1", "--out", straight, "--quiet"])
        #expect(train.status == 0)
        #expect(try runFiles(out + "/runs/ppo-seed2") == runFiles(straight))

        let status = try maxent(["sweep", "status", out])
        #expect(status.status == 0)
        #expect(status.standardOutput == """
            sac-seed1  done     epoch 2/2
            sac-seed2  done     epoch 2/2
            ppo-seed1  done     epoch 1/1
            ppo-seed2  done     epoch 1/1
            4 of 4 done

            """)
        let again = try maxent(["sweep", "run", file, "--out", out, "--backend", "slurm", "--wait"], environment: cluster.environment)
        #expect(again.status == 0)
        #expect(again.standardOutput == "4 of 4 done; nothing to submit\n")
    }

    @Test("scancel one array task mid-run, resubmit: the resumed run's files are byte-identical to an uninterrupted run")
    func cancelAndResubmit() throws {
        let cluster = try SlurmCluster()
        defer { cluster.shutDown() }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = try writeSweep(#"""
            {"name": "cancel", "grid": {"steps": [600, 60]}, "fixed": {\#(toyFixed), "algo": "sac", "seed": 5}}
            """#, in: directory)
        let out = directory.appendingPathComponent("sweep").path
        let submitted = try maxent(["sweep", "run", file, "--out", out, "--backend", "slurm"], environment: cluster.environment)
        #expect(submitted.status == 0, "\(submitted.standardError)")
        let job = try #require(submitted.standardOutput.split(separator: "\n").first { $0.hasPrefix("Submitted batch job ") }?
            .split(separator: " ").last.map(String.init))

        let progress = out + "/runs/steps600/progress.csv"
        // Header, the initial test and two epochs: task 0 has a checkpoint and is mid-way.
        #expect(waitUntil(seconds: 120) { lineCount(progress) >= 4 })
        try cluster.client("/usr/bin/scancel", ["\(job)_0"])
        #expect(waitUntil(seconds: 60) { !cluster.isQueued("\(job)_0") })
        let stopped = lineCount(progress) - 2
        #expect(stopped < 20, "task 0 finished before it was cancelled")
        #expect(waitUntil(seconds: 120) { !cluster.isQueued(job) })
        let status = try maxent(["sweep", "status", out])
        #expect(status.standardOutput.contains("steps600  pending  epoch \(stopped)/20"), "\(status.standardOutput)")
        #expect(status.standardOutput.hasSuffix("1 of 2 done, 1 pending\n"))

        let resubmitted = try maxent(["sweep", "run", file, "--out", out, "--backend", "slurm", "--wait"], environment: cluster.environment)
        #expect(resubmitted.status == 0, "\(resubmitted.standardOutput) \(resubmitted.standardError)")
        #expect(resubmitted.standardOutput.contains("submitting 1 runs"))
        #expect(try String(contentsOfFile: out + "/sweep.sbatch", encoding: .utf8).contains("#SBATCH --array=0\n"))
        #expect(resubmitted.standardOutput.hasSuffix("2 of 2 done\n"))
        let log = try String(contentsOfFile: out + "/logs/0.out", encoding: .utf8)
        #expect(log.contains("maxent train --resume \(out)/runs/steps600\n"), "\(log)")

        let straight = directory.appendingPathComponent("straight").path
        let train = try maxent(["train", "--seed", "5", "--env", "toy", "--step-per-epoch", "30", "--hidden", "16,16", "--test-episodes", "3",
                                "--algo", "sac", "--steps", "600", "--workers", "1", "--out", straight, "--quiet"])
        #expect(train.status == 0)
        #expect(try runFiles(out + "/runs/steps600") == runFiles(straight))
    }
}
