import Environments
import Glibc

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

/// A new environment named `name`, or NULL for an unknown name. `referenceSeeding` ≠ 0 ignores
/// reset seeds as the reference does; `timeLimitAsTermination` ≠ 0 reports the quadrotor's and the
/// vehicle's time limit as termination (the reference) instead of truncation. Free with
/// `maxent_env_free`; reset before the first step.
@_cdecl("maxent_env_make")
public func maxentEnvironmentMake(_ name: UnsafePointer<CChar>, _ referenceSeeding: Int32, _ timeLimitAsTermination: Int32) -> UnsafeMutableRawPointer? {
    guard let descriptor = EnvironmentRegistry.descriptor(named: String(cString: name)) else { return nil }
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
