"""The package installed non-editable (as in a JupyterHub image) finds its own content.

A fresh virtual environment gets ``pip install --no-deps .`` of this checkout; its third-party
dependencies come from the test environment through a ``.pth`` line (installing them again
would only re-download the same pinned wheels). The commands then run from a folder outside the
checkout with no ``TIAOJIE_*`` variables and no ``PYTHONPATH``, so only the installed copy
(package data under ``tiaojie/_content``) can answer.
"""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
from pathlib import Path

import pytest

from tiaojie.core.settings import CHECKOUT_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    purelib = subprocess.check_output([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                      text=True).strip()
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    build = tmp_path_factory.mktemp("build")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", purelib,
                    "--no-warn-script-location", str(CHECKOUT_ROOT)],
                   check=True, cwd=build, env=_clean_env())
    return venv, purelib


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("TIAOJIE_") and k != "PYTHONPATH"}


def _run(venv: Path, cwd: Path, *args: str) -> str:
    env = _clean_env() | {"TIAOJIE_DATA": str(cwd / "data")}
    code = "import sys; from tiaojie.cli.main import main; sys.argv = ['tiaojie', *sys.argv[1:]]; main()"
    out = subprocess.run([str(venv / "bin" / "python"), "-c", code, *args], cwd=cwd, env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_installed_copy_is_not_the_checkout(installed, tmp_path):
    venv, purelib = installed
    where = _run(venv, tmp_path, "--version")
    assert "tiaojie" in where
    probe = subprocess.run([str(venv / "bin" / "python"), "-c",
                            "import tiaojie.core.settings as s; print(s.get_settings().content_root)"],
                           cwd=tmp_path, env=_clean_env(), capture_output=True, text=True, check=True)
    content = Path(probe.stdout.strip())
    assert content == Path(purelib) / "tiaojie" / "_content"
    assert not content.is_relative_to(CHECKOUT_ROOT)


def test_case_bank_from_installed_package(installed, tmp_path):
    venv, _ = installed
    stats = json.loads(_run(venv, tmp_path, "cases", "stats", "--json"))
    shipped = len(list((CHECKOUT_ROOT / "casebank" / "cases").rglob("*.yaml")))
    assert stats["total"] == shipped > 0


def test_simulation_and_rules_from_installed_package(installed, tmp_path):
    venv, _ = installed
    mmc = json.loads(_run(venv, tmp_path, "simulate", "mmc", "--arrival-rate", "4", "--service-rate", "1",
                          "--servers", "5", "--customers", "2000", "--replications", "2", "--seed", "1",
                          "--json"))
    assert 0 < mmc["erlang_c"]["p_wait"] < 1
    due = json.loads(_run(venv, tmp_path, "rules", "deadline", "--origin", "委托", "--court-procedure", "简易",
                          "--start", "2026-09-28", "--json"))
    assert due["due_date"] == "2026-10-08"


def test_course_from_installed_package(installed, tmp_path):
    venv, _ = installed
    trace = json.loads(_run(venv, tmp_path, "curriculum", "trace", "--json"))   # exits 1 on a missing item
    assert set(trace) == {str(a) for a in range(1, 24)} and all(trace.values())
    assert "问题 0 处" in _run(venv, tmp_path, "curriculum", "validate")
    _run(venv, tmp_path, "cases", "pack", "bnk-001", "--out", str(tmp_path / "pack.pdf"))
    assert (tmp_path / "pack.pdf").stat().st_size > 10_000
