"""nbgrader configuration for the course: one file in the course root (``nbgrader_config.py``,
read by the nbgrader command line and the formgrader) and the same settings as a traitlets
``Config`` for in-process use.

The feedback preprocessors are set in the file too, so feedback generated from the
formgrader hides tests exactly as ``tiaojie course feedback`` does.
"""

from __future__ import annotations

from traitlets.config import Config

from .paths import COURSE_ID, Course

CODE_STUB = ""
TEXT_STUB = "（请在此处作答：双击本格进入编辑，写完后按 Shift+Enter。）"
CELL_TIMEOUT = 30
FEEDBACK_PREPROCESSORS = [
    "nbgrader.preprocessors.GetGrades",
    "tiaojie.grading.feedback.ScrubHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


def settings(course: Course) -> dict[str, dict]:
    return {
        "CourseDirectory": {"root": str(course.root), "course_id": COURSE_ID, "db_url": course.url},
        "ClearSolutions": {"code_stub": {"python": CODE_STUB}, "text_stub": TEXT_STUB},
        "Execute": {"timeout": CELL_TIMEOUT},
        "GenerateFeedback": {"preprocessors": FEEDBACK_PREPROCESSORS},
        # trainees' notebooks are untrusted: strip scripts and unsafe HTML from their cells
        "HTMLExporter": {"sanitize_html": True},
        "Exchange": {"root": str(course.root / "exchange")},
    }


def config(course: Course) -> Config:
    cfg = Config()
    for section, values in settings(course).items():
        for key, value in values.items():
            setattr(cfg[section], key, value)
    return cfg


def write_config_file(course: Course) -> None:
    lines = ["# Written by `tiaojie course build`; edits are overwritten.", "c = get_config()  # noqa"]
    for section, values in settings(course).items():
        for key, value in values.items():
            lines.append(f"c.{section}.{key} = {value!r}")
    (course.root / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


def enable_wal(course: Course) -> None:
    """Write-ahead logging for a SQLite gradebook, so grading workers do not wait on each other.

    In SQLite's default journal mode a reader (nbgrader keeps a session open while it
    preprocesses a notebook) blocks every writer: workers grading in parallel would run one
    after the other. WAL is a property of the file; it stays on.
    """
    import sqlite3

    if course.db_url is None and course.gradebook_path.exists():
        db = sqlite3.connect(course.gradebook_path, timeout=60)
        try:
            db.execute("PRAGMA journal_mode=WAL")
        finally:
            db.close()


def _alembic_head() -> str:
    """The gradebook schema version, read in-process.

    nbgrader runs the ``alembic`` executable from ``PATH`` to learn it when it creates a
    gradebook, which fails when the environment's ``bin`` is not on ``PATH`` (a venv used
    without activation) and costs a process start otherwise.
    """
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import ALEMBIC_DIR

    return ScriptDirectory(ALEMBIC_DIR).get_current_head()


def api(course: Course, extra: Config | None = None):
    """An ``NbGraderAPI`` on the course (imports nbgrader: ~2–4 s the first time)."""
    import nbgrader.api
    from nbgrader.apps import NbGraderAPI

    nbgrader.api.get_alembic_version = _alembic_head
    from nbgrader.coursedir import CourseDirectory

    cfg = config(course)
    if extra is not None:
        cfg.merge(extra)
    coursedir = CourseDirectory(config=cfg)
    return NbGraderAPI(coursedir=coursedir, config=cfg)
