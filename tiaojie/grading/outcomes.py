"""Grading outcomes as one SQLite table the records layer reads (``<course>/outcomes.sqlite3``).

``outcomes(assignment, trainee, status, auto_score, auto_max, manual_score, manual_max,
needs_manual, reasons JSON, graded_at)`` — one row per trainee and assignment, replaced on
every grading run. nbgrader's gradebook stays the record of cell scores; this table adds what
nbgrader does not know (rejections, limits hit, reasons) and is what reports, certificates and
progress read.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS outcomes (
  assignment TEXT NOT NULL,
  trainee TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('graded', 'rejected', 'error')),
  auto_score REAL NOT NULL,
  auto_max REAL NOT NULL,
  manual_score REAL,
  manual_max REAL NOT NULL DEFAULT 0,
  needs_manual INTEGER NOT NULL,
  reasons TEXT NOT NULL,
  graded_at TEXT NOT NULL,
  PRIMARY KEY (assignment, trainee)
);
"""


PASS_PERCENT = 60.0


@dataclass
class Outcome:
    assignment: str
    trainee: str
    status: str
    auto_score: float
    auto_max: float
    needs_manual: int
    reasons: list[str] = field(default_factory=list)
    manual_score: float | None = None
    manual_max: float = 0.0
    graded_at: str = ""

    @property
    def score(self) -> float:
        return self.auto_score + (self.manual_score or 0.0)

    @property
    def max_score(self) -> float:
        return self.auto_max + self.manual_max

    @property
    def passed(self) -> bool:
        """Graded, nothing left to grade by hand, and at least PASS_PERCENT of all points."""
        return (self.status == "graded" and not self.needs_manual and self.max_score > 0
                and 100 * self.score / self.max_score >= PASS_PERCENT)

    def to_json(self) -> dict:
        return {"auto_score": self.auto_score, "auto_max": self.auto_max,
                "needs_manual": self.needs_manual, "status": self.status, "reasons": self.reasons}


@contextmanager
def _db(path: Path):
    db = sqlite3.connect(path, timeout=30)
    try:
        db.execute("PRAGMA busy_timeout=30000")
        db.executescript(SCHEMA)
        with db:
            yield db
    finally:
        db.close()


def save(path: Path, outcomes: list[Outcome]) -> None:
    now = dt.datetime.now().isoformat(timespec="seconds")
    with _db(path) as db:
        for o in outcomes:
            o.graded_at = o.graded_at or now
            row = asdict(o)
            row["reasons"] = json.dumps(o.reasons, ensure_ascii=False)
            db.execute("INSERT OR REPLACE INTO outcomes (assignment, trainee, status, auto_score, auto_max, "
                       "manual_score, manual_max, needs_manual, reasons, graded_at) VALUES (:assignment, "
                       ":trainee, :status, :auto_score, :auto_max, :manual_score, :manual_max, "
                       ":needs_manual, :reasons, :graded_at)", row)


def feed_records(outcomes: list[Outcome]) -> None:
    """Each outcome joins the trainee's record, so ``tiaojie progress`` shows assessments."""
    from ..records import Records

    records = Records()
    for o in outcomes:
        records.assessment(o.trainee, o.assignment, o.score, o.max_score, o.passed,
                           source=f"tiaojie course grade: {o.status}")


def load(path: Path, assignment: str | None = None, trainee: str | None = None) -> list[Outcome]:
    if not path.exists():
        return []
    sql, args = "SELECT * FROM outcomes WHERE 1=1", []
    if assignment:
        sql, args = sql + " AND assignment = ?", args + [assignment]
    if trainee:
        sql, args = sql + " AND trainee = ?", args + [trainee]
    with _db(path) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute(sql + " ORDER BY assignment, trainee", args).fetchall()
    return [Outcome(**{**dict(r), "reasons": json.loads(r["reasons"])}) for r in rows]


def update_manual(path: Path, assignment: str, trainee: str, score: float | None, maximum: float,
                  needs_manual: int) -> None:
    with _db(path) as db:
        db.execute("UPDATE outcomes SET manual_score = ?, manual_max = ?, needs_manual = ? "
                   "WHERE assignment = ? AND trainee = ?", (score, maximum, needs_manual, assignment, trainee))
