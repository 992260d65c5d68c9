import Environments
import Glibc
import Twins

// The C ABI of `libMaxEntEnvironments.so`: the registered environments behind opaque handles, for
// the Python package in `python/` (ctypes). Every function is safe to call with the handle that
// `maxent_env_make` returned; observation, action and state buffers are caller-owned arrays of
// doubles of the lengths the dimension queries report. Nothing here allocates per step.

/// One environment behind a C handle, with the C strings it hands out kept alive until freed.
private final class Handle {
    var environment: any Environment
    let stateComponentNames: [UnsafeMutablePointer<CChar>]
    var lastError: UnsafeMutablePointer<CChar>?

    init(environment: any Environment) {
        self.environment = environment
        stateComponentNames = environment.stateComponents.map { strdup($0)! }
    }

    deinit {
        stateComponentNames.forEach { free($0) }
        free(lastError)
    }

    func fail(_ error: EnvironmentError) -> Int32 {
        free(lastError)
        lastError = strdup(error.description)
        return 1
    }

    static func from(_ pointer: UnsafeMutableRawPointer) -> Handle {
        Unmanaged<Handle>.fromOpaque(pointer).takeUnretainedValue()
    }
}

/// The registry names as C strings, made once and never mutated.
nonisolated(unsafe) private let registeredNames: [UnsafeMutablePointer<CChar>] = EnvironmentRegistry.names.map { strdup($0)! }

/// The number of registered environments.
@_cdecl("maxent_env_count")
public func maxentEnvironmentCount() -> Int32 {
    Int32(registeredNames.count)
}

/// The registry name of environment `index` (0 ≤ index < count), or NULL.
@_cdecl("maxent_env_name")
public func maxentEnvironmentName(_ index: Int32) -> UnsafePointer<CChar>? {
    registeredNames.indices.contains(Int(index)) ? UnsafePointer(registeredNames[Int(index)]) : nil
}

/// A new environment named `name` — a registered name or the deep twin of a `maxent-mdp/1` file,
/// `mdp:FILE[,layout=LAYOUT][,steps=N]` — or NULL, with the one-line reason written to `errorMessage` (at most
/// `errorCapacity` bytes, NUL-terminated) when it is not NULL. `referenceSeeding` ≠ 0 ignores
/// reset seeds as the reference does; `timeLimitAsTermination` ≠ 0 reports the quadrotor's and the
/// vehicle's time limit as termination (the reference) instead of truncation. Free with
/// `maxent_env_free`; reset before the first step.
@_cdecl("maxent_env_make")
public func maxentEnvironmentMake(
    _ name: UnsafePointer<CChar>, _ referenceSeeding: Int32, _ timeLimitAsTermination: Int32,
    _ errorMessage: UnsafeMutablePointer<CChar>?, _ errorCapacity: Int32
) -> UnsafeMutableRawPointer? {
    TwinEnvironments.install()
    let descriptor: EnvironmentDescriptor
    do {
        descriptor = try EnvironmentRegistry.resolve(String(cString: name))
    } catch {
        if let errorMessage, errorCapacity > 0 {
            let message = Array("\(error)".utf8CString.dropLast().prefix(Int(errorCapacity) - 1)) + [0]
            errorMessage.update(from: message, count: message.count)
        }
        return nil
    }
    let options = EnvironmentOptions(
        seeding: referenceSeeding != 0 ? .reference : .perEnvironment,
        timeLimit: timeLimitAsTermination != 0 ? .asTermination : .asTruncation)
    return Unmanaged.passRetained(Handle(environment: descriptor.make(options: options))).toOpaque()
}

/// Releases an environment made by `maxent_env_make`.
@_cdecl("maxent_env_free")
public func maxentEnvironmentFree(_ handle: UnsafeMutableRawPointer) {
    Unmanaged<Handle>.fromOpaque(handle).release()
}

/// Number of observation components.
@_cdecl("maxent_env_observation_dimension")
public func maxentEnvironmentObservationDimension(_ handle: UnsafeMutableRawPointer) -> Int32 {
    Int32(Handle.from(handle).environment.spaces.observationDimension)
}

/// Number of action components.
@_cdecl("maxent_env_action_dimension")
public func maxentEnvironmentActionDimension(_ handle: UnsafeMutableRawPointer) -> Int32 {
    Int32(Handle.from(handle).environment.spaces.actionDimension)
}

/// Number of state components accepted by `maxent_env_set_state`.
@_cdecl("maxent_env_state_dimension")
public func maxentEnvironmentStateDimension(_ handle: UnsafeMutableRawPointer) -> Int32 {
    Int32(Handle.from(handle).stateComponentNames.count)
}

/// The name of state component `index`, valid while the environment lives; NULL out of range.
@_cdecl("maxent_env_state_component")
public func maxentEnvironmentStateComponent(_ handle: UnsafeMutableRawPointer, _ index: Int32) -> UnsafePointer<CChar>? {
    let names = Handle.from(handle).stateComponentNames
    return names.indices.contains(Int(index)) ? UnsafePointer(names[Int(index)]) : nil
}

/// Writes the declared bounds: observation low/high (observation dimension each) and action
/// low/high (action dimension each).
@_cdecl("maxent_env_spaces")
public func maxentEnvironmentSpaces(
    _ handle: UnsafeMutableRawPointer, _ observationLow: UnsafeMutablePointer<Double>, _ observationHigh: UnsafeMutablePointer<Double>,
    _ actionLow: UnsafeMutablePointer<Double>, _ actionHigh: UnsafeMutablePointer<Double>
) {
    let spaces = Handle.from(handle).environment.spaces
    observationLow.update(from: spaces.observationLow, count: spaces.observationDimension)
    observationHigh.update(from: spaces.observationHigh, count: spaces.observationDimension)
    actionLow.update(from: spaces.actionLow, count: spaces.actionDimension)
    actionHigh.update(from: spaces.actionHigh, count: spaces.actionDimension)
}

