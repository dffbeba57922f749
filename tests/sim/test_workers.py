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


def test_workers_fork_only_from_a_single_threaded_caller():
    """Forking a process that runs other threads can deadlock the child (a lock held by another
    thread is copied held): with a second thread alive the workers come from the forkserver."""
    import threading

    from tiaojie.sim.workers import _context, fork_safe

    import subprocess
    import sys

    fresh = subprocess.run([sys.executable, "-c", "from tiaojie.sim.workers import fork_safe, _context; "
                            "print(fork_safe(), _context().get_start_method())"],
                           capture_output=True, text=True, check=True)
    assert fresh.stdout.split() == ["True", "fork"]          # a command line: one thread
    stop = threading.Event()
    t = threading.Thread(target=stop.wait)
    t.start()
    try:
        assert not fork_safe()
        assert _context().get_start_method() == "forkserver"
        ws = WorkerSet(1)
        try:
            assert ws.map(_pid, [0], [0], lambda: None)[0] != os.getpid()
        finally:
            ws.close()
    finally:
        stop.set()
        t.join()
