#!/usr/bin/env python3
"""Storm's exact value of an MDP exported by `maxent export`.

For each PRISM (.prism, .nm) or DRN (.drn) file written by `maxent export`, builds the model
with exact rational arithmetic, checks Rmax=? [F "done"] and prints the value at the initial
state as an exact fraction. By construction of the export, that value is V*(initial) of the
original maxent-mdp/1 model, so it can be compared with `maxent solve`.

    maxent export --prism examples/toy.json /tmp/toy.prism
    maxent export --drn examples/toy.json /tmp/toy.drn
    python3 Benchmarks/storm_check.py /tmp/toy.prism /tmp/toy.drn --expect 99/100

With --expect, exits with status 1 unless every value equals the expected rational.
"""

import argparse
import pathlib
import sys
from fractions import Fraction

import stormpy

PROPERTY = 'Rmax=? [F "done"]'


def exact_initial_value(path: pathlib.Path) -> Fraction:
    """Storm's exact Rmax=? [F "done"] at the unique initial state of the model in `path`."""
    if path.suffix == ".drn":
        model = stormpy.build_model_from_drn[stormpy.Rational](str(path))
        properties = stormpy.parse_properties(PROPERTY)
    else:
        program = stormpy.parse_prism_program(str(path))
        properties = stormpy.parse_properties(PROPERTY, program)
        model = stormpy.build_model[stormpy.Rational](program, properties)
    if len(model.initial_states) != 1:
        raise SystemExit(f"{path}: expected one initial state, found {len(model.initial_states)}")
    result = stormpy.model_checking(model, properties[0])
    return Fraction(str(result.get_value(model.initial_states[0])))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", type=pathlib.Path, help="exported .prism/.nm or .drn files")
    parser.add_argument("--expect", type=Fraction, help="exact value every model must have, e.g. 99/100")
    arguments = parser.parse_args()
    matches = True
    for path in arguments.models:
        value = exact_initial_value(path)
        verdict = ""
        if arguments.expect is not None:
            matches &= value == arguments.expect
            verdict = "  (matches)" if value == arguments.expect else f"  (MISMATCH: expected {arguments.expect})"
        print(f"{path}: {value}{verdict}")
    return 0 if matches else 1


if __name__ == "__main__":
    sys.exit(main())
