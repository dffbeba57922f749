"""Engine unit tests on a small script bound to the real bnk-001 case."""

from __future__ import annotations

import pytest

from tiaojie.roleplay import engine, scoring
from tiaojie.roleplay.script import Script
from tiaojie.roleplay.session import Play


@pytest.fixture
def play(tiny, case):
    return Play.for_case(Script.model_validate(tiny), case)


def test_start_enters_first_node_with_names_and_mediator_facts(play):
    s = play.start()
    assert s.node == "d1"
    assert s.meter("consumer", "emotion") == 50 and s.meter("institution", "trust") == 50
    assert "personalised_plan_rule" in s.revealed          # the mediator's own brief
    lines = [e for e in s.transcript if e.kind == "line"]
    assert lines[0].name == "刘某琴" and lines[0].text == "刘某琴说第1句话。"


def test_choose_applies_effects_reveals_and_flags_without_mutating(play):
    s0 = play.start()
    s1 = play.choose(s0, "good")
    assert s0.node == "d1" and s0.meter("consumer", "emotion") == 50     # old state untouched
    assert s1.node == "d2" and s1.meter("consumer", "emotion") == 45 and s1.meter("consumer", "trust") == 60
    s3 = play.choose(play.choose(s1, "good"), "good")
    assert "hospital_record" in s3.revealed and "asked" in s3.flags
    reveal = [e for e in s3.transcript if e.kind == "reveal"]
    assert reveal and "住院病历" in reveal[0].text


def test_meters_are_clamped(play):
    s = play.start()
    for _ in range(3):
        s = play.choose(s, "bad")
    assert s.meter("consumer", "emotion") == 95
    s = play.choose(s, "bad")                               # 95 + 15 clamps at 100 → interrupt
    assert s.meter("consumer", "emotion") == 100
    assert s.steps[-1].deltas == (("consumer", "emotion", 5),)


def test_interrupt_ends_the_session(play):
    s = play.replay(["bad"] * 4)
    assert play.is_over(s) and s.node == "complain"
    assert engine.ending(play.script, s).type.value == "escalation_complaint"
    assert play.available(s) == []


def test_routing_depends_on_state(play):
    calm = play.replay(["good"] * 8)
    assert calm.node == "settle"
    upset = play.replay(["bad", "bad", "bad", "good", "good", "good", "good", "good"])
    assert upset.meter("consumer", "emotion") == 70 and upset.node == "stuck"


def test_unavailable_choice_raises(play):
    with pytest.raises(engine.EngineError):
        play.choose(play.start(), "nope")


def test_conditions_block_choices(tiny, case):
    tiny["nodes"]["d4"]["choices"][0]["when"] = {"flags": ["asked"]}
    p = Play.for_case(Script.model_validate(tiny), case)
    s = p.replay(["good", "good", "bad"])                   # 'asked' not set at d3
    assert [c.id for c in p.available(s)] == ["bad"]
    s = p.replay(["good", "good", "good"])
    assert [c.id for c in p.available(s)] == ["good", "bad"]


def test_replay_is_deterministic(play):
    path = ["good", "bad", "good", "good", "bad", "good", "good", "good"]
    a, b = play.replay(path), play.replay(path)
    assert a == b and a.transcript == b.transcript


def test_scores_model_path_and_debrief(play):
    best = play.replay(["good"] * 8)
    sc = scoring.scores(play.script, best)
    assert sc["listening"]["score"] == 100 and scoring.overall(sc) == 100
    worst = play.replay(["bad"] * 4)
    assert scoring.scores(play.script, worst)["listening"]["score"] == 0
    ids, end = scoring.model_path(play)
    assert ids == ("good",) * 8 and end == "settle"
    d = scoring.debrief(play, worst)
    assert d["ending"]["type"] == "escalation_complaint" and d["followed_model"] is False
    assert d["steps"][0]["better"]["choice"] == "good" and d["steps"][0]["feedback"] == "打断当事人。"
    assert len(d["model_path"]) == 8 and d["model_ending"]["type"] == "settlement"


