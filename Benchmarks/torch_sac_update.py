"""Times one SAC update and one SAC-AdaEnt update in PyTorch, with the shapes of the Swift benchmark.

The updates follow tianshou 0.5.0's SACPolicy.learn and the repository's policy/sac_adaent.py as
described in docs/experiments.md §5.2 and §6.2: float32, Adam, tanh-squashed Gaussian actor, two (four)
critics with Polyak-averaged targets. Each update is timed in two forms: as the reference writes
it (per-parameter Adam and Polyak loops, critic weight gradients built in the actor step, and for
AdaEnt the similarity test evaluated on batch·N repeated states with autograd on), and as a tuned
PyTorch port would (fused Adam, one foreach Polyak call, no critic weight gradients in the actor
step, the similarity test under no_grad with the Gaussian computed once per state).

Prints one JSON object. Usage: python3 torch_sac_update.py --threads 1 [--seconds 3]
"""
import argparse
import json
import math
import time

import torch
from torch import nn

OBS, ACT, HIDDEN, BATCH = 9, 4, 256, 256
GAMMA, TAU, ALPHA, LR = 0.99, 0.005, 0.2, 1e-3
EPS = float(torch.finfo(torch.float32).eps)


def mlp(inputs, outputs):
    return nn.Sequential(nn.Linear(inputs, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU(),
                         nn.Linear(HIDDEN, outputs))


class Actor(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(nn.Linear(OBS, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU())
        self.mu = nn.Linear(HIDDEN, ACT)
        self.sigma = nn.Linear(HIDDEN, ACT)

    def forward(self, obs):
        logits = self.body(obs)
        return self.mu(logits), torch.clamp(self.sigma(logits), -20, 2).exp()


def sample(actor, obs):
    mu, sigma = actor(obs)
    dist = torch.distributions.Independent(torch.distributions.Normal(mu, sigma), 1)
    act = dist.rsample()
    squashed = torch.tanh(act)
    log_prob = dist.log_prob(act) - torch.log(1 - squashed.pow(2) + EPS).sum(-1)
    return squashed, log_prob


def adam(parameters, tuned):
    return torch.optim.Adam(parameters, lr=LR, fused=True) if tuned else torch.optim.Adam(parameters, lr=LR)


class Critic:
    def __init__(self, tuned):
        self.tuned = tuned
        self.net = mlp(OBS + ACT, 1)
        self.target = mlp(OBS + ACT, 1)
        self.target.load_state_dict(self.net.state_dict())
        self.optim = adam(self.net.parameters(), tuned)

    def __call__(self, obs, act):
        return self.net(torch.cat([obs, act], -1)).flatten()

    def target_value(self, obs, act):
        return self.target(torch.cat([obs, act], -1)).flatten()

    def fit(self, obs, act, y):
        loss = (self(obs, act) - y).pow(2).mean()
        self.optim.zero_grad()
        loss.backward()
        self.optim.step()

    def polyak(self):
        if self.tuned:
            with torch.no_grad():
                torch._foreach_lerp_(list(self.target.parameters()), list(self.net.parameters()), TAU)
            return
        for target, online in zip(self.target.parameters(), self.net.parameters()):
            target.data.copy_(TAU * online.data + (1 - TAU) * target.data)

    def frozen(self, frozen):
        """In the tuned form the actor step builds no critic weight gradients."""
        if self.tuned:
            self.net.requires_grad_(not frozen)


def random_batch():
    return (torch.randn(BATCH, OBS), torch.rand(BATCH, ACT) * 2 - 1, torch.randn(BATCH), torch.randn(BATCH, OBS),
            (torch.rand(BATCH) < 0.01).float())


def sac_update(actor, actor_optim, critics, batch):
    obs, act, rew, obs_next, term = batch
    with torch.no_grad():
        next_act, next_log_prob = sample(actor, obs_next)
        target_q = torch.min(critics[0].target_value(obs_next, next_act), critics[1].target_value(obs_next, next_act))
        y = rew + GAMMA * (1 - term) * (target_q - ALPHA * next_log_prob)
    for critic in critics:
        critic.fit(obs, act, y)
    for critic in critics:
        critic.frozen(True)
    new_act, log_prob = sample(actor, obs)
    actor_loss = (ALPHA * log_prob - torch.min(critics[0](obs, new_act), critics[1](obs, new_act))).mean()
    actor_optim.zero_grad()
    actor_loss.backward()
    actor_optim.step()
    for critic in critics:
        critic.frozen(False)
        critic.polyak()


def shifted_cosine(soft, plain):
    soft = soft - soft.min(dim=1, keepdim=True).values
    plain = plain - plain.min(dim=1, keepdim=True).values
    norms = soft.norm(dim=1).clamp_min(1e-8) * plain.norm(dim=1).clamp_min(1e-8)
    return (soft * plain).sum(1) / norms


def similarity_reference(actor, critics, obs, n):
    repeated = obs.repeat_interleave(n, dim=0)
    acts, _ = sample(actor, repeated)
    soft = torch.min(critics[0](repeated, acts), critics[1](repeated, acts)).view(-1, n)
    plain = torch.min(critics[2](repeated, acts), critics[3](repeated, acts)).view(-1, n)
    return shifted_cosine(soft, plain)


def similarity_tuned(actor, critics, obs, n):
    with torch.no_grad():
        mu, sigma = actor(obs)
        acts = torch.tanh(mu.unsqueeze(1) + sigma.unsqueeze(1) * torch.randn(obs.shape[0], n, ACT)).reshape(-1, ACT)
        repeated = obs.repeat_interleave(n, dim=0)
        soft = torch.min(critics[0](repeated, acts), critics[1](repeated, acts)).view(-1, n)
        plain = torch.min(critics[2](repeated, acts), critics[3](repeated, acts)).view(-1, n)
        return shifted_cosine(soft, plain)


def adaent_update(actor, actor_optim, critics, batch, n, similarity, kappa=0.9):
    obs, act, rew, obs_next, term = batch
    with torch.no_grad():
        next_act, next_log_prob = sample(actor, obs_next)
        soft_next = torch.min(critics[0].target_value(obs_next, next_act), critics[1].target_value(obs_next, next_act))
        plain_next = torch.min(critics[2].target_value(obs_next, next_act), critics[3].target_value(obs_next, next_act))
        y_soft = rew + GAMMA * (1 - term) * (soft_next - ALPHA * next_log_prob)
        y_plain = rew + GAMMA * (1 - term) * plain_next
    for critic, y in ((critics[0], y_soft), (critics[2], y_plain), (critics[1], y_soft), (critics[3], y_plain)):
        critic.fit(obs, act, y)
    for critic in critics:
        critic.frozen(True)
    new_act, log_prob = sample(actor, obs)
    q_soft = torch.min(critics[0](obs, new_act), critics[1](obs, new_act))
    q_plain = torch.min(critics[2](obs, new_act), critics[3](obs, new_act))
    use_plain = similarity(actor, critics, obs, n) < kappa
    actor_loss = (ALPHA * log_prob - torch.where(use_plain, q_plain, q_soft)).mean()
    actor_optim.zero_grad()
    actor_loss.backward()
    actor_optim.step()
    for critic in critics:
        critic.frozen(False)
        critic.polyak()


def rate(step, seconds):
    step()
    count, start = 0, time.perf_counter()
    while True:
        step()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return count / elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--samples", type=int, default=100)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    batch = random_batch()
    blas = "MKL" if torch.backends.mkl.is_available() else "non-MKL BLAS"
    result = {"torch": torch.__version__, "threads": args.threads,
              "kernel": f"{blas}, {torch.backends.cpu.get_cpu_capability()} kernels"}
    for form, similarity in (("reference", similarity_reference), ("tuned", similarity_tuned)):
        tuned = form == "tuned"
        actor = Actor()
        actor_optim = adam(actor.parameters(), tuned)
        critics = [Critic(tuned) for _ in range(4)]
        result[f"sac_{form}_updates_per_second"] = rate(
            lambda: sac_update(actor, actor_optim, critics[:2], batch), args.seconds)
        result[f"adaent_{form}_updates_per_second"] = rate(
            lambda: adaent_update(actor, actor_optim, critics, batch, args.samples, similarity), args.seconds)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
