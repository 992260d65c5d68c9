"""Writes the PyTorch parity fixtures of Tests/LearningTests/Fixtures: one update of SAC (fixed α), SAC
auto-α, SAC-AdaEnt and one PPO minibatch step, computed by PyTorch autograd from shared initial weights,
a shared batch and shared noise.

Each fixture is one JSON object of float32 arrays (a scalar is a one-element array): the inputs
(`init.*` weights, target weights that differ from the online ones, the batch, the noise) and the
expected state after the update (`after.*` parameters, Adam moments m and v, losses, and for SAC-AdaEnt
the per-state switch decisions; for PPO the advantages and returns). Flat parameter vectors list
every layer as `Linear` stores it (weight row-major, `outputs × inputs`, then bias), which is the
Swift engine's layout. The updates follow docs/experiments.md §4.1 (PPO), §5.2 (SAC) and §6.2
(SAC-AdaEnt), as tianshou 0.5.0 and the reference repository write them.

Run by a developer, not by CI (PyTorch is large):  python3 Benchmarks/torch_parity_fixtures.py
The sizes are tiny (3 observations, 2 actions, two hidden layers of 8, batch 8) so the files stay small.
"""
import json
import math
import pathlib

import torch
from torch import nn

OBS, ACT, HIDDEN, BATCH, SAMPLES = 3, 2, 8, 8, 6
GAMMA, TAU, ALPHA, LR, ALPHA_LR = 0.99, 0.005, 0.2, 1e-3, 3e-4
EPS = float(torch.finfo(torch.float32).eps)
OUT = pathlib.Path(__file__).resolve().parent.parent / "Tests" / "LearningTests" / "Fixtures"


def mlp(inputs, outputs, activation):
    return nn.Sequential(nn.Linear(inputs, HIDDEN), activation(), nn.Linear(HIDDEN, HIDDEN), activation(),
                         nn.Linear(HIDDEN, outputs))


def flat(module_or_tensors):
    tensors = module_or_tensors.parameters() if isinstance(module_or_tensors, nn.Module) else module_or_tensors
    return torch.cat([t.detach().reshape(-1) for t in tensors])


def moments(optimizer, parameters):
    state = [optimizer.state[p] for p in parameters]
    return (torch.cat([s["exp_avg"].reshape(-1) for s in state]),
            torch.cat([s["exp_avg_sq"].reshape(-1) for s in state]))


def randomize(module, generator, scale=1.0):
    """Weights spread more widely than PyTorch's default so that ReLUs and tanh both bend."""
    with torch.no_grad():
        for parameter in module.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator) * scale / math.sqrt(parameter.shape[-1]))


class Fixture:
    def __init__(self):
        self.values = {}

    def __setitem__(self, name, value):
        tensor = torch.as_tensor(value, dtype=torch.float32).reshape(-1)
        self.values[name] = [float(x) for x in tensor.tolist()]

    def write(self, name):
        OUT.mkdir(parents=True, exist_ok=True)
        # Nine significant digits identify every float32 exactly.
        body = ",\n".join(f'  "{key}": [{", ".join(f"{x:.9g}" for x in values)}]' for key, values in sorted(self.values.items()))
        (OUT / f"{name}.json").write_text("{\n" + body + "\n}\n")


def squashed_sample(actor, obs, noise):
    out = actor(obs)
    mu, log_sigma = out[:, :ACT], torch.clamp(out[:, ACT:], -20, 2)
    sigma = log_sigma.exp()
    u = mu + sigma * noise
    squashed = torch.tanh(u)
    log_prob = torch.distributions.Normal(mu, sigma).log_prob(u).sum(-1) - torch.log(1 - squashed.pow(2) + EPS).sum(-1)
    return squashed, log_prob, mu, sigma


class Critic:
    def __init__(self, generator):
        self.net = mlp(OBS + ACT, 1, nn.ReLU)
        self.target = mlp(OBS + ACT, 1, nn.ReLU)
        randomize(self.net, generator, 1.5)
        randomize(self.target, generator, 1.5)
        self.optim = torch.optim.Adam(self.net.parameters(), lr=LR)

    def __call__(self, obs, act):
        return self.net(torch.cat([obs, act], -1)).flatten()

    def target_value(self, obs, act):
        return self.target(torch.cat([obs, act], -1)).flatten()

    def record(self, fixture, prefix, when):
        fixture[f"{when}.{prefix}.online"] = flat(self.net)
        fixture[f"{when}.{prefix}.target"] = flat(self.target)

    def record_after(self, fixture, prefix):
        self.record(fixture, prefix, "after")
        m, v = moments(self.optim, list(self.net.parameters()))
        fixture[f"after.{prefix}.adam.m"] = m
        fixture[f"after.{prefix}.adam.v"] = v

    def fit(self, obs, act, y):
        loss = (self(obs, act) - y).pow(2).mean()
        self.optim.zero_grad()
        loss.backward()
        self.optim.step()
        return loss

    def polyak(self):
        with torch.no_grad():
            for target, online in zip(self.target.parameters(), self.net.parameters()):
                target.copy_(TAU * online + (1 - TAU) * target)


