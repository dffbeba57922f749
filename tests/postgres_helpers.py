"""A throwaway PostgreSQL cluster for the gradebook tests (grading, JupyterHub).

``initdb`` and ``pg_ctl`` from Debian's ``postgresql`` (installed by ``./run.sh test`` when absent)
under a temporary directory, as an unprivileged user when the tests run as root (PostgreSQL
refuses to run as root), trust authentication on 127.0.0.1 only.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_user(cmd: list[str], user: str | None) -> list[str]:
    return ["runuser", "-u", user, "--", *cmd] if user else cmd


@contextmanager
def cluster():
    """Start a cluster; yield its SQLAlchemy URL (``postgresql+psycopg://grader@127.0.0.1:PORT/postgres``)."""
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


def libpq_url(sqlalchemy_url: str) -> str:
    """The same database as a libpq URL for ``psycopg.connect``."""
    return sqlalchemy_url.replace("postgresql+psycopg", "postgresql", 1)


def database_with_password(url: str, name: str, role: str, password: str) -> str:
    """Create database ``name`` owned by ``role``, reachable only with ``role``'s password (scram):
    a line in front of the cluster's trust rules. Returns the URL without the password."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(libpq_url(url), autocommit=True) as db:
        db.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(password)))
        db.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(name), sql.Identifier(role)))
        hba = Path(db.execute("SHOW hba_file").fetchone()[0])
        hba.write_text(f"host {name} all 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        assert db.execute("SELECT pg_reload_conf()").fetchone()[0]
    host = url.split("@", 1)[1].rsplit("/", 1)[0]
    return f"postgresql+psycopg://{role}@{host}/{name}"
