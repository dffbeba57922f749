"""``tiaojie course feedback A``: HTML feedback per trainee, without hidden tests or answers.

nbgrader's feedback shows hidden tests: in the cell source and again in the traceback of a
failed test (upstream issues #917, #1363). :class:`ScrubHiddenTests` runs in
``GenerateFeedback.preprocessors`` after ``GetGrades`` (configured in the course's
``nbgrader_config.py``, so the formgrader's feedback button uses it too): it removes hidden-test
regions from every cell and rewrites the error output of grade cells to ``ename: evalue`` —
an ``AssertionError`` from a hidden test becomes "答案不正确" — so no test code, expected value
or source line reaches the page. :func:`generate` then checks every page for leak markers and
fails loudly if one slipped through.
"""

from __future__ import annotations

import re
from pathlib import Path

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests

from ..core.errors import TiaojieError
from .paths import Course

WRONG = "答案不正确（本题得 0 分）"
REMOTE_SCRIPT = re.compile(r'<script[^>]*\ssrc="https?://[^"]*"[^>]*>\s*</script>', re.I)
LEAK_MARKERS = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "_规范(", "_变体答案(", "### BEGIN SOLUTION")


class FeedbackLeak(TiaojieError):
    def __init__(self, path: Path, marker: str):
        self.field, self.message = "feedback", f"{path}: 反馈中出现了隐藏内容（{marker}），已停止"
        super().__init__(self.message)


SAFE_TAGS = {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "code", "pre", "blockquote",
             "table", "thead", "tbody", "tr", "th", "td", "h1", "h2", "h3", "h4", "h5", "h6", "span", "hr"}
ACTIVE_OUTPUTS = ("application/javascript", "text/html", "image/svg+xml", "text/markdown")


def clean_html(text: str) -> str:
    """Trainees' markdown and HTML with every tag or attribute that could run script removed."""
    import bleach

    return bleach.clean(text, tags=SAFE_TAGS, attributes={}, strip=True)


class ScrubHiddenTests(ClearHiddenTests):
    """ClearHiddenTests for feedback: also rewrite tracebacks that would quote hidden tests, and
    neutralise HTML a trainee wrote (markdown cells, rich outputs) — the page is untrusted."""

    enforce_metadata = False

    def preprocess_cell(self, cell, resources, cell_index):
        had_hidden = cell.cell_type == "code" and self.begin_test_delimeter in cell.source
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.cell_type == "markdown":
            cell.source = clean_html(cell.source)
            cell.pop("attachments", None)
        if cell.cell_type == "code":
            grade = had_hidden or cell.metadata.get("nbgrader", {}).get("grade")
            cell.outputs = [self._passive(self._scrub(out) if grade else out) for out in cell.get("outputs", [])]
        return cell, resources

    @staticmethod
    def _passive(out: NotebookNode) -> NotebookNode:
        data = out.get("data")
        if data:
            for mime in ACTIVE_OUTPUTS:
                if mime in data:
                    text = data.pop(mime)
                    data.setdefault("text/plain", clean_html(text if isinstance(text, str) else "".join(text)))
        return out

    @staticmethod
    def _scrub(out: NotebookNode) -> NotebookNode:
        if out.get("output_type") != "error":
            return out
        ename, evalue = out.get("ename", "Error"), str(out.get("evalue", ""))
        if ename == "AssertionError" and not evalue.strip():
            text = WRONG
        else:
            text = f"{ename}: {evalue}"
        return NotebookNode(output_type="error", ename=ename, evalue=evalue if evalue.strip() else WRONG,
                            traceback=[text])


def feedback_path(course: Course, assignment: str, trainee: str) -> Path:
    return course.feedback / trainee / assignment / f"{assignment}.html"


def generate(assignment: str, course: Course | None = None) -> dict[str, Path]:
    """Generate feedback for every autograded trainee of ``assignment``; {trainee: html}."""
    from .nbconfig import api

    course = course or Course.default()
    result = api(course).generate_feedback(assignment, force=True)
    if not result["success"]:
        errors = [ln for ln in (result.get("log") or "").splitlines() if "ERROR" in ln]
        raise TiaojieError(f"feedback: {'; '.join(errors[:3]) or result.get('error', '')}")
    pages = {}
    for trainee_dir in sorted(course.feedback.glob(f"*/{assignment}")):
        page = trainee_dir / f"{assignment}.html"
        if not page.is_file():
            continue
        text = REMOTE_SCRIPT.sub("", page.read_text(encoding="utf-8"))   # offline: no CDN MathJax
        page.write_text(text, encoding="utf-8")
        for marker in LEAK_MARKERS:
            if marker in text:
                page.unlink()
                raise FeedbackLeak(page, marker)
        pages[trainee_dir.parent.name] = page
    return pages
