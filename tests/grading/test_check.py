"""The trainee's format check and answer normalisation (no kernel needed)."""

from __future__ import annotations

import pytest

from tiaojie.grading.check import 检查格式, 规范


@pytest.mark.parametrize("value,kind,canonical", [
    ("2026-10-09", "date", "2026-10-09"), ("2026年10月9日", "date", "2026-10-09"),
    ("2026/10/9", "date", "2026-10-09"), (" b ", "choice", "B"), ("（C）", "choice", "C"),
    ("5,000元", "number", "5000"), (30, "number", "30"), ("0.5万元", "number", "5000"),
    ("是", "yesno", "是"), ("不需要", "yesno", "否"), (True, "yesno", "是"),
])
def test_well_formed_answers_are_normalised(value, kind, canonical):
    assert 规范(value, kind) == canonical


@pytest.mark.parametrize("value,kind", [
    ("2026-02-30", "date"), ("明天", "date"), ("AB", "choice"), ("五千", "number"), ("也许", "yesno"),
    (None, "date"),
])
def test_malformed_answers_are_none(value, kind):
    assert 规范(value, kind) is None


def test_format_check_does_not_reveal_correctness(capsys):
    检查格式("2026-10-08", "date")
    first = capsys.readouterr().out
    检查格式("2026-10-09", "date")
    second = capsys.readouterr().out
    assert first.replace("08", "09") == second and "格式正确" in first
    with pytest.raises(AssertionError, match="尚未作答"):
        检查格式("", "choice")
    with pytest.raises(AssertionError, match="格式不对"):
        检查格式("2026-13-01", "date")
