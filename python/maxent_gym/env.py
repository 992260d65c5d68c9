"""The Swift environments as `gymnasium.Env`s."""
import ctypes

import gymnasium as gym
import numpy as np

from ._library import int_pointer, library, make, pointer


class MaxEntEnv(gym.Env):
    """One of the workbench's environments (docs/environments.md), stepped by the Swift library.

    By default it follows Gymnasium's conventions: `reset(seed=)` seeds the episode's initial-state noise,
    time limits end episodes as `truncated`, and the observation space is unbounded (several of the reference's
    declared observation bounds are not respected by its own observations, docs/environments.md §5.1).
    `faithful=True` gives the reference behaviour instead: seeds are ignored (docs/environments.md §0.3), the
    quadrotor and the vehicle report their time limit as `terminated`, and the declared bounds are used.

    `reset(options={"state": [...]})` overrides the state drawn at reset, components in `state_components` order.
    """

    metadata = {"render_modes": []}

    def __init__(self, name, faithful=False, render_mode=None):
        if render_mode is not None:
            raise ValueError(f"maxent environments do not render (render_mode={render_mode!r})")
        self._library = library()
        try:
            handle = make(name, faithful)
        except ValueError as reason:
            raise gym.error.Error(f"maxent: {reason}") from None
        self._handle = handle
        self.name = name
        self.faithful = faithful
        observations = self._library.maxent_env_observation_dimension(handle)
        actions = self._library.maxent_env_action_dimension(handle)
        observation_low, observation_high = np.empty(observations), np.empty(observations)
        action_low, action_high = np.empty(actions), np.empty(actions)
        self._library.maxent_env_spaces(handle, pointer(observation_low), pointer(observation_high),
                                        pointer(action_low), pointer(action_high))
        if not faithful:
            observation_low.fill(-np.inf)
            observation_high.fill(np.inf)
        self.observation_space = gym.spaces.Box(observation_low, observation_high, dtype=np.float64)
        self.action_space = gym.spaces.Box(action_low, action_high, dtype=np.float64)
        self.state_components = tuple(
            self._library.maxent_env_state_component(handle, i).decode()
            for i in range(self._library.maxent_env_state_dimension(handle)))
        self._observation = np.empty(observations)
        self._action = np.empty(actions)
        self._reward = ctypes.c_double()
        self._terminated = ctypes.c_int32()
        self._truncated = ctypes.c_int32()

    def reset(self, *, seed=None, options=None):
        super().reset(seed=seed)
        self._library.maxent_env_reset(self._handle, int(seed is not None), 0 if seed is None else seed % 2**64,
                                       pointer(self._observation))
        unknown = set(options or {}) - {"state"}
        if unknown:
            raise ValueError(f"unknown reset option(s) {sorted(unknown)}; the only option is 'state'")
        if options and "state" in options:
            state = np.ascontiguousarray(options["state"], dtype=np.float64).reshape(-1)
            if self._library.maxent_env_set_state(self._handle, pointer(state), len(state), pointer(self._observation)):
                raise ValueError(f"{self.name}: options['state']: {self._last_error()} "
                                 f"(order: {', '.join(self.state_components)})")
        return self._observation.copy(), {}

    def step(self, action):
        action = np.asarray(action, dtype=np.float64)
        if action.size != self._action.size:
            raise ValueError(f"{self.name}: action has {action.size} components, the environment expects {self._action.size}")
        self._action[:] = action.reshape(-1)
        if self._library.maxent_env_step(self._handle, pointer(self._action), pointer(self._observation),
                                         ctypes.byref(self._reward), ctypes.byref(self._terminated),
                                         ctypes.byref(self._truncated)):
            raise RuntimeError(f"{self.name}: {self._last_error()}")
        return (self._observation.copy(), self._reward.value, bool(self._terminated.value),
                bool(self._truncated.value), {})

    @property
    def state(self):
        """The current physical state, in `state_components` order."""
        values = np.empty(len(self.state_components))
        self._library.maxent_env_state(self._handle, pointer(values))
        return values

    def _last_error(self):
        message = self._library.maxent_env_last_error(self._handle)
        return message.decode() if message else "refused"

    def close(self):
        if getattr(self, "_handle", None):
            self._library.maxent_env_free(self._handle)
            self._handle = None
        super().close()

    def __del__(self):
        self.close()


def twin_name(path, layout=None, max_steps=None):
    """The workbench's environment name of the deep twin of the `maxent-mdp/1` file at `path`
    (`mdp:FILE[,layout=LAYOUT][,steps=N]`, as `maxent train --env` takes it)."""
    if path is None:
        raise ValueError("maxent/MDP-v0 needs path=FILE, a maxent-mdp/1 file (see docs/mdp-format.md)")
    files = [str(path)] + ([str(layout)] if layout is not None else [])
    for file in files:
        if "," in file:
            raise ValueError(f"maxent/MDP-v0: {file!r}: file names may not contain ',' (it separates the twin's options)")
    parts = [files[0]] + [f"layout={file}" for file in files[1:]]
    if max_steps is not None:
        if isinstance(max_steps, bool) or not isinstance(max_steps, (int, np.integer)) or max_steps < 1:
            raise ValueError(f"maxent/MDP-v0: max_steps must be a positive integer, got {max_steps!r}")
        parts.append(f"steps={int(max_steps)}")
    return "mdp:" + ",".join(parts)


