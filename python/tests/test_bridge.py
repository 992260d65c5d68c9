"""`maxent train --env gym:ID`: the Swift learners on Gymnasium environments hosted by Python."""
import csv
import json
import os
import signal
import sys

import gymnasium as gym
import numpy as np
import pytest

from conftest import FIXTURES, maxent

# A short SAC budget on Pendulum-v1: 100 warm-up steps, two epochs of 150 steps, two test episodes.
SHORT_SAC = ["--algo", "sac", "--warmup", "100", "--epochs", "2", "--step-per-epoch", "150", "--test-episodes", "2",
             "--hidden", "16,16", "--batch-size", "32", "--workers", "1", "--quiet"]


def progress(directory):
    with open(directory / "progress.csv") as file:
        return list(csv.DictReader(file))


def test_sac_trains_on_pendulum_deterministically(tmp_path):
    for name in ("first", "second"):
        maxent("train", "--env", "gym:Pendulum-v1", *SHORT_SAC, "--out", tmp_path / name)
    rows = progress(tmp_path / "first")
    assert [int(row["env_step"]) for row in rows] == [0, 150, 300]
    # Pendulum-v1's TimeLimit truncates every episode at 200 steps, and each reward lies in [−16.27, 0].
    assert all(float(row["test/length"]) == 200 for row in rows)
    assert all(-16.2736044 * 200 <= float(row["test/reward"]) <= 0 for row in rows)
    # Seeds reach env.reset(seed=…), so two runs give identical logs and checkpoints.
    assert (tmp_path / "first" / "progress.csv").read_bytes() == (tmp_path / "second" / "progress.csv").read_bytes()
    assert (tmp_path / "first" / "checkpoint.bin").read_bytes() == (tmp_path / "second" / "checkpoint.bin").read_bytes()
    evaluated = maxent("evaluate", tmp_path / "first", "--episodes", "2")
    assert "over 2 episodes, mean length 200" in evaluated.stdout
    # The report draws a gym run's curves and its critics over Pendulum's one-dimensional action.
    maxent("report", tmp_path / "first", "--out", tmp_path / "report.html")
    page = (tmp_path / "report.html").read_text()
    assert "Deep runs: learning curves" in page and "Q-landscapes of trained critics" in page
    assert "Not drawn" not in page and "Tabular" not in page


@pytest.mark.parametrize("environment_id, steps", [("Pendulum-v1", 210), ("HalfCheetah-v5", 40)])
def test_env_rollout_through_the_bridge_equals_gymnasium_in_process(environment_id, steps, tmp_path):
    """`maxent env rollout --env gym:ID` steps the same episode as Gymnasium in this process: same reset seed,
    same actions (float32 values, exact in both), every observation, reward and flag to the last bit, across
    Pendulum's TimeLimit truncation at 200 steps."""
    env = gym.make(environment_id)
    generator = np.random.default_rng(7)
    actions = [generator.uniform(env.action_space.low, env.action_space.high).astype(env.action_space.dtype)
               for _ in range(steps)]
    observation, _ = env.reset(seed=13)
    expected = []
    for action in actions:
        next_observation, reward, terminated, truncated, _ = env.step(action)
        expected.append((next_observation.astype(np.float64).tolist(), float(reward), terminated, truncated))
        if terminated or truncated:
            break
    actions_file = tmp_path / "actions.txt"
    actions_file.write_text("".join(",".join(repr(float(x)) for x in action) + "\n" for action in actions))
    rollout = json.loads(maxent("env", "rollout", "--env", f"gym:{environment_id}", "--seed", 13,
                                "--actions", actions_file, "--json").stdout)
    assert rollout["initialObservation"] == observation.astype(np.float64).tolist()
    assert [(step["observation"], step["reward"], step["terminated"], step["truncated"])
            for step in rollout["steps"]] == expected
    if environment_id == "Pendulum-v1":
        assert expected[-1][3] and len(expected) == 200


