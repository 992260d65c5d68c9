#!/usr/bin/env python3
"""Exact standard solving: maxent against Storm's exact (rational) engine, measured in one run.

For each size, generates an undiscounted MDP (`maxent generate --gamma 1`, 4 actions, 3 successors),
exports it as an explicit DRN model (`maxent export --drn`), and times
  * Storm: stormpy.build_model_from_drn[stormpy.Rational] + model checking of Rmax=? [F "done"]
    (exact rational arithmetic), and
  * maxent: the exact solver on the same file (SolverBenchmark exact: float policy iteration,
    one FLINT Dixon solve, exact optimality check),
checks that the two initial values are the same rational, and prints the time ratio.

    swift build -c release --product maxent --product SolverBenchmark
    python3 Benchmarks/storm_benchmark.py --sizes 200 500
"""

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time
from fractions import Fraction

import stormpy

PROPERTY = 'Rmax=? [F "done"]'
ROOT = pathlib.Path(__file__).resolve().parent.parent
RELEASE = ROOT / ".build" / "release"


def storm_exact(drn: pathlib.Path) -> tuple[Fraction, float, float]:
    """Storm's exact value at the initial state, model build time and model checking time."""
    start = time.perf_counter()
    model = stormpy.build_model_from_drn[stormpy.Rational](str(drn))
    built = time.perf_counter()
    properties = stormpy.parse_properties(PROPERTY)
    result = stormpy.model_checking(model, properties[0], only_initial_states=True)
    checked = time.perf_counter()
    return Fraction(str(result.get_value(model.initial_states[0]))), built - start, checked - built


def maxent_exact(mdp: pathlib.Path) -> tuple[Fraction, float, int]:
    output = subprocess.run([str(RELEASE / "SolverBenchmark"), "exact", str(mdp)], check=True,
                            capture_output=True, text=True).stdout
    report = json.loads(output)
    return Fraction(report["initialValue"]), report["seconds"], report["denominatorDigits"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 500])
    parser.add_argument("--actions", type=int, default=4)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    all_equal = True
    print(f"{'states':>7} {'actions':>7} {'digits':>7} {'storm build s':>13} {'storm check s':>13} "
          f"{'maxent s':>9} {'ratio':>8}  same rational")
    with tempfile.TemporaryDirectory() as directory:
        for size in arguments.sizes:
            mdp = pathlib.Path(directory) / f"episodic-{size}.json"
            drn = mdp.with_suffix(".drn")
            subprocess.run([str(RELEASE / "maxent"), "generate", "--states", str(size), "--actions",
                            str(arguments.actions), "--successors", "3", "--gamma", "1", "--seed",
                            str(arguments.seed), "--output", str(mdp)], check=True)
            subprocess.run([str(RELEASE / "maxent"), "export", "--drn", str(mdp), str(drn)], check=True)
            ours, our_seconds, digits = maxent_exact(mdp)
            theirs, build_seconds, check_seconds = storm_exact(drn)
            equal = ours == theirs
            all_equal &= equal
            ratio = (build_seconds + check_seconds) / our_seconds
            print(f"{size:>7} {arguments.actions:>7} {digits:>7} {build_seconds:>13.2f} {check_seconds:>13.2f} "
                  f"{our_seconds:>9.3f} {ratio:>7.0f}x  {'yes' if equal else 'NO'}", flush=True)
    return 0 if all_equal else 1


if __name__ == "__main__":
    sys.exit(main())
