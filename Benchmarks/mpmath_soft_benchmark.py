#!/usr/bin/env python3
"""Certified soft values: maxent against a straightforward mpmath soft value iteration (40 digits).

The peer is what a careful person would write first: soft value iteration in mpmath at 40 decimal
digits, stopped by the standard bound γ‖V_{k+1} − V_k‖/(1 − γ) ≤ tolerance. It is not certified
(rounding is not tracked); maxent's answer is (Arb balls, contraction certificate). Both run on the
same generated MDP in this run, and the script checks that mpmath's value lies in maxent's enclosure
(up to mpmath's own stopping error) and prints the time ratio.

    swift build -c release --product maxent --product SolverBenchmark
    python3 Benchmarks/mpmath_soft_benchmark.py --states 100 --alpha 1/5
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import mpmath

ROOT = pathlib.Path(__file__).resolve().parent.parent
RELEASE = ROOT / ".build" / "release"


def load(path: pathlib.Path):
    document = json.loads(path.read_text(), parse_float=str, parse_int=str)
    names = {state["name"]: index for index, state in enumerate(document["states"])}
    gamma = mpmath.mpf(Fraction(str(document["gamma"])).numerator) / Fraction(str(document["gamma"])).denominator
    states = []
    for state in document["states"]:
        actions = []
        for action in state.get("actions", []):
            def number(text):
                value = Fraction(str(text))
                return mpmath.mpf(value.numerator) / value.denominator
            actions.append((number(action["reward"]), mpmath.log(number(action.get("measure", 1))),
                            [(names[target], number(p)) for target, p in action["next"].items()]))
        states.append(actions)
    return gamma, states, names[document.get("initial", document["states"][0]["name"])]


def soft_value_iteration(gamma, states, alpha, tolerance):
    values = [mpmath.mpf(0)] * len(states)
    iterations = 0
    while True:
        iterations += 1
        updated = []
        for actions in states:
            if not actions:
                updated.append(mpmath.mpf(0))
                continue
            exponents = [(reward + gamma * mpmath.fsum(p * values[t] for t, p in successors)) / alpha + log_measure
                         for reward, log_measure, successors in actions]
            shift = max(exponents)
            updated.append(alpha * (shift + mpmath.log(mpmath.fsum(mpmath.exp(e - shift) for e in exponents))))
        change = max(abs(a - b) for a, b in zip(updated, values))
        values = updated
        if gamma * change / (1 - gamma) <= tolerance:
            return values, iterations


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=100)
    parser.add_argument("--actions", type=int, default=4)
    parser.add_argument("--gamma", default="99/100")
    parser.add_argument("--alpha", default="1/5")
    parser.add_argument("--tolerance", default="1e-30")
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    mpmath.mp.dps = 40
    with tempfile.TemporaryDirectory() as directory:
        mdp = pathlib.Path(directory) / "soft.json"
        subprocess.run([str(RELEASE / "maxent"), "generate", "--states", str(arguments.states), "--actions",
                        str(arguments.actions), "--successors", "3", "--gamma", arguments.gamma, "--seed",
                        str(arguments.seed), "--output", str(mdp)], check=True)
        ours = json.loads(subprocess.run(
            [str(RELEASE / "SolverBenchmark"), "soft", str(mdp), arguments.alpha, arguments.tolerance],
            check=True, capture_output=True, text=True).stdout)
        gamma, states, initial = load(mdp)
        alpha_fraction = Fraction(arguments.alpha)
        alpha = mpmath.mpf(alpha_fraction.numerator) / alpha_fraction.denominator
        start = time.perf_counter()
        values, iterations = soft_value_iteration(gamma, states, alpha, mpmath.mpf(arguments.tolerance))
        mpmath_seconds = time.perf_counter() - start
    enclosure = ours["initialValue"]
    middle, radius = enclosure.strip("[]").split(" +/- ")
    distance = abs(values[initial] - mpmath.mpf(middle))
    agrees = distance <= mpmath.mpf(radius) + 10 * mpmath.mpf(arguments.tolerance)
    print(f"MDP: {arguments.states} states x {arguments.actions} actions, gamma {arguments.gamma}, "
          f"alpha {arguments.alpha}, tolerance {arguments.tolerance}")
    print(f"mpmath soft VI (40 digits, uncertified): {mpmath_seconds:.2f} s, {iterations} iterations")
    print(f"maxent certified (Arb):                 {ours['seconds']:.4f} s, width {ours['maximumWidth']:.2e}, "
          f"{ours['precisionBits']} bits, {ours['newtonSteps']} Newton steps")
    print(f"ratio: {mpmath_seconds / ours['seconds']:.0f}x   agree at the initial state: {'yes' if agrees else 'NO'} "
          f"(|difference| = {mpmath.nstr(distance, 3)})")
    return 0 if agrees else 1


if __name__ == "__main__":
    sys.exit(main())
