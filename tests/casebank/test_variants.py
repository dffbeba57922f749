"""Variants: deterministic, valid, new names everywhere, same track, deadlines recomputed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tiaojie.roleplay.bank_checks import validate
from tiaojie.casebank.deadlines import case_deadlines
from tiaojie.casebank.loader import load_bank, parse_case_file
from tiaojie.casebank.schema import Case, PartyKind
from tiaojie.casebank.variants import make_variant, split_institution, split_person, variant_yaml
from tiaojie.casebank.yaml_io import to_yaml
from tiaojie.rules import assign_track
from tiaojie.casebank.checks import case_attributes, check_deadlines, check_fiction, check_recusal, check_track
from tiaojie.rules import load_config

CFG = load_config()

from casebank_helpers import MODEL_CASE, write_case

SEEDS = range(12)


@pytest.fixture(scope="module")
def model() -> Case:
    case, _, problems = parse_case_file(MODEL_CASE)
    assert not problems
    return case


def test_same_seed_gives_identical_bytes(model):
    assert variant_yaml(model, 7) == variant_yaml(model, 7)
    assert variant_yaml(model, 7) != variant_yaml(model, 8)


def test_identical_bytes_across_processes_and_hash_seeds(tmp_path):
    outs = []
    for hash_seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        proc = subprocess.run([str(Path(sys.executable).parent / "tiaojie"), "cases", "variant", "bnk-001",
                               "--seed", "42"], capture_output=True, env=env, check=False)
        assert proc.returncode == 0, proc.stderr.decode()
        outs.append(proc.stdout)
    assert outs[0] == outs[1] and outs[0].startswith("# 本案例".encode())


@pytest.mark.parametrize("seed", range(3))
def test_variant_file_validates(model, seed, tmp_path):
    path = tmp_path / "bnk-001.yaml"
    path.write_text(variant_yaml(model, seed), encoding="utf-8")
    result = load_bank([path])
    assert validate(result) == []


@pytest.mark.parametrize("seed", SEEDS)
def test_names_changed_everywhere(model, seed):
    text = variant_yaml(model, seed)
    v = make_variant(model, seed)
    for old in ("刘某琴", "刘某", "青禾", model.parties[0].phone):
        assert old not in text
    person, bank = v.parties[0].name, v.parties[1].name
    assert "某" in person and bank.endswith("银行（虚构）信用卡中心")
    assert person in v.facts_known_to_all and person in v.outcome.summary and person in v.debrief_questions[0]
    assert bank.split("（")[0] in v.facts_known_to_all
    assert v.parties[0].phone.count("*") == 4


@pytest.mark.parametrize("seed", SEEDS)
def test_teaching_points_kept(model, seed):
    v = make_variant(model, seed)
    assert v.track is model.track
    assert assign_track(case_attributes(v)).track is model.track
    assert [lo.model_dump() for lo in v.learning_objectives] == [lo.model_dump() for lo in model.learning_objectives]
    assert (v.sector, v.dispute_type, v.origin, v.difficulty) == (model.sector, model.dispute_type, model.origin, model.difficulty)
    assert f"变体:种子{seed}" in v.tags and v.id == model.id


def test_amounts_are_scaled_consistently(model):
    changed = 0
    for seed in SEEDS:
        v = make_variant(model, seed)
        new = f"{v.amount_claimed:.0f}"
        assert f"共{new}元" in v.facts_known_to_all and f"共{new}元" in v.parties[0].position
        changed += v.amount_claimed != model.amount_claimed
    assert changed >= len(SEEDS) - 1


@pytest.mark.parametrize("seed", SEEDS)
def test_dates_shift_and_deadlines_are_recomputed(model, seed):
    v = make_variant(model, seed)
    old_pp, new_pp = model.procedural_points, v.procedural_points
    assert new_pp.accepted_on != old_pp.accepted_on
    delta = new_pp.accepted_on - old_pp.accepted_on
    # the proposal window starts on acceptance in both: they move together
    assert new_pp.deadlines[0].start - old_pp.deadlines[0].start == delta
    dues = case_deadlines(v)
    assert dues[0][1].start == new_pp.accepted_on
    # recomputed by the rules for the new dates (working days), not shifted
    from tiaojie.rules import proposal_deadline
    assert dues[1][1].due_date == proposal_deadline(new_pp.deadlines[0].start).due_date
    year_shift = new_pp.accepted_on.year - old_pp.accepted_on.year
    assert f"{2025 + year_shift}年8月" in v.facts_known_to_all


@pytest.mark.parametrize("amount,opted_in,track", [
    (4990, True, "small_claims"),    # just under the banking small-claims limit
    (49_990, False, "simple"),       # just under the simple cut-off
    (990_000, False, "ordinary"),    # just under the complex threshold
    (1_000_000, False, "complex"),   # at the complex threshold: scaling down must not leave it
])
def test_track_bounds_respected_near_thresholds(model_data, tmp_path, amount, opted_in, track):
    data = dict(model_data, amount_claimed=amount, track=track)
    data["track_inputs"] = {"institution_opted_in": opted_in}
    if track != "small_claims":
        data["outcome"] = dict(data["outcome"], type="settled", written_proposal=None)
        data["procedural_points"] = dict(data["procedural_points"], deadlines=[])
    path = write_case(tmp_path, data)
    case, _, problems = parse_case_file(path)
    assert not problems
    for seed in range(25):
        v = make_variant(case, seed)
        assert v.track.value == track
        assert assign_track(case_attributes(v)).track.value == track, (seed, v.amount_claimed)


def test_start_that_was_a_due_date_follows_the_new_due_date(model_data, tmp_path):
    from tiaojie.rules import proposal_deadline

    data = dict(model_data)
    proposal_due = proposal_deadline(data["procedural_points"]["accepted_on"]).due_date
    data["procedural_points"]["deadlines"][1]["start"] = proposal_due
    data["mediation_plan"] = data["mediation_plan"] + [f"书面意见最迟于{proposal_due.isoformat()}送达"]
    case, _, problems = parse_case_file(write_case(tmp_path, data))
    assert not problems
    for seed in range(6):
        v = make_variant(case, seed)
        new_due = proposal_deadline(v.procedural_points.deadlines[0].start).due_date
        assert v.procedural_points.deadlines[1].start == new_due
        assert v.mediation_plan[-1] == f"书面意见最迟于{new_due.isoformat()}送达"


def test_to_yaml_round_trips(model, tmp_path):
    path = tmp_path / "bnk-001.yaml"
    path.write_text(to_yaml(model), encoding="utf-8")
    again, _, problems = parse_case_file(path)
    assert not problems and again == model
    keys = [line.split(":")[0] for line in to_yaml(model).splitlines() if line and line[0].isalpha()]
    assert keys == [k for k in Case.model_fields if k in keys]


def test_name_parsing():
    assert split_person("刘某琴") == ("刘", "琴")
    assert split_person("欧阳某") == ("欧阳", "")
    assert split_person("张某某") == ("张", "某")
    assert split_person("某维权工作室") is None
    assert split_institution("青禾银行（虚构）信用卡中心") == ("青禾", "银行", "信用卡中心")
    assert split_institution("安澜财产保险股份有限公司（虚构）") == ("安澜", "财产保险股份有限公司", "")


BANK = load_bank()


@pytest.mark.parametrize("case_id", sorted(BANK.cases))
def test_every_bank_case_has_a_valid_variant(case_id, tmp_path):
    """Every case in the bank (as the writers add them) gives a variant that passes the checks
    a variant can break; its role-play reference is the original's and is linted with the bank."""
    case = BANK.cases[case_id]
    path = tmp_path / f"{case_id}.yaml"
    path.write_text(variant_yaml(case, 1), encoding="utf-8")
    result = load_bank([path])
    assert result.problems == []
    [v] = result.cases.values()
    text = result.texts[case_id]
    problems = [*check_track(v, str(path), CFG), *check_recusal(v, str(path), CFG),
                *check_deadlines(v, str(path), CFG), *check_fiction(v, str(path), text)]
    assert problems == []
    v = make_variant(case, 1)
    assert v.track is case.track
    for p_old, p_new in zip(case.parties, v.parties):
        if p_old.kind is not PartyKind.institution and split_person(p_old.name):
            assert p_old.name not in path.read_text(encoding="utf-8")