def test_variant_names_flow_into_dialogue(tiny, case):
    p = Play.for_case(Script.model_validate(tiny), case, {"consumer": "杨某梅"})
    s = p.replay(["bad"] * 4)
    assert any(e.text == "杨某梅说第1句话。" for e in s.transcript)
    assert "杨某梅去投诉了。" in [e.text for e in s.transcript]


def test_placeholders_and_folding():
    assert engine.render("{consumer.surname}女士， 您好 {x}", {"consumer": "刘某琴"}) == "刘女士，您好{x}"


def test_an_institution_script_has_the_trainee_speak_as_the_institution(tiny, case):
    """trainee_role: institution — the trainee's words are the institution's, it knows the
    institution's confidential facts (not the mediator's), and the labels say so."""
    play = Play.for_case(Script.model_validate(dict(tiny, trainee_role="institution")), case)
    assert play.trainee == "institution"
    s = play.start()
    assert "bank_authority" in s.revealed and "personalised_plan_rule" not in s.revealed
    s = play.choose(s, "good")
    said = [e for e in s.transcript if e.kind == "choice"]
    assert said[0].speaker == "institution" and said[0].name == case.parties[1].name
    assert play.trainee_label == f"{case.parties[1].name}指定人员"
    assert play.meter_labels()["trust"] == "对机构的信任"
    d = scoring.debrief(play, play.replay(["good"] * 8))
    assert d["trainee_role"] == "institution" and d["trainee_label"] == play.trainee_label


def test_a_mediator_script_is_the_default(play):
    assert play.script.trainee_role.value == "mediator" and play.trainee == "mediator"
    assert play.trainee_label == "调解员" and play.meter_labels()["trust"] == "对调解员的信任"


def test_a_competency_never_exercised_shows_not_exercised(tiny, case):
    """A third, untagged choice: taking it every time neither shows nor breaks listening, so the
    debrief says 未涉及 (not the 33 the formula would give) and counts the missed chances."""
    for i in range(1, 9):
        node = tiny["nodes"][f"d{i}"]
        node["choices"].append({"id": "neutral", "label": f"中性做法{i}", "feedback": "没有倾听也没有打断。",
                                "next": node["choices"][1]["next"] if i == 8 else node["choices"][0]["next"]})
    play = Play.for_case(Script.model_validate(tiny), case)
    state = play.replay(["neutral"] * 8)
    sc = scoring.scores(play.script, state)["listening"]
    assert sc["score"] is None and sc["shown"] == sc["broken"] == 0 and sc["missed"] == 8
    assert scoring.score_text(sc["score"]) == "未涉及"
    assert scoring.overall(scoring.scores(play.script, state)) == 33   # the overall still counts the missed chances
    mixed = scoring.scores(play.script, play.replay(["neutral"] * 7 + ["good"]))["listening"]
    assert mixed["score"] is not None and mixed["shown"] == 2 and mixed["missed"] == 7


def test_debrief_tells_success_from_failure_and_explains_soundness(play):
    good = scoring.debrief(play, play.replay(["good"] * 8))
    assert good["ending"]["kind"] == "success" and good["ending"]["soundness"] == "confirmable"
    assert "司法确认" in good["ending"]["soundness_explained"] and good["ending"]["soundness_note"]
    bad = scoring.debrief(play, play.replay(["bad"] * 4))
    assert bad["ending"]["kind"] == "failure" and "soundness" not in bad["ending"]
    from tiaojie.roleplay.widget import debrief_html, entry_html

    assert 'tj-ending-failure' in entry_html({"kind": "ending", "stage": "escalation_complaint", "text": "x"})
    assert 'tj-ending-success' in entry_html({"kind": "ending", "stage": "settlement", "text": "x"})
    assert 'tj-ending-neutral' in entry_html({"kind": "ending", "stage": "referral", "text": "x"})
    html = debrief_html(bad)
    assert "tj-outcome-failure" in html and "纠纷升级" in html and "得分怎么算" in html
    assert "结果是否稳妥" in debrief_html(good)
