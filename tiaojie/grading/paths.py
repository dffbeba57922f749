"""Where the course lives: the nbgrader course directory under the data directory.

One place resolves the locations so that the rest of the package never looks at the
environment or the repository layout itself. When the core settings layer is present it is
the source of truth (``get_settings().data_dir`` / ``.grading_dir``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COURSE_ID = "tiaojie"
GRADEBOOK_NAME = "gradebook.db"


def data_dir() -> Path:
    try:
        from ..core.settings import get_settings
    except ImportError:   # before the core layer lands
        from ..roleplay.store import data_dir as legacy_data_dir

        return legacy_data_dir()
    return Path(get_settings().data_dir)


def sources_dir() -> Path:
    """``grading/`` in the content root: assignment text sources and question files."""
    try:
        from ..core.settings import get_settings
    except ImportError:
        from ..notebooks import REPO_ROOT

        return REPO_ROOT / "grading"
    return Path(get_settings().grading_dir)


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
