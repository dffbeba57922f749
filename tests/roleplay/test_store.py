"""The store: progress survives a new Store object (a new kernel), transcripts are readable."""

from __future__ import annotations

import threading

import pytest

from tiaojie.roleplay.practice import Practice
from tiaojie.roleplay.script import Script
from tiaojie.roleplay.store import Store, data_dir


@pytest.fixture
def script(tiny):
    return Script.model_validate(tiny)


def test_data_dir_follows_env(tmp_path, monkeypatch):
    monkeypatch.setenv("TIAOJIE_DATA", str(tmp_path / "d"))
    assert data_dir() == tmp_path / "d" and data_dir().is_dir()
    assert Store().path == tmp_path / "d" / "roleplay.sqlite3"


def test_resume_after_new_store_object(tmp_path, script, case):
    db = tmp_path / "rp.sqlite3"
    p = Practice.begin(script, case, Store(db), "陈某", seed=None)
    p.choose("good")
    p.choose("bad")
    # a reload: a new kernel, a new Store object, nothing shared in memory
    store2 = Store(db)
    attempt = store2.unfinished("陈某", "bnk-001")
    assert attempt is not None and attempt.id == p.attempt_id and attempt.steps == 2
    resumed = Practice.resume(script, case, store2, attempt)
    assert resumed.state == p.state and resumed.state.transcript == p.state.transcript
    for cid in ["good"] * 6:
        resumed.choose(cid)
    done = Store(db).attempt(p.attempt_id)
    assert done.done and done.ending_type in ("settlement", "impasse") and 0 <= done.overall <= 100
    assert Store(db).unfinished("陈某", "bnk-001") is None


def test_transcript_is_saved_as_played(tmp_path, script, case):
    store = Store(tmp_path / "rp.sqlite3")
    p = Practice.begin(script, case, store, "陈某")
    for _ in range(4):
        p.choose("bad")
    assert p.over
    saved = store.transcript(p.attempt_id)
    assert saved == [e.to_json() for e in p.state.transcript]
    assert store.choices(p.attempt_id) == ["bad"] * 4
    a = store.attempt(p.attempt_id)
    assert a.ending == "complain" and a.scores == {"listening": 0}


def test_variant_attempt_keeps_its_names(tmp_path, script, case):
    store = Store(tmp_path / "rp.sqlite3")
    p = Practice.begin(script, case, store, "陈某", seed=7)
    assert p.play.names["consumer"] != "刘某琴" and "某" in p.play.names["consumer"]
    p.choose("good")
    resumed = Practice.resume(script, case, Store(store.path), store.unfinished("陈某", "bnk-001"))
    assert resumed.play.names["consumer"] == p.play.names["consumer"]
    assert p.play.names["consumer"] in resumed.state.transcript[1].text


def test_filters_and_abandon(tmp_path, script, case):
    store = Store(tmp_path / "rp.sqlite3")
    a = Practice.begin(script, case, store, "甲某").attempt_id
    Practice.begin(script, case, store, "乙某")
    assert [x.trainee for x in store.attempts()] == ["甲某", "乙某"]
    assert [x.id for x in store.attempts(trainee="甲某")] == [a]
    assert store.attempts(case_id="ins-001") == []
    store.abandon(a)
    assert store.unfinished("甲某", "bnk-001") is None
    assert store.trainees() == ["乙某", "甲某"] or set(store.trainees()) == {"甲某", "乙某"}


def test_concurrent_writers(tmp_path, script, case):
    db = tmp_path / "rp.sqlite3"
    Store(db)
    errors = []

    def play(name):
        try:
            p = Practice.begin(script, case, Store(db), name)
            for _ in range(8):
                if p.over:
                    break
                p.choose("good")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=play, args=(f"学员{i}某",)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    attempts = Store(db).attempts()
    assert len(attempts) == 4 and all(a.done and a.steps == 8 for a in attempts)
