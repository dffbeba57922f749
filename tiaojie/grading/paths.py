"""Where the course lives: the nbgrader course directory under the data directory.

Locations come from the settings in force (``get_settings().data_dir`` and ``.grading_dir``);
nothing here reads the environment or works out the repository layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.settings import get_settings

COURSE_ID = "tiaojie"
GRADEBOOK_NAME = "gradebook.db"


def data_dir() -> Path:
    return get_settings().ensure_data_dir()


def sources_dir() -> Path:
    """``grading/`` in the content root: assignment text sources and question files."""
    return get_settings().grading_dir


@dataclass(frozen=True)
class Course:
    """nbgrader's standard layout under one root."""

    root: Path
    db_url: str | None = None   # None → SQLite gradebook in the root

    @classmethod
    def default(cls, db_url: str | None = None) -> "Course":
        return cls(data_dir() / "course", db_url)

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def gradebook_path(self) -> Path:
        return self.root / GRADEBOOK_NAME

    @property
    def outcomes_path(self) -> Path:
        """Our grading outcomes (status, reasons) for the records layer: SQLite, always local."""
        return self.root / "outcomes.sqlite3"

    @property
    def url(self) -> str:
        # a busy timeout lets a few worker processes share one SQLite gradebook
        return self.db_url or f"sqlite:///{self.gradebook_path}?timeout=60"

    def ensure(self) -> "Course":
        self.root.mkdir(parents=True, exist_ok=True)
        self.root.chmod(0o700)   # trainees' kernels (another uid) must not read solutions or grades
        return self
