"""The package installed non-editable (as in a JupyterHub image) finds its own content.

A fresh virtual environment gets ``pip install --no-deps .`` of this checkout; its third-party
dependencies come from the test environment through a ``.pth`` line (installing them again
would only re-download the same pinned wheels) — ``tests/installed_helpers.py``, shared with the
JupyterHub test. The ``tiaojie`` command of that venv then runs from a folder outside the
checkout with no ``TIAOJIE_*`` variables and no ``PYTHONPATH``, so only the installed copy
(package data under ``tiaojie/_content``) can answer.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from installed_helpers import Installed, clean_env
from tiaojie.core.settings import CHECKOUT_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(installed_package):
    return installed_package


def _run(installed: Installed, cwd: Path, *args: str) -> str:
    return installed.run(cwd, *args, env=installed.env(TIAOJIE_DATA=str(cwd / "data")))


def test_installed_copy_is_not_the_checkout(installed, tmp_path):
    where = _run(installed, tmp_path, "--version")
    assert "tiaojie" in where
    probe = subprocess.run([str(installed.python), "-c",
                            "import tiaojie.core.settings as s; print(s.get_settings().content_root)"],
                           cwd=tmp_path, env=clean_env(), capture_output=True, text=True, check=True)
    content = Path(probe.stdout.strip())
    assert content == installed.package_dir / "_content"
    assert not content.is_relative_to(CHECKOUT_ROOT)


def test_case_bank_from_installed_package(installed, tmp_path):
    stats = json.loads(_run(installed, tmp_path, "cases", "stats", "--json"))
    shipped = len(list((CHECKOUT_ROOT / "casebank" / "cases").rglob("*.yaml")))
    assert stats["total"] == shipped > 0


def test_simulation_and_rules_from_installed_package(installed, tmp_path):
    mmc = json.loads(_run(installed, tmp_path, "simulate", "mmc", "--arrival-rate", "4", "--service-rate", "1",
                          "--servers", "5", "--customers", "2000", "--replications", "2", "--seed", "1",
                          "--json"))
    assert 0 < mmc["erlang_c"]["p_wait"] < 1
    due = json.loads(_run(installed, tmp_path, "rules", "deadline", "--origin", "委托", "--court-procedure", "简易",
                          "--start", "2026-09-28", "--json"))
    assert due["due_date"] == "2026-10-08"


def test_course_from_installed_package(installed, tmp_path):
    trace = json.loads(_run(installed, tmp_path, "curriculum", "trace", "--json"))   # exits 1 on a missing item
    assert set(trace) == {str(a) for a in range(1, 24)} and all(trace.values())
    assert "问题 0 处" in _run(installed, tmp_path, "curriculum", "validate")
    _run(installed, tmp_path, "cases", "pack", "bnk-001", "--out", str(tmp_path / "pack.pdf"))
    assert (tmp_path / "pack.pdf").stat().st_size > 10_000
