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
