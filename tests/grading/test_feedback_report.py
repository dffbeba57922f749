"""Feedback never shows hidden tests or right answers; the report and certificate read the batch."""

from __future__ import annotations

import csv
import re

import pytest

import grading_helpers as helpers
from conftest import ASSIGNMENT


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
    assert report["trainees"]["t-half"]["procedure"]["percent"] == pytest.approx(100 * 5 / 12, abs=0.1)
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
    assert row["passed"] and row["score"] == 12.0
    assert not rec["completed"]   # the other assessments were not taken
    assert rec["verification"] == verification_code(rec)
    tampered = dict(rec, trainee="t-half")
    assert verification_code(tampered) != rec["verification"]
    pdf = write_pdf(rec, tmp_path / "证明.pdf")
    text = "".join(PdfReader(pdf).pages[0].extract_text().replace("\x00", "").split())
    assert "结业证明" in text and "新任调解员" in text and "调解期限与工作日计算" in text
    assert rec["verification"].replace("-", "") in text.replace("-", "")
