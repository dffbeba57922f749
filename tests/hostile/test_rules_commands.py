"""Hostile values for every `tiaojie rules` command: zero tracebacks, hangs or silent wrong answers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_helpers import no_nan, sane_exit

NUMBERS = st.one_of(
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-inf", "1e309", "true", "false", "", " ", "0x10", "1_000", "３０００", "-0"]),
)
DATES = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str),
    st.text(max_size=12),
    st.sampled_from(["9999-12-31", "0001-01-01", "2026-02-30", "2026-13-01", "", "2026/01/01", "today"]),
)
LABELS = st.one_of(st.text(max_size=8), st.sampled_from(["火星险", "委托", "自收", "简易", "", "None", "null"]))
HYP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@HYP
@given(start=DATES, extension=NUMBERS, excluded=NUMBERS)
def test_deadline_with_hostile_dates_and_counts(tiaojie, start, extension, excluded):
    r = tiaojie("rules", "deadline", "--origin", "委托", "--court-procedure", "简易", "--start", start,
                "--extension-days", extension, "--excluded-days", excluded, "--json")
    sane_exit(r)
    if r.code == 0:
        out = r.json()
        no_nan(out)
        assert dt.date.fromisoformat(out["due_date"]) > dt.date.fromisoformat(out["start"])


@HYP
@given(amount=NUMBERS, sector=LABELS, line=LABELS)
def test_track_with_hostile_amounts_and_labels(tiaojie, amount, sector, line):
    r = tiaojie("rules", "track", "--amount", amount, "--sector", sector, "--product-line", line, "--json")
    sane_exit(r)
    if r.code == 0:
        out = r.json()
        no_nan(out)
        assert out["track"] in ("small_claims", "simple", "ordinary", "complex")


@HYP
@given(years=NUMBERS)
def test_recusal_years_never_silently_wrong(tiaojie, years):
    r = tiaojie("rules", "recusal", "--relation", "曾任职", "--years-since-left", years, "--json")
    sane_exit(r)
    if r.code == 0:
        value = float(years)
        assert 0 <= value <= 100
        assert r.json()["required"] == (value < 3)


@HYP
@given(effective=DATES, filed=DATES)
def test_confirmation_dates(tiaojie, effective, filed):
    r = tiaojie("rules", "confirmation", "--agreement-effective", effective, "--filed", filed, "--json")
    sane_exit(r)
    if r.code == 0:
        out = r.json()
        assert out["court_decision"]["start"] >= out["application"]["start"]


@pytest.mark.parametrize("args, field", [
    (["rules", "deadline", "--origin", "委托", "--court-procedure", "简易", "--start", "9999-12-31"], "start"),
    (["rules", "deadline", "--origin", "委托", "--court-procedure", "简易", "--start", "2026-01-05",
      "--excluded-days", "1000000000"], "excluded_days"),
    (["rules", "recusal", "--relation", "曾任职", "--years-since-left", "nan"], "years_since_left"),
    (["rules", "track", "--amount", "inf", "--sector", "银行"], "amount"),
    (["rules", "track", "--amount", "3000", "--sector", "保险", "--product-line", "火星险"], "product_line"),
    (["rules", "confirmation", "--agreement-effective", "2026-01-05", "--filed", ""], "filed"),
    (["rules", "confirmation", "--agreement-effective", "2026-03-02", "--filed", "2026-01-05"], "filed"),
])
def test_known_classes_are_refused_naming_the_field(tiaojie, args, field):
    r = tiaojie(*args)
    assert r.code == 2
    assert field in r.err and "Traceback" not in r.err
