"""The peer of `EnvironmentBenchmark --gym ID`: steps/s of a Gymnasium environment stepped in-process in Python.

Same protocol as the bridge measurement: gymnasium.make(ID) with its default wrappers, uniform random actions drawn in
advance, episodes reset inside the timed loop, best of several runs of --seconds each. Prints one number.
"""
import argparse
import time

import gymnasium as gym
import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("identifier")
parser.add_argument("--seconds", type=float, default=0.2)
parser.add_argument("--repetitions", type=int, default=1)
arguments = parser.parse_args()

env = gym.make(arguments.identifier)
generator = np.random.default_rng(1)
pool = generator.uniform(env.action_space.low, env.action_space.high, size=(4096, *env.action_space.shape)).astype(env.action_space.dtype)
env.reset(seed=1)
best = 0.0
for _ in range(arguments.repetitions):
    steps = 0
    start = time.perf_counter()
    while time.perf_counter() - start < arguments.seconds:
        for _ in range(256):
            _, _, terminated, truncated, _ = env.step(pool[steps % len(pool)])
            if terminated or truncated:
                env.reset()
            steps += 1
    best = max(best, steps / (time.perf_counter() - start))
print(best)
