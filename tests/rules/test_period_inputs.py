"""One rule decides which of a case's attributes govern its mediation period."""

import pytest

from tiaojie.rules import (CourtProcedure, Origin, Track, applicable_period, compute_deadline,
                           period_inputs)


@pytest.mark.parametrize("origin, uses_track, uses_proc", [
    ("自收", True, False), ("投诉转办", True, False), ("委派", False, False),
    ("委托", False, True), ("邀请", False, True)])
def test_each_origin_uses_its_own_inputs(origin, uses_track, uses_proc):
    inputs = period_inputs(origin, track="普通", court_procedure="简易")
    assert (inputs.uses_track, inputs.uses_court_procedure) == (uses_track, uses_proc)
    assert inputs.track is (Track.ordinary if uses_track else None)
    assert inputs.court_procedure is (CourtProcedure.simple if uses_proc else None)
    assert set(inputs.ignored) == ({"track"} if not uses_track else set()) | (
        {"court_procedure"} if not uses_proc else set())


def test_raw_attributes_give_the_same_period_as_the_applicable_ones():
    for origin in Origin:
        raw = dict(track="疑难复杂", court_procedure="普通")
        inputs = period_inputs(origin, **raw)
        assert applicable_period(origin, **raw).period == applicable_period(origin, **inputs.applicable).period
        d = compute_deadline(origin, "2026-03-02", **inputs.applicable)
        assert d.ignored == []   # nothing left to ignore once the rules chose
        assert d.days == compute_deadline(origin, "2026-03-02", **raw).days


def test_missing_attributes_are_not_invented():
    inputs = period_inputs("自收")
    assert inputs.track is None and inputs.ignored == ()
