import Glibc

/// Why a Gymnasium environment could not be used, as one line.
public struct GymnasiumError: Error, Sendable, CustomStringConvertible {
    /// Whether the user can fix it (no Python, no gymnasium, unknown id, missing dependency, bad
    /// kwargs: exit 2) rather than a failure of a running host (exit 1).
    public let isInputError: Bool
    public let description: String

    init(_ description: String, isInputError: Bool) {
        self.description = description
        self.isInputError = isInputError
    }
}

/// One Python process running ``HostScript``, and the two pipes to it.
///
/// Reads and writes go straight to the file descriptors through buffers allocated once, so a step
/// costs two system calls on this side. A process that dies is reported with its exit status by the
/// next call; the host's standard error is this process's own.
final class HostProcess: @unchecked Sendable {
    let label: String
    private let processID: pid_t
    private var requests: Int32
    private var replies: Int32
    private var exitDescription: String?

    /// Starts `python -c HostScript.source identifier kwargs`; `python` is looked up on `PATH`.
    init(python: String, identifier: String, kwargs: String) throws(GymnasiumError) {
        label = "gym:\(identifier)"
        HostProcess.ignoreBrokenPipes
        var toChild: [Int32] = [0, 0], fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0 else { throw GymnasiumError("cannot create a pipe: \(String(cString: strerror(errno)))", isInputError: false) }
        guard pipe(&fromChild) == 0 else {
            close(toChild[0]); close(toChild[1])
            throw GymnasiumError("cannot create a pipe: \(String(cString: strerror(errno)))", isInputError: false)
        }
        // Only the child's standard input and output may inherit the pipes (other hosts must see
        // end-of-file when this side closes them).
        for descriptor in toChild + fromChild { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let arguments = [python, "-c", HostScript.source, identifier, kwargs]
        let cArguments = arguments.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawnp(&child, python, &actions, nil, cArguments, environ)
        close(toChild[0])
        close(fromChild[1])
        guard status == 0 else {
            close(toChild[1]); close(fromChild[0])
            let reason = status == ENOENT ? "not found" : String(cString: strerror(status))
            throw GymnasiumError("cannot start Python '\(python)' for gym:\(identifier): \(reason); install Python 3 with gymnasium, or set MAXENT_PYTHON", isInputError: true)
        }
        processID = child
        requests = toChild[1]
        replies = fromChild[0]
    }

    /// The host exits at the end of its input; it is also killed, so that a host busy in a long
    /// step cannot hold this process up, and reaped.
    deinit {
        close(requests)
        close(replies)
        if exitDescription == nil {
            kill(processID, SIGKILL)
            var status: Int32 = 0
            waitpid(processID, &status, 0)
        }
    }

    /// Writing to a host that has died must fail with EPIPE, not kill this process.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Sends `count` bytes from `bytes`.
    func send(_ bytes: UnsafeRawPointer, count: Int) throws(GymnasiumError) {
        var sent = 0
        while sent < count {
            let written = write(requests, bytes + sent, count - sent)
            if written < 0 {
                if errno == EINTR { continue }
                throw died()
            }
            sent += written
        }
    }

    /// Fills `count` bytes at `bytes`.
    func receive(into bytes: UnsafeMutableRawPointer, count: Int) throws(GymnasiumError) {
        var received = 0
        while received < count {
            let got = read(replies, bytes + received, count - received)
            if got < 0 && errno == EINTR { continue }
            if got <= 0 { throw died() }
            received += got
        }
    }

    func receiveValue<Value: FixedWidthInteger>(_: Value.Type) throws(GymnasiumError) -> Value {
        var value = Value.zero
        try receive(into: &value, count: MemoryLayout<Value>.size)
        return Value(littleEndian: value)
    }

    /// After a status byte of 1 or 2: the message that follows.
    func receiveMessage() throws(GymnasiumError) -> String {
        let length = Int(try receiveValue(UInt32.self))
        var bytes = [UInt8](repeating: 0, count: length)
        try receive(into: &bytes, count: length)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The error for a host that stopped answering: how it exited, once it has.
    private func died() -> GymnasiumError {
        if exitDescription == nil {
            var status: Int32 = 0
            let waited = waitpid(processID, &status, 0)
            exitDescription = waited != processID ? "stopped answering"
                : (status & 0x7f) == 0 ? "exited with status \((status >> 8) & 0xff)"
                : "was killed by signal \(status & 0x7f)"
        }
        return GymnasiumError("the Python process hosting \(label) (pid \(processID)) \(exitDescription!)", isInputError: false)
    }
}
