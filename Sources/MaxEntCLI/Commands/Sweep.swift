import ArgumentParser
import FiniteMDP
import Foundation
import Sweeps
import JSON

/// `maxent sweep`: a grid of `maxent train` runs from one file, run on this machine or as a
/// Slurm job array (README, "Running the paper's matrix on a cluster").
struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a grid of maxent train runs from one sweep file, here in parallel or as a Slurm job array.",
        discussion: """
            A sweep file is JSON: "name", "grid" (train options without dashes → lists of values; every \
            combination is one run), "fixed" (options → one value), optional "exclude" (rules such as \
            {"algo": "ppo", "alpha": ["0.2"]}) and optional "slurm" (cpus-per-task, mem, time, partition, account, \
            array-limit). Each run trains into DIR/runs/<name>, named by its grid values (quadrotor-sac-seed1). \
            Examples: examples/paper.sweep.json, examples/cpu.sweep.json.
            """,
        subcommands: [SweepRunCommand.self, SweepStatus.self, SweepTask.self]
    )

    /// `maxent train` as a sweep sees it: its option names, read from the command's own
    /// declaration, and its own checks run in-process on each run's arguments.
    static let trainInterface = TrainInterface(
        options: trainOptionKinds(),
        reserved: [
            "out": "set by the sweep (each run trains into DIR/runs/<name>)",
            "resume": "set by the sweep (an unfinished run resumes from its checkpoint)",
            "quiet": "set by the sweep (each task's output goes to DIR/logs)",
        ],
        check: { arguments in
            do {
                let train = try Train.parse(arguments)
                _ = try train.makeConfiguration()
                return nil
            } catch let error as InputError {
                return error.description
            } catch {
                return Train.message(for: error)
            }
        })

    /// The long names of `Train`'s options and flags, as ArgumentParser derives them from the
    /// property names (`stepPerEpoch` → `step-per-epoch`).
    static func trainOptionKinds() -> [String: TrainOptionKind] {
        var kinds: [String: TrainOptionKind] = [:]
        for child in Mirror(reflecting: Train()).children {
            guard let label = child.label, label.hasPrefix("_") else { continue }
            let name = label.dropFirst().reduce(into: "") { name, character in
                name += character.isUppercase ? "-" + character.lowercased() : String(character)
            }
            if child.value is Flag<Bool> {
                kinds[name] = .flag
            } else if String(describing: type(of: child.value)).hasPrefix("Option<") {
                kinds[name] = .value
            }
        }
        return kinds
    }

    /// The absolute path of the running `maxent` executable, which the tasks run too.
    static func executablePath() -> String {
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        return Bundle.main.executablePath ?? CommandLine.arguments[0]
    }

    static func loadPlan(_ file: String) throws -> SweepPlan {
        do {
            let sweep = try SweepFile(contentsOfFile: file)
            do {
                return try SweepPlan(file: sweep, train: trainInterface)
            } catch {
                throw InputError("\(file): \(error)")
            }
        } catch let error as SweepError {
            throw InputError(error.description)
        }
    }
}

enum SweepBackendName: String, ExpressibleByArgument, CaseIterable {
    case local
    case slurm
}