def shared_batch(generator, fixture):
    obs = torch.randn(BATCH, OBS, generator=generator)
    act = torch.rand(BATCH, ACT, generator=generator) * 2 - 1
    rew = torch.randn(BATCH, generator=generator)
    obs_next = torch.randn(BATCH, OBS, generator=generator)
    # Half the transitions bootstrap, so targets depend on the target critics.
    term = torch.tensor([0, 1, 0, 0, 1, 0, 0, 1], dtype=torch.float32)
    for name, value in (("observations", obs), ("actions", act), ("rewards", rew), ("nextObservations", obs_next),
                        ("terminated", term)):
        fixture[f"batch.{name}"] = value
    return obs, act, rew, obs_next, term


def soft_learner(seed, critic_count, auto_alpha, fixture):
    generator = torch.Generator().manual_seed(seed)
    actor = mlp(OBS, 2 * ACT, nn.ReLU)
    randomize(actor, generator, 1.5)
    critics = [Critic(generator) for _ in range(critic_count)]
    fixture["init.actor"] = flat(actor)
    names = ["critic1", "critic2", "critic1_s", "critic2_s"][:critic_count]
    for name, critic in zip(names, critics):
        critic.record(fixture, name, "init")
    log_alpha = torch.zeros(1, requires_grad=True)
    alpha_optim = torch.optim.Adam([log_alpha], lr=ALPHA_LR)
    alpha = log_alpha.exp().item() if auto_alpha else ALPHA
    batch = shared_batch(generator, fixture)
    target_noise = torch.randn(BATCH, ACT, generator=generator)
    actor_noise = torch.randn(BATCH, ACT, generator=generator)
    fixture["noise.target"] = target_noise
    fixture["noise.actor"] = actor_noise
    return generator, actor, torch.optim.Adam(actor.parameters(), lr=LR), critics, names, log_alpha, alpha_optim, alpha, batch


def finish(fixture, actor, actor_optim, critics, names, auto_alpha, log_alpha, alpha_optim, log_prob):
    if auto_alpha:
        alpha_loss = -(log_alpha * (log_prob.detach() - ACT)).mean()
        alpha_optim.zero_grad()
        alpha_loss.backward()
        alpha_optim.step()
        fixture["after.losses.alpha"] = alpha_loss.detach()
        fixture["after.logAlpha"] = log_alpha.detach()
    for critic in critics:
        critic.polyak()
    fixture["after.actor"] = flat(actor)
    m, v = moments(actor_optim, list(actor.parameters()))
    fixture["after.actor.adam.m"] = m
    fixture["after.actor.adam.v"] = v
    for name, critic in zip(names, critics):
        critic.record_after(fixture, name)


def sac(auto_alpha, name, seed):
    fixture = Fixture()
    _, actor, actor_optim, critics, names, log_alpha, alpha_optim, alpha, batch = soft_learner(seed, 2, auto_alpha, fixture)
    obs, act, rew, obs_next, term = batch
    with torch.no_grad():
        next_act, next_log_prob, _, _ = squashed_sample(actor, obs_next, fixture_tensor(fixture, "noise.target"))
        target_q = torch.min(critics[0].target_value(obs_next, next_act), critics[1].target_value(obs_next, next_act))
        y = rew + GAMMA * (1 - term) * (target_q - alpha * next_log_prob)
    fixture["after.losses.critic1"] = critics[0].fit(obs, act, y).detach()
    fixture["after.losses.critic2"] = critics[1].fit(obs, act, y).detach()
    new_act, log_prob, _, _ = squashed_sample(actor, obs, fixture_tensor(fixture, "noise.actor"))
    actor_loss = (alpha * log_prob - torch.min(critics[0](obs, new_act), critics[1](obs, new_act))).mean()
    actor_optim.zero_grad()
    actor_loss.backward()
    actor_optim.step()
    fixture["after.losses.actor"] = actor_loss.detach()
    finish(fixture, actor, actor_optim, critics, names, auto_alpha, log_alpha, alpha_optim, log_prob)
    fixture.write(name)


