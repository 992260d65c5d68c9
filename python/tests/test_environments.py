"""The Swift environments through the Python package: Gymnasium's checker, and equality with `maxent env rollout`."""
import json

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import maxent_gym
from conftest import maxent

IDS = list(maxent_gym.ENVIRONMENTS)

# A state in each environment's documented component order (`maxent env rollout --help`) away from its usual start.
STATES = {
    "maxent/Toy-v0": [1],
    "maxent/Quadrotor-v0": [0.1, -0.2, 0.3, 0.05, -0.04, 0.03, 0.2, 0.1, -0.1, 0.01, 0.02, -0.03],
    "maxent/QuadrotorSimplified-v0": [0.1, -0.2, 0.3, 0.05, -0.04, 0.03, 0.2, 0.1, -0.1, 0.01, 0.02, -0.03],
    "maxent/Vehicle-v0": [0.5, -0.3, 0.2, 2.5, 0.1, -0.2],
    "maxent/Acrobot-v0": [2.9, 0.3, -0.5, 0.4],
    "maxent/Obstacle2D-v0": [-3.5, 1.5],
}


# The checker's advice on unbounded observation spaces and unnormalised action boxes is expected.
@pytest.mark.filterwarnings("ignore:.*Box (observation|action) space")
@pytest.mark.parametrize("environment_id", IDS)
def test_check_env_passes(environment_id):
    check_env(gym.make(environment_id).unwrapped, skip_render_check=True)


@pytest.mark.parametrize("environment_id", IDS)
@pytest.mark.parametrize("initial_state", [False, True])
def test_python_rollout_equals_maxent_env_rollout(environment_id, initial_state, tmp_path):
    env = gym.make(environment_id)
    seed = 11
    generator = np.random.default_rng(5)
    actions = [generator.uniform(env.action_space.low, env.action_space.high) for _ in range(60)]
    options = {"state": STATES[environment_id]} if initial_state else None
    observation, _ = env.reset(seed=seed, options=options)
    python_steps = []
    for action in actions:
        next_observation, reward, terminated, truncated, _ = env.step(action)
        python_steps.append((next_observation.tolist(), reward, terminated, truncated))
        if terminated or truncated:
            break

    actions_file = tmp_path / "actions.txt"
    actions_file.write_text("".join(",".join(repr(float(x)) for x in action) + "\n" for action in actions))
    arguments = ["env", "rollout", "--env", maxent_gym.ENVIRONMENTS[environment_id], "--seed", seed,
                 "--actions", actions_file, "--json", "--time-limit-as-truncation"]
    if initial_state:
        arguments += ["--initial-state", ",".join(repr(float(x)) for x in STATES[environment_id])]
    reference = json.loads(maxent(*arguments).stdout)
    assert reference["initialObservation"] == observation.tolist()
    swift_steps = [(step["observation"], step["reward"], step["terminated"], step["truncated"])
                   for step in reference["steps"]]
    assert swift_steps == python_steps


@pytest.mark.parametrize("environment_id", ["maxent/Quadrotor-v0", "maxent/Vehicle-v0"])
def test_conventions_by_default_reference_when_faithful(environment_id):
    default = gym.make(environment_id)
    first, _ = default.reset(seed=3)
    again, _ = default.reset(seed=3)
    assert np.array_equal(first, again)
    assert np.all(np.isinf(default.observation_space.low))

    for faithful, flag in ((False, "truncated"), (True, "terminated")):
        env = gym.make(environment_id, faithful=faithful)
        env.reset(seed=0)
        while True:
            _, _, terminated, truncated, _ = env.step(np.zeros(env.action_space.shape))
            if terminated or truncated:
                break
        assert {"terminated": terminated, "truncated": truncated}[flag]
        assert not {"terminated": truncated, "truncated": terminated}[flag]
    if environment_id == "maxent/Vehicle-v0":
        # The reference's declared bounds (docs/environments.md §3), which faithful mode keeps.
        assert gym.make(environment_id, faithful=True).unwrapped.observation_space.high.tolist() == [100, 100, np.pi, 30, 30, 5]


def test_bad_state_and_unknown_names_are_refused():
    env = gym.make("maxent/Acrobot-v0")
    with pytest.raises(ValueError, match=r"state has 2 components, the environment expects 4 \(order: theta1"):
        env.reset(seed=0, options={"state": [0.0, 1.0]})
    with pytest.raises(gym.error.Error, match="unknown maxent environment 'nope'"):
        maxent_gym.MaxEntEnv("nope")
