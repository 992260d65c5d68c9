import Environments
import Glibc

/// Environments named `gym:ID`: any Gymnasium environment, hosted by a Python process per copy.
///
/// The Python interpreter is `$MAXENT_PYTHON`, else `python3` on `PATH`; it needs gymnasium (and
/// whatever the environment needs, e.g. mujoco). Gymnasium's semantics are kept as they are:
/// `reset(seed:)` passes the seed to `env.reset(seed=…)`, `terminated` and `truncated` come from the
/// environment and its `TimeLimit` wrapper unchanged, and the action box is the env's `Box`. The
/// ``EnvironmentOptions`` of the workbench's own environments do not apply.
public enum Gymnasium {
    /// The prefix of Gymnasium environment names: `gym:Pendulum-v1`, `gym:mypackage.envs:MyEnv-v0`.
    public static let prefix = "gym:"

    /// The Gymnasium id in an environment name such as `gym:HalfCheetah-v5`, or nil when the name
    /// is not a Gymnasium one or its id is empty.
    public static func identifier(inEnvironmentName name: String) -> String? {
        guard name.hasPrefix(prefix) else { return nil }
        let identifier = String(name.dropFirst(prefix.count))
        return identifier.isEmpty ? nil : identifier
    }

    /// The interpreter that hosts the environments.
    public static var python: String {
        getenv("MAXENT_PYTHON").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "python3"
    }

    /// Makes `identifier` once in a Python process to learn its spaces and time limit, and returns a
    /// descriptor whose copies each start their own process. `kwargs` is a JSON object passed to
    /// `gymnasium.make`. Throws when Python, gymnasium, the id or a dependency is missing, or the
    /// spaces are not flat Boxes with a bounded action box.
    public static func descriptor(identifier: String, kwargs: String?) throws(GymnasiumError) -> EnvironmentDescriptor {
        let python = self.python
        let kwargs = kwargs ?? "{}"
        let probe = try HostProcess(python: python, identifier: identifier, kwargs: kwargs)
        let (spaces, episodeLength) = try GymnasiumEnvironment.handshake(probe)
        return EnvironmentDescriptor(
            name: prefix + identifier, summary: "Gymnasium's \(identifier), hosted by \(python)", spaces: spaces,
            stateComponents: [], episodeLength: episodeLength ?? 0
        ) { _ in
            GymnasiumEnvironment(python: python, identifier: identifier, kwargs: kwargs, spaces: spaces)
        }
    }
}

/// One Gymnasium environment in its own Python process (see ``Gymnasium``).
///
/// Copies of the value share the process. `reset` cannot report a failure, so a host that fails to
/// start or dies during a reset is reported by the next `step`, as ``EnvironmentError/Reason/simulator(_:)``.
/// `setState` is refused: Gymnasium has no general way to set an environment's state.
public struct GymnasiumEnvironment: Environment {
    public let spaces: EnvironmentSpaces
    public var stateComponents: [String] { [] }
    public var state: [Double] { [] }
    private let connection: Connection

    init(python: String, identifier: String, kwargs: String, spaces: EnvironmentSpaces) {
        self.spaces = spaces
        connection = Connection(python: python, identifier: identifier, kwargs: kwargs, spaces: spaces)
    }

    public mutating func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>) {
        connection.reset(seed: seed, observation: observation)
    }

    public mutating func step(
        _ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>
    ) throws(EnvironmentError) -> StepOutcome {
        guard action.count == spaces.actionDimension else {
            throw EnvironmentError(.actionDimension(expected: spaces.actionDimension, actual: action.count))
        }
        for component in 0..<action.count where action[component].isNaN {
            throw EnvironmentError(.nanAction(component: component))
        }
        return try connection.step(action, observation: observation)
    }

    public mutating func setState(_ state: [Double], observation: UnsafeMutableBufferPointer<Double>) throws(EnvironmentError) {
        throw EnvironmentError(.invalidState("Gymnasium environments cannot be set to a given state"))
    }

    /// Reads a host's first reply: its spaces and time limit, or why it could not make the environment.
    static func handshake(_ host: HostProcess) throws(GymnasiumError) -> (EnvironmentSpaces, Int?) {
        let status = try host.receiveValue(UInt8.self)
        guard status == 0 else { throw GymnasiumError(try host.receiveMessage(), isInputError: status == 2) }
        let observationDimension = Int(try host.receiveValue(UInt32.self))
        let actionDimension = Int(try host.receiveValue(UInt32.self))
        func doubles(_ count: Int) throws(GymnasiumError) -> [Double] {
            var values = [Double](repeating: 0, count: count)
            try host.receive(into: &values, count: 8 * count)
            return values.map { Double(bitPattern: UInt64(littleEndian: $0.bitPattern)) }
        }
        let spaces = EnvironmentSpaces(
            observationLow: try doubles(observationDimension), observationHigh: try doubles(observationDimension),
            actionLow: try doubles(actionDimension), actionHigh: try doubles(actionDimension))
        let limit = Int(try host.receiveValue(Int64.self))
        return (spaces, limit >= 0 ? limit : nil)
    }
}