def fixture_tensor(fixture, key):
    return torch.tensor(fixture.values[key], dtype=torch.float32).reshape(BATCH, -1)


def shifted_cosine(soft, plain):
    soft = soft - soft.min(dim=1, keepdim=True).values
    plain = plain - plain.min(dim=1, keepdim=True).values
    norms = soft.norm(dim=1).clamp_min(1e-8) * plain.norm(dim=1).clamp_min(1e-8)
    return (soft * plain).sum(1) / norms


def sac_adaent(seed):
    fixture = Fixture()
    generator, actor, actor_optim, critics, names, log_alpha, alpha_optim, alpha, batch = soft_learner(seed, 4, False, fixture)
    obs, act, rew, obs_next, term = batch
    similarity_noise = torch.randn(BATCH, SAMPLES, ACT, generator=generator)
    fixture["noise.similarity"] = similarity_noise
    with torch.no_grad():
        next_act, next_log_prob, _, _ = squashed_sample(actor, obs_next, fixture_tensor(fixture, "noise.target"))
        soft_next = torch.min(critics[0].target_value(obs_next, next_act), critics[1].target_value(obs_next, next_act))
        plain_next = torch.min(critics[2].target_value(obs_next, next_act), critics[3].target_value(obs_next, next_act))
        y_soft = rew + GAMMA * (1 - term) * (soft_next - alpha * next_log_prob)
        y_plain = rew + GAMMA * (1 - term) * plain_next
    for index, y in ((0, y_soft), (2, y_plain), (1, y_soft), (3, y_plain)):
        fixture[f"after.losses.{names[index]}"] = critics[index].fit(obs, act, y).detach()
    with torch.no_grad():
        out = actor(obs)
        mu, sigma = out[:, :ACT], torch.clamp(out[:, ACT:], -20, 2).exp()
        acts = torch.tanh(mu.unsqueeze(1) + sigma.unsqueeze(1) * similarity_noise).reshape(-1, ACT)
        repeated = obs.repeat_interleave(SAMPLES, dim=0)
        soft = torch.min(critics[0](repeated, acts), critics[1](repeated, acts)).view(-1, SAMPLES).double()
        plain = torch.min(critics[2](repeated, acts), critics[3](repeated, acts)).view(-1, SAMPLES).double()
        similarity = shifted_cosine(soft, plain)
    # κ halfway between two neighbouring similarities near the middle, so both decisions occur and
    # none is within float32 rounding of the threshold.
    ordered = similarity.sort().values
    middle = BATCH // 2
    kappa = float((ordered[middle - 1] + ordered[middle]) / 2)
    assert float(ordered[middle] - ordered[middle - 1]) > 1e-3, "similarities too close to split; change the seed"
    use_plain = similarity < kappa
    fixture["kappa"] = kappa
    fixture["after.similarity"] = similarity
    fixture["after.usesPlain"] = use_plain.float()
    new_act, log_prob, _, _ = squashed_sample(actor, obs, fixture_tensor(fixture, "noise.actor"))
    q_soft = torch.min(critics[0](obs, new_act), critics[1](obs, new_act))
    q_plain = torch.min(critics[2](obs, new_act), critics[3](obs, new_act))
    actor_loss = (alpha * log_prob - torch.where(use_plain, q_plain, q_soft)).mean()
    actor_optim.zero_grad()
    actor_loss.backward()
    actor_optim.step()
    fixture["after.losses.actor"] = actor_loss.detach()
    fixture["after.losses.surrogateRate"] = use_plain.float().mean()
    finish(fixture, actor, actor_optim, critics, names, False, log_alpha, alpha_optim, log_prob)
    fixture.write("sac_adaent")