/// `maxent sweep run FILE --out DIR`.
struct SweepRunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start or resume every unfinished run of a sweep file.",
        discussion: """
            local: --jobs concurrent runs on this machine, each with an equal share of the cores as --workers; \
            Ctrl-C stops them (each keeps its last epoch's checkpoint) and running the same command again resumes \
            unfinished runs and skips finished ones; a failing run is reported without stopping the others. \
            slurm: writes DIR/sweep.sbatch, one job-array task per unfinished run, and submits it with sbatch \
            (--wait: block until every task has ended). Exit status: 0 when every run finished, 1 when one failed or \
            the sweep was interrupted, 2 for bad input.
            """)

    @Argument(help: ArgumentHelp("The sweep file (JSON).", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The sweep directory: runs/, logs/, state/, sweep.json.", valueName: "dir"))
    var out: String

    @Option(help: "local (this machine) or slurm (an sbatch job array).")
    var backend: SweepBackendName = .local

    @Option(help: "local: runs at a time (default 1).")
    var jobs: Int = 1

    @Flag(help: "slurm: block until the job array has finished; exit 1 if any task failed.")
    var wait = false

    @Flag(help: "Print what would run (local: the commands; slurm: the sbatch script) and write nothing.")
    var dryRun = false

    @Option(help: "slurm: CPUs per task, which become each run's --workers (default: the file's, else 1).")
    var cpusPerTask: Int?

    @Option(help: ArgumentHelp("slurm: memory per task, e.g. 4G (default: the file's, else the cluster's).", valueName: "size"))
    var mem: String?

    @Option(help: ArgumentHelp("slurm: time limit per task, e.g. 04:00:00 (default: the file's, else the partition's).", valueName: "time"))
    var time: String?

    @Option(help: "slurm: partition (default: the file's, else the cluster's).")
    var partition: String?

    @Option(help: "slurm: account to charge (default: the file's, else yours).")
    var account: String?

    @Option(help: "slurm: at most this many tasks at once (the array's %limit).")
    var arrayLimit: Int?

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if backend == .local {
            let slurmOnly: [Any?] = [cpusPerTask, mem, time, partition, account, arrayLimit]
            if wait || !slurmOnly.allSatisfy({ $0 == nil }) {
                throw ValidationError("--wait, --cpus-per-task, --mem, --time, --partition, --account and --array-limit need --backend slurm")
            }
        } else if jobs != 1 {
            throw ValidationError("--jobs is the local backend's; Slurm runs up to --array-limit tasks at once")
        }
    }

    func run() throws {
        let plan = try Sweep.loadPlan(file)
        let directory = SweepDirectory(path: out)
        switch backend {
        case .local: try runLocally(plan, directory)
        case .slurm: try submitToSlurm(plan, directory)
        }
    }

    func runLocally(_ plan: SweepPlan, _ directory: SweepDirectory) throws {
        let workers = LocalBackend.coreShare(jobs: jobs)
        let executable = Sweep.executablePath()
        func task(_ run: SweepRun) -> LocalTask {
            LocalTask(index: run.index, executable: executable,
                      arguments: ["sweep", "task", directory.path, String(run.index), "--workers", String(workers)],
                      outputPath: directory.outputPath(run), errorPath: directory.errorPath(run))
        }
        if dryRun {
            for run in plan.runs {
                print("\(run.index) \(run.name): \(([executable] + task(run).arguments).map(SlurmBackend.quoted).joined(separator: " "))")
            }
            return
        }
        let backend = try LocalBackend(jobs: jobs)
        try prepare(directory, plan)
        let unfinished = directory.status(of: plan).filter { $0.state != .done }.map(\.run)
        let skipped = plan.runs.count - unfinished.count
        print("sweep \(plan.file.name): \(unfinished.count) runs to go\(skipped > 0 ? " (\(skipped) finished, skipped)" : ""), "
              + "\(jobs) at a time with \(workers) worker\(workers == 1 ? "" : "s") each → \(directory.path)")
        let result = try backend.run(unfinished.map(task)) { index in
            print("started \(plan.runs[index].name)")
            fflush(nil)
        }
        let statuses = directory.status(of: plan)
        for status in statuses {
            if case .failed(let message) = status.state { print("failed \(status.run.name): \(message)") }
        }
        print(SweepTotals(statuses).line)
        if result.interrupted {
            throw Failure("interrupted: unfinished runs keep their checkpoints; run the same command again to resume them")
        }
        if statuses.contains(where: { $0.state != .done }) { throw ExitCode(1) }
    }

    func submitToSlurm(_ plan: SweepPlan, _ directory: SweepDirectory) throws {
        var flags = SlurmSettings()
        flags.cpusPerTask = cpusPerTask
        flags.memory = mem
        flags.time = time
        flags.partition = partition
        flags.account = account
        flags.arrayLimit = arrayLimit
        let settings: SlurmSettings
        do {
            settings = plan.file.slurm.overridden(by: try flags.validated { "--\($0)" })
        } catch {
            throw InputError("\(error)")
        }
        let backend = SlurmBackend(settings: settings, executable: Sweep.executablePath())
        if dryRun {
            print(backend.script(plan: plan, runs: plan.runs, directory: directory), terminator: "")
            return
        }
        guard let sbatch = SlurmBackend.findSbatch() else {
            throw InputError("--backend slurm: sbatch not found on PATH; run this on a Slurm login node, or use --backend local")
        }
        try prepare(directory, plan)
        let unfinished = directory.status(of: plan).filter { $0.state != .done && $0.state != .running }.map(\.run)
        guard !unfinished.isEmpty else {
            print(SweepTotals(directory.status(of: plan)).line + "; nothing to submit")
            return
        }
        do {
            try writeFileAtomically(backend.script(plan: plan, runs: unfinished, directory: directory), to: directory.scriptPath)
        } catch {
            throw Failure("\(error)")
        }
        print("sweep \(plan.file.name): submitting \(unfinished.count) runs as a job array (\(directory.scriptPath))")
        fflush(nil)
        let submission = try backend.submit(scriptPath: directory.scriptPath, sbatch: sbatch, wait: wait)
        if !submission.output.isEmpty { print(submission.output) }
        if !wait {
            guard submission.status == 0 else { throw Failure("sbatch exited with status \(submission.status)") }
            print("follow it with: maxent sweep status \(directory.path)")
            return
        }
        let statuses = directory.status(of: plan)
        for status in statuses {
            if case .failed(let message) = status.state { print("failed \(status.run.name): \(message)") }
        }
        print(SweepTotals(statuses).line)
        if submission.status != 0 || statuses.contains(where: { $0.state != .done }) { throw ExitCode(1) }
    }

    func prepare(_ directory: SweepDirectory, _ plan: SweepPlan) throws {
        do { try directory.prepare(for: plan) } catch { throw InputError(error.description) }
    }
}

