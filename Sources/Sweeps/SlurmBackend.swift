import Foundation

/// The Slurm backend: one `sbatch` job-array script with one task per run, which every task
/// turns into `maxent sweep task DIR $SLURM_ARRAY_TASK_ID`.
public struct SlurmBackend: Sendable {
    public let settings: SlurmSettings
    /// The absolute path of the `maxent` executable the tasks run.
    public let executable: String

    public init(settings: SlurmSettings, executable: String) {
        self.settings = settings
        self.executable = executable
    }

    /// The job-array script for `runs` (the unfinished runs of `plan`): `--array` lists their
    /// indices, each task appends its output and error to `DIR/logs/<index>.out|err`, and a
    /// requeued task starts again, which resumes its run.
    public func script(plan: SweepPlan, runs: [SweepRun], directory: SweepDirectory) -> String {
        let limit = settings.arrayLimit.map { "%\($0)" } ?? ""
        var lines = [
            "#!/bin/bash",
            "# Sweep \(plan.file.name): \(runs.count) of its \(plan.runs.count) runs, one array task each.",
            "# Written by `maxent sweep run`; resubmitting it (or rerunning that command) resumes unfinished runs.",
            "#SBATCH --job-name=maxent-\(plan.file.name)",
            "#SBATCH --array=\(Self.arraySpecification(runs.map(\.index)))\(limit)",
            "#SBATCH --cpus-per-task=\(settings.cpusPerTask ?? 1)",
        ]
        if let memory = settings.memory { lines.append("#SBATCH --mem=\(memory)") }
        if let time = settings.time { lines.append("#SBATCH --time=\(time)") }
        if let partition = settings.partition { lines.append("#SBATCH --partition=\(partition)") }
        if let account = settings.account { lines.append("#SBATCH --account=\(account)") }
        lines += [
            "#SBATCH --output=\(directory.logsPath)/%a.out",
            "#SBATCH --error=\(directory.logsPath)/%a.err",
            "#SBATCH --open-mode=append",
            "#SBATCH --requeue",
            "#",
            "# task  run (maxent train arguments; the run directory is \(directory.path)/runs/<run>)",
        ]
        for run in runs {
            lines.append("# \(String(run.index).padding(toLength: 5, withPad: " ", startingAt: 0)) \(run.name): \(run.arguments.joined(separator: " "))")
        }
        lines += [
            "",
            "# A task whose run finished exits at once; one with a checkpoint resumes from it.",
            "exec \(Self.quoted(executable)) sweep task \(Self.quoted(directory.path)) \"$SLURM_ARRAY_TASK_ID\" --workers \"${SLURM_CPUS_PER_TASK:-1}\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Indices as Slurm's compact list: `0-3`, `0-2,5,7-9`.
    public static func arraySpecification(_ indices: [Int]) -> String {
        var parts: [String] = []
        var position = 0
        let sorted = indices.sorted()
        while position < sorted.count {
            var end = position
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == position ? "\(sorted[position])" : "\(sorted[position])-\(sorted[end])")
            position = end + 1
        }
        return parts.joined(separator: ",")
    }

    /// A shell word for `text`: as is when it is plainly safe, otherwise in single quotes.
    public static func quoted(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._+-=:,@%".contains($0)) }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The `sbatch` executable on `PATH`, or nil.
    public static func findSbatch(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        let path = environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/sbatch" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Submits the script with `sbatch` (`--wait`: blocking until every task has ended) and
    /// returns sbatch's exit status and its output (`Submitted batch job 42`).
    public func submit(scriptPath: String, sbatch: String, wait: Bool) throws(SweepError) -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: sbatch)
        process.arguments = (wait ? ["--wait"] : []) + [scriptPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            throw SweepError("cannot run \(sbatch): \(error.localizedDescription)")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
