import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One child process of the local backend, with the files its standard output and error are
/// appended to.
public struct LocalTask: Sendable {
    public let index: Int
    public let executable: String
    public let arguments: [String]
    public let outputPath: String
    public let errorPath: String

    public init(index: Int, executable: String, arguments: [String], outputPath: String, errorPath: String) {
        self.index = index
        self.executable = executable
        self.arguments = arguments
        self.outputPath = outputPath
        self.errorPath = errorPath
    }
}

/// How a local task ended.
public enum TaskOutcome: Sendable, Equatable {
    case exited(Int32)
    case signalled(Int32)
    /// The sweep was interrupted before the task started.
    case notStarted
}

/// Runs tasks as at most `jobs` concurrent child processes on this machine.
///
/// A failing task does not stop the others. SIGINT or SIGTERM (Ctrl-C) starts no further task and
/// passes the signal on to the running ones (a run's checkpoint is written atomically, so the run
/// resumes from its last completed epoch), then waits for every child before returning.
public struct LocalBackend: Sendable {
    public let jobs: Int

    public init(jobs: Int) throws(SweepError) {
        guard jobs >= 1 else { throw SweepError("--jobs must be at least 1, got \(jobs)") }
        self.jobs = jobs
    }

    /// The `--workers` each of `jobs` concurrent runs gets: an equal share of the cores, at least one.
    public static func coreShare(jobs: Int, cores: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        max(1, cores / max(1, jobs))
    }

    /// Runs every task and returns each one's outcome, in task order; `interrupted` tells whether
    /// a signal stopped the sweep. `started` is called with each task's index as it starts.
    public func run(_ tasks: [LocalTask], started: (Int) -> Void = { _ in }) throws(SweepError) -> (outcomes: [TaskOutcome], interrupted: Bool) {
        let guardian = SignalGuard()
        defer { guardian.restore() }
        var outcomes = [TaskOutcome](repeating: .notStarted, count: tasks.count)
        var running: [pid_t: Int] = [:]
        var next = 0
        var forwarded = false
        while true {
            if SignalGuard.received != 0 {
                if !forwarded {
                    for pid in running.keys { kill(pid, SignalGuard.received) }
                    forwarded = true
                }
            } else {
                while running.count < jobs && next < tasks.count {
                    let pid = try spawn(tasks[next])
                    running[pid] = next
                    started(tasks[next].index)
                    next += 1
                }
            }
            if running.isEmpty { break }
            // Polled rather than blocking, so that the loop sees a signal within a tenth of a second
            // whichever thread it reaches; and each child by its pid, so that no other child of this
            // process is reaped here.
            var ended = false
            for (pid, position) in running {
                var status: Int32 = 0
                let result = waitpid(pid, &status, WNOHANG)
                guard result == pid || (result < 0 && errno != EINTR) else { continue }
                running.removeValue(forKey: pid)
                ended = true
                // WTERMSIG / WEXITSTATUS, which Swift does not import as macros.
                let signal = status & 0x7f
                outcomes[position] = result < 0 ? .signalled(0) : signal == 0 ? .exited((status >> 8) & 0xff) : .signalled(signal)
            }
            if !ended { usleep(100_000) }
        }
        return (outcomes, SignalGuard.received != 0)
    }

    func spawn(_ task: LocalTask) throws(SweepError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let flags = O_WRONLY | O_CREAT | O_APPEND
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, task.outputPath, flags, 0o644)
        posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, task.errorPath, flags, 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Children take the default action for the signals this process intercepts.
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        // ... and block none, whatever this process inherited, so that they can be stopped.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        let argv = ([task.executable] + task.arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, task.executable, &actions, &attributes, argv, environ)
        guard result == 0 else {
            throw SweepError("cannot start \(task.executable): \(String(cString: strerror(result)))")
        }
        return pid
    }
}

/// Catches SIGINT and SIGTERM while a sweep runs (unblocking them, in case the parent process
/// started this one with them blocked) and puts the previous handlers back afterwards.
final class SignalGuard {
    nonisolated(unsafe) static var received: Int32 = 0
    private var previous: [Int32: sigaction] = [:]

    init() {
        Self.received = 0
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        for signal in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { SignalGuard.received = $0 }
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            var old = sigaction()
            sigaction(signal, &action, &old)
            previous[signal] = old
        }
    }

    func restore() {
        for (signal, old) in previous {
            var old = old
            sigaction(signal, &old, nil)
        }
    }
}
