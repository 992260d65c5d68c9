"""The MaxEnt workbench's environments for Gymnasium.

`import maxent_gym` registers them; then `gymnasium.make("maxent/Quadrotor-v0")` (or `faithful=True` for the
reference behaviour, see `MaxEntEnv`), `gymnasium.make("maxent/MDP-v0", path=FILE)` for the deep twin of a
`maxent-mdp/1` file, and `gymnasium.make_vec(ID, num_envs=N)` for N copies stepped by one library call.
"""
import gymnasium as gym

from .env import MaxEntEnv, MaxEntVectorEnv, make_twin, twin_name

#: Gymnasium id → the workbench's registry name (`maxent env rollout --env NAME`).
ENVIRONMENTS = {
    "maxent/Toy-v0": "toy",
    "maxent/Quadrotor-v0": "quadrotor",
    "maxent/QuadrotorSimplified-v0": "quadrotor-simplified",
    "maxent/Vehicle-v0": "vehicle",
    "maxent/Acrobot-v0": "acrobot",
    "maxent/Obstacle2D-v0": "obstacle2d",
}


#: The Gymnasium id of deep twins: `gymnasium.make(MDP_ID, path=FILE[, layout=FILE][, max_steps=N])`.
MDP_ID = "maxent/MDP-v0"


def register_environments():
    """Registers every id of `ENVIRONMENTS` and `MDP_ID` (again is harmless)."""
    for environment_id, name in ENVIRONMENTS.items():
        if environment_id not in gym.registry:
            gym.register(environment_id, entry_point=MaxEntEnv, vector_entry_point=MaxEntVectorEnv,
                         kwargs={"name": name}, disable_env_checker=False)
    if MDP_ID not in gym.registry:
        gym.register(MDP_ID, entry_point=make_twin, vector_entry_point=MaxEntVectorEnv, disable_env_checker=False)


register_environments()

__all__ = ["ENVIRONMENTS", "MDP_ID", "MaxEntEnv", "MaxEntVectorEnv", "make_twin", "register_environments", "twin_name"]
