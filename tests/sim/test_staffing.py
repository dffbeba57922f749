import pytest

from tiaojie.core.errors import TiaojieError
from tiaojie.sim.staffing import search_staff


def test_search_finds_minimal_staffing(small):
    res = search_staff(small, target=0.9, replications=4, workers=2)
    for pool, ans in res["answer"].items():
        n = ans["full_time"]
        assert ans["compliance"]["ci"][0] >= 0.9
        below = [p for p in res["curve"][pool] if p["full_time"] == n - 1]
        bound = next(b for b in res["erlang"] if b["pool"] == pool)["lower_bound"]
        if below:
            assert below[0]["ci"][0] < 0.9          # one fewer fails the target
        else:
            assert n - 1 < bound                    # one fewer is unstable (Erlang lower bound)
    assert all(res["below_answer_fails"].values())
    assert res["curve"] and res["evaluations"] >= 1


def test_part_time_search(small):
    sc = small.with_staff([p.full_time + 2 for p in small.staff.pools], [0] * len(small.staff.pools))
    res = search_staff(sc, target=0.9, replications=4, workers=2, vary="part_time")
    assert res["vary"] == "part_time"
    for pool, ans in res["answer"].items():
        assert ans["full_time"] == next(p.full_time for p in sc.staff.pools if p.name == pool)
        assert ans["compliance"]["ci"][0] >= 0.9
        assert ans["fte"] >= ans["full_time"]
    assert all(res["below_answer_fails"].values())
    assert all("part_time" in p for pts in res["curve"].values() for p in pts)


def test_part_time_search_refuses_when_full_timers_cannot_carry_long_cases(small):
    sc = small.with_staff([0] * len(small.staff.pools))
    with pytest.raises(TiaojieError, match="专职"):
        search_staff(sc, target=0.9, replications=2, workers=1, vary="part_time")


def test_loose_segment_target_keeps_the_answer_and_a_binding_one_raises_it(small):
    """Direction and size (docs/explanation/simulation.md §4, back-of-envelope): a segment target the base
    answer already meets changes nothing; one it misses raises the pool to exactly where that
    segment's lower 95% bound reaches its target, and the answer names the segment as binding."""
    from tiaojie.sim.planning import with_segment_targets

    base = search_staff(small, target=0.9, replications=4, workers=2)
    loose = search_staff(with_segment_targets(small, ["track=small_claims:0.5"]), target=0.9,
                         replications=4, workers=2)
    assert {k: v["full_time"] for k, v in loose["answer"].items()} == \
           {k: v["full_time"] for k, v in base["answer"].items()}, (base["curve"], loose["curve"])
    tight = search_staff(with_segment_targets(small, ["track=small_claims:0.96"]), target=0.9,
                         replications=4, workers=2)
    pool = "banking_insurance"
    a, b = tight["answer"][pool], tight["binding"][pool]
    assert a["full_time"] > base["answer"][pool]["full_time"]
    seg = next(s for s in a["segments"] if s["key"] == "track=small_claims")
    assert seg["ci"][0] >= 0.96
    assert b["key"] == "track=small_claims" and b["reason"] == "fails_with_one_fewer"
    assert b["below"]["ci"][0] < 0.96


def test_absence_scales_the_answer_as_the_back_of_envelope_says(small):
    """Productive share s: the pool needs about (answer + part-time FTE) / s − part-time FTE
    full-timers (the same productive capacity from fewer productive hours each)."""
    from tiaojie.sim.planning import with_productive_share

    base = search_staff(small, target=0.9, replications=4, workers=2)
    less = search_staff(with_productive_share(small, 0.8), target=0.9, replications=4, workers=2)
    assert less["productive_share"] == 0.8
    for L in base["loads"]:
        n0, n1 = base["answer"][L["pool"]]["full_time"], less["answer"][L["pool"]]["full_time"]
        predicted = (n0 + L["part_time_fte"]) / 0.8 - L["part_time_fte"]
        assert n1 >= n0
        assert abs(n1 - predicted) <= max(1.0, 0.15 * predicted), (L["pool"], n0, n1, predicted)
    big = next(L["pool"] for L in base["loads"] if L["load_fte"] == max(x["load_fte"] for x in base["loads"]))
    assert less["answer"][big]["full_time"] > base["answer"][big]["full_time"]


def test_surge_staff_search_adds_temporary_staff_for_the_window(small):
    """Permanent staff fixed; temporary full-timers on duty only in the window raise compliance."""
    from tiaojie.sim.model import run_replication

    base = search_staff(small, target=0.9, replications=4, workers=2)
    perm = [a["full_time"] - (1 if a["full_time"] > 3 else 0) for a in base["answer"].values()]
    sc = small.with_staff(perm)
    none = run_replication(sc, 0)
    res = search_staff(sc, target=0.9, replications=4, workers=2, vary="surge", surge_window=(20, 110))
    assert res["vary"] == "surge" and res["surge_window"] == {"start_day": 20, "days": 110}
    for name, a in res["answer"].items():
        assert a["full_time"] == next(p.full_time for p in sc.staff.pools if p.name == name)
        assert a["compliance"]["ci"][0] >= 0.9
    temp = [a["surge_full_time"] for a in res["answer"].values()]
    assert sum(temp) >= 1                       # one permanent full-timer fewer needs cover
    with_temp = run_replication(sc.with_surge_staff(temp, 20, 110), 0)
    assert with_temp.compliance >= none.compliance
    assert with_temp.cost > none.cost or sum(temp) == 0
    with pytest.raises(TiaojieError, match="冲击期"):
        search_staff(sc, target=0.9, replications=2, workers=1, vary="surge")


def test_binding_in_words_names_the_rule(small):
    from tiaojie.sim.targets import describe_binding

    res = search_staff(small, target=0.9, replications=4, workers=2)
    for name, b in res["binding"].items():
        text = describe_binding(b, name)
        assert "95% 置信区间" in text and f"{b['count']} 人" in text
