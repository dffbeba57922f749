"""The records: one database with the role-play store; progress survives a fresh process."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tiaojie.course.loader import load_course
from tiaojie.course.progress import trainee_progress
from tiaojie.records import Records
from tiaojie.roleplay.store import Store

def _env(data_dir):
    return dict(os.environ, TIAOJIE_DATA=str(data_dir))   # a fresh process: nothing shared but the disk


def _run(code: str, data_dir) -> str:
    out = subprocess.run([sys.executable, "-c", code], env=_env(data_dir), capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_progress_survives_a_restart(tmp_path):
    course = load_course()
    path = course.path("规划人员")
    writes = [f"r.module_opened('学员乙', '{m}')" for m in path.modules]
    writes += [f"r.assessment('学员乙', '{a}', 8, 10, True, 'test')" for a in path.completion.assessments]
    _run("from tiaojie.records import Records\nr = Records()\n" + "\n".join(writes), tmp_path)
    out = _run("from tiaojie.cli.main import main\nimport sys\nsys.argv=['tiaojie','progress','学员乙','--json']\n"
               "main()", tmp_path)
    view = json.loads(out)
    planner = next(p for p in view["paths"] if p["id"] == path.id)
    assert planner["complete"] is True and planner["percent"] == 100
    newcomer = next(p for p in view["paths"] if p["id"] == "new-mediator")
    assert newcomer["complete"] is False


def test_roleplay_attempts_join_the_records(tmp_path):
    db = tmp_path / "roleplay.sqlite3"
    store = Store(db)
    a = store.start_attempt("学员丙", "bnk-001", "bnk-001")
    store.finish(a, "end", "agreement", 55, {"law": 1})
    b = store.start_attempt("学员丙", "bnk-001", "bnk-001")
    store.finish(b, "end", "agreement", 85, {"law": 2})
    records = Records(db)
    records.module_opened("学员丙", "01-framework")
    assert records.trainees() == ["学员丙"]
    view = trainee_progress(load_course(), records, "学员丙")
    trainer = next(p for p in view["paths"] if p["id"] == "trainer")
    rp = next(r for r in trainer["roleplays"] if r["script"] == "bnk-001")
    assert rp["best"] == 85 and rp["met"] is True
    assert trainer["opened"] == ["01-framework"]


def test_abandoned_attempts_and_failed_assessments_do_not_count(tmp_path):
    records = Records(tmp_path / "r.sqlite3")
    aid = records.roleplay.start_attempt("丁某", "bnk-011", "bnk-011")
    records.roleplay.abandon(aid)
    records.assessment("丁某", "a07-confirmation", 3, 10, False)
    view = trainee_progress(load_course(), records, "丁某")
    newcomer = next(p for p in view["paths"] if p["id"] == "new-mediator")
    assert next(r for r in newcomer["roleplays"] if r["script"] == "bnk-011")["best"] is None
    assert newcomer["assessments"]["a07-confirmation"] is False


def test_selfcheck_latest_answer_counts_and_cohort_view(tmp_path):
    records = Records(tmp_path / "r.sqlite3")
    records.selfcheck("甲某", "03-intake", "assigned", "2026-05-19", False)
    records.selfcheck("甲某", "03-intake", "assigned", "2026-05-20", True)
    records.selfcheck("乙某", "03-intake", "assigned", "2026-05-19", False)
    view = trainee_progress(load_course(), records, "甲某")
    assert view["selfchecks"] == {"03-intake": {"answered": 1, "correct": 1}}
    from tiaojie.course.progress import cohort_progress

    cohort = cohort_progress(load_course(), records)
    assert set(cohort["trainees"]) == {"甲某", "乙某"}
    assert all(v["percent"] == 0 for v in cohort["trainees"]["乙某"].values())


def test_progress_command_text_for_trainee_and_cohort(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tiaojie.cli.main import cli

    monkeypatch.setenv("TIAOJIE_DATA", str(tmp_path))
    records = Records()
    records.module_opened("甲某", "01-framework")
    records.selfcheck("甲某", "01-framework", "lead", "国家金融监督管理总局", True)
    records.module_opened("乙某", "03-intake")
    one = CliRunner().invoke(cli, ["progress", "甲某"])
    assert one.exit_code == 0, one.output
    assert "【新任调解员】" in one.output and "已打开 1/12" in one.output
    assert "01-framework: 答对 1/1" in one.output
    everyone = CliRunner().invoke(cli, ["progress"])
    assert everyone.exit_code == 0 and "甲某" in everyone.output and "乙某" in everyone.output
    assert "共 2 名学员" in everyone.output
    cohort = json.loads(CliRunner().invoke(cli, ["progress", "--json"]).output)
    assert set(cohort["trainees"]) == {"甲某", "乙某"}
