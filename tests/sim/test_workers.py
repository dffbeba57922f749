"""Worker processes with replication affinity (tiaojie.sim.workers)."""

import os

import pytest

from tiaojie.core.errors import TiaojieError
from tiaojie.sim.workers import WorkerSet


def _pid(job):
    return os.getpid()


def _fail(job):
    if job == "user":
        raise TiaojieError("字段 x：不对")
    raise ValueError("boom")


def test_same_key_same_worker_and_order_kept():
    ws = WorkerSet(2)
    try:
        done = []
        pids = ws.map(_pid, list(range(6)), [0, 1, 0, 1, 0, 1], lambda: done.append(1))
        assert len(done) == 6 and len(set(pids)) == 2
        assert pids[0] == pids[2] == pids[4] and pids[1] == pids[3] == pids[5]
        again = ws.map(_pid, [0, 1], [2, 3], lambda: None)        # r mod n: the same workers again
        assert again == [pids[0], pids[1]]
    finally:
        ws.close()


def test_errors_come_back_as_errors():
    ws = WorkerSet(2)
    try:
        with pytest.raises(TiaojieError, match="字段 x"):
            ws.map(_fail, ["user"], [0], lambda: None)
        with pytest.raises(RuntimeError, match="ValueError: boom"):
            ws.map(_fail, ["bug"], [1], lambda: None)
    finally:
        ws.close()
    assert not any(p.is_alive() for p in ws.procs)
