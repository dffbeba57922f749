"""The records database: the role-play store's SQLite file plus three tables of course activity.

Each call opens and closes its own connection in one short transaction (the role-play store's
``_tx``), so kernels, the CLI and the apps can write at once and nothing is lost on restart.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..roleplay.store import Attempt, Store, now_iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS module_visits (
  trainee_id INTEGER NOT NULL REFERENCES trainees(id),
  module TEXT NOT NULL,
  first_opened TEXT NOT NULL,
  last_opened TEXT NOT NULL,
  visits INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (trainee_id, module)
);
CREATE TABLE IF NOT EXISTS selfcheck_results (
  id INTEGER PRIMARY KEY,
  trainee_id INTEGER NOT NULL REFERENCES trainees(id),
  module TEXT NOT NULL,
  question TEXT NOT NULL,
  answer TEXT NOT NULL,
  correct INTEGER NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS selfcheck_trainee ON selfcheck_results(trainee_id, module);
CREATE TABLE IF NOT EXISTS assessment_results (
  id INTEGER PRIMARY KEY,
  trainee_id INTEGER NOT NULL REFERENCES trainees(id),
  assessment TEXT NOT NULL,
  score REAL NOT NULL,
  max_score REAL NOT NULL,
  passed INTEGER NOT NULL,
  source TEXT NOT NULL DEFAULT '',
  at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS assessment_trainee ON assessment_results(trainee_id, assessment);
"""


@dataclass(frozen=True)
class ModuleVisit:
    trainee: str
    module: str
    first_opened: str
    last_opened: str
    visits: int


@dataclass(frozen=True)
class SelfCheckResult:
    trainee: str
    module: str
    question: str
    answer: str
    correct: bool
    at: str


@dataclass(frozen=True)
class AssessmentResult:
    trainee: str
    assessment: str
    score: float
    max_score: float
    passed: bool
    source: str
    at: str


class Records:
    """A trainee's activity. ``path`` defaults to the role-play store's database file."""

    def __init__(self, path: "str | Path | None" = None):
        self.roleplay = Store(path)
        self.path = self.roleplay.path
        with self.roleplay.transaction() as db:
            for statement in filter(str.strip, SCHEMA.split(";")):
                db.execute(statement)

    def _tid(self, trainee: str) -> int:
        return self.roleplay.trainee_id(trainee)

    def trainees(self) -> list[str]:
        return self.roleplay.trainees()

    # module visits -------------------------------------------------------------------------
    def module_opened(self, trainee: str, module: str) -> None:
        tid, now = self._tid(trainee), now_iso()
        with self.roleplay.transaction(immediate=True) as db:
            db.execute("INSERT INTO module_visits(trainee_id, module, first_opened, last_opened) "
                       "VALUES (?,?,?,?) ON CONFLICT(trainee_id, module) DO UPDATE SET "
                       "last_opened = excluded.last_opened, visits = visits + 1", (tid, module, now, now))

    def visits(self, trainee: "str | None" = None) -> list[ModuleVisit]:
        sql = ("SELECT t.name, v.module, v.first_opened, v.last_opened, v.visits FROM module_visits v "
               "JOIN trainees t ON t.id = v.trainee_id")
        return [ModuleVisit(*r) for r in self._rows(sql, trainee, "v.module")]

    # self-checks ---------------------------------------------------------------------------
    def selfcheck(self, trainee: str, module: str, question: str, answer, correct: bool) -> None:
        tid = self._tid(trainee)
        text = answer if isinstance(answer, str) else json.dumps(answer, ensure_ascii=False, default=str)
        with self.roleplay.transaction(immediate=True) as db:
            db.execute("INSERT INTO selfcheck_results(trainee_id, module, question, answer, correct, at) "
                       "VALUES (?,?,?,?,?,?)", (tid, module, question, text, int(bool(correct)), now_iso()))

    def selfchecks(self, trainee: "str | None" = None) -> list[SelfCheckResult]:
        sql = ("SELECT t.name, s.module, s.question, s.answer, s.correct, s.at FROM selfcheck_results s "
               "JOIN trainees t ON t.id = s.trainee_id")
        return [SelfCheckResult(r[0], r[1], r[2], r[3], bool(r[4]), r[5])
                for r in self._rows(sql, trainee, "s.id")]

    # assessments (fed by the grading layer) --------------------------------------------------
    def assessment(self, trainee: str, assessment: str, score: float, max_score: float,
                   passed: bool, source: str = "") -> None:
        tid = self._tid(trainee)
        with self.roleplay.transaction(immediate=True) as db:
            db.execute("INSERT INTO assessment_results(trainee_id, assessment, score, max_score, passed, "
                       "source, at) VALUES (?,?,?,?,?,?,?)",
                       (tid, assessment, float(score), float(max_score), int(bool(passed)), source, now_iso()))

    def assessments(self, trainee: "str | None" = None) -> list[AssessmentResult]:
        sql = ("SELECT t.name, a.assessment, a.score, a.max_score, a.passed, a.source, a.at "
               "FROM assessment_results a JOIN trainees t ON t.id = a.trainee_id")
        return [AssessmentResult(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6])
                for r in self._rows(sql, trainee, "a.id")]

    # role-play attempts (the role-play store's own table) --------------------------------------
    def attempts(self, trainee: "str | None" = None) -> list[Attempt]:
        return self.roleplay.attempts(trainee)

    def _rows(self, sql: str, trainee: "str | None", order: str) -> list[tuple]:
        args: list = []
        if trainee:
            sql += " WHERE t.name = ?"
            args.append(trainee.strip())
        with self.roleplay.transaction() as db:
            return [tuple(r) for r in db.execute(sql + f" ORDER BY t.name, {order}", args)]
