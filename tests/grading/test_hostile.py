"""The graded batch: normal trainees are scored right; every hostile kind gets its outcome."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import nbformat
import pytest

from hostile.corpus import KINDS
from conftest import ASSIGNMENT, NORMAL

FULL = 12.0   # a02: 2 + 2 + 1 + 2 + 2 + 3 points, all autograded


def students(graded):
    return graded["result"]["students"]


def test_every_submission_has_an_outcome_of_the_documented_shape(graded):
    result = graded["result"]
    assert result["assignment"] == ASSIGNMENT
    expected = set(NORMAL) | {f"h-{k.name.replace('_', '-')}" for k in KINDS}
    assert set(result["students"]) == expected
    assert len(KINDS) >= 12
    for trainee, r in result["students"].items():
        assert set(r) == {"auto_score", "auto_max", "needs_manual", "status", "reasons"}, trainee
        assert r["status"] in ("graded", "rejected", "error")
        assert r["auto_max"] == FULL


def test_normal_trainees_are_scored_by_their_answers(graded):
    s = students(graded)
    assert (s["t-full"]["status"], s["t-full"]["auto_score"]) == ("graded", FULL)
    assert (s["t-half"]["status"], s["t-half"]["auto_score"]) == ("graded", 5.0)   # q1–q3 right
    assert (s["t-blank"]["status"], s["t-blank"]["auto_score"]) == ("graded", 0.0)
    assert all(not s[t]["reasons"] for t in NORMAL)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_hostile_kind_gets_its_outcome_and_reason(graded, kind):
    r = students(graded)[f"h-{kind.name.replace('_', '-')}"]
    assert r["status"] == kind.status, r
    for fragment in kind.reasons:
        assert any(fragment in reason for reason in r["reasons"]), (fragment, r["reasons"])


def test_deleted_or_altered_tests_never_get_full_marks(graded):
    s = students(graded)
    for name in ("delete_tests", "change_cell_type", "edit_locked", "patch_traceback", "patch_assert"):
        assert s[f"h-{name.replace('_', '-')}"]["auto_score"] < FULL, name
    # an old notebook format with right answers is converted and graded in full
    assert s["h-old-nbformat"]["auto_score"] == FULL


def _gradebook_scores(course):
    from nbgrader.api import Gradebook

    with Gradebook(course.url, "tiaojie") as gb:
        return {t: gb.find_submission(ASSIGNMENT, t).score for t in NORMAL}


def test_gradebook_intact_and_holds_the_same_scores(course, graded):
    db = sqlite3.connect(course.gradebook_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()
    assert _gradebook_scores(course) == {"t-full": FULL, "t-half": 5.0, "t-blank": 0.0}
    assert oct(course.root.stat().st_mode & 0o777) == "0o700"


def _outputs(course, trainee) -> str:
    path = course.autograded / trainee / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = nbformat.read(path, as_version=4)
    return "\n".join(str(o) for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.parametrize("trainee", ["h-read-others", "h-read-source", "h-write-gradebook"])
def test_kernel_cannot_touch_solutions_grades_or_others(course, graded, trainee):
    out = _outputs(course, trainee)
    assert "PermissionError" in out
    assert "BEGIN SOLUTION" not in out and "学员编号 = \\\"t-full\\\"" not in out


def test_children_are_killed_and_no_sandbox_process_survives(graded):
    leftovers = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if b"sleep 307" in cmd or b"tiaojie.grading.sandbox_launch" in cmd:
                leftovers.append(cmd)
    assert leftovers == []


def test_limits_are_reported_in_the_autograded_notebook(course, graded):
    out = _outputs(course, "h-enormous-output")
    assert "输出过大，已截断" in out and len(out) < 300_000
    assert "MemoryError" in _outputs(course, "h-memory-hog")