def make_twin(path=None, layout=None, max_steps=None, faithful=False, render_mode=None):
    """`gym.make("maxent/MDP-v0", path=FILE)`: the deep twin of a `maxent-mdp/1` file — observation the one-hot
    of the state index (file order), one action in [-1, 1] whose interval picks the MDP's action (each action owns
    2·μ(a)/Σμ of [-1, 1] in file order, or the intervals of the `layout` file), successors drawn with the
    environment's seeded generator, termination on entering a terminal state. `max_steps` truncates episodes
    (MDPs with reachable cycles get 1000 by default)."""
    return MaxEntEnv(twin_name(path, layout, max_steps), faithful=faithful, render_mode=render_mode)


class MaxEntVectorEnv(gym.vector.VectorEnv):
    """`num_envs` copies of one environment stepped by one call into the Swift library per `step`, with
    Gymnasium's next-step autoreset (a copy that ended is reset by the following `step`, which reports reward 0
    and both flags false for it). `reset(seed=s)` seeds copy i with s + i, as `gymnasium.vector.SyncVectorEnv`
    does, so both give the same trajectories.

    Made by `gym.make_vec("maxent/Quadrotor-v0", num_envs=8)` (and `path=FILE` for `maxent/MDP-v0`)."""

    metadata = {"render_modes": [], "autoreset_mode": gym.vector.AutoresetMode.NEXT_STEP}

    #: The most copies made unless `max_num_envs` raises it: each copy holds a Swift environment and its buffers,
    #: so an accidental `num_envs=10**8` would exhaust memory instead of failing.
    DEFAULT_MAX_NUM_ENVS = 65536

    def __init__(self, num_envs, name=None, path=None, layout=None, max_steps=None, faithful=False, render_mode=None,
                 max_num_envs=DEFAULT_MAX_NUM_ENVS):
        if isinstance(num_envs, bool) or not isinstance(num_envs, (int, np.integer)) or num_envs < 1:
            raise ValueError(f"num_envs must be a positive integer, got {num_envs!r}")
        if num_envs > max_num_envs:
            raise ValueError(f"num_envs={num_envs} is above the limit of {max_num_envs} copies; "
                             f"pass max_num_envs= to raise it")
        if (name is None) == (path is None):
            raise ValueError("give exactly one of name (a maxent environment) or path (a maxent-mdp/1 file)")
        if name is None:
            self.envs = [make_twin(path, layout, max_steps, faithful, render_mode) for _ in range(num_envs)]
        else:
            self.envs = [MaxEntEnv(name, faithful, render_mode) for _ in range(num_envs)]
        self._library = library()
        self.num_envs = int(num_envs)
        self.single_observation_space = self.envs[0].observation_space
        self.single_action_space = self.envs[0].action_space
        self.observation_space = gym.vector.utils.batch_space(self.single_observation_space, self.num_envs)
        self.action_space = gym.vector.utils.batch_space(self.single_action_space, self.num_envs)
        self.render_mode = None
        self._handles = (ctypes.c_void_p * self.num_envs)(*(env._handle for env in self.envs))
        self._observations = np.zeros((self.num_envs, *self.single_observation_space.shape))
        self._actions = np.zeros((self.num_envs, *self.single_action_space.shape))
        self._rewards = np.zeros(self.num_envs)
        self._terminated = np.zeros(self.num_envs, dtype=np.int32)
        self._truncated = np.zeros(self.num_envs, dtype=np.int32)
        self._reset_first = np.zeros(self.num_envs, dtype=np.int32)

    def reset(self, *, seed=None, options=None):
        if seed is None or isinstance(seed, (int, np.integer)):
            seeds = [None if seed is None else seed + copy for copy in range(self.num_envs)]
        else:
            seeds = list(seed)
            if len(seeds) != self.num_envs:
                raise ValueError(f"reset(seed=...) got {len(seeds)} seeds for {self.num_envs} copies")
        for copy, (env, copy_seed) in enumerate(zip(self.envs, seeds)):
            self._observations[copy], _ = env.reset(seed=copy_seed, options=options)
        self._reset_first.fill(0)
        return self._observations.copy(), {}

    def step(self, actions):
        actions = np.asarray(actions, dtype=np.float64)
        if actions.shape != self._actions.shape:
            raise ValueError(f"actions have shape {actions.shape}, the vector environment expects {self._actions.shape}")
        self._actions[...] = actions
        failed = self._library.maxent_env_step_batch(
            self._handles, self.num_envs, pointer(self._actions), int_pointer(self._reset_first),
            pointer(self._observations), pointer(self._rewards), int_pointer(self._terminated),
            int_pointer(self._truncated))
        if failed:
            raise RuntimeError(f"{self.envs[failed - 1].name} (copy {failed - 1}): {self.envs[failed - 1]._last_error()}")
        terminated, truncated = self._terminated.astype(bool), self._truncated.astype(bool)
        self._reset_first[:] = terminated | truncated
        return self._observations.copy(), self._rewards.copy(), terminated, truncated, {}

    def close_extras(self, **kwargs):
        for env in self.envs:
            env.close()
