"""Every script in the bank: lint-clean, every reachable ending played by a walker, and
hypothesis random walks that always terminate with scores and meters in bounds."""

from __future__ import annotations

from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiaojie.casebank.loader import load_bank
from tiaojie.roleplay import scoring
from tiaojie.roleplay.lint import guard_only_endings, lint_file
from tiaojie.roleplay.script import Script, load_script
from tiaojie.roleplay.session import Play

from roleplay_fixtures import script_files, tiny_script

FILES = script_files()
IDS = [p.stem for p in FILES]


@lru_cache(maxsize=None)
def _play(path) -> Play:
    cases = load_bank().cases
    if path == "tiny":
        return Play.for_case(Script.model_validate(tiny_script()), cases["bnk-001"])
    script = load_script(path)
    return Play.for_case(script, cases[script.case])


@lru_cache(maxsize=None)
def _explore(path):
    return scoring.explore(_play(path))


def test_there_are_scripts():
    assert FILES, "no scripts under casebank/roleplays"


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_script_is_lint_clean(path):
    problems = lint_file(path, load_bank().cases)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_walker_reaches_every_ending(path):
    play, ex = _play(path), _explore(path)
    guards = guard_only_endings(play.script)   # neutrality guards the search proves idle
    assert set(ex.endings) | guards == set(play.script.ending_nodes), "unreachable endings"
    for ending, choices in ex.endings.items():
        state = play.replay(choices)
        assert play.is_over(state) and state.node == ending
        d = scoring.debrief(play, state)
        assert d["ending"]["node"] == ending and d["model_path"]
        for s in d["scores"].values():
            assert (s["score"] is None) == (s["shown"] == s["broken"] == 0)
            assert s["score"] is None or 0 <= s["score"] <= 100
        end = play.script.nodes[ending].ending
        assert d["ending"]["kind"] == ("success" if end.type.value in ("settlement", "proposal_accepted")
                                       else "failure" if end.type.value.startswith("escalation") else "neutral")
        assert (d["ending"].get("soundness") is not None) == (d["ending"]["kind"] == "success")


@pytest.mark.parametrize("path", FILES, ids=IDS)
def test_good_and_careless_mediators_end_differently(path):
    play, ex = _play(path), _explore(path)
    good = play.replay(ex.best[3])
    careless = play.replay(ex.worst[3])
    g, c = play.script.nodes[good.node].ending, play.script.nodes[careless.node].ending
    assert g.type != c.type
    assert scoring.overall(scoring.scores(play.script, good)) == 100
    assert scoring.overall(scoring.scores(play.script, careless)) < 50
    assert len(ex.best[3]) >= 8


def _random_walk(play: Play, picks: list[int]):
    state = play.start()
    steps = 0
    while not play.is_over(state):
        options = play.available(state)
        assert options, f"dead end at {state.node}"
        state = play.choose(state, options[picks[steps % len(picks)] % len(options)].id)
        steps += 1
        assert steps <= len(play.script.nodes), "a walk did not terminate"
        for vals in state.meter_dict().values():
            assert all(0 <= v <= 100 for v in vals.values())
    return state


@pytest.mark.parametrize("path", ["tiny", *FILES], ids=["tiny", *IDS])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=30))
def test_random_walks_terminate_with_bounded_scores(path, picks):
    play = _play(path)
    state = _random_walk(play, picks)
    sc = scoring.scores(play.script, state)
    assert all(s["score"] is None or 0 <= s["score"] <= 100 for s in sc.values())
    overall = scoring.overall(sc)
    assert overall is None or 0 <= overall <= 100
