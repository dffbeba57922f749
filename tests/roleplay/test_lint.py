"""The linter: a clean script passes; each defect is reported with file, node path and reason."""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from tiaojie.casebank.loader import REPO_ROOT
from tiaojie.cli.main import cli
from tiaojie.roleplay.lint import lint_file


def _lint(write_script, data, case):
    path = write_script(data)
    return path, lint_file(path, {"bnk-001": case})


def _has(problems, path, field, *words):
    return any(p.file == str(path) and p.case_id == "bnk-001" and p.field == field
               and all(w in p.message for w in words) for p in problems)


def test_clean_script_has_no_problems(write_script, tiny, case):
    _, problems = _lint(write_script, tiny, case)
    assert problems == []


def test_unreachable_node(write_script, tiny, case):
    tiny["nodes"]["orphan"] = {"stage": "exploring", "next": "settle"}
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes.orphan", "unreachable node")


def test_unreachable_ending(write_script, tiny, case):
    tiny["nodes"]["d8"]["choices"][0]["next"] = "settle"
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes.stuck", "unreachable ending")


def test_dead_end_when_every_choice_can_be_blocked(write_script, tiny, case):
    for c in tiny["nodes"]["d4"]["choices"]:
        c["when"] = {"flags": ["asked"]}                 # blocked when 'asked' was not set at d3
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes.d4", "dead end")


def test_choice_without_feedback(write_script, tiny, case):
    tiny["nodes"]["d2"]["choices"][1]["feedback"] = "  "
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes.d2.choices.bad.feedback", "without feedback")


def test_unknown_fact_competency_speaker_target_role(write_script, tiny, case):
    d2 = tiny["nodes"]["d2"]
    d2["choices"][0]["reveal"] = ["secret_diary"]
    d2["choices"][0]["competencies"] = ["+telepathy"]
    d2["lines"][0]["speaker"] = "judge"
    d2["choices"][1]["effects"] = {"agent": {"trust": 5}}
    tiny["nodes"]["d3"]["choices"][1]["next"] = "nowhere"
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes.d2.choices.good.reveal", "unknown fact", "secret_diary")
    assert _has(problems, path, "nodes.d2.choices.good.competencies", "unknown competency", "telepathy")
    assert _has(problems, path, "nodes.d2.lines.0.speaker", "unknown speaker", "judge")
    assert _has(problems, path, "nodes.d2.choices.bad.effects", "unknown role")
    assert _has(problems, path, "nodes.d3.choices.bad.next", "unknown node", "nowhere")


def test_flag_never_set_and_bad_interrupt(write_script, tiny, case):
    tiny["nodes"]["d2"]["choices"][1]["when"] = {"flags": ["never"]}
    tiny["interrupts"][0]["goto"] = "d2"
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes.d2.choices.bad.when", "flag never set")
    assert _has(problems, path, "interrupts.0.goto", "must be an ending")


def test_cycle(write_script, tiny, case):
    tiny["nodes"]["d6"]["choices"][1]["next"] = "d2"
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes.d2", "cycle")


def test_too_few_decisions_and_endings(write_script, tiny, case):
    tiny["nodes"]["d1"]["choices"][0]["next"] = "settle"
    tiny["nodes"]["d1"]["choices"][1]["next"] = "settle"
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes", "too few distinct endings")
    assert _has(problems, path, "nodes", "model path too short")
    assert _has(problems, path, "nodes.d2", "unreachable node")


def test_model_and_careless_paths_must_differ(write_script, tiny, case):
    bad = tiny["nodes"]["d1"]["choices"][1]
    bad["next"] = "settle"                      # the careless opening now also "settles"
    bad["competencies"] = ["-listening*3"]
    path, problems = _lint(write_script, tiny, case)
    assert _has(problems, path, "nodes", "same ending type")


def test_schema_errors_and_file_name(write_script, tiny, case):
    tiny["nodes"]["d2"]["choices"][0]["effects"] = {"consumer": {"mood": 5}}
    path, problems = _lint(write_script, tiny, case)
    assert any(p.field.startswith("nodes.d2.choices.0.effects") for p in problems), problems
    good = dict(tiny)
    good["nodes"]["d2"]["choices"][0]["effects"] = {}
    path = write_script(good, name="other-name")
    problems = lint_file(path, {"bnk-001": case})
    assert any(p.field == "id" and "bnk-001.yaml" in p.message for p in problems)


def test_missing_case(write_script, tiny):
    path = write_script(tiny)
    problems = lint_file(path, {})
    assert any(p.field == "case" and "does not exist" in p.message for p in problems)


def _bank_copy(tmp_path):
    root = tmp_path / "bank"
    shutil.copytree(REPO_ROOT / "casebank", root)
    return root


def test_cases_validate_reports_script_problems(tmp_path, tiny, monkeypatch):
    import yaml

    root = _bank_copy(tmp_path)
    tiny["nodes"]["d2"]["choices"][1]["feedback"] = ""
    (root / "roleplays" / "bnk-001.yaml").write_text(yaml.safe_dump(tiny, allow_unicode=True), encoding="utf-8")
    orphan = dict(tiny, id="ins-999", case="ins-999")
    (root / "roleplays" / "ins-999.yaml").write_text(yaml.safe_dump(orphan, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("TIAOJIE_CASEBANK", str(root))
    result = CliRunner().invoke(cli, ["cases", "validate", "--json"])
    assert result.exit_code == 1
    import json

    problems = json.loads(result.output)["problems"]
    assert any(p["field"] == "nodes.d2.choices.bad.feedback" and p["file"].endswith("roleplays/bnk-001.yaml")
               for p in problems)
    assert any(p["file"].endswith("ins-999.yaml") and "does not exist" in p["message"] for p in problems)


def test_cases_validate_clean_bank_passes(tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_CASEBANK", str(_bank_copy(tmp_path)))
    result = CliRunner().invoke(cli, ["cases", "validate"])
    assert result.exit_code == 0, result.output
