"""Progress saved outside the kernel: trainees, attempts and transcript steps in SQLite.

The database is ``<data_dir()>/roleplay.sqlite3`` in the settings' data directory. Every choice is saved as a step (its choice id and the transcript entries it
added) in its own short transaction, so an unfinished attempt resumes after a page reload or a
new kernel by replaying the saved choice ids. WAL mode and a busy timeout let a few users write
at once. Each call opens and closes its own connection (safe across threads and processes).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import RoleplayError
from ..core.settings import get_settings

DB_NAME = "roleplay.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS trainees (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
  id INTEGER PRIMARY KEY,
  trainee_id INTEGER NOT NULL REFERENCES trainees(id),
  case_id TEXT NOT NULL,
  script_id TEXT NOT NULL,
  seed INTEGER,
  names TEXT NOT NULL DEFAULT '{}',
  started TEXT NOT NULL,
  finished TEXT,
  ending TEXT,
  ending_type TEXT,
  overall INTEGER,
  scores TEXT
);
CREATE INDEX IF NOT EXISTS attempts_trainee ON attempts(trainee_id, case_id);
CREATE TABLE IF NOT EXISTS steps (
  attempt_id INTEGER NOT NULL REFERENCES attempts(id),
  seq INTEGER NOT NULL,
  node TEXT NOT NULL,
  choice TEXT,
  entries TEXT NOT NULL,
  at TEXT NOT NULL,
  PRIMARY KEY (attempt_id, seq)
);
"""


def data_dir() -> Path:
    """Where saved progress lives: the settings' data directory (created if missing)."""
    return get_settings().ensure_data_dir()


def now_iso() -> str:
    """The time a record is written, to the second (ISO 8601, local time)."""
    return dt.datetime.now().isoformat(timespec="seconds")


@dataclass(frozen=True)
class Attempt:
    id: int
    trainee: str
    case_id: str
    script_id: str
    seed: int | None
    names: dict
    started: str
    finished: str | None
    ending: str | None
    ending_type: str | None
    overall: int | None
    scores: dict | None
    steps: int = 0

    @property
    def done(self) -> bool:
        return self.finished is not None

    def to_json(self) -> dict:
        return dict(self.__dict__)


class StaleAttempt(RoleplayError):
    """Another tab or process saved a step of this attempt first; this step was not saved."""


