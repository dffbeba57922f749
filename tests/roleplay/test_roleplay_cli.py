"""`tiaojie roleplay play / transcripts / lint` through click's runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tiaojie.cli.main import cli


@pytest.fixture
def runner(tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_DATA", str(tmp_path / "data"))
    return CliRunner()


def test_play_then_list_and_show(runner):
    result = runner.invoke(cli, ["roleplay", "play", "bnk-001", "--trainee", "周某"], input="1\n" * 11)
    assert result.exit_code == 0, result.output
    assert "刘某琴" in result.output and "【复盘】总分 100" in result.output and "示范路径" in result.output
    listing = runner.invoke(cli, ["roleplay", "transcripts"])
    assert "周某" in listing.output and "proposal_accepted" in listing.output
    data = json.loads(runner.invoke(cli, ["roleplay", "transcripts", "--json", "--trainee", "周某"]).output)
    attempt = data["attempts"][0]
    assert attempt["case_id"] == "bnk-001" and attempt["overall"] == 100 and attempt["steps"] == 11
    shown = runner.invoke(cli, ["roleplay", "transcripts", "--show", str(attempt["id"])])
    assert "调解员：" in shown.output and "【结局】" in shown.output
    js = json.loads(runner.invoke(cli, ["roleplay", "transcripts", "--show", str(attempt["id"]), "--json"]).output)
    assert len(js["choices"]) == 11 and js["transcript"][0]["kind"] == "stage"


def test_unfinished_play_is_saved_and_listed(runner):
    result = runner.invoke(cli, ["roleplay", "play", "bnk-001", "--trainee", "吴某"], input="2\n")
    assert result.exit_code != 0 and "演练未完成" in result.output
    data = json.loads(runner.invoke(cli, ["roleplay", "transcripts", "--json", "--case", "bnk-001"]).output)
    assert data["attempts"][0]["finished"] is None and data["attempts"][0]["steps"] == 1


def test_bad_number_is_asked_again_and_no_save(runner):
    result = runner.invoke(cli, ["roleplay", "play", "bnk-001", "--no-save"], input="9\nx\n" + "3\n" * 11)
    assert "请输入 1–3 之间的编号" in result.output
    assert "【结局】" in result.output
    assert json.loads(runner.invoke(cli, ["roleplay", "transcripts", "--json"]).output)["attempts"] == []


def test_errors_are_one_line(runner):
    assert runner.invoke(cli, ["roleplay", "play", "zzz-999"]).exit_code == 2
    result = runner.invoke(cli, ["roleplay", "transcripts", "--show", "999"])
    assert result.exit_code == 2 and "999" in result.output


def test_lint_command(runner):
    result = runner.invoke(cli, ["roleplay", "lint"])
    assert result.exit_code == 0, result.output
