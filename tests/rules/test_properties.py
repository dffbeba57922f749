"""Invariants of the deadline rules, checked over many generated inputs (hypothesis)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tiaojie.rules import (Basis, CourtProcedure, Origin, Track, WorkdayCalendar, compute_deadline,
                           load_config)

CFG = load_config()
CAL = WorkdayCalendar(CFG)
starts = st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2026, 6, 30))


@st.composite
def cases(draw):
    origin = draw(st.sampled_from(list(Origin)))
    kw = {}
    if origin.needs_court_procedure:
        kw["court_procedure"] = draw(st.sampled_from(list(CourtProcedure)))
    elif not origin.is_court:
        kw["track"] = draw(st.sampled_from(list(Track)))
    return origin, kw


@settings(max_examples=300, deadline=None)
@given(cases(), starts)
def test_deadline_never_falls_on_a_rest_day(case, start):
    origin, kw = case
    d = compute_deadline(origin, start, config=CFG, **kw)
    assert CAL.is_working_day(d.due_date)
    assert d.due_date > start
    assert not d.warnings  # inside the calendar's coverage


@settings(max_examples=300, deadline=None)
@given(cases(), starts, st.integers(min_value=1, max_value=60))
def test_a_later_start_never_gives_an_earlier_deadline(case, start, shift):
    origin, kw = case
    early = compute_deadline(origin, start, config=CFG, **kw)
    late = compute_deadline(origin, start + dt.timedelta(days=shift), config=CFG, **kw)
    assert late.due_date >= early.due_date


@settings(max_examples=200, deadline=None)
@given(cases(), starts, st.integers(min_value=0, max_value=10))
def test_excluded_days_never_shorten_the_period(case, start, extra):
    origin, kw = case
    base = compute_deadline(origin, start, config=CFG, **kw)
    more = compute_deadline(origin, start, excluded_days=extra, config=CFG, **kw)
    assert more.due_date >= base.due_date


@settings(max_examples=200, deadline=None)
@given(starts, st.integers(min_value=1, max_value=40))
def test_working_day_period_counts_exactly_n_working_days(start, n):
    due = CAL.add_working_days(start, n)
    assert CAL.working_days_between(start, due) == n
    assert CAL.is_working_day(due)


@settings(max_examples=200, deadline=None)
@given(cases(), starts)
def test_calendar_basis_due_is_first_working_day_on_or_after_nominal(case, start):
    origin, kw = case
    d = compute_deadline(origin, start, config=CFG, **kw)
    if d.basis is Basis.calendar:
        assert d.nominal_end == start + dt.timedelta(days=d.total_days)
        day = d.nominal_end
        while day < d.due_date:
            assert CAL.is_rest_day(day)
            day += dt.timedelta(days=1)
