"""The Swift environments as `gymnasium.Env`s."""
import ctypes

import gymnasium as gym
import numpy as np

from ._library import library, pointer


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
        handle = self._library.maxent_env_make(name.encode(), int(faithful), int(faithful))
        if not handle:
            known = [self._library.maxent_env_name(i).decode() for i in range(self._library.maxent_env_count())]
            raise gym.error.Error(f"unknown maxent environment {name!r}; expected one of {', '.join(known)}")
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
