import FiniteMDP
import Foundation
import JSON

/// Where a run of a sweep stands, read from the sweep directory alone, so that it is the same
/// whichever backend started the run.
public enum RunState: Sendable, Equatable {
    /// Finished: its task ended successfully.
    case done
    /// Its task is alive (or, on another host, has not reported an end).
    case running
    /// Its task ended with an error; `message` is the last error line.
    case failed(message: String)
    /// Not started, or stopped (interrupted, cancelled, preempted) before finishing: the next
    /// run of the sweep starts or resumes it.
    case pending

    public var label: String {
        switch self {
        case .done: "done"
        case .running: "running"
        case .failed: "failed"
        case .pending: "pending"
        }
    }
}

/// One run's state and progress.
public struct RunStatus: Sendable, Equatable {
    public let run: SweepRun
    public let state: RunState
    /// Epochs finished (from the run's progress log) and the run's total, when it has started.
    public let completedEpochs: Int?
    public let epochs: Int?
    /// Whether the run has a checkpoint to resume from.
    public let hasCheckpoint: Bool
}

/// What a task records in `DIR/state/<name>.json` when it starts and when it ends.
public struct TaskRecord: Sendable, Equatable {
    public enum Phase: String, Sendable { case running, done, failed }
    public var phase: Phase
    public var host: String
    public var processID: Int32
    public var message: String?

    public init(phase: Phase, host: String = TaskRecord.currentHost, processID: Int32 = getpid(), message: String? = nil) {
        self.phase = phase
        self.host = host
        self.processID = processID
        self.message = message
    }

    public static var currentHost: String { ProcessInfo.processInfo.hostName }

    /// Writes the record atomically.
    public func write(to path: String) throws(SweepError) {
        var members: [(key: String, value: JSONValue)] = [
            ("state", .string(phase.rawValue)), ("host", .string(host)), ("pid", .number(String(processID))),
        ]
        if let message { members.append(("message", .string(message))) }
        do {
            try writeFileAtomically(JSONValue.object(members).jsonText() + "\n", to: path)
        } catch {
            throw SweepError("\(error)")
        }
    }

    /// Reads a record; nil when there is none or it cannot be understood.
    public static func read(from path: String) -> TaskRecord? {
        guard let data = FileManager.default.contents(atPath: path),
              case .object(let members)? = try? JSONValue(parsing: [UInt8](data)) else { return nil }
        func text(_ key: String) -> String? {
            members.first { $0.key == key }.flatMap { if case .string(let text) = $0.value { text } else { nil } }
        }
        guard let phase = text("state").flatMap(Phase.init(rawValue:)), let host = text("host"),
              case .number(let digits)? = members.first(where: { $0.key == "pid" })?.value, let pid = Int32(digits) else { return nil }
        return TaskRecord(phase: phase, host: host, processID: pid, message: text("message"))
    }

    /// Whether the recorded process is known to be gone: it ran on this host and no longer exists.
    var hasVanished: Bool {
        host == Self.currentHost && kill(processID, 0) != 0 && errno == ESRCH
    }
}

extension SweepDirectory {
    /// The state and progress of every run.
    public func status(of plan: SweepPlan) -> [RunStatus] {
        plan.runs.map(status(of:))
    }

    public func status(of run: SweepRun) -> RunStatus {
        let runPath = runPath(run)
        let hasCheckpoint = FileManager.default.fileExists(atPath: runPath + "/checkpoint.bin")
        let state: RunState
        switch TaskRecord.read(from: statePath(run)) {
        case nil: state = .pending
        case let record?:
            switch record.phase {
            case .done: state = .done
            case .failed: state = .failed(message: record.message ?? "failed (see \(errorPath(run)))")
            case .running: state = record.hasVanished ? .pending : .running
            }
        }
        return RunStatus(run: run, state: state, completedEpochs: Self.completedEpochs(runPath), epochs: Self.epochs(runPath),
                         hasCheckpoint: hasCheckpoint)
    }

    /// Rows of `progress.csv` after the header and the initial test (epoch 0).
    static func completedEpochs(_ runPath: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: runPath + "/progress.csv") else { return nil }
        let rows = data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return max(0, rows - 2)
    }

    static func epochs(_ runPath: String) -> Int? {
        guard let data = FileManager.default.contents(atPath: runPath + "/config.json"),
              case .object(let members)? = try? JSONValue(parsing: [UInt8](data)),
              case .number(let digits)? = members.first(where: { $0.key == "epochs" })?.value else { return nil }
        return Int(digits)
    }
}

/// Counts of runs by state, in the order done, running, failed, pending.
public struct SweepTotals: Sendable, Equatable {
    public var done = 0, running = 0, failed = 0, pending = 0
    public var runs: Int { done + running + failed + pending }

    public init(_ statuses: [RunStatus]) {
        for status in statuses {
            switch status.state {
            case .done: done += 1
            case .running: running += 1
            case .failed: failed += 1
            case .pending: pending += 1
            }
        }
    }

    /// `4 of 4 done` or `1 of 4 done, 1 running, 1 failed, 1 pending`.
    public var line: String {
        var parts = ["\(done) of \(runs) done"]
        if running > 0 { parts.append("\(running) running") }
        if failed > 0 { parts.append("\(failed) failed") }
        if pending > 0 { parts.append("\(pending) pending") }
        return parts.joined(separator: ", ")
    }
}
