"""The role-play dialogue takes its periods and dates from the rules in force, not from typed text."""

from __future__ import annotations

from tiaojie.casebank import api
from tiaojie.core.settings import Settings, use_settings
from tiaojie.roleplay.lint import prose_problems
from tiaojie.roleplay.script import load_script
from tiaojie.casebank.loader import script_path
from tiaojie.roleplay.session import Play, load_play


def opening_text(play: Play) -> str:
    state = play.start()
    first = play.available(state)[0]
    state = play.choose(state, first.id)
    return play.label(play.script.briefing) + play.label(first.label) + "".join(
        e.text for e in state.transcript)


def test_bnk011_dialogue_under_the_default_configuration():
    text = opening_text(load_play("bnk-011", api.load(checks=False).cases))
    assert "{rule:" not in text
    assert "期限为7日，至2026年4月27日届满" in text and "期限是7日" in text


def test_bnk011_dialogue_follows_other_court_periods(config_data, make_config):
    config_data["court"]["court_entrusted"]["simple"]["days"] = 10
    path, _ = make_config(config_data)
    with use_settings(Settings.load(config_file=path)):
        text = opening_text(load_play("bnk-011", api.load(checks=False).cases))
    assert "期限为10日，至2026年4月30日届满" in text and "期限是10日" in text
    assert "7日" not in text


def test_script_with_a_contradicting_period_is_a_lint_problem():
    cases = api.load(checks=False).cases
    script = load_script(script_path("bnk-011"))
    node = script.nodes[script.start]
    node.choices[0].lines[0].text += "委托调解期限9日。"
    [problem] = prose_problems(script, "bnk-011.yaml", cases["bnk-011"])
    assert problem.field.startswith(f"nodes.{script.start}.choices.0.lines.0")
    assert "{rule:period}" in problem.message and "7日" in problem.message
