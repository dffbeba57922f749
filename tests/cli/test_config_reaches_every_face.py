"""One changed court period reaches every face: CLI, case brief, trainer notes, dialogue, calculator."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from tiaojie.core.settings import Settings, use_settings

TIAOJIE = [sys.executable, "-m", "tiaojie.cli"]


@pytest.fixture
def ten_days(config_data, make_config):
    """委托调解（简易程序）10 days instead of 7."""
    config_data["court"]["court_entrusted"]["simple"]["days"] = 10
    path, _ = make_config(config_data, "ten-days.yaml")
    return path


def run(*args, data_dir, stdin=None):
    env = dict(os.environ, TIAOJIE_DATA=str(data_dir))
    proc = subprocess.run([*TIAOJIE, *args], capture_output=True, text=True, timeout=120, env=env, input=stdin)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_cli_case_brief_trainer_notes_and_dialogue_follow_the_configuration(ten_days, tmp_path):
    due = json.loads(run("--config", str(ten_days), "rules", "deadline", "--origin", "委托",
                         "--court-procedure", "简易", "--start", "2026-05-18", "--json", data_dir=tmp_path))
    assert (due["days"], due["due_date"]) == (10, "2026-05-28")

    brief = run("--config", str(ten_days), "cases", "show", "lf-001", "--trainer", data_dir=tmp_path)
    assert "委托调解期限10日" in brief                      # procedural notes (trainee view too)
    assert "在2026年5月28日期限届满前" in brief              # mediation plan (trainer)
    assert "期限10日，经双方同意可以延长" in brief           # the mediator's confidential brief
    assert "只有10日" in brief and "{rule:" not in brief     # debrief question

    dialogue = run("--config", str(ten_days), "roleplay", "play", "bnk-011", "--no-save",
                   data_dir=tmp_path, stdin="1\n" * 40)
    assert "期限是10日，从中心4月20日签收材料起算，到2026年4月30日届满" in dialogue
    assert "7日" not in dialogue

    default = run("cases", "show", "lf-001", "--trainer", data_dir=tmp_path)
    assert "委托调解期限7日" in default and "在2026年5月25日期限届满前" in default


def test_calculator_follows_the_configuration(ten_days):
    from tiaojie.apps.deadline_calculator import deadline_tab

    with use_settings(Settings.load(config_file=ten_days)):
        tab = deadline_tab()
        origin, _hint, _track, proc, start, _ext, _exc, _note, button, out = tab.children
        origin.value, proc.value, start.value = "court_entrusted", "simple", dt.date(2026, 5, 18)
        button.click()
    assert "2026-05-28" in out.value and "10日（自然日）" in out.value


def test_simulation_due_dates_follow_the_configuration(ten_days):
    from tiaojie.rules import load_config
    from tiaojie.sim.due_dates import DayTables, configured_periods

    cfg = load_config(ten_days)
    days, basis = configured_periods(cfg)["court.court_entrusted.simple"]
    assert days == 10
    start = dt.date(2026, 5, 18)
    tables = DayTables(start, 60, cfg)
    assert start + dt.timedelta(days=int(tables.due_at(days, basis, [0])[0])) == dt.date(2026, 5, 28)
