"""What a planner changes (tiaojie.sim.planning)."""

import pytest

from tiaojie.core.errors import TiaojieError
from tiaojie.sim import planning as PL
from tiaojie.sim.scenario import load_scenario
from tiaojie.sim.staffing import search_staff


def test_scaled_scenario_changes_only_what_the_planner_set():
    sc = load_scenario("surge")
    s2 = PL.scaled(sc, 2.0, 0.3, [30, 7], [1, 2], 0.8)
    for k, ch in sc.arrivals.channels.items():
        assert s2.arrivals.channels[k].per_week == pytest.approx(2 * ch.per_week)
    assert s2.arrivals.surges[0].cases == 2 * sc.arrivals.surges[0].cases
    assert s2.case_mix.institution_opted_in == 0.3
    assert [p.full_time for p in s2.staff.pools] == [30, 7] and [p.part_time for p in s2.staff.pools] == [1, 2]
    assert s2.staff.productive_share == 0.8 and s2.staff.absence.assumption


def test_segment_target_parsing_and_errors():
    t = PL.parse_segment_target("origin=委托:0.9")
    assert t.origin.value == "court_entrusted" and t.target == 0.9
    assert PL.parse_segment_target("track=complex:0.85").track.value == "complex"
    for bad, field in (("origin:0.9", "segment-target"), ("kind=x:0.9", "segment-target"),
                       ("origin=火星:0.9", "origin")):
        with pytest.raises(TiaojieError) as e:
            PL.parse_segment_target(bad)
        assert field in str(e.value)
    with pytest.raises(TiaojieError, match="没有名为"):
        PL.with_segment_targets(load_scenario("city"), ["pool=nowhere:0.9"])
    with pytest.raises(TiaojieError, match="productive_share"):
        PL.with_productive_share(load_scenario("city"), 1.5)


def test_erlang_table_follows_demand_and_absence():
    sc = load_scenario("provincial")
    pilot = PL.pilot_load(sc)
    one = PL.erlang_table(sc, 1.0, 0.95, pilot)
    two = PL.erlang_table(sc, 2.0, 0.95, pilot)
    assert all(b["load_fte"] == pytest.approx(2 * a["load_fte"]) for a, b in zip(one, two))
    assert all(b["erlang_estimate"] > a["erlang_estimate"] for a, b in zip(one, two))
    less = PL.with_productive_share(sc, 0.8)
    low = PL.erlang_table(less, 1.0, 0.95, PL.pilot_load(less))
    assert all(b["load_fte"] == pytest.approx(a["load_fte"] / 0.8) for a, b in zip(one, low))


def test_slider_ranges_cover_the_search_answer_at_the_extremes(small):
    """The app's staff sliders reach beyond the answer at the largest demand and smallest
    productive share it offers."""
    pilot = PL.pilot_load(small)
    limits = PL.staff_slider_max(small, pilot)
    worst = PL.scaled(small, PL.DEMAND_MAX, productive_share=PL.SHARE_MIN)
    res = search_staff(worst, target=0.8, replications=4, workers=2)
    for (fmax, _), a in zip(limits, res["answer"].values()):
        assert a["full_time"] <= fmax


def test_segment_target_within_one_pool():
    t = PL.parse_segment_target("pool=banking_insurance,track=complex:0.9")
    assert t.pool == "banking_insurance" and t.track.value == "complex"
    sc = PL.with_segment_targets(load_scenario("provincial"), ["pool=banking_insurance,track=complex:0.9"])
    from tiaojie.sim.targets import criteria
    crit = criteria(sc, 0.95)
    assert [c["key"] for c in crit[0]] == ["all", "track=complex"] and [c["key"] for c in crit[1]] == ["all"]
