"""Targets, the CI rule and the binding constraint (tiaojie.sim.targets), on hand-made values."""

from tiaojie.sim import targets as T
from tiaojie.sim.planning import with_segment_targets
from tiaojie.sim.scenario import load_scenario

CRIT = [{"label": "全部案件", "key": "all", "target": 0.9, "track": None, "origin": None},
        {"label": "疑难复杂", "key": "track=complex", "target": 0.8, "track": "complex", "origin": None}]


def _vals(*pairs):
    return {r: p for r, p in enumerate(pairs)}


def test_verdicts_follow_the_lower_bound_rule():
    good = _vals(*[(0.95 + 0.001 * r, 0.9) for r in range(6)])
    assert T.verdict(T.stats(good, CRIT), full=6) == "pass"
    assert T.verdict(T.stats(dict(list(good.items())[:3]), CRIT), full=6) == "screened"
    low_segment = _vals(*[(0.95, 0.5 + 0.01 * r) for r in range(6)])
    assert T.verdict(T.stats(low_segment, CRIT), full=6) == "fail"          # whole CI below 0.8
    near = _vals((0.95, 0.82), (0.95, 0.70), (0.95, 0.90), (0.95, 0.80))
    assert T.verdict(T.stats(near, CRIT), full=6) == "undecided"
    assert T.verdict(T.stats(near, CRIT), full=4) == "fail"                 # lower end below on the full count
    none_segment = _vals(*[(0.95, None) for _ in range(6)])                # no complex cases: not judged
    assert T.verdict(T.stats(none_segment, CRIT), full=6) == "pass"


def test_binding_names_the_segment_that_failed_with_one_fewer():
    at = T.stats(_vals(*[(0.96, 0.85 + 0.001 * r) for r in range(5)]), CRIT)
    below = T.stats(_vals(*[(0.95, 0.70 + 0.01 * r) for r in range(5)]), CRIT)
    b = T.binding(at, below, False)
    assert b["key"] == "track=complex" and b["reason"] == "fails_with_one_fewer"
    assert b["below"]["ci"][0] < 0.8 <= b["ci"][0]
    text = T.describe_binding({**b, "pool": "p", "count": 7}, "银行保险组")
    assert "“疑难复杂”案件" in text and "7 人" in text and "少 1 人时" in text
    e = T.binding(at, None, True)
    assert e["reason"] == "erlang_lower_bound"
    assert "Erlang" in T.describe_binding({**e, "count": 3}, "组")


def test_criteria_apply_segment_targets_per_pool():
    sc = with_segment_targets(load_scenario("provincial"), ["origin=委托:0.85", "pool=securities:0.97"])
    crit = T.criteria(sc, 0.95)
    assert [c["key"] for c in crit[0]] == ["all", "origin=court_entrusted"]
    assert [c["key"] for c in crit[1]] == ["all", "origin=court_entrusted", "all"]
    assert crit[1][2]["target"] == 0.97