/// The process behind a ``GymnasiumEnvironment`` and the frames it exchanges, allocated once.
private final class Connection: @unchecked Sendable {
    private var host: HostProcess?
    /// Why the host cannot be used: it failed to start, or died; reported by the next step.
    private var failure: GymnasiumError?
    private var started = false
    private let spaces: EnvironmentSpaces
    private let request: UnsafeMutableRawBufferPointer
    private let reply: UnsafeMutableRawBufferPointer

    init(python: String, identifier: String, kwargs: String, spaces: EnvironmentSpaces) {
        self.spaces = spaces
        let o = spaces.observationDimension, d = spaces.actionDimension
        request = .allocate(byteCount: 1 + max(9, 8 * d), alignment: 8)
        reply = .allocate(byteCount: 8 * o + 10, alignment: 8)
        do { host = try HostProcess(python: python, identifier: identifier, kwargs: kwargs) } catch { failure = error }
    }

    deinit {
        request.deallocate()
        reply.deallocate()
    }

    func reset(seed: UInt64?, observation: UnsafeMutableBufferPointer<Double>) {
        request[0] = UInt8(ascii: "R")
        request[1] = seed == nil ? 0 : 1
        request.storeBytes(of: (seed ?? 0).littleEndian, toByteOffset: 2, as: UInt64.self)
        do {
            try exchange(requestBytes: 10, replyBytes: 8 * spaces.observationDimension)
            copyObservation(into: observation)
        } catch {
            failure = failure ?? error
            observation.update(repeating: 0)
        }
    }

    func step(_ action: UnsafeBufferPointer<Double>, observation: UnsafeMutableBufferPointer<Double>) throws(EnvironmentError) -> StepOutcome {
        request[0] = UInt8(ascii: "S")
        for (index, value) in action.enumerated() {
            request.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: 1 + 8 * index, as: UInt64.self)
        }
        let o = spaces.observationDimension
        do {
            try exchange(requestBytes: 1 + 8 * action.count, replyBytes: 8 * o + 10)
        } catch {
            throw EnvironmentError(.simulator(error.description))
        }
        copyObservation(into: observation)
        let reward = Double(bitPattern: UInt64(littleEndian: reply.loadUnaligned(fromByteOffset: 8 * o, as: UInt64.self)))
        return StepOutcome(reward: reward, terminated: reply[8 * o + 8] != 0, truncated: reply[8 * o + 9] != 0)
    }

    /// Sends a request and reads a successful reply of `replyBytes` after its status byte; a reply
    /// with status 1 (the environment raised) becomes an error and leaves the host up.
    private func exchange(requestBytes: Int, replyBytes: Int) throws(GymnasiumError) {
        if let failure { throw failure }
        guard let host else { preconditionFailure("a connection without a host has a failure") }
        var raised: String?
        do throws(GymnasiumError) {
            if !started {
                _ = try GymnasiumEnvironment.handshake(host)
                started = true
            }
            try host.send(request.baseAddress!, count: requestBytes)
            if try host.receiveValue(UInt8.self) == 0 {
                try host.receive(into: reply.baseAddress!, count: replyBytes)
            } else {
                raised = try host.receiveMessage()
            }
        } catch {
            failure = error
            throw error
        }
        if let raised { throw GymnasiumError("\(host.label) raised \(raised)", isInputError: false) }
    }

    private func copyObservation(into observation: UnsafeMutableBufferPointer<Double>) {
        for index in observation.indices {
            observation[index] = Double(bitPattern: UInt64(littleEndian: reply.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)))
        }
    }
}
