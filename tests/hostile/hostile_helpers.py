"""Drive the `tiaojie` command in-process through its one error boundary."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pytest

from tiaojie.cli.boundary import run
from tiaojie.cli.main import cli


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out, parse_constant=_refuse_constant)


def _refuse_constant(name: str):
    raise AssertionError(f"JSON holds the non-standard token {name}")


def sane_exit(result: Outcome) -> None:
    """The house rule: no traceback, no internal error, one line on stderr for an error."""
    assert "Traceback" not in result.out + result.err
    assert result.code in (0, 1, 2), (result.code, result.err)
    if result.code == 2:
        lines = [ln for ln in result.err.splitlines() if ln.strip()]
        assert lines, "an error must say what was wrong"
        assert len(lines) <= 3, result.err   # click usage errors print usage + the error


def no_nan(obj) -> None:
    if isinstance(obj, float):
        assert math.isfinite(obj), obj
    elif isinstance(obj, dict):
        for v in obj.values():
            no_nan(v)
    elif isinstance(obj, list):
        for v in obj:
            no_nan(v)


@pytest.fixture
def tiaojie(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_DATA", str(tmp_path / "data"))

    def _run(*args: str) -> Outcome:
        capsys.readouterr()
        code = run(cli, args=[str(a) for a in args])
        cap = capsys.readouterr()
        return Outcome(code, cap.out, cap.err)

    return _run
