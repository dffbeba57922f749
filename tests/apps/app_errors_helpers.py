"""Checks shared by the app error tests: read the message area, find the crash report."""

from __future__ import annotations

import html
import re
from pathlib import Path

CJK = re.compile(r"[\u4e00-\u9fff]")


def shown_error(area) -> str:
    """The one error line shown in ``area`` (asserting there is exactly one, accessible, no traceback)."""
    value = area.value
    assert value.count('class="tj-error"') == 1 and value.count('role="alert"') == 1, value
    text = html.unescape(re.sub(r"<[^>]+>", "", value))
    assert "\n" not in text.strip() and "Traceback" not in text and 'File "' not in text, text
    assert CJK.search(text), text
    return text


def crash_reports(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "crash-reports").glob("*.txt"))


def assert_bug_reported(area, data_dir: Path, kind: str = "RuntimeError", detail: str = "boom") -> None:
    """A bug shows one line naming the report, which holds the full traceback."""
    text = shown_error(area)
    reports = crash_reports(data_dir)
    assert len(reports) == 1, reports
    assert text.startswith("内部错误") and kind in text and str(reports[0]) in text, text
    full = reports[0].read_text(encoding="utf-8")
    assert "Traceback" in full and detail in full


def boom(*_args, **_kwargs):
    raise RuntimeError("boom")
