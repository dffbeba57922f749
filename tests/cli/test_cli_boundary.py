"""The CLI's one boundary holds for the console script and for Click's test runner alike: a
user error is one line and exit 2, a bug is one line, a saved report and exit 70."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tiaojie.cli.boundary import run
from tiaojie.cli.main import cli
from tiaojie.core.errors import RulesInputError

ARGS = ["rules", "deadline", "--origin", "委派", "--start", "2026-03-02"]


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_DATA", str(tmp_path / "data"))
    return tmp_path / "data"


def _break(monkeypatch, exc: Exception) -> None:
    def broken(*_a, **_k):
        raise exc
    monkeypatch.setattr("tiaojie.cli.rules_cmd.R.compute_deadline", broken)


def test_a_bug_is_one_line_a_report_and_exit_70(monkeypatch, data_dir):
    _break(monkeypatch, ZeroDivisionError("deep inside"))
    result = CliRunner().invoke(cli, ARGS)
    assert result.exit_code == 70
    assert "Traceback" not in result.output and "内部错误" in result.output
    reports = list((data_dir / "crash-reports").glob("tiaojie-crash-*.txt"))
    assert len(reports) == 1 and "ZeroDivisionError: deep inside" in reports[0].read_text(encoding="utf-8")


def test_a_user_error_names_the_field_and_exits_2(monkeypatch, data_dir, capsys):
    _break(monkeypatch, RulesInputError("start", "应为 YYYY-MM-DD"))
    result = CliRunner().invoke(cli, ARGS)
    assert result.exit_code == 2 and "start" in result.output and "Traceback" not in result.output
    assert run(cli, args=ARGS) == 2                      # the console script's path: the same answer
    assert "start" in capsys.readouterr().err
    assert not (data_dir / "crash-reports").exists()


def test_an_expected_os_error_is_not_called_a_bug(monkeypatch, data_dir):
    _break(monkeypatch, PermissionError(13, "Permission denied", "/srv/x.yaml"))
    result = CliRunner().invoke(cli, ARGS)
    assert result.exit_code == 2 and "/srv/x.yaml" in result.output and "内部错误" not in result.output