def test_killed_python_side_fails_with_checkpoint_intact_and_resume_continues(tmp_path):
    environment = {"PYTHONPATH": os.pathsep.join(filter(None, [str(FIXTURES), os.environ.get("PYTHONPATH")]))}
    marker = tmp_path / "kill-marker"
    kwargs = f'{{"marker": "{marker}", "kill_at_step": 230}}'
    uninterrupted = tmp_path / "uninterrupted"
    maxent("train", "--env", "gym:dying_env:DyingPendulum-v0", "--gym-kwargs", kwargs, *SHORT_SAC,
           "--out", uninterrupted, environment=environment)

    marker.touch()
    run = tmp_path / "killed"
    killed = maxent("train", "--env", "gym:dying_env:DyingPendulum-v0", "--gym-kwargs", kwargs, *SHORT_SAC,
                    "--out", run, environment=environment, check=False)
    # Every copy counts its own steps. The training environment reaches 230 first (100 warm-up steps, then 130 into
    # epoch 1), the test environments only during epoch 1's test (200 steps each per test).
    assert killed.returncode == 1
    assert "DyingPendulum-v0" in killed.stderr and f"was killed by signal {signal.SIGKILL}" in killed.stderr
    assert killed.stderr.count("\n") == 1
    assert [int(row["epoch"]) for row in progress(run)] == [0]
    assert (run / "checkpoint.bin").exists()
    maxent("train", "--resume", run, environment=environment)
    # Resuming replays the episode in progress from its seed and actions, so the run ends as if never stopped.
    assert (run / "progress.csv").read_bytes() == (uninterrupted / "progress.csv").read_bytes()
    assert (run / "checkpoint.bin").read_bytes() == (uninterrupted / "checkpoint.bin").read_bytes()


@pytest.mark.parametrize("case, environment, expected", [
    ("unknown id", {}, "cannot make gym:NoSuchEnv-v0: NameNotFound"),
    ("no python", {"MAXENT_PYTHON": "/nonexistent/python3"}, "cannot start Python '/nonexistent/python3'"),
    ("no gymnasium", {"MAXENT_PYTHON": "python-without-site-packages"}, "gymnasium is not installed"),
    ("no mujoco", {"PYTHONPATH": str(FIXTURES / "without_mujoco")}, "gym:HalfCheetah-v5 needs a package that is missing"),
])
def test_missing_pieces_exit_2_with_one_line(case, environment, expected, tmp_path):
    if environment.get("MAXENT_PYTHON") == "python-without-site-packages":
        wrapper = tmp_path / "python"
        wrapper.write_text(f"#!/bin/sh\nexec {sys.executable} -S \"$@\"\n")
        wrapper.chmod(0o755)
        environment = {"MAXENT_PYTHON": str(wrapper)}
    env_id = "gym:NoSuchEnv-v0" if case == "unknown id" else "gym:HalfCheetah-v5" if case == "no mujoco" else "gym:Pendulum-v1"
    result = maxent("train", "--env", env_id, "--algo", "sac", "--out", tmp_path / "run", environment=environment, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and expected in result.stderr and result.stderr.count("\n") == 1
    assert not (tmp_path / "run").exists()


def test_mujoco_halfcheetah_through_the_bridge(tmp_path):
    maxent("train", "--env", "gym:HalfCheetah-v5", "--algo", "sac", "--warmup", "100", "--steps", "100",
           "--test-episodes", "1", "--hidden", "16,16", "--batch-size", "32", "--workers", "1", "--quiet",
           "--out", tmp_path / "cheetah")
    rows = progress(tmp_path / "cheetah")
    # HalfCheetah never terminates; its TimeLimit truncates at 1,000 steps.
    assert [float(row["test/length"]) for row in rows] == [1000, 1000]
    assert all(abs(float(row["test/reward"])) < 1e4 for row in rows)