/// `maxent sweep status DIR`.
struct SweepStatus: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show each run of a sweep directory: done, running, failed (with its last error) or pending.")

    @Argument(help: ArgumentHelp("The sweep directory (--out of maxent sweep run).", valueName: "dir"))
    var directory: String

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func run() throws {
        let sweep = SweepDirectory(path: directory)
        let plan: SweepPlan
        do { plan = try sweep.readPlan(train: Sweep.trainInterface) } catch { throw InputError(error.description) }
        let statuses = sweep.status(of: plan)
        let totals = SweepTotals(statuses)
        if json {
            print(statusDocument(plan, statuses, totals).jsonText())
            return
        }
        let width = statuses.map(\.run.name.count).max() ?? 0
        for status in statuses {
            var line = status.run.name.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                + status.state.label.padding(toLength: 9, withPad: " ", startingAt: 0)
            if let completed = status.completedEpochs, let epochs = status.epochs {
                line += "epoch \(completed)/\(epochs)"
            }
            if case .failed(let message) = status.state { line += "  \(message)" }
            print(line)
        }
        print(totals.line)
    }

    func statusDocument(_ plan: SweepPlan, _ statuses: [RunStatus], _ totals: SweepTotals) -> JSONValue {
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        return .object([
            ("name", .string(plan.file.name)),
            ("runs", .array(statuses.map { status in
                var members: [(key: String, value: JSONValue)] = [
                    ("index", number(status.run.index)), ("name", .string(status.run.name)), ("state", .string(status.state.label)),
                    ("completed_epochs", status.completedEpochs.map(number) ?? .null), ("epochs", status.epochs.map(number) ?? .null),
                ]
                if case .failed(let message) = status.state { members.append(("error", .string(message))) }
                return .object(members)
            })),
            ("totals", .object([
                ("runs", number(totals.runs)), ("done", number(totals.done)), ("running", number(totals.running)),
                ("failed", number(totals.failed)), ("pending", number(totals.pending)),
            ])),
        ])
    }
}

/// `maxent sweep task DIR INDEX`: what one array task (or local child) runs.
struct SweepTask: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "task",
        abstract: "Run one run of a sweep directory (what each Slurm array task and local child executes).",
        discussion: """
            A finished run exits at once; a run with a checkpoint resumes from it (maxent train --resume); any \
            other run starts afresh in DIR/runs/<name>. The outcome is recorded in DIR/state/<name>.json.
            """)

    @Argument(help: ArgumentHelp("The sweep directory.", valueName: "dir"))
    var directory: String

    @Argument(help: "The run's index (Slurm's $SLURM_ARRAY_TASK_ID).")
    var index: Int

    @Option(help: "Threads of a new run, unless the sweep sets workers itself.")
    var workers: Int?

    func validate() throws {
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1, got \(workers)") }
    }

    func run() throws {
        let sweep = SweepDirectory(path: directory)
        let plan: SweepPlan
        do { plan = try sweep.readPlan(train: Sweep.trainInterface) } catch { throw InputError(error.description) }
        guard plan.runs.indices.contains(index) else {
            throw InputError("index \(index): the sweep has runs 0 to \(plan.runs.count - 1)")
        }
        let run = plan.runs[index]
        let status = sweep.status(of: run)
        if status.state == .done {
            print("\(run.name): already finished")
            return
        }
        try record(.running, run, sweep)
        let runPath = sweep.runPath(run)
        var arguments: [String]
        if status.hasCheckpoint {
            arguments = ["--resume", runPath]
        } else {
            // Without a checkpoint nothing of the run survives (it stopped before its first test).
            try? FileManager.default.removeItem(atPath: runPath)
            arguments = run.arguments + ["--out", runPath]
            if let workers, !run.setsWorkers { arguments += ["--workers", String(workers)] }
        }
        print("\(run.name) (task \(index), \(TaskRecord.currentHost), pid \(getpid())): maxent train \(arguments.joined(separator: " "))")
        fflush(nil)
        do {
            let train = try Train.parse(arguments)
            try train.run()
        } catch {
            let message = (error as? InputError)?.description ?? (error as? Failure)?.description ?? Train.message(for: error)
            try? record(.failed, run, sweep, message: message.split(separator: "\n").last.map(String.init) ?? message)
            throw error
        }
        try record(.done, run, sweep)
    }

    func record(_ phase: TaskRecord.Phase, _ run: SweepRun, _ sweep: SweepDirectory, message: String? = nil) throws {
        do {
            try TaskRecord(phase: phase, message: message).write(to: sweep.statePath(run))
        } catch {
            throw Failure(error.description)
        }
    }
}