class Store:
    """The attempt database. ``readonly``: open without writing anything (read-only data folders).

    A database that SQLite reports as corrupt is moved aside (kept as a backup beside it) and a
    new one is started; ``recovered`` then names the backup so the caller can tell the user.
    """

    def __init__(self, path: "str | Path | None" = None, readonly: bool = False):
        self.path = Path(path) if path else (get_settings().data_dir if readonly else data_dir()) / DB_NAME
        self.readonly = readonly
        self.recovered: "Path | None" = None
        if readonly:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._create()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise
            self.recovered = self._move_aside()
            self._create()

    def _create(self) -> None:
        with self._tx() as db:
            for statement in filter(str.strip, SCHEMA.split(";")):
                db.execute(statement)
            if db.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check failed")

    def _move_aside(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(self.path) + suffix)
            if part.exists():
                part.replace(Path(str(backup) + suffix))
        return backup

    @contextmanager
    def _tx(self, immediate: bool = False):
        if self.readonly:
            if not self.path.exists():
                db = sqlite3.connect(":memory:")
                db.executescript(SCHEMA)
            else:
                db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        else:
            db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.row_factory = sqlite3.Row
            if self.readonly:
                yield db
                return
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA busy_timeout=10000")
            db.execute("PRAGMA foreign_keys=ON")
            # IMMEDIATE takes the write lock first: read-then-write transactions serialise
            db.execute("BEGIN IMMEDIATE" if immediate else "BEGIN")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            db.close()

    def transaction(self, immediate: bool = False):
        """One short transaction on this database (for the records layer's own tables)."""
        return self._tx(immediate)

    # trainees -------------------------------------------------------------------------------
    def trainee_id(self, name: str) -> int:
        name = name.strip()
        if not name:
            raise RoleplayError("学员姓名不能为空 (trainee name is empty)", field="trainee")
        with self._tx(immediate=True) as db:
            db.execute("INSERT OR IGNORE INTO trainees(name, created) VALUES (?, ?)", (name, now_iso()))
            return db.execute("SELECT id FROM trainees WHERE name = ?", (name,)).fetchone()[0]

    def trainees(self) -> list[str]:
        with self._tx() as db:
            return [r[0] for r in db.execute("SELECT name FROM trainees ORDER BY name")]

    # attempts -------------------------------------------------------------------------------
    def start_attempt(self, trainee: str, case_id: str, script_id: str, seed: "int | None" = None,
                      names: "dict | None" = None, opening: "list[dict] | None" = None,
                      node: str = "") -> int:
        tid = self.trainee_id(trainee)
        with self._tx() as db:
            cur = db.execute(
                "INSERT INTO attempts(trainee_id, case_id, script_id, seed, names, started) VALUES (?,?,?,?,?,?)",
                (tid, case_id, script_id, seed, json.dumps(names or {}, ensure_ascii=False), now_iso()))
            aid = cur.lastrowid
            db.execute("INSERT INTO steps(attempt_id, seq, node, choice, entries, at) VALUES (?,?,?,?,?,?)",
                       (aid, 0, node, None, json.dumps(opening or [], ensure_ascii=False), now_iso()))
            return aid

    def add_step(self, attempt_id: int, node: str, choice: str, entries: list[dict],
                 expected_seq: "int | None" = None) -> int:
        """Save one step. With ``expected_seq``, refuse (:class:`StaleAttempt`) if another tab saved first."""
        with self._tx(immediate=True) as db:
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM steps WHERE attempt_id = ?",
                             (attempt_id,)).fetchone()[0]
            done = db.execute("SELECT finished FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
            if expected_seq is not None and (seq != expected_seq or (done and done[0])):
                raise StaleAttempt(f"演练 #{attempt_id} 已在另一个窗口中继续（已保存到第 {seq - 1} 步），"
                                   "本次选择未保存；页面已按最新进度刷新，请重新选择。")
            db.execute("INSERT INTO steps(attempt_id, seq, node, choice, entries, at) VALUES (?,?,?,?,?,?)",
                       (attempt_id, seq, node, choice, json.dumps(entries, ensure_ascii=False), now_iso()))
            return seq

    def finish(self, attempt_id: int, ending: str, ending_type: str, overall: "int | None", scores: dict) -> None:
        with self._tx(immediate=True) as db:
            db.execute("UPDATE attempts SET finished = ?, ending = ?, ending_type = ?, overall = ?, scores = ? "
                       "WHERE id = ? AND finished IS NULL", (now_iso(), ending, ending_type, overall,
                                        json.dumps(scores, ensure_ascii=False), attempt_id))

    def _attempt(self, row) -> Attempt:
        return Attempt(row["id"], row["trainee"], row["case_id"], row["script_id"], row["seed"],
                       json.loads(row["names"] or "{}"), row["started"], row["finished"], row["ending"],
                       row["ending_type"], row["overall"], json.loads(row["scores"]) if row["scores"] else None,
                       row["steps"])

    _SELECT = ("SELECT a.*, t.name AS trainee, (SELECT COUNT(*) FROM steps s WHERE s.attempt_id = a.id "
               "AND s.choice IS NOT NULL) AS steps FROM attempts a JOIN trainees t ON t.id = a.trainee_id")

    def attempts(self, trainee: "str | None" = None, case_id: "str | None" = None) -> list[Attempt]:
        where, args = [], []
        if trainee:
            where.append("t.name = ?")
            args.append(trainee.strip())
        if case_id:
            where.append("a.case_id = ?")
            args.append(case_id)
        sql = self._SELECT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY a.id"
        with self._tx() as db:
            return [self._attempt(r) for r in db.execute(sql, args)]

    def attempt(self, attempt_id: int) -> "Attempt | None":
        with self._tx() as db:
            row = db.execute(self._SELECT + " WHERE a.id = ?", (attempt_id,)).fetchone()
        return self._attempt(row) if row else None

    def unfinished(self, trainee: str, case_id: str) -> "Attempt | None":
        """The trainee's latest unfinished attempt at a case, if any."""
        open_ = [a for a in self.attempts(trainee, case_id) if not a.done]
        return open_[-1] if open_ else None

    def abandon(self, attempt_id: int) -> None:
        """Close an attempt without an ending (e.g. the trainee starts over)."""
        with self._tx() as db:
            db.execute("UPDATE attempts SET finished = ?, ending_type = 'abandoned' WHERE id = ? AND finished IS NULL",
                       (now_iso(), attempt_id))

    def backup(self, dest: "str | Path") -> Path:
        """A consistent copy of the whole database (SQLite's online backup), for safe keeping."""
        dest = Path(dest)
        if dest.exists():
            raise RoleplayError(f"{dest} 已存在，不会覆盖 (exists, not overwritten)", field="out")
        dest.parent.mkdir(parents=True, exist_ok=True)
        with self._tx() as src:
            target = sqlite3.connect(dest)
            try:
                src.backup(target)
            finally:
                target.close()
        return dest

    # steps ----------------------------------------------------------------------------------
    def choices(self, attempt_id: int) -> list[str]:
        with self._tx() as db:
            return [r[0] for r in db.execute(
                "SELECT choice FROM steps WHERE attempt_id = ? AND choice IS NOT NULL ORDER BY seq", (attempt_id,))]

    def transcript(self, attempt_id: int) -> list[dict]:
        """Every saved transcript entry, in order (independent of later script edits)."""
        with self._tx() as db:
            rows = db.execute("SELECT entries FROM steps WHERE attempt_id = ? ORDER BY seq", (attempt_id,)).fetchall()
        return [e for r in rows for e in json.loads(r[0])]
