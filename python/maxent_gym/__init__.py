"""The MaxEnt workbench's environments for Gymnasium.

`import maxent_gym` registers them; then `gymnasium.make("maxent/Quadrotor-v0")` (or `faithful=True` for the
reference behaviour, see `MaxEntEnv`).
"""
import gymnasium as gym

from .env import MaxEntEnv

#: Gymnasium id → the workbench's registry name (`maxent env rollout --env NAME`).
ENVIRONMENTS = {
    "maxent/Toy-v0": "toy",
    "maxent/Quadrotor-v0": "quadrotor",
    "maxent/QuadrotorSimplified-v0": "quadrotor-simplified",
    "maxent/Vehicle-v0": "vehicle",
    "maxent/Acrobot-v0": "acrobot",
    "maxent/Obstacle2D-v0": "obstacle2d",
}


def register_environments():
    """Registers every id of `ENVIRONMENTS` (again is harmless)."""
    for environment_id, name in ENVIRONMENTS.items():
        if environment_id not in gym.registry:
            gym.register(environment_id, entry_point=MaxEntEnv, kwargs={"name": name}, disable_env_checker=False)


register_environments()

__all__ = ["ENVIRONMENTS", "MaxEntEnv", "register_environments"]
