"""Build hook: ship the content folders inside the package as ``tiaojie/_content``.

A checkout finds its content at the repository root; an installed package (``pip install .``,
a wheel in a JupyterHub image) finds the copy made here. ``tiaojie.core.settings`` decides which.
Everything else about the build is in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

CONTENT_DIRS = ("casebank", "simulations", "voila_apps", "curriculum", "grading")
SKIP = shutil.ignore_patterns("_build", "__pycache__", ".ipynb_checkpoints", "*.pyc", "simulation-output")


class BuildWithContent(build_py):
    """The usual build, plus a copy of the content folders into the built package."""

    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the checkout directly
            return
        root = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "tiaojie" / "_content"
        for name in CONTENT_DIRS:
            src = root / name
            if src.is_dir():
                shutil.copytree(src, target / name, ignore=SKIP, dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithContent})
