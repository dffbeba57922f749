"""The gradebook in a real PostgreSQL server (nbgrader's ``db_url``), graded by two workers.

A throwaway cluster: ``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` (installed by
``./run.sh test`` when absent) under a temporary directory, as an unprivileged user when the
tests run as root (PostgreSQL refuses to run as root), trust authentication on 127.0.0.1.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

import grading_helpers as helpers

ASSIGNMENT = "a02-ethics"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user(cmd: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


@pytest.fixture(scope="session")
def postgres():
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    assert bins, "PostgreSQL is not installed: ./run.sh test installs Debian's postgresql"
    bindir = Path(bins[-1])
    user = "nobody" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="tiaojie-pg-"))   # pytest's tmp dirs are private to root
    data = root / "data"
    if user:
        os.chmod(root, 0o755)
        data.mkdir()
        shutil.chown(data, user)
    port = _free_port()
    subprocess.run(_as_user([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "grader",
                             "-E", "UTF8", "--locale=C"], user), check=True, capture_output=True)
    log = root / "server.log"
    if user:
        log.touch()
        shutil.chown(log, user)
    subprocess.run(_as_user([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o",
                             f"-h 127.0.0.1 -p {port} -k {data}", "start"], user), check=True, capture_output=True)
    try:
        yield f"postgresql+psycopg://grader@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_user([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], user),
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_grading_with_a_postgresql_gradebook(postgres, tmp_path, settings_in_force):
    import psycopg
    from tiaojie.grading.build import build
    from tiaojie.grading.collect import collect
    from tiaojie.grading.grade import grade, sandbox_config
    from tiaojie.grading.paths import Course

    course = Course(tmp_path / "course", postgres)
    assert build(course, [ASSIGNMENT]) == [ASSIGNMENT]
    inbox = tmp_path / "inbox"
    right = helpers.solutions(course, ASSIGNMENT, "p-right")
    for trainee, answers in (("p-right", right), ("p-wrong", helpers.wrong(right)), ("p-also", right)):
        helpers.write(inbox, trainee, ASSIGNMENT, helpers.filled(course, ASSIGNMENT, trainee, answers))
    collect(inbox, course, ASSIGNMENT)
    result = grade(ASSIGNMENT, course, workers=2, progress=False, cfg=sandbox_config())
    s = result["students"]
    assert (s["p-right"]["auto_score"], s["p-also"]["auto_score"], s["p-wrong"]["auto_score"]) == (11.0, 11.0, 0.0)
    assert not course.gradebook_path.exists()   # nothing went to SQLite
    with psycopg.connect(postgres.replace("postgresql+psycopg", "postgresql")) as db:
        rows = db.execute("SELECT s.student_id, sum(g.auto_score) FROM grade g "
                          "JOIN submitted_notebook n ON g.notebook_id = n.id "
                          "JOIN submitted_assignment s ON n.assignment_id = s.id GROUP BY s.student_id").fetchall()
    assert dict(rows) == {"p-right": 11.0, "p-also": 11.0, "p-wrong": 0.0}
    assert "db_url = 'postgresql+psycopg://" in (course.root / "nbgrader_config.py").read_text()