def ppo(seed):
    fixture = Fixture()
    generator = torch.Generator().manual_seed(seed)
    clip, value_coefficient, entropy_coefficient, max_norm, lam = 0.2, 0.25, 0.01, 0.5, 0.95
    actor, critic = mlp(OBS, ACT, nn.Tanh), mlp(OBS, 1, nn.Tanh)
    randomize(actor, generator, 1.5)
    randomize(critic, generator, 1.5)
    log_std = (torch.randn(ACT, generator=generator) * 0.3 - 0.5).requires_grad_(True)
    fixture["init.actor"] = flat(actor)
    fixture["init.actor.logStd"] = log_std
    fixture["init.critic"] = flat(critic)
    # Two environments of four steps each, environment-major as the Swift rollout stores them.
    obs = torch.randn(BATCH, OBS, generator=generator)
    obs_next = torch.randn(BATCH, OBS, generator=generator)
    rew = torch.randn(BATCH, generator=generator)
    terminated = torch.tensor([0, 1, 0, 0, 0, 0, 1, 0], dtype=torch.float32)
    ends_chain = torch.tensor([0, 1, 0, 1, 0, 0, 1, 1], dtype=torch.float32)
    with torch.no_grad():
        mu = actor(obs)
        act = mu + log_std.exp() * torch.randn(BATCH, ACT, generator=generator)
    for name, value in (("observations", obs), ("actions", act), ("rewards", rew), ("nextObservations", obs_next),
                        ("terminated", terminated), ("endsChain", ends_chain)):
        fixture[f"rollout.{name}"] = value
    with torch.no_grad():
        values = critic(obs).flatten()
        next_values = critic(obs_next).flatten() * (1 - terminated)
        advantages = torch.zeros(BATCH)
        running = torch.zeros(())
        for index in reversed(range(BATCH)):
            delta = rew[index] + GAMMA * next_values[index] - values[index]
            running = delta + GAMMA * lam * (1 - ends_chain[index]) * running
            advantages[index] = running
        returns = advantages + values
        # log π_old of an earlier policy: shifted per sample so that ratios fall on both sides of
        # [1 − ε, 1 + ε] with advantages of both signs, exercising the clipped and the unclipped branch.
        dist = torch.distributions.Normal(mu, log_std.exp())
        shifts = torch.tensor([0.5, -0.5, 0.05, -0.4, 0.3, -0.05, 0.6, -0.3])
        old_log_prob = dist.log_prob(act).sum(-1) + shifts
    fixture["after.advantages"] = advantages
    fixture["after.returns"] = returns
    fixture["oldLogProbabilities"] = old_log_prob
    parameters = list(actor.parameters()) + [log_std] + list(critic.parameters())
    optimizer = torch.optim.Adam(parameters, lr=3e-4)
    dist = torch.distributions.Normal(actor(obs), log_std.exp())
    ratio = (dist.log_prob(act).sum(-1) - old_log_prob).exp()
    surr1 = ratio * advantages
    surr2 = ratio.clamp(1 - clip, 1 + clip) * advantages
    clipped = surr2 < surr1
    assert 0 < int(clipped.sum()) < BATCH, "need clipped and unclipped samples"
    fixture["after.clipped"] = clipped.float()
    clip_loss = -torch.min(surr1, surr2).mean()
    value_loss = (returns - critic(obs).flatten()).pow(2).mean()
    entropy = dist.entropy().sum(-1).mean()
    loss = clip_loss + value_coefficient * value_loss - entropy_coefficient * entropy
    optimizer.zero_grad()
    loss.backward()
    norm = nn.utils.clip_grad_norm_(parameters, max_norm)
    assert float(norm) > max_norm, "the global norm clip should act"
    optimizer.step()
    for name, value in (("loss", loss), ("clip", clip_loss), ("valueFunction", value_loss), ("entropy", entropy),
                        ("gradientNorm", norm)):
        fixture[f"after.losses.{name}"] = value.detach()
    fixture["after.actor"] = flat(actor)
    fixture["after.actor.logStd"] = log_std
    fixture["after.critic"] = flat(critic)
    m, v = moments(optimizer, parameters)
    split = [flat(actor).numel(), ACT]
    fixture["after.adam.m.actor"], fixture["after.adam.m.logStd"], fixture["after.adam.m.critic"] = m.split(split + [m.numel() - sum(split)])
    fixture["after.adam.v.actor"], fixture["after.adam.v.logStd"], fixture["after.adam.v.critic"] = v.split(split + [v.numel() - sum(split)])
    fixture.write("ppo")


def main():
    torch.set_num_threads(1)
    sac(auto_alpha=False, name="sac", seed=1)
    sac(auto_alpha=True, name="sac_auto_alpha", seed=2)
    sac_adaent(seed=3)
    ppo(seed=4)
    print(f"wrote {sorted(p.name for p in OUT.glob('*.json'))} to {OUT}")


if __name__ == "__main__":
    main()
