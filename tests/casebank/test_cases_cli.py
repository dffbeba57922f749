"""`tiaojie cases …` through the real CLI (click's runner), with --json."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tiaojie.cli.main import cli

from casebank_helpers import snapshot, write_case


@pytest.fixture
def run():
    runner = CliRunner()

    def _run(*args):
        return runner.invoke(cli, ["cases", *args], catch_exceptions=False)

    return _run


def test_list_json_and_filters(tmp_bank, run):
    res = run("list", "--json")
    assert res.exit_code == 0
    out = json.loads(res.output)
    assert out["count"] == 1 and out["cases"][0]["id"] == "bnk-901"
    assert out["cases"][0]["track_label"] == "小额快速"
    assert json.loads(run("list", "--sector", "保险", "--json").output)["count"] == 0
    assert json.loads(run("list", "--population", "新市民", "--json").output)["count"] == 1


def test_list_table_is_chinese(tmp_bank, run):
    res = run("list")
    assert res.exit_code == 0 and "编号" in res.output and "bnk-901" in res.output and "共 1 个案例" in res.output


def test_list_bad_filter_is_one_line_error(tmp_bank, run):
    res = run("list", "--track", "超快")
    assert res.exit_code == 2 and "track" in res.output and "超快" in res.output


def test_show_trainee_view_hides_confidential(tmp_bank, run, model_data):
    res = run("show", "bnk-901", "--json")
    assert res.exit_code == 0
    view = json.loads(res.output)
    assert view["view"] == "trainee" and "trainer" not in view
    text = res.output
    secret = model_data["confidential"]["institution"]["facts"][1]["text"]
    for hidden in (secret, model_data["trainer_notes"].split("。")[0], model_data["outcome"]["summary"],
                   model_data["parties"][0]["interests"][0], "written_proposal"):
        assert hidden not in text
    assert model_data["parties"][0]["position"] in text
    assert [d["label"] for d in view["procedure"]["deadlines"]][0] == "调解期限"
    assert view["debrief_questions"] == model_data["debrief_questions"]


def test_show_trainer_view_shows_everything(tmp_bank, run, model_data):
    res = run("show", "bnk-901", "--trainer", "--json")
    view = json.loads(res.output)
    secret = model_data["confidential"]["institution"]["facts"][1]["text"]
    assert secret in res.output and view["trainer"]["outcome"]["written_proposal"]
    assert view["trainer"]["trainer_notes"].startswith("引导学员注意")
    text = run("show", "bnk-901", "--trainer").output
    assert "保密信息" in text and "培训师备注" in text and secret in text
    assert "保密信息" not in run("show", "bnk-901").output


def test_show_unknown_id(tmp_bank, run):
    res = run("show", "nop-000")
    assert res.exit_code == 2 and "nop-000" in res.output


def test_stats_json(tmp_bank, run):
    res = run("stats", "--json")
    assert res.exit_code == 0
    out = json.loads(res.output)
    assert out["total"] == 1 and out["by_track"]["small_claims"] == 1 and out["by_sector"]["banking"] == 1
    assert out["roleplays"] == 0 and {f["key"] for f in out["floor"]} >= {"total", "agent_abuse"}
    table = run("stats").output
    assert "覆盖底线" in table and "缺口" in table


def test_variant_prints_writes_and_refuses_to_overwrite(tmp_bank, run, tmp_path):
    printed = run("variant", "bnk-901", "--seed", "9").output
    assert printed.startswith("# 本案例") and "id: bnk-901" in printed and "刘某琴" not in printed
    out = tmp_path / "out" / "bnk-901.yaml"
    assert run("variant", "bnk-901", "--seed", "9", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == printed
    out.write_text("keep me", encoding="utf-8")
    res = run("variant", "bnk-901", "--seed", "9", "--out", str(out))
    assert res.exit_code == 2 and "--force" in res.output and out.read_text(encoding="utf-8") == "keep me"
    assert run("variant", "bnk-901", "--seed", "9", "--out", str(out), "--force").exit_code == 0
    assert out.read_text(encoding="utf-8") == printed
    res = run("validate", str(out), "--json")
    assert res.exit_code == 0 and json.loads(res.output)["problems"] == []


def test_validate_reports_file_case_and_field_and_fails(tmp_bank, run, model_data, tmp_path):
    outside = tmp_path / "elsewhere"
    bad = dict(model_data, id="bnk-905", sector="crypto")
    path = write_case(outside, bad)
    write_case(outside, dict(model_data, id="bnk-906"))
    before = snapshot(outside)
    res = run("validate", str(outside), "--json")
    assert res.exit_code == 1
    out = json.loads(res.output)
    assert out["scanned"] == 2 and out["valid"] == 1
    assert out["problems"][0] == {**out["problems"][0], "file": str(path), "case_id": "bnk-905", "field": "sector"}
    text = run("validate", str(outside)).output
    assert f"{path}: bnk-905: sector:" in text
    assert snapshot(outside) == before
    assert run("validate").exit_code == 0   # the tmp bank itself is fine


def test_show_names_articles_and_trainer_only_situations(tmp_bank, model_data, run):
    write_case(tmp_bank / "cases" / "banking", dict(model_data, id="bnk-902", articles=[18, 3],
                                                    situations=["consultation_only"]))
    trainee = json.loads(run("show", "bnk-902", "--json").output)["meta"]
    trainer = json.loads(run("show", "bnk-902", "--trainer", "--json").output)["meta"]
    assert trainee["涉及《意见》条款"] == "第三条、第十八条" and "疑难情形" not in trainee
    assert trainer["疑难情形"] == "仅为咨询的热线来电"


def test_stats_text_shows_outcomes_and_what_the_floor_misses(tmp_bank, run):
    text = run("stats").output
    assert "按结果：" in text and "未完全达成协议占比" in text and "按疑难情形：" in text
    assert "缺什么" in text and "第二十三条" in text and "还差" in text
    out = json.loads(run("stats", "--json").output)
    assert {"by_outcome", "non_settled_share", "by_situation", "by_article", "roleplays_by_trainee_role"} <= set(out)
