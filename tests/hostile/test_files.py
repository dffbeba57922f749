"""Files that are not what they claim: each refused in one line naming the file, nothing lost."""

from __future__ import annotations

import os
import shutil

import pytest
import yaml

from tiaojie.core.settings import CHECKOUT_ROOT, DEFAULT_CONFIG

from hostile_helpers import sane_exit

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
DEEP = "a: " + "[" * 500 + "]" * 500 + "\n"


@pytest.fixture
def config_text():
    return DEFAULT_CONFIG.read_text(encoding="utf-8")


@pytest.mark.parametrize("make, expect", [
    (lambda p: p.write_bytes(b"\xff\xfe\x00bad"), "UTF-8"),
    (lambda p: p.mkdir(), "文件夹"),
    (lambda p: os.symlink("/dev/zero", p), "普通文件"),
    (lambda p: p.write_text(ALIAS_BOMB, encoding="utf-8"), "锚点"),
    (lambda p: p.write_text(DEEP, encoding="utf-8"), "嵌套"),
    (lambda p: p.write_bytes(b"a: " + b"x" * (3 * 1024 * 1024)), "过大"),
])
def test_hostile_configuration_files(tiaojie, tmp_path, make, expect):
    path = tmp_path / "practice.yaml"
    make(path)
    r = tiaojie("--config", str(path), "rules", "config")
    sane_exit(r)
    assert r.code == 2 and expect in r.err and str(path) in r.err


@pytest.mark.parametrize("edit, field", [
    (lambda d: d["court"]["court_entrusted"]["simple"].update(days=True), "days"),
    (lambda d: d["court"]["court_entrusted"]["simple"].update(days=10**12), "days"),
    (lambda d: d["small_claims"]["thresholds"]["banking"].update(amount=float("inf")), "amount"),
    (lambda d: d["calendar"].update(extra_years={2031: {"holidays": ["2030-10-01"], "source": "x"}}), "2030-10-01"),
])
def test_hostile_configuration_values(tiaojie, tmp_path, config_text, edit, field):
    data = yaml.safe_load(config_text)
    edit(data)
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    r = tiaojie("--config", str(path), "rules", "deadline", "--origin", "委托", "--court-procedure", "简易",
                "--start", "2026-03-02")
    sane_exit(r)
    assert r.code == 2 and field in r.err


@pytest.fixture
def bank_copy(tmp_path, monkeypatch):
    root = tmp_path / "bank"
    shutil.copytree(CHECKOUT_ROOT / "casebank", root)
    monkeypatch.setenv("TIAOJIE_CASEBANK", str(root))
    return root


@pytest.mark.parametrize("old, new, field", [
    ("amount_claimed: 3860", "amount_claimed: .inf", "amount_claimed"),
    ("amount_claimed: 3860", "amount_claimed: true", "amount_claimed"),
    ("accepted_on: 2026-03-02", "accepted_on: 1900-03-16", "accepted_on"),
])
def test_hostile_case_values_are_problems_and_others_still_load(tiaojie, bank_copy, old, new, field):
    path = bank_copy / "cases" / "banking" / "bnk-001.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text, "the model case changed: update this test's anchor"
    path.write_text(text.replace(old, new), encoding="utf-8")
    r = tiaojie("cases", "validate", "--json")
    sane_exit(r)
    out = r.json()
    assert r.code == 1
    assert [p["case_id"] for p in out["problems"]] and all(p["file"].endswith("bnk-001.yaml") for p in out["problems"])
    assert any(field in p["field"] for p in out["problems"])
    assert out["valid"] == out["scanned"] - 1           # every other case still loads and validates


def test_alias_bomb_in_a_script_is_refused_fast(tiaojie, bank_copy):
    path = bank_copy / "roleplays" / "bnk-001.yaml"
    path.write_text(ALIAS_BOMB + path.read_text(encoding="utf-8"), encoding="utf-8")
    r = tiaojie("roleplay", "lint", str(path))
    sane_exit(r)
    assert r.code == 1 and "锚点" in r.out


def test_empty_case_folder_is_an_error(tiaojie, tmp_path):
    r = tiaojie("cases", "validate", str(tmp_path))
    sane_exit(r)
    assert r.code == 1 and "没有找到案例文件" in r.out


@pytest.mark.parametrize("old, new, field", [
    ("start_date: 2025-10-27", "start_date: 1900-10-27", "start_date"),
    ("horizon_days: 434", "horizon_days: true", "horizon_days"),
    ("horizon_days: 434", "horizon_days: .nan", "horizon_days"),
])
def test_hostile_scenario_values(tiaojie, tmp_path, old, new, field):
    text = (CHECKOUT_ROOT / "simulations" / "scenarios" / "provincial.yaml").read_text(encoding="utf-8")
    assert old in text, "the preset changed: update this test's anchor"
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    r = tiaojie("simulate", "run", str(path), "--replications", "2", "--json")
    sane_exit(r)
    assert r.code == 2 and field in r.err and str(path) in r.err


@pytest.mark.parametrize("make, expect", [
    (lambda p: p.mkdir(), "文件夹"),
    (lambda p: p.write_bytes(b"\xff\xfe\x00"), "UTF-8"),
    (lambda p: p.write_text(ALIAS_BOMB, encoding="utf-8"), "锚点"),
])
def test_hostile_scenario_files(tiaojie, tmp_path, make, expect):
    path = tmp_path / "s.yaml"
    make(path)
    r = tiaojie("simulate", "run", str(path), "--json")
    sane_exit(r)
    assert r.code == 2 and expect in r.err


def test_nesting_estimate_walks_deep_files_and_skips_placeholder_prose():
    """The structure pre-scan sends flow-nested and deeply indented text through the event walk,
    but not prose full of ``{consumer}`` placeholders (every role-play script has dozens)."""
    from tiaojie.core import safe_yaml

    prose = "lines:\n" + "".join(f"  - say: '{{consumer}}，您好，{{institution}}第{i}次回复'\n" for i in range(200))
    assert not safe_yaml._deep(prose)
    assert safe_yaml._deep("a: " + "[" * 41 + "]" * 41)
    assert safe_yaml._deep("".join("  " * i + f"k{i}:\n" for i in range(45)) + "  " * 45 + "x: 1\n")
    assert safe_yaml._deep("a:\n" + "  " * 25 + "b: " + "{c: " * 20 + "1" + "}" * 20)
