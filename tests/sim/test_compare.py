"""Saved planning scenarios side by side, CSV and PNG (tiaojie.sim.compare)."""

import csv
import io

import pytest

from tiaojie.sim import compare as C
from tiaojie.sim import planning as PL


def test_saved_scenarios_compare_and_export(small):
    s1 = PL.run_replications(small, 2)
    calls = []
    s2 = PL.run_replications(small.with_staff([10, 4]), 2, on_progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]
    rows = [C.record("甲", small, {"demand": 1.0}, summary=s1),
            C.record("乙", small.with_staff([10, 4]), {"demand": 1.0}, summary=s2)]
    df = C.table(rows)
    assert list(df["情景名称"]) == ["甲", "乙"] and "决定人数的约束" in df.columns
    back = list(csv.DictReader(io.StringIO(C.to_csv(rows).decode("utf-8-sig"))))
    assert float(back[1]["期限内办结率"]) == pytest.approx(s2["compliance"]["mean"])
    png = C.to_png(rows)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
