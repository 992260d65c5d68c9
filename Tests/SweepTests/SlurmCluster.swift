import CommandLineTestSupport
import Foundation
import Testing

/// A single-node Slurm cluster on this machine for one test: its own munge daemon, key and
/// socket, and a slurmctld and slurmd on free ports, all started without systemd from a
/// temporary directory and stopped by their process ids.
final class SlurmCluster {
    static let daemons = ["/usr/sbin/munged", "/usr/sbin/slurmctld", "/usr/sbin/slurmd", "/usr/bin/sbatch", "/usr/bin/squeue",
                          "/usr/bin/scancel", "/usr/bin/sinfo"]

    /// Whether this machine can host the cluster: the Debian packages (slurmctld, slurmd,
    /// slurm-client, munge) are installed and the tests run as root, as slurmd must.
    static var isAvailable: Bool {
        daemons.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) } && getuid() == 0
    }

    /// CI must run these tests: there, a missing Slurm is a failure, not a reason to skip.
    static var isRequired: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    let directory: URL
    /// Pass to every Slurm client command (and so to `maxent sweep run`, which calls sbatch).
    let environment: [String: String]
    private var pidFiles: [String] = []

    init() throws {
        guard Self.isAvailable else {
            throw ClusterError("CI=true but Slurm cannot run here: .ci/run installs slurmctld slurmd slurm-client munge, and the tests must run as root")
        }
        directory = try temporaryDirectory()
        let path = directory.path
        environment = ["SLURM_CONF": path + "/slurm.conf"]
        for folder in ["state", "spool"] {
            try FileManager.default.createDirectory(atPath: path + "/" + folder, withIntermediateDirectories: true)
        }
        var key = [UInt8](repeating: 0, count: 1024)
        for index in key.indices { key[index] = UInt8.random(in: 0...255) }
        guard FileManager.default.createFile(atPath: path + "/munge.key", contents: Data(key), attributes: [.posixPermissions: 0o600]) else {
            throw ClusterError("cannot write \(path)/munge.key")
        }
        let port = Int.random(in: 20_000...59_000)
        let configuration = """
            ClusterName=maxent-test
            SlurmctldHost=localhost
            SlurmUser=root
            SlurmdUser=root
            AuthType=auth/munge
            AuthInfo=socket=\(path)/munge.socket
            SlurmctldPort=\(port)
            SlurmdPort=\(port + 1)
            StateSaveLocation=\(path)/state
            SlurmdSpoolDir=\(path)/spool
            SlurmctldPidFile=\(path)/slurmctld.pid
            SlurmdPidFile=\(path)/slurmd.pid
            SlurmctldLogFile=\(path)/slurmctld.log
            SlurmdLogFile=\(path)/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            SelectType=select/cons_tres
            SelectTypeParameters=CR_Core
            SchedulerType=sched/backfill
            ReturnToService=2
            MpiDefault=none
            JobCompType=jobcomp/none
            AccountingStorageType=accounting_storage/none
            NodeName=localhost NodeAddr=127.0.0.1 CPUs=\(ProcessInfo.processInfo.activeProcessorCount) State=UNKNOWN
            PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP

            """
        try configuration.write(toFile: path + "/slurm.conf", atomically: true, encoding: .utf8)
        do {
            try start("/usr/sbin/munged", ["--force", "--socket=\(path)/munge.socket", "--key-file=\(path)/munge.key",
                                           "--log-file=\(path)/munged.log", "--pid-file=\(path)/munged.pid",
                                           "--seed-file=\(path)/munged.seed"], pidFile: path + "/munged.pid")
            try start("/usr/sbin/slurmctld", ["-f", path + "/slurm.conf"], pidFile: path + "/slurmctld.pid")
            try start("/usr/sbin/slurmd", ["-f", path + "/slurm.conf", "-N", "localhost"], pidFile: path + "/slurmd.pid")
            // The node registers within a few seconds; a cluster that is not idle in 60 s is broken.
            let idle = waitUntil(seconds: 60) {
                (try? self.client("/usr/bin/sinfo", ["-h", "-o", "%t"]).output.trimmingCharacters(in: .whitespacesAndNewlines)) == "idle"
            }
            guard idle else { throw ClusterError("the Slurm node did not become idle in 60 s; see \(path)/slurmctld.log") }
        } catch {
            shutDown()
            throw error
        }
    }

    /// Starts a daemon (which forks into the background) and waits for its pid file.
    private func start(_ executable: String, _ arguments: [String], pidFile: String) throws {
        // posix_spawn rather than Foundation's Process, which waits for every holder of an internal
        // descriptor to close it: a daemon's forked child inherits it and would keep the wait open.
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", O_RDWR, 0)
        }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = variables.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        // The test runner's threads block some signals; the daemons must not inherit that, or
        // they would ignore the SIGTERM that stops them.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var signals = sigset_t()
        sigemptyset(&signals)
        posix_spawnattr_setsigmask(&attributes, &signals)
        sigaddset(&signals, SIGTERM)
        sigaddset(&signals, SIGINT)
        posix_spawnattr_setsigdefault(&attributes, &signals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw ClusterError("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        guard status == 0 else {
            throw ClusterError("\(executable) exited with status \(status); see the logs in \(directory.path)")
        }
        pidFiles.append(pidFile)
        guard waitUntil(seconds: 20, { Self.pid(pidFile) != nil }) else { throw ClusterError("\(executable) wrote no pid file") }
    }

    /// Runs a Slurm client command with the cluster's configuration.
    @discardableResult
    func client(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Whether the job (or array task, `42_3`) is still known to the queue.
    func isQueued(_ job: String) -> Bool {
        let listing = (try? client("/usr/bin/squeue", ["-h", "-r", "-o", "%i", "-j", job]).output) ?? ""
        return !listing.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }

    static func pid(_ file: String) -> pid_t? {
        (try? String(contentsOfFile: file, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// Whether the process exists and has not exited (a zombie waiting for a parent that does
    /// not reap it has exited).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return false }
        return !stat[end...].hasPrefix(") Z")
    }

    /// Stops the daemons by their process ids (SIGTERM, then SIGKILL after 20 s) and removes the directory.
    func shutDown() {
        for file in pidFiles.reversed() {
            guard let pid = Self.pid(file) else { continue }
            kill(pid, SIGTERM)
            if !waitUntil(seconds: 20, { !Self.isAlive(pid) }) { kill(pid, SIGKILL) }
        }
        pidFiles = []
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { shutDown() }
}

struct ClusterError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
