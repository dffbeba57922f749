"""`tiaojie rules …` run as a real subprocess, as a user would."""

import json
import subprocess
import sys

import pytest
import yaml

TIAOJIE = [sys.executable, "-m", "tiaojie.cli"]


def run(*args, check=True):
    proc = subprocess.run([*TIAOJIE, *args], capture_output=True, text=True, timeout=60)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_help_is_bilingual():
    out = run("--help").stdout
    assert "调解" in out and "Training and simulation suite" in out
    assert "期限" in run("rules", "deadline", "--help").stdout


def test_deadline_json_court_entrusted():
    data = json.loads(run("rules", "deadline", "--origin", "委托", "--court-procedure", "简易",
                          "--start", "2026-09-28", "--json").stdout)
    assert data["due_date"] == "2026-10-08" and data["days"] == 7
    assert data["basis"] == "calendar" and "第二十七条" in data["source"]


def test_deadline_human_output_self_received():
    out = run("rules", "deadline", "--origin", "自收", "--track", "普通", "--start", "2026-03-02").stdout
    assert "2026-04-01" in out and "假设值" in out and "推理" in out


def test_option_that_does_not_apply_is_reported_as_ignored():
    proc = run("rules", "deadline", "--origin", "委派", "--track", "普通", "--start", "2026-03-02", "--json")
    assert json.loads(proc.stdout)["ignored"]
    assert "忽略" in proc.stderr


@pytest.mark.parametrize("args, field", [
    (["--origin", "委托", "--start", "2026-09-28"], "court_procedure"),
    (["--origin", "自收", "--track", "普通", "--start", "2026-13-01"], "start"),
    (["--origin", "自收", "--track", "极速", "--start", "2026-03-01"], "track"),
])
def test_bad_input_exits_non_zero_with_one_line_naming_the_field(args, field):
    proc = run("rules", "deadline", *args, check=False)
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and field in lines[0]


def test_config_option_changes_the_answer(tmp_path, config_data):
    config_data["court"]["court_entrusted"]["simple"]["days"] = 10
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump(config_data, allow_unicode=True), encoding="utf-8")
    data = json.loads(run("rules", "deadline", "--origin", "委托", "--court-procedure", "简易",
                          "--start", "2026-03-02", "--json", "--config", str(path)).stdout)
    assert data["days"] == 10 and data["due_date"] == "2026-03-12"


def test_broken_config_is_one_line_naming_file_and_field(tmp_path, config_data):
    del config_data["tracks"]["simple"]
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(config_data, allow_unicode=True), encoding="utf-8")
    proc = run("rules", "deadline", "--origin", "自收", "--track", "简易", "--start", "2026-03-02",
               "--config", str(path), check=False)
    assert proc.returncode != 0 and "broken.yaml" in proc.stderr and "tracks.simple" in proc.stderr


def test_track_and_recusal_explain_their_decisions():
    t = json.loads(run("rules", "track", "--amount", "3000", "--sector", "银行", "--opted-in", "--json").stdout)
    assert t["track"] == "small_claims" and t["reasons"]
    r = json.loads(run("rules", "recusal", "--relation", "近亲属", "--json").stdout)
    assert r["required"] and r["waivable"]
    out = run("rules", "recusal", "--relation", "任职", "--consent").stdout
    assert "应当回避 recusal required: 是" in out


def test_small_claims_and_confirmation_commands():
    s = json.loads(run("rules", "small-claims", "--amount", "3000", "--sector", "证券", "--opted-in",
                       "--accepted-on", "2026-09-28", "--json").stdout)
    assert s["eligible"] and s["proposal_due"]["due_date"] == "2026-10-13"
    c = json.loads(run("rules", "confirmation", "--agreement-effective", "2026-09-15", "--json").stdout)
    assert c["application"]["due_date"] == "2026-10-15"
    assert "假设值" in run("rules", "config").stdout
