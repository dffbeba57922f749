"""The attempt store keeps every step: two tabs, many processes, a corrupt file, a read-only view."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3

import pytest

from tiaojie.casebank.api import get
from tiaojie.roleplay.practice import Practice
from tiaojie.roleplay.script import load_script
from tiaojie.casebank.loader import script_path
from tiaojie.roleplay.store import StaleAttempt, Store


@pytest.fixture
def bnk001():
    case = get("bnk-001")
    return load_script(script_path(case.roleplay)), case


def test_two_tabs_never_lose_a_step(tmp_path, bnk001):
    script, case = bnk001
    store = Store(tmp_path / "a.sqlite3")
    tab1 = Practice.begin(script, case, store, "学员甲")
    tab2 = Practice.resume(script, case, store, store.attempt(tab1.attempt_id))
    first = tab1.choices()[0].id
    tab1.choose(first)
    other = tab2.choices()[-1].id
    with pytest.raises(StaleAttempt) as err:
        tab2.choose(other)           # the tab that lost is told, in Chinese
    assert "另一个窗口" in str(err.value)
    assert store.choices(tab1.attempt_id) == [first]
    assert tab2.state.node == tab1.state.node        # reconciled to what tab 1 saved
    tab2.choose(tab2.choices()[0].id)                # and it plays on from there
    assert len(store.choices(tab1.attempt_id)) == 2
    assert store.attempt(tab1.attempt_id).done is False


def _writer(path: str, attempt_id: int, n: int, out) -> None:
    store = Store(path)
    saved = 0
    while saved < n:
        seq = len(store.choices(attempt_id)) + 1
        try:
            store.add_step(attempt_id, "n", f"c{seq}", [], expected_seq=seq)
            saved += 1
        except StaleAttempt:
            continue
    out.put(saved)


def test_concurrent_processes_serialise(tmp_path):
    path = str(tmp_path / "b.sqlite3")
    store = Store(path)
    aid = store.start_attempt("学员乙", "bnk-001", "bnk-001")
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_writer, args=(path, aid, 25, out)) for _ in range(4)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert sum(out.get(timeout=5) for _ in procs) == 100
    with sqlite3.connect(path) as db:
        seqs = [r[0] for r in db.execute("SELECT seq FROM steps WHERE attempt_id=? ORDER BY seq", (aid,))]
    assert seqs == list(range(101))      # the opening step 0, then 1..100 with no gap or loss


def test_corrupt_database_is_moved_aside_and_reported(tmp_path):
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store = Store(path)
    assert store.recovered is not None and store.recovered.exists()
    assert store.recovered.read_bytes().startswith(b"this is not a database")
    assert store.attempts() == []
    store.start_attempt("学员丙", "bnk-001", "bnk-001")
    assert len(Store(path).attempts()) == 1


def test_readonly_view_writes_nothing(tmp_path):
    missing = tmp_path / "none" / "d.sqlite3"
    assert Store(missing, readonly=True).attempts() == []
    assert not missing.parent.exists()
    path = tmp_path / "e.sqlite3"
    Store(path).start_attempt("学员丁", "bnk-001", "bnk-001")
    before = sorted(p.name for p in tmp_path.iterdir())
    view = Store(path, readonly=True)
    assert [a.trainee for a in view.attempts()] == ["学员丁"]
    with pytest.raises(sqlite3.OperationalError):
        view.trainee_id("学员戊")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_backup_never_overwrites(tmp_path):
    store = Store(tmp_path / "f.sqlite3")
    store.start_attempt("学员己", "bnk-001", "bnk-001")
    copy = store.backup(tmp_path / "copy.sqlite3")
    assert [a.trainee for a in Store(copy, readonly=True).attempts()] == ["学员己"]
    with pytest.raises(Exception, match="不会覆盖"):
        store.backup(copy)


def test_data_directory_that_is_a_file(tiaojie, tmp_path, monkeypatch):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("TIAOJIE_DATA", str(blocker))
    r = tiaojie("roleplay", "transcripts")          # read-only: works, nothing to show
    assert r.code == 0 and "Traceback" not in r.err
    r = tiaojie("roleplay", "play", "bnk-001", "--no-save")
    assert "Traceback" not in r.err
    r = tiaojie("roleplay", "play", "bnk-001")         # needs to write: refused, naming the setting
    assert r.code == 2 and "data_dir" in r.err
    assert blocker.read_text(encoding="utf-8") == "not a folder"
