"""Builds the Swift library the package loads (libMaxEntEnvironments.so) and ships it inside the package.

`pip install ./python` runs `swift build -c release --product MaxEntEnvironments` in the repository that
contains this directory; the library links the Swift runtime statically, so the installed package needs no
Swift toolchain at run time.
"""
import shutil
import subprocess
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

REPOSITORY = Path(__file__).resolve().parent.parent
LIBRARY = "libMaxEntEnvironments.so"


class BuildWithSwiftLibrary(build_py):
    def run(self):
        if not (REPOSITORY / "Package.swift").exists():
            raise SystemExit(f"maxent-gym: {REPOSITORY} is not the MaxEnt workbench checkout; install from its python/ folder")
        subprocess.run(["swift", "build", "-c", "release", "--product", "MaxEntEnvironments"], cwd=REPOSITORY, check=True)
        shutil.copy2(REPOSITORY / ".build" / "release" / LIBRARY, Path(__file__).resolve().parent / "maxent_gym" / LIBRARY)
        super().run()


setup(cmdclass={"build_py": BuildWithSwiftLibrary})