/// Starts an episode (with `seed` when `hasSeed` ≠ 0) and writes its first observation.
@_cdecl("maxent_env_reset")
public func maxentEnvironmentReset(_ handle: UnsafeMutableRawPointer, _ hasSeed: Int32, _ seed: UInt64, _ observation: UnsafeMutablePointer<Double>) {
    let box = Handle.from(handle)
    let buffer = UnsafeMutableBufferPointer(start: observation, count: box.environment.spaces.observationDimension)
    box.environment.reset(seed: hasSeed != 0 ? seed : nil, observation: buffer)
}

/// Applies one action and writes the next observation, the reward and the two flags. Returns 0,
/// or 1 when the environment refused the step (message in `maxent_env_last_error`; nothing changed).
@_cdecl("maxent_env_step")
public func maxentEnvironmentStep(
    _ handle: UnsafeMutableRawPointer, _ action: UnsafePointer<Double>, _ observation: UnsafeMutablePointer<Double>,
    _ reward: UnsafeMutablePointer<Double>, _ terminated: UnsafeMutablePointer<Int32>, _ truncated: UnsafeMutablePointer<Int32>
) -> Int32 {
    let box = Handle.from(handle)
    let spaces = box.environment.spaces
    do {
        let outcome = try box.environment.step(
            UnsafeBufferPointer(start: action, count: spaces.actionDimension),
            observation: UnsafeMutableBufferPointer(start: observation, count: spaces.observationDimension))
        reward.pointee = outcome.reward
        terminated.pointee = outcome.terminated ? 1 : 0
        truncated.pointee = outcome.truncated ? 1 : 0
        return 0
    } catch {
        return box.fail(error)
    }
}

/// Steps `count` environments in one call, for vectorised Python environments: copy `i` takes
/// `actions[i·A ..< (i+1)·A]` and writes its observation at `observations[i·O …]`, its reward and
/// flags at index `i` (A, O: the action and observation dimensions, equal for all copies). A copy
/// whose `resetFirst[i]` ≠ 0 is reset instead (without a seed: its generator continues), writing
/// its first observation with reward 0 and both flags 0 — Gymnasium's next-step autoreset.
/// Returns 0, or i + 1 for the first copy that refused its step (message in its
/// `maxent_env_last_error`); copies before it have stepped, copies after it have not.
@_cdecl("maxent_env_step_batch")
public func maxentEnvironmentStepBatch(
    _ handles: UnsafePointer<UnsafeMutableRawPointer>, _ count: Int32, _ actions: UnsafePointer<Double>,
    _ resetFirst: UnsafePointer<Int32>, _ observations: UnsafeMutablePointer<Double>, _ rewards: UnsafeMutablePointer<Double>,
    _ terminated: UnsafeMutablePointer<Int32>, _ truncated: UnsafeMutablePointer<Int32>
) -> Int32 {
    for copy in 0..<Int(max(count, 0)) {
        let box = Handle.from(handles[copy])
        let spaces = box.environment.spaces
        let observation = UnsafeMutableBufferPointer(
            start: observations + copy * spaces.observationDimension, count: spaces.observationDimension)
        if resetFirst[copy] != 0 {
            box.environment.reset(seed: nil, observation: observation)
            rewards[copy] = 0
            terminated[copy] = 0
            truncated[copy] = 0
            continue
        }
        do {
            let outcome = try box.environment.step(
                UnsafeBufferPointer(start: actions + copy * spaces.actionDimension, count: spaces.actionDimension),
                observation: observation)
            rewards[copy] = outcome.reward
            terminated[copy] = outcome.terminated ? 1 : 0
            truncated[copy] = outcome.truncated ? 1 : 0
        } catch {
            _ = box.fail(error)
            return Int32(copy + 1)
        }
    }
    return 0
}

/// Overwrites the state with `count` components (in `maxent_env_state_component` order) and writes
/// the observation. Returns 0, or 1 with a message in `maxent_env_last_error`.
@_cdecl("maxent_env_set_state")
public func maxentEnvironmentSetState(
    _ handle: UnsafeMutableRawPointer, _ state: UnsafePointer<Double>, _ count: Int32, _ observation: UnsafeMutablePointer<Double>
) -> Int32 {
    let box = Handle.from(handle)
    let values = Array(UnsafeBufferPointer(start: state, count: Int(max(count, 0))))
    do {
        try box.environment.setState(
            values, observation: UnsafeMutableBufferPointer(start: observation, count: box.environment.spaces.observationDimension))
        return 0
    } catch {
        return box.fail(error)
    }
}

/// Writes the current state (state dimension components).
@_cdecl("maxent_env_state")
public func maxentEnvironmentState(_ handle: UnsafeMutableRawPointer, _ state: UnsafeMutablePointer<Double>) {
    let values = Handle.from(handle).environment.state
    state.update(from: values, count: values.count)
}

/// The message of the last refused call, valid until the next refusal; NULL if none.
@_cdecl("maxent_env_last_error")
public func maxentEnvironmentLastError(_ handle: UnsafeMutableRawPointer) -> UnsafePointer<CChar>? {
    Handle.from(handle).lastError.map { UnsafePointer($0) }
}
