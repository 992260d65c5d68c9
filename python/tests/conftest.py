"""Shared set-up: the built Swift artefacts these tests drive.

`scripts/test` builds them and sets MAXENT_BINARY and MAXENT_ENVIRONMENTS_LIBRARY; run by hand, the tests look
for the debug build in the checkout's .build/debug.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BINARY = Path(os.environ.get("MAXENT_BINARY", REPOSITORY / ".build" / "debug" / "maxent"))
os.environ.setdefault("MAXENT_ENVIRONMENTS_LIBRARY", str(REPOSITORY / ".build" / "debug" / "libMaxEntEnvironments.so"))
sys.path.insert(0, str(REPOSITORY / "python"))

if not BINARY.exists():
    raise pytest.UsageError(f"{BINARY} does not exist: run `swift build` first (or scripts/test)")


# The working directory of every maxent run: MuJoCo writes MUJOCO_LOG.TXT into the current directory.
WORKING_DIRECTORY = tempfile.mkdtemp(prefix="maxent-python-tests-")


def maxent(*arguments, environment=None, check=True):
    """Runs the maxent binary; returns the completed process (text mode)."""
    result = subprocess.run([str(BINARY), *map(str, arguments)], capture_output=True, text=True,
                            env={**os.environ, **(environment or {})}, timeout=600, cwd=WORKING_DIRECTORY)
    if check and result.returncode != 0:
        raise AssertionError(f"maxent {' '.join(map(str, arguments))} exited {result.returncode}: {result.stderr}")
    return result
