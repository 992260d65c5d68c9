"""Stable-Baselines3 on the workbench's quadrotor, through the Python package (`maxent/Quadrotor-v0`).

Not part of CI. Needs `pip install ./python stable-baselines3` (SB3 brings torch). Trains PPO (or SAC with
--algo sac) for --steps environment steps and prints the mean test return over 10 episodes before and after, on
the same seeds. The environment follows Gymnasium's conventions (seeded resets, the 40-step time limit as
truncation); `--faithful` gives the reference behaviour instead (docs/environments.md §0.3, §4.7).

    python3 examples/sb3_quadrotor.py --algo ppo --steps 200000
"""
import argparse

import gymnasium as gym
import numpy as np
from stable_baselines3 import PPO, SAC
from stable_baselines3.common.evaluation import evaluate_policy
from stable_baselines3.common.monitor import Monitor

import maxent_gym  # noqa: F401  (registers maxent/*)

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--algo", choices=["ppo", "sac"], default="ppo")
parser.add_argument("--steps", type=int, default=200_000)
parser.add_argument("--seed", type=int, default=1)
parser.add_argument("--faithful", action="store_true", help="the reference's seeding and time-limit behaviour")
arguments = parser.parse_args()

env = gym.make("maxent/Quadrotor-v0", faithful=arguments.faithful)
test_env = Monitor(gym.make("maxent/Quadrotor-v0", faithful=arguments.faithful))
model = (PPO if arguments.algo == "ppo" else SAC)("MlpPolicy", env, seed=arguments.seed, verbose=0,
                                                   policy_kwargs={"net_arch": [256, 256]})


def test_return():
    test_env.reset(seed=arguments.seed + 1000)
    mean, std = evaluate_policy(model, test_env, n_eval_episodes=10, deterministic=True)
    return mean, std


before = test_return()
model.learn(total_timesteps=arguments.steps)
after = test_return()
print(f"{arguments.algo.upper()} on maxent/Quadrotor-v0, {arguments.steps} steps, seed {arguments.seed}")
print(f"test return before training {before[0]:.1f} ± {before[1]:.1f}, after {after[0]:.1f} ± {after[1]:.1f}")
