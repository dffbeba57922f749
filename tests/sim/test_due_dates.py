"""Day tables against the rules: every configured period, court periods included, counted by
``DayTables.due_at`` exactly as ``tiaojie.rules.count_period`` counts it (property test)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tiaojie.rules import Basis, WorkdayCalendar, count_period, load_config
from tiaojie.sim.due_dates import DayTables, WorkClock, configured_periods

CFG = load_config()
START = dt.date(2025, 10, 27)
HORIZON = 434
TABLES = DayTables(START, HORIZON, CFG)
CAL = WorkdayCalendar(CFG)
PERIODS = configured_periods(CFG)


def test_every_kind_of_period_is_found_by_walking_the_configuration():
    paths = set(PERIODS)
    assert {"tracks.small_claims", "tracks.simple", "tracks.ordinary", "tracks.complex",
            "court.court_assigned", "court.court_entrusted.simple", "court.court_entrusted.ordinary",
            "court.court_invited.simple", "court.court_invited.ordinary", "first_contact"} <= paths
    assert {b for _, b in PERIODS.values()} == {Basis.calendar, Basis.working}


@settings(max_examples=300, deadline=None)
@given(path=st.sampled_from(sorted(PERIODS)), day=st.integers(0, HORIZON - 1))
def test_due_day_equals_the_rules_count(path, day):
    days, basis = PERIODS[path]
    start = START + dt.timedelta(days=day)
    _, due = count_period(CAL, start, days, basis)
    assert int(TABLES.due_at(days, basis, [day])[0]) == (due - START).days


@settings(max_examples=200, deadline=None)
@given(day=st.integers(0, HORIZON - 1), days=st.integers(1, 60), working=st.booleans())
def test_due_table_and_due_at_agree(day, days, working):
    basis = Basis.working if working else Basis.calendar
    assert TABLES.due_days(days, basis)[day] == TABLES.due_at(days, basis, [day])[0]


@settings(max_examples=300, deadline=None)
@given(t=st.floats(0, HORIZON + 200), effort=st.floats(0, 80), hours=st.sampled_from([7.0, 5.6, 0.4]))
def test_work_clock_span_is_start_and_finish(t, effort, hours):
    c = WorkClock(TABLES, hours)
    start, end = c.span(t, effort)
    assert (start, end) == (c.finish(t, 0.0), c.finish(t, effort))
    assert t <= start + 1e-9 and start <= end
    if end < TABLES.n:      # the work done between start and end is the effort
        assert abs(c.work_at(end) - c.work_at(start) - effort) < 1e-6
