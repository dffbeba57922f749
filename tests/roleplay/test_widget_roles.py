"""The widget says whom the trainee plays, labels the meters for that role, and colours endings
by kind (an institution-staff script from the bank, and the mediator script bnk-001)."""

from __future__ import annotations

from tiaojie.casebank.loader import load_bank
from tiaojie.roleplay.practice import Practice
from tiaojie.roleplay.script import load_script
from tiaojie.roleplay.session import script_path
from tiaojie.roleplay.store import Store
from tiaojie.roleplay.widget import RoleplayWidget


def _widget(tmp_path, case_id):
    case = load_bank().cases[case_id]
    practice = Practice.begin(load_script(script_path(case.roleplay)), case, Store(tmp_path / "tj.sqlite"), "学员某")
    return RoleplayWidget(practice)


def _institution_case_id():
    cases = load_bank().cases
    for cid, case in cases.items():
        if case.roleplay and load_script(script_path(case.roleplay)).trainee_role.value == "institution":
            return cid
    raise AssertionError("the bank has no institution-staff script")


def test_institution_script_header_and_meters(tmp_path):
    w = _widget(tmp_path, _institution_case_id())
    assert "你扮演：" in w.header.value and "指定人员" in w.header.value
    labels = {bar.description for bar in w.bars.values()}
    assert "对机构的信任" in labels and "对调解员的信任" not in labels
    before = len(w.practice.state.transcript)
    w.pick(w.practice.choices()[0].id)
    said = [e for e in w.practice.state.transcript[before:] if e.kind == "choice"]
    assert said and said[0].speaker == w.practice.play.trainee != "mediator"


def test_mediator_script_header_and_a_failure_ending_not_green(tmp_path):
    w = _widget(tmp_path, "bnk-001")
    assert "你扮演：</b>调解员" in w.header.value
    while not w.practice.over:                       # the careless path: always the last choice offered
        w.pick(w.practice.choices()[-1].id)
    end = w.practice.play.script.nodes[w.practice.state.node].ending
    assert end.type.value.startswith("escalation")
    assert "tj-ending-failure" in w.chat.value and "tj-ending-success" not in w.chat.value
    assert "tj-outcome-failure" in w.debrief.value and "得分怎么算" in w.debrief.value
