/// The Python program that hosts one Gymnasium environment for ``GymnasiumEnvironment``, run as
/// `python3 -c HostScript.source ID KWARGS_JSON`. It is embedded so that the `maxent` binary needs
/// nothing but a Python with gymnasium installed (not this repository's `python/` package).
///
/// The protocol, little-endian, over the host's standard input (requests) and a duplicate of its
/// standard output (replies); the host points its own file descriptor 1 at standard error first, so
/// that whatever the environment prints cannot corrupt a frame:
///
/// - On start the host replies with a status byte. 0: `u32` observation and action dimensions, the
///   observation low/high and action low/high as `f64` arrays, `i64` max_episode_steps (−1 if none).
///   2 (the user's environment cannot be made: no gymnasium, unknown id, missing dependency, bad
///   kwargs, non-Box spaces) or 1 (anything else): `u32` length and a UTF-8 message, then it exits.
/// - `R`, `u8` has-seed, `u64` seed → 0, observation (`f64` × d_o): `env.reset(seed=…)`.
/// - `S`, action (`f64` × d_a) → 0, observation, `f64` reward, `u8` terminated, `u8` truncated.
/// - A reset or step that raises replies 1 with a message; the host stays up.
/// - End of input: the host closes the environment and exits.
enum HostScript {
    static let source = #"""
def main():
    import os, struct, sys

    replies = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    requests = sys.stdin.buffer.raw


    def send(*parts):
        data = b"".join(parts)
        while data:
            data = data[replies.write(data):]


    def fail(status, message):
        line = " ".join(str(message).split()) or "unknown error"
        encoded = line.encode("utf-8", "replace")
        send(bytes([status]), struct.pack("<I", len(encoded)), encoded)
        sys.exit(0)


    try:
        import json
        import numpy as np
        import gymnasium as gym
    except ImportError as error:
        fail(2, f"gymnasium is not installed for {sys.executable} ({error}); pip install gymnasium")

    identifier, kwargs_text = sys.argv[1], sys.argv[2]
    try:
        kwargs = json.loads(kwargs_text)
    except ValueError as error:
        fail(2, f"--gym-kwargs is not valid JSON: {error}")
    if not isinstance(kwargs, dict):
        fail(2, f"--gym-kwargs must be a JSON object, got {type(kwargs).__name__}")
    try:
        env = gym.make(identifier, **kwargs)
    except gym.error.DependencyNotInstalled as error:
        fail(2, f"gym:{identifier} needs a package that is missing: {error}")
    except (gym.error.Error, ImportError) as error:
        fail(2, f"cannot make gym:{identifier}: {type(error).__name__}: {error}")
    except TypeError as error:
        fail(2, f"gym:{identifier} does not accept these --gym-kwargs: {error}")
    except Exception as error:
        fail(1, f"making gym:{identifier} failed: {type(error).__name__}: {error}")

    for role, space in (("observation", env.observation_space), ("action", env.action_space)):
        if not isinstance(space, gym.spaces.Box):
            fail(2, f"gym:{identifier} has a {type(space).__name__} {role} space; maxent trains on Box spaces only")
    if len(env.action_space.shape) != 1:
        fail(2, f"gym:{identifier} has actions of shape {env.action_space.shape}; maxent needs a flat Box")
    if not (np.all(np.isfinite(env.action_space.low)) and np.all(np.isfinite(env.action_space.high))):
        fail(2, f"gym:{identifier} has an unbounded action box; SAC maps its actions into a bounded one")

    observation_low = np.asarray(env.observation_space.low, dtype="<f8").reshape(-1)
    observation_high = np.asarray(env.observation_space.high, dtype="<f8").reshape(-1)
    action_low = np.asarray(env.action_space.low, dtype="<f8")
    action_high = np.asarray(env.action_space.high, dtype="<f8")
    d_o, d_a = observation_low.size, action_low.size
    limit = env.spec.max_episode_steps if env.spec is not None and env.spec.max_episode_steps is not None else -1
    send(b"\0", struct.pack("<II", d_o, d_a), observation_low.tobytes(), observation_high.tobytes(),
         action_low.tobytes(), action_high.tobytes(), struct.pack("<q", limit))

    request = bytearray(1 + max(9, 8 * d_a))
    view = memoryview(request)


    def receive(count, start=0):
        received = start
        while received < start + count:
            got = requests.readinto(view[received:start + count])
            if not got:
                env.close()
                sys.exit(0)
            received += got


    def observation_bytes(observation):
        flat = np.asarray(observation, dtype="<f8").reshape(-1)
        if flat.size != d_o:
            raise ValueError(f"observation has {flat.size} components, the observation space {d_o}")
        return flat.tobytes()


    while True:
        receive(1)
        opcode = request[0]
        try:
            if opcode == ord("R"):
                receive(9, 1)
                has_seed, seed = struct.unpack_from("<BQ", request, 1)
                observation, _ = env.reset(seed=seed if has_seed else None)
                send(b"\0", observation_bytes(observation))
            elif opcode == ord("S"):
                receive(8 * d_a, 1)
                action = np.frombuffer(request, dtype="<f8", count=d_a, offset=1).astype(env.action_space.dtype)
                observation, reward, terminated, truncated, _ = env.step(action)
                send(b"\0", observation_bytes(observation), struct.pack("<dBB", float(reward), bool(terminated), bool(truncated)))
            else:
                fail(1, f"protocol error: unknown request {opcode}")
        except Exception as error:
            message = f"{type(error).__name__}: {error}".encode("utf-8", "replace")
            send(b"\1", struct.pack("<I", len(message)), message)


main()
"""#
}
