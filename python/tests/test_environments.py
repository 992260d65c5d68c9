"""The Swift environments through the Python package: Gymnasium's checker, and equality with `maxent env rollout`."""
import json

import gymnasium as gym
import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

import maxent_gym
from conftest import REPOSITORY, maxent

IDS = list(maxent_gym.ENVIRONMENTS)
TOY, TOY_LAYOUT, CHAIN = (str(REPOSITORY / "examples" / name) for name in ("toy.json", "toy-layout.json", "chain.json"))
# Deep twins (maxent/MDP-v0): the toy with its own action window, and a stochastic, cyclic chain with the
# default layout and a step limit. Each: the gym.make keyword arguments and the `maxent --env` name.
TWINS = {
    "toy-twin": ({"path": TOY, "layout": TOY_LAYOUT}, f"mdp:{TOY},layout={TOY_LAYOUT}"),
    "chain-twin": ({"path": CHAIN, "max_steps": 40}, f"mdp:{CHAIN},steps=40"),
}

# A state in each environment's documented component order (`maxent env rollout --help`) away from its usual start.
STATES = {
    "maxent/Toy-v0": [1],
    "maxent/Quadrotor-v0": [0.1, -0.2, 0.3, 0.05, -0.04, 0.03, 0.2, 0.1, -0.1, 0.01, 0.02, -0.03],
    "maxent/QuadrotorSimplified-v0": [0.1, -0.2, 0.3, 0.05, -0.04, 0.03, 0.2, 0.1, -0.1, 0.01, 0.02, -0.03],
    "maxent/Vehicle-v0": [0.5, -0.3, 0.2, 2.5, 0.1, -0.2],
    "maxent/Acrobot-v0": [2.9, 0.3, -0.5, 0.4],
    "maxent/Obstacle2D-v0": [-3.5, 1.5],
    "toy-twin": [1],
    "chain-twin": [2],
}


def make(case):
    """A registered id, or a deep twin of TWINS through maxent/MDP-v0."""
    return gym.make(maxent_gym.MDP_ID, **TWINS[case][0]) if case in TWINS else gym.make(case)


def workbench_name(case):
    return TWINS[case][1] if case in TWINS else maxent_gym.ENVIRONMENTS[case]


# The checker's advice on unbounded observation spaces and unnormalised action boxes is expected.
@pytest.mark.filterwarnings("ignore:.*Box (observation|action) space")
@pytest.mark.parametrize("environment_id", IDS + list(TWINS))
def test_check_env_passes(environment_id):
    check_env(make(environment_id).unwrapped, skip_render_check=True)


@pytest.mark.parametrize("environment_id", IDS + list(TWINS))
@pytest.mark.parametrize("initial_state", [False, True])
def test_python_rollout_equals_maxent_env_rollout(environment_id, initial_state, tmp_path):
    env = make(environment_id)
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
    arguments = ["env", "rollout", "--env", workbench_name(environment_id), "--seed", seed,
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
    with pytest.raises(gym.error.Error, match="unknown environment 'nope'; expected one of toy, "):
        maxent_gym.MaxEntEnv("nope")


def test_vector_copies_are_validated_before_anything_is_made():
    with pytest.raises(ValueError, match=r"num_envs=100000 is above the limit of 65536 copies; pass max_num_envs= to raise it"):
        gym.make_vec("maxent/Toy-v0", num_envs=100_000)
    with pytest.raises(ValueError, match="num_envs must be a positive integer, got 0"):
        maxent_gym.MaxEntVectorEnv(0, name="toy")
    with pytest.raises(ValueError, match="give exactly one of name"):
        maxent_gym.MaxEntVectorEnv(2)
    assert gym.make_vec("maxent/Toy-v0", num_envs=3, max_num_envs=3).num_envs == 3


def test_twin_inputs_are_refused_in_one_line(tmp_path):
    with pytest.raises(gym.error.Error, match=r"missing\.json: cannot read the file: No such file or directory"):
        gym.make(maxent_gym.MDP_ID, path=str(tmp_path / "missing.json"))
    with pytest.raises(ValueError, match="needs path=FILE"):
        gym.make(maxent_gym.MDP_ID)
    with pytest.raises(ValueError, match="max_steps must be a positive integer, got 0"):
        gym.make(maxent_gym.MDP_ID, path=TOY, max_steps=0)
    overlapping = tmp_path / "overlap.json"
    overlapping.write_text(json.dumps({"format": "maxent-twin-layout/1", "states": {"s0": {
        "left": "[-1, 1/2)", "right": "[0, 1]"}}}))
    with pytest.raises(gym.error.Error, match="overlap"):
        gym.make(maxent_gym.MDP_ID, path=TOY, layout=str(overlapping))
    env = gym.make(maxent_gym.MDP_ID, path=TOY)
    with pytest.raises(ValueError, match="twin state must be an integer 0…5, got 9"):
        env.reset(seed=0, options={"state": [9]})


@pytest.mark.parametrize("case", ["maxent/Quadrotor-v0", "maxent/Toy-v0", "chain-twin"])
def test_vector_entry_point_steps_like_gymnasiums_sync_vector_env(case):
    """One library call per step gives exactly the trajectories of Gymnasium's own SyncVectorEnv over single
    copies: the same per-copy seeds (s + i) and the same next-step autoreset."""
    kwargs = TWINS[case][0] if case in TWINS else {}
    environment_id = maxent_gym.MDP_ID if case in TWINS else case
    copies = 4
    vector = gym.make_vec(environment_id, num_envs=copies, **kwargs)
    assert isinstance(vector, maxent_gym.MaxEntVectorEnv)
    reference = gym.make_vec(environment_id, num_envs=copies, vectorization_mode="sync", **kwargs)
    generator = np.random.default_rng(3)
    observations, _ = vector.reset(seed=21)
    expected, _ = reference.reset(seed=21)
    assert np.array_equal(observations, expected)
    episode_ends = 0
    for _ in range(120):
        actions = generator.uniform(vector.action_space.low, vector.action_space.high)
        got, want = vector.step(actions), reference.step(actions)
        for got_part, want_part in zip(got[:4], want[:4]):
            assert np.array_equal(got_part, want_part)
        episode_ends += int(np.sum(got[2] | got[3]))
    assert episode_ends > 0, "the comparison must cross an autoreset"
