"""One graded batch (normal + hostile submissions), read by every test here.

Kept in one file so that xdist's ``--dist loadfile`` grades the batch once.
Normal trainees are scored right; every hostile kind gets its outcome; feedback never shows
hidden tests or right answers; the report and the certificate read the batch.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

import nbformat
import pytest

import grading_helpers as helpers
from hostile.corpus import KINDS
from grading_helpers import ASSIGNMENT, NORMAL

FULL = 21.0   # a03-procedure: ten autograded items (2+2+1+2+2+3 deadlines, 2+2+2+3 tracks)


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
            if b"sleep 307" in cmd:   # the hostile trainee's children (other tests may be grading now)
                leftovers.append(cmd)
    assert leftovers == []


def test_limits_are_reported_in_the_autograded_notebook(course, graded):
    out = _outputs(course, "h-enormous-output")
    assert "输出过大，已截断" in out and len(out) < 300_000
    assert "MemoryError" in _outputs(course, "h-memory-hog")


@pytest.fixture(scope="module")
def pages(course, graded):
    from tiaojie.grading.feedback import generate

    return generate(ASSIGNMENT, course)


def test_feedback_for_every_autograded_trainee(pages, graded):
    ran = {t for t, r in graded["result"]["students"].items()
           if r["status"] == "graded" or "答题单元含有代码（只允许填写一个值）：q1" in r["reasons"]}
    assert ran - {"h-kill-kernel"} <= set(pages)
    assert {"t-full", "t-half", "t-blank"} <= set(pages)


def test_feedback_hides_tests_answers_and_remote_scripts(course, pages):
    right = helpers.solutions(course, ASSIGNMENT, "t-half")
    text = pages["t-half"].read_text(encoding="utf-8")
    for marker in ("HIDDEN TESTS", "_规范", "_变体答案", "BEGIN SOLUTION"):
        assert marker not in text
    for q in ("q4", "q5", "q6"):   # answered wrong: the right value must not appear
        assert right[q] not in text, q
    assert "答案不正确" in text
    assert not re.search(r'<script[^>]+src="https?://', text)
    assert "我的笔记" in text and '<script>alert' not in text and "onerror" not in text   # sanitised


def test_scrubber_rewrites_tracebacks_that_quote_hidden_tests():
    from nbformat.notebooknode import NotebookNode
    from nbformat.v4 import new_code_cell

    from tiaojie.grading.feedback import ScrubHiddenTests

    cell = new_code_cell("检查格式(答案_q1, 'date')\n### BEGIN HIDDEN TESTS\nassert x == '2026-10-08'\n"
                         "### END HIDDEN TESTS", metadata={"nbgrader": {"grade": True, "grade_id": "q1_test",
                                                                         "points": 1, "locked": True}})
    cell.outputs = [NotebookNode(output_type="error", ename="AssertionError", evalue="",
                                 traceback=["----> 3 assert x == '2026-10-08'", "AssertionError: "])]
    out, _ = ScrubHiddenTests().preprocess_cell(cell, {}, 0)
    assert "2026-10-08" not in str(out)
    assert out.outputs[0].traceback == ["答案不正确（本题得 0 分）"]


def test_report_has_competency_table_cohort_stats_charts_and_files(course, graded):
    from tiaojie.grading.report import build_report

    report = build_report(course)
    assert report["trainees"]["t-full"]["procedure"]["percent"] == 100.0
    assert report["trainees"]["t-half"]["procedure"]["percent"] == pytest.approx(100 * 5 / 21, abs=0.1)
    assert report["cohort"]["procedure"]["label"] == "程序规范"
    with open(report["files"]["assignments"], encoding="utf-8") as fh:
        rows = {r["trainee"]: r for r in csv.DictReader(fh)}
    assert rows["h-delete-tests"]["status"] == "rejected" and "测试单元被删除" in rows["h-delete-tests"]["reasons"]
    html = open(report["files"]["html"], encoding="utf-8").read()
    assert "学员 × 能力 得分率" in html and "未通过审查" in html and "data:image/png;base64," in html
    assert "http://" not in html and "https://" not in html
    assert len(report["files"]["charts"]) == 2


def test_certificate_pdf_in_chinese_with_verification_code(course, graded, tmp_path):
    from pypdf import PdfReader

    from tiaojie.grading.certificate import record, verification_code, write_pdf

    rec = record("t-full", "新任调解员", course)
    row = next(r for r in rec["assessments"] if r["assignment"] == ASSIGNMENT)
    assert row["passed"] and row["score"] == FULL
    assert not rec["completed"]   # the other assessments were not taken
    assert rec["verification"] == verification_code(rec)
    tampered = dict(rec, trainee="t-half")
    assert verification_code(tampered) != rec["verification"]
    pdf = write_pdf(rec, tmp_path / "证明.pdf")
    text = "".join(PdfReader(pdf).pages[0].extract_text().replace("\x00", "").split())
    assert "结业证明" in text and "新任调解员" in text and "程序分流与调解期限计算" in text
    assert rec["verification"].replace("-", "") in text.replace("-", "")


def test_outcomes_reach_the_trainee_record_and_progress(graded):
    from tiaojie.course.loader import load_course
    from tiaojie.course.progress import trainee_progress
    from tiaojie.records import Records

    records = Records()
    mine = {r.assessment: r for r in records.assessments("t-full")}
    assert mine[ASSIGNMENT].passed and mine[ASSIGNMENT].score == FULL
    assert not {r.assessment: r for r in records.assessments("t-half")}[ASSIGNMENT].passed
    assert not {r.assessment: r for r in records.assessments("h-delete-tests")}[ASSIGNMENT].passed
    path = next(p for p in trainee_progress(load_course(), records, "t-full")["paths"] if p["id"] == "new-mediator")
    assert path["assessments"][ASSIGNMENT] is True


def test_trainer_dashboard_shows_cohort_competencies_and_drills_down(graded):
    from tiaojie.apps.trainer_dashboard import build_app
    from tiaojie.records import Records

    records = Records()
    attempt = records.roleplay.start_attempt("t-full", "bnk-001", "bnk-001")
    records.roleplay.add_step(attempt, "start", None, [{"kind": "line", "name": "刘某琴", "text": "我住院了两个月。"}])
    app = build_app()
    cohort, competencies, _, pick, messages, detail, attempts, transcript = app.children
    assert "tj-messages" in messages._dom_classes and not messages.value     # nothing went wrong
    assert "tj-cohort" in cohort.value and "新任调解员" in cohort.value and "t-half" in cohort.value
    assert "程序规范" in competencies.value and "100%" in competencies.value
    pick.value = "h-delete-tests"
    assert "未通过审查" in detail.value and "测试单元被删除" in detail.value
    pick.value = "t-full"
    assert "bnk-001" in detail.value and attempts.value == attempt
    assert "我住院了两个月。" in transcript.value
